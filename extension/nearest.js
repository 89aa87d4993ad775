// Which of the other versions' nearest wordings a card of a unique finding
// shows. The engine gives, for each version whose sentence it linked to this
// one, that sentence; a linked sentence that shares no content word with this
// one ("You can't replace that." beside "She then replaced board members with
// her cronies.") tells the reader nothing about where the news went, so it is
// left out, and the card's lead says of how many versions it shows one.
// Node-testable (no browser API).

// Function words: they glue a sentence together but say little about what it
// is about. The engine's list (src/text.rs, is_stopword), which the alignment
// also discounts.
const STOPWORDS = new Set(`a about above after again against all also am an and any are as at be because been before
being below between both but by can cent could did do does doing dollar dollars down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself just me more most mr
mrs ms my myself no nor not now of off on once only or other our ours ourselves out over own pct per percent said same
say says she should so some such than that the their theirs them themselves then there these they this those through
to too under until up upon very was we were what when where which while who whom why will with would you your yours`
  .split(/\s+/));

/**
 * A crude stem, enough to meet "replaced" with "replace", "gunning" with
 * "gun", "ministers" with "minister": the same word, not merely a similar one.
 */
export function stem(word) {
  let base = word.toLowerCase().replace(/['’]s$/u, '');
  if (base.length > 4) base = base.replace(/ies$/u, 'y').replace(/(ing|ed|es|s)$/u, '');
  if (base.length > 3) base = base.replace(/e$/u, '');
  // "gunn" (from "gunning") is "gun".
  return base.replace(/([^aeiou\d])\1$/u, '$1');
}

/** The stems of a text's content words: letters or digits, not a function word. */
export function contentWords(text) {
  const words = String(text ?? '').match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
  return new Set(words.filter((word) => !STOPWORDS.has(word.toLowerCase().replace(/['’]s$/u, ''))).map(stem));
}

/** Whether two texts share at least one content word. */
export function related(a, b) {
  const ours = contentWords(a);
  for (const word of contentWords(b)) if (ours.has(word)) return true;
  return false;
}

/**
 * The wordings (each `{text}`) that are related to `sentence`, in their
 * order; those without text are left out too (an outlet line with nothing
 * under it says nothing).
 */
export function relatedWordings(sentence, wordings) {
  return (wordings ?? []).filter((wording) => String(wording?.text ?? '').trim() && related(sentence, wording.text));
}
