// summary.js: the order by weight, what counts on the badge, the summary line,
// and one vocabulary in the panel and the content script's cards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { File } from 'node:buffer';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { badgeText, important, IMPORTANT_WEIGHT, isFragment, KINDS, LABEL, ranked, summaryLine, TOP_COUNT, topFindings } from '../../extension/summary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const finding = (kind, weight) => ({ kind, weight });

test('findings are ranked heaviest first, ties in the report order', () => {
  const findings = [finding('missing', 0.3), finding('differs', 0.75), finding('missing', 0.6), finding('unique', 0.6)];
  assert.deepEqual(ranked(findings).map(({ index }) => index), [1, 2, 3, 0]);
});

test('the badge counts what matters: never variants, nothing under the weight bound', () => {
  const findings = [
    finding('variant', 0.9), finding('missing', IMPORTANT_WEIGHT - 0.01), finding('missing', IMPORTANT_WEIGHT),
    finding('differs', 0.75), finding('metadata', 0.28),
  ];
  assert.deepEqual(important(findings).map(({ index }) => index), [3, 2]);
  assert.equal(badgeText(findings), '2');
  assert.equal(badgeText([finding('variant', 1), finding('missing', 0.1)]), '');
  assert.equal(badgeText(undefined), '');
});

test('the first screen lists at most TOP_COUNT, or the heaviest non-variants when none matter', () => {
  const many = Array.from({ length: 12 }, (_, n) => finding('missing', 0.5 + n / 100));
  assert.equal(topFindings(many).length, TOP_COUNT);
  assert.equal(topFindings(many)[0].index, 11);
  const light = [finding('variant', 0.1), finding('unique', 0.3), finding('missing', 0.42)];
  assert.deepEqual(topFindings(light).map(({ index }) => index), [2, 1]);
});

test('the summary line names the outlets and what this article does', () => {
  const findings = [finding('missing', 0.7), finding('missing', 0.6), finding('differs', 0.75), finding('missing', 0.3), finding('variant', 0.1)];
  const line = summaryLine(findings, ['Wire A', 'The Daily B', 'Courier C', 'Digest D']);
  // The kinds by their one name each, in the legend's order, counting what matters.
  assert.equal(line, '4 other versions (Wire A, The Daily B, Courier C and Digest D) · Missing here: 2 · Stated differently: 1 · and 1 minor');
  assert.match(summaryLine([], ['A', 'B', 'C', 'D', 'E']), /^5 other versions \(A, B, C and 2 more\)/);
  assert.equal(summaryLine([finding('metadata', 0.6), finding('unique', 0.9)], ['Wire A']),
    '1 other version (Wire A) · Only in this article: 1 · Title, date or byline differ: 1');
  assert.match(summaryLine([finding('missing', 0.1)], ['Wire A']), /· nothing important differs \(1 minor finding below\)$/);
  assert.equal(summaryLine([], []), 'No other versions of this story yet.');
  assert.match(summaryLine([], ['Wire A']), /1 other version \(Wire A\) · they tell this story the same way/);
});

test('five kinds, one label each, and the content script uses the same labels', () => {
  assert.deepEqual(KINDS.map(({ kind }) => kind).sort(), ['differs', 'metadata', 'missing', 'unique', 'variant']);
  const source = readFileSync(path.join(root, 'extension/content.js'), 'utf8');
  const block = source.match(/const KIND_LABEL = \{([\s\S]*?)\};/);
  assert.ok(block, 'content.js has no KIND_LABEL');
  const labels = Object.fromEntries([...block[1].matchAll(/(\w+): '([^']*)'/g)].map((m) => [m[1], m[2]]));
  assert.deepEqual(labels, LABEL, 'the cards (content.js) and the panel (summary.js) name the kinds differently');
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const { label, colour } of KINDS) assert.ok(readme.includes(`${label}** (${colour})`), `README.md does not list "${label}** (${colour})"`);
  // The README's list: the same five, in the legend's order, each with its kind.
  const listed = [...readme.matchAll(/^- \*\*(.+?)\*\* \((\w+)\), `(\w+)`/gm)].map(([, label, colour, kind]) => ({ kind, label, colour }));
  assert.deepEqual(listed, KINDS.map(({ kind, label, colour }) => ({ kind, label, colour })), 'README.md lists the kinds otherwise than the legend');
});

test('importing a file that is not JSON says so in words, not the parser\'s', async () => {
  const { readJsonFile } = await import('../../extension/store-file.js');
  await assert.rejects(readJsonFile(new File(['<html>not json'], 'page.html')), /"page\.html" is not a storydiff export: it is not a JSON file/);
  assert.deepEqual(await readJsonFile(new File(['{"a": 1}'], 'store.json')), { a: 1 });
});

test('a missing part of a sentence is told from a whole sentence (panel and cards alike)', () => {
  const missing = (there) => ({ kind: 'missing', there });
  assert.equal(isFragment(missing('Najin, North Korea, and Dunay, Russia')), true);
  assert.equal(isFragment(missing('Peskov said the allegations were not based on evidence.')), false);
  assert.equal(isFragment(missing('“We are fully aware,” he said.  ')), false);
  assert.equal(isFragment(missing('He asked: “why now?”')), false);
  assert.equal(isFragment({ kind: 'unique', there: 'a name' }), false, 'only missing findings are labelled');
  assert.equal(isFragment(undefined), false);
});
