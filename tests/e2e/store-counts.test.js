// The term counts the store keeps (extension/store.js, schema 3 and on) follow every
// write of an entry's postings: a version added, a revision replacing the
// latest, a deletion promoting the one before, an eviction, an import (two
// revisions of a key in one batch, a version moving to another key, one
// still without a profile), profiles made later, a clear. Run on the store
// module itself, in an extension page of Chromium with dist/chrome; after
// every step the counts kept must equal what the entries' postings say.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openExtensionPage } from './lib/browsers.js';
import { ask } from './lib/extension.js';
import { termCountsOf } from './lib/store-check.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Made-up posting keys, far from what a hash of a real word would likely give,
// in two of the store's buckets of counts (key % 1024), so that they share them.
const T = Array.from({ length: 13 }, (_, i) => 4_000_000_000 + i * 512);

let session;
let page;

before(async () => {
  session = await launchWithExtension('chromium', path.join(root, 'dist/chrome'));
  page = await openExtensionPage(session, 'options.html');
  // The background has opened (made) the store; the page gets the module and helpers.
  await ask(page, 'store:usage');
  await page.evaluate(async () => {
    const store = await import(new URL('store.js', location.href).href);
    let second = 0;
    const version = (id, key, revision) => ({
      id, url: key, key, site: 'test', title: id, byline: null, published: null,
      captured: new Date(Date.UTC(2026, 0, 1, 0, 0, second++)).toISOString(),
      text: `Text of ${id}.`, hash: id, revision, manual: false,
    });
    const made = (postings) => ({ format: 'test', profile: null, postings });
    const entry = (v, postings) => store.withProfile(store.entryOf(v), made(postings));
    globalThis.t = { store, version, made, entry };
  });
});

after(async () => {
  await session?.close();
});

/** Runs `step` (a function of the helpers, in the page), then returns the counts of T kept and checks the invariant. */
async function run(step, ...args) {
  const result = await page.evaluate(step, ...args);
  const counts = await termCountsOf(page);
  assert.equal(counts.schema, 4);
  assert.deepEqual(counts.misplaced, [], 'terms kept out of place');
  assert.deepEqual(counts.kept, counts.expected, 'the term counts kept differ from the postings');
  const of = await page.evaluate((terms) => globalThis.t.store.termCounts(terms), T);
  return { result, of: Object.fromEntries(T.map((term, i) => [i, of[i]]).filter(([, n]) => n)) };
}

test('store-counts: each write keeps the term counts equal to the postings', async () => {
  // Added: a (key A) and b (key B).
  let now = await run(async (T) => {
    const { store, version, entry } = globalThis.t;
    await store.putCaptured(version('a', 'A', 1), entry(version('a', 'A', 1), [T[1], T[2], T[3]]));
    await store.putCaptured(version('b', 'B', 1), entry(version('b', 'B', 1), [T[2], T[3], T[4]]));
  }, T);
  assert.deepEqual(now.of, { 1: 1, 2: 2, 3: 2, 4: 1 }, 'after adding');

  // A revision of A replaces a as the latest: a's terms leave the index.
  now = await run(async (T) => {
    const { store, version, entry } = globalThis.t;
    await store.putCaptured(version('a2', 'A', 2), entry(version('a2', 'A', 2), [T[3], T[5]]));
  }, T);
  assert.deepEqual(now.of, { 2: 1, 3: 2, 4: 1, 5: 1 }, 'after a revision replaced the latest');

  // An older revision's profile made again: it stays out of the index.
  now = await run(async (T) => globalThis.t.store.putProfile('a', globalThis.t.made([T[1], T[6]])), T);
  assert.equal(now.result, true);
  assert.deepEqual(now.of, { 2: 1, 3: 2, 4: 1, 5: 1 }, 'after an older revision\'s profile was saved');

  // The latest deleted: a is indexed again, with its new terms.
  now = await run(() => globalThis.t.store.deleteVersion('a2'));
  assert.deepEqual(now.of, { 1: 1, 2: 1, 3: 1, 4: 1, 6: 1 }, 'after deleting the latest revision');

  // c added past a bound of 2: a, seen longest ago, is evicted (its key has no other revision left).
  now = await run(async (T) => {
    const { store, version, entry } = globalThis.t;
    return store.putCaptured(version('c', 'C', 1), entry(version('c', 'C', 1), [T[4], T[7]]), 2);
  }, T);
  assert.deepEqual(now.result, ['a']);
  assert.deepEqual(now.of, { 2: 1, 3: 1, 4: 2, 7: 1 }, 'after an eviction');

  // c filled in (its page read again as its scripts added text): the same id,
  // a longer text, other terms; counted once, its size the new one.
  now = await run(async (T) => {
    const { store, version, entry } = globalThis.t;
    const before = await store.usage();
    const whole = { ...version('c', 'C', 1), text: `${'Text of c, filled in. '.repeat(20)}` };
    await store.putCaptured(whole, entry(whole, [T[4], T[7], T[8]]), 2);
    return { before, after: await store.usage(), bytes: (await store.getEntry('c')).bytes };
  }, T);
  assert.equal(now.result.after.versions, now.result.before.versions, 'a version filled in is not counted twice');
  assert.equal(now.result.after.bytes - now.result.before.bytes, now.result.bytes - 'Text of c.'.length * 2, 'its size counts once, the new one');
  assert.deepEqual(now.of, { 2: 1, 3: 1, 4: 2, 7: 1, 8: 1 }, 'after a version was filled in');

  // An import batch: two revisions of D, b again under key E, x without a profile (queued).
  now = await run(async (T) => {
    const { store, version, made } = globalThis.t;
    const versions = [version('d1', 'D', 1), version('d2', 'D', 2), version('b', 'E', 1), version('x', 'X', 1)];
    await store.putMany(versions, [], new Map([['d1', made([T[8]])], ['d2', made([T[9]])], ['b', made([T[10]])]]));
    return { pending: await store.pendingCount(), usage: await store.usage() };
  }, T);
  assert.equal(now.result.pending, 1);
  assert.equal(now.result.usage.versions, 5, 'b imported again is counted once');
  assert.deepEqual(now.of, { 4: 1, 7: 1, 8: 1, 9: 1, 10: 1 }, 'after an import');

  // x's profile made later (a term named twice counts once); d1's too (not the latest).
  now = await run(async (T) => {
    const { store, made } = globalThis.t;
    await store.putProfiles([['x', made([T[11], T[11], T[12]])], ['d1', made([T[12]])], ['gone', made([T[12]])]]);
    return store.pendingCount();
  }, T);
  assert.equal(now.result, 0);
  assert.deepEqual(now.of, { 4: 1, 7: 1, 8: 1, 9: 1, 10: 1, 11: 1, 12: 1 }, 'after profiles were made');

  // A lookup's read: the counts, then only the chosen lists.
  now = await run(async (T) => globalThis.t.store.postingsFor([T[4], T[12], T[1]], 200,
    (counts) => [T[4], T[12], T[1]].filter((_, i) => counts[i] > 0)), T);
  assert.deepEqual(now.result, { live: 5, counts: [1, 1, 0], chosen: [T[4], T[12]], lists: [['c'], ['x']] });

  // Everything cleared: no count left.
  now = await run(() => globalThis.t.store.clearAll());
  assert.deepEqual(now.of, {}, 'after clearing');
});
