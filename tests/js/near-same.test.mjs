// Which second reads of one URL are no new revision (extension/near-same.js).
// Run: node --test tests/js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filledIn, nearlySame } from '../../extension/near-same.js';

const ARTICLE = 'The council voted on Tuesday to keep the late ferries running through the winter. '
  + 'The vote was seven to two, after a debate of three hours in the harbour hall.';
const REST = ' Ferry users had collected four thousand signatures. The operator said it would add a boat in March.';

test('a page filled in: every word of the first read is still there, and more', () => {
  assert.equal(filledIn(ARTICLE, ARTICLE + REST), true);
  assert.equal(filledIn(ARTICLE.replace('Tuesday', 'Wednesday'), ARTICLE + REST), true, 'a word or two may change, as nearlySame allows');
});

test('no fill: the same text, a couple of words more, or words taken away', () => {
  assert.equal(filledIn(ARTICLE, ARTICLE), false);
  assert.equal(filledIn(ARTICLE, `${ARTICLE} More soon.`), false, 'two words more are nearly the same, not a fill');
  assert.equal(filledIn(ARTICLE + REST, ARTICLE), false, 'a text that lost its end is a revision');
  assert.equal(filledIn(ARTICLE, ARTICLE.replace('seven to two', 'eight to one').replace('three hours', 'four hours') + REST), false,
    'figures changed as well as text added: a revision');
  assert.equal(filledIn(null, ARTICLE), false);
});

test('nearly the same: a couple of words', () => {
  assert.equal(nearlySame(ARTICLE, ARTICLE.replace('Tuesday', 'Wednesday')), true);
  assert.equal(nearlySame(ARTICLE, ARTICLE + REST), false);
});
