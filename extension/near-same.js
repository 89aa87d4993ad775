// Whether two texts of one URL differ too little to be kept as two revisions
// when the second comes soon after the first: a page that reloads itself with
// a clock or a counter in its text. Words are compared as multisets; at most
// a couple of words changed (added, dropped or replaced) counts as the same.
// The caller adds the time: a small change made later (a corrected figure) is
// a revision. Plain functions, no browser API.

const MAX_CHANGED = 2;

function wordCounts(text) {
  const counts = new Map();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Words only in `a`, words only in `b` (as multisets), and the longer text's word count. */
export function wordDifference(a, b) {
  const left = wordCounts(a);
  const right = wordCounts(b);
  let onlyLeft = 0;
  let onlyRight = 0;
  let leftTotal = 0;
  let rightTotal = 0;
  for (const [word, count] of left) {
    leftTotal += count;
    const other = right.get(word) ?? 0;
    if (count > other) onlyLeft += count - other;
  }
  for (const [word, count] of right) {
    rightTotal += count;
    const other = left.get(word) ?? 0;
    if (count > other) onlyRight += count - other;
  }
  return { onlyLeft, onlyRight, words: Math.max(leftTotal, rightTotal) };
}

/**
 * Whether `b` is `a` filled in: every word of `a` still there (as nearlySame
 * counts, a couple may change) and more than a couple of words added. The
 * caller adds the time: a paragraph added to a page later is a revision.
 */
export function filledIn(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const { onlyLeft, onlyRight } = wordDifference(a, b);
  return onlyLeft <= MAX_CHANGED && onlyRight > MAX_CHANGED;
}

export function nearlySame(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  if (a === b) return true;
  const { onlyLeft, onlyRight, words } = wordDifference(a, b);
  // A replaced word is one change, not two.
  return words > MAX_CHANGED * 10 && Math.max(onlyLeft, onlyRight) <= MAX_CHANGED;
}
