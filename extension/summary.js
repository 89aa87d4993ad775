// What matters first, in one vocabulary: the kinds' names and colours, the
// findings ordered by the report's `weight`, the few that count on the badge
// and lead the panel, and the one-line summary. Used by the panel, the
// first-run page and the background's badge; Node-testable (no browser API).
//
// In: a report's `findings` (each with `kind` and `weight` 0..1 from the core,
// src/report/weight.rs) and the outlets' names. Out: plain data and strings.

/**
 * The five kinds, in the order a reader wants them. `label` is the one name
 * used everywhere (panel, card titles, legend, first-run page, badge tooltip,
 * README); content.js repeats the labels (it cannot import) and a unit test
 * keeps the two the same.
 */
export const KINDS = Object.freeze([
  { kind: 'missing', label: 'Missing here', colour: 'red', hint: 'Other versions say this; this article does not, not even in other words. A red marker shows where it would fit.' },
  { kind: 'differs', label: 'Stated differently', colour: 'orange', hint: 'The same fact with another number, date, name or quote elsewhere.' },
  { kind: 'unique', label: 'Only in this article', colour: 'blue', hint: 'No other version says this.' },
  { kind: 'metadata', label: 'Title, date or byline differ', colour: 'teal', hint: 'The versions disagree on these details of the article itself.' },
  { kind: 'variant', label: 'Worded differently', colour: 'grey', hint: 'The same fact written another way (Sergey / Sergei): shown, never a conflict.' },
]);

export const LABEL = Object.freeze(Object.fromEntries(KINDS.map(({ kind, label }) => [kind, label])));

/**
 * A finding counts on the badge and may lead the panel when it weighs at least
 * this much: a conflict over a fact, a statement several versions carry, or one
 * holding a number, a date, a name or a quote (the core's weight adds those up;
 * a lone clause from one version stays below).
 */
export const IMPORTANT_WEIGHT = 0.5;
/** How many findings the panel's first screen lists before the rest, folded by kind. */
export const TOP_COUNT = 5;

/**
 * Whether a missing finding is a part of a sentence (a clause, a name) rather
 * than a whole one, which the reader should know: the panel and the cards on
 * the page label it so. Its text does not end as a sentence does.
 */
export function isFragment(finding) {
  return finding?.kind === 'missing' && !/[.!?…"”’)]$/.test(String(finding.there ?? '').trim());
}

const weightOf = (finding) => (Number.isFinite(finding?.weight) ? finding.weight : 0);

/** [{finding, index}] heaviest first; ties keep the report's order. */
export function ranked(findings) {
  return (findings ?? [])
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => weightOf(b.finding) - weightOf(a.finding) || a.index - b.index);
}

/** The findings that matter: never a variant (it is no conflict), at least IMPORTANT_WEIGHT. */
export function important(findings) {
  return ranked(findings).filter(({ finding }) => finding.kind !== 'variant' && weightOf(finding) >= IMPORTANT_WEIGHT);
}

/** What the badge says: how many findings matter ('' for none). */
export function badgeText(findings) {
  const count = important(findings).length;
  return count ? String(count) : '';
}

/** The panel's first findings: the heaviest that matter, or the heaviest there are when none do. */
export function topFindings(findings) {
  const chosen = important(findings);
  const pool = chosen.length ? chosen : ranked(findings).filter(({ finding }) => finding.kind !== 'variant');
  return pool.slice(0, TOP_COUNT);
}

const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** "Wire A, The Daily B and 2 more" */
function listNames(names, shown = 3) {
  const unique = [...new Set(names.filter(Boolean))];
  // "and 1 more" says less than the name itself.
  if (unique.length <= shown + 1) return unique.length > 1 ? `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}` : unique.join('');
  return `${unique.slice(0, shown).join(', ')} and ${unique.length - shown} more`;
}

/**
 * The one-line summary: how many other versions (by outlet), then how many
 * findings that matter of each kind, under the kinds' own names (the same
 * five everywhere: legend, cards, first-run page, README), e.g. "4 other
 * versions (Wire A, The Daily B and 2 more) · Missing here: 20 · Stated
 * differently: 1 · and 5 minor". The toolbar button's tooltip is this line.
 */
export function summaryLine(findings, outletNames) {
  const others = outletNames.length;
  if (!others) return 'No other versions of this story yet.';
  const head = `${plural(others, 'other version')} (${listNames(outletNames)})`;
  const counts = new Map();
  for (const { finding } of important(findings)) counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
  const parts = KINDS.filter(({ kind }) => counts.has(kind)).map(({ kind, label }) => `${label}: ${counts.get(kind)}`);
  const rest = (findings ?? []).filter((finding) => finding.kind !== 'variant').length - important(findings).length;
  if (!parts.length) {
    return rest ? `${head} · nothing important differs (${plural(rest, 'minor finding')} below)` : `${head} · they tell this story the same way`;
  }
  return [head, ...parts, ...(rest ? [`and ${rest} minor`] : [])].join(' · ');
}
