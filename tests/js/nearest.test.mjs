// nearest.js: a unique finding's card shows only the other versions' nearest
// wordings that share a content word with its sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentWords, related, relatedWordings, stem } from '../../extension/nearest.js';

test('content words: function words out, the same word met in its other forms', () => {
  assert.deepEqual([...contentWords('He said that it would be the end of it.')], ['end']);
  assert.equal(stem('replaced'), stem('replace'));
  assert.equal(stem('gunning'), stem('gun'));
  assert.equal(stem('ministers'), stem('minister'));
  assert.equal(stem('Russia’s'), stem('Russia'));
  assert.notEqual(stem('pier'), stem('pie'));
});

test('a wording sharing no content word with the sentence is unrelated; one word in common is enough', () => {
  const sentence = 'Mayor Ingrid Solberg thanked the volunteers who cleaned the old pier on Saturday.';
  assert.equal(related(sentence, 'Bluewater Lines said it would hire four more crew members.'), false, 'only "said" and "would" in common');
  assert.equal(related(sentence, 'The old pier at the harbour will be repainted.'), true);
  assert.equal(related(sentence, 'On Saturday, it was.'), true);
  assert.equal(related('She then replaced board members with her cronies.', 'You can\'t replace that.'), true, 'the same verb');
  assert.equal(related('Lopez’s sentence date is May 7.', 'He faces life when sentenced May 7.'), true, 'a date in common');
});

test('the card keeps the related wordings in their order, none without words', () => {
  const sentence = 'Russia’s foreign minister will visit North Korea this week, Benjamin Caldwell the Foreign Ministry said Monday.';
  const wordings = [
    { version: 'a', text: 'Russian Foreign Minister Sergey Lavrov is visiting North Korea.' },
    { version: 'b', text: 'It was, they said, what they had.' },
    { version: 'c', text: '   ' },
    { version: 'd', text: 'Lavrov met the ministry’s staff in Pyongyang.' },
  ];
  assert.deepEqual(relatedWordings(sentence, wordings).map((w) => w.version), ['a', 'd']);
  assert.deepEqual(relatedWordings(sentence, undefined), []);
});
