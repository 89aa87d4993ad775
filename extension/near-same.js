// Whether two texts of one URL differ too little to be kept as two revisions:
// a page that reloads itself, a clock or a view counter in the text. Words are
// compared as multisets; texts whose differing words are at most 2% of the
// longer one's words (and at most a few hundred) count as the same.
// Plain functions, no browser API.

const SHARE = 0.02;
const MAX_DIFFERENT = 200;

function wordCounts(text) {
  const counts = new Map();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** The number of words in one text and not the other (multiset symmetric difference), and the longer text's word count. */
export function wordDifference(a, b) {
  const left = wordCounts(a);
  const right = wordCounts(b);
  let different = 0;
  let leftTotal = 0;
  let rightTotal = 0;
  for (const [word, count] of left) {
    leftTotal += count;
    different += Math.abs(count - (right.get(word) ?? 0));
  }
  for (const [word, count] of right) {
    rightTotal += count;
    if (!left.has(word)) different += count;
  }
  return { different, words: Math.max(leftTotal, rightTotal) };
}

export function nearlySame(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  if (a === b) return true;
  const { different, words } = wordDifference(a, b);
  return words > 0 && different <= Math.min(MAX_DIFFERENT, Math.max(1, Math.floor(words * SHARE)));
}
