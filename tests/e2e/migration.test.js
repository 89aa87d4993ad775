// A store written by schema 1 (tests/e2e/fixtures/store-schema1.js, the
// store.js of before the library) upgrades to schema 4 without loss: every
// version, link and the counts; the profiles are made in the background; and
// the seed story is compared as before, among 1,000 other stored versions.
// Then the same store as schema 2 wrote it (tests/e2e/fixtures/store-schema2.js,
// before the term counts, its entries indexed) upgrades to schema 4 with every
// term counted (schema 3) and the dismissals store (schema 4), and compares as before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openExtensionPage } from './lib/browsers.js';
import { startStoryServer } from './lib/server.js';
import { ask, storeContents, tabIdOf } from './lib/extension.js';
import { termCountsOf } from './lib/store-check.js';
import { waitFor } from './lib/wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const frozen = (name) => readFileSync(path.join(root, 'tests/e2e/fixtures', name), 'utf8').replace(/^export /gm, '');
const SCHEMA1 = frozen('store-schema1.js');
const SCHEMA2 = frozen('store-schema2.js');
const FILLERS = 1000;

/** Made-up articles of other stories: words drawn from a fixed vocabulary with a fixed seed. */
function fillers(n) {
  let state = 12345;
  const next = () => { state = (state * 1103515245 + 12345) % 2147483648; return state; };
  const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x`);
  return Array.from({ length: n }, (_, i) => {
    const sentences = Array.from({ length: 12 }, () => {
      const said = Array.from({ length: 14 }, () => words[next() % words.length]).join(' ');
      return `Topic${next() % 500} ${said}.`;
    });
    const key = `https://filler${i % 700}.example/story`;
    const revision = i < 700 ? 1 : 2;
    return {
      id: `filler-${i}`, url: key, key, site: `filler${i}`, title: `Filler ${i}`, byline: null, published: null,
      captured: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), text: sentences.join(' '),
      hash: i.toString(16).padStart(64, '0'), revision, manual: false,
    };
  });
}

// The schema store.js opens, and its stores.
const SCHEMA = 4;
const STORES = ['dismissals', 'entries', 'links', 'meta', 'pending', 'tabs', 'terms', 'versions'];

let server;
let session;
// The seed story's four other versions, as the first test stored them.
let captured;

/** The store is at schema 4 (every store there), `indexed` entries are in the term index, and every term's count is its list's length. */
async function assertCounted(helper, indexed) {
  const counts = await termCountsOf(helper);
  assert.equal(counts.schema, SCHEMA);
  assert.deepEqual(counts.stores, STORES);
  assert.equal(counts.indexed, indexed, 'indexed entries');
  assert.ok(Object.keys(counts.expected).length > 1000, 'too few terms indexed to prove anything');
  assert.deepEqual(counts.misplaced, [], 'terms kept out of place');
  assert.deepEqual(counts.kept, counts.expected, 'the term counts kept differ from the postings');
}

/** Version 000, opened, is compared with exactly the seed story's four other versions. */
async function assertComparedAsBefore(helper, others) {
  const current = server.pages.find((p) => p.number === '000');
  const article = await session.browser.newPage();
  await article.goto(current.url, { waitUntil: 'load' });
  const tabId = await tabIdOf(helper, article, current.url);
  const state = await waitFor(async () => {
    const s = await ask(helper, 'panel:state', { tabId });
    return s.report && s.candidates.filter((c) => c.included).length >= 4 ? s : false;
  }, { timeout: 30_000, message: 'version 000 is not compared with its four stored versions after the upgrade' });
  const compared = state.candidates.filter((c) => c.included).map((c) => c.url).sort();
  assert.deepEqual(compared, others.map((v) => v.url).sort(), 'compared with other than the seed story\'s versions');
  assert.ok(state.report.findings.some((f) => f.kind === 'unique' && f.here?.includes('Benjamin Caldwell')), 'the injected name is not found unique');
  await article.close();
}

before(async () => {
  server = await startStoryServer();
  session = await launchWithExtension('chromium', path.join(root, 'dist/chrome'));
});

after(async () => {
  await session?.close();
  await server?.close();
});

test('store-migration: a schema-1 store of 1,004 versions upgrades without loss and compares as before', { timeout: 240_000 }, async () => {
  const current = server.pages.find((p) => p.number === '000');
  const helper = await openExtensionPage(session, 'options.html');
  // The seed story's four other versions, stored as today's code stores them.
  for (const other of server.pages.filter((p) => p !== current)) {
    const page = await session.browser.newPage();
    await page.goto(other.url, { waitUntil: 'load' });
    await waitFor(async () => (await ask(helper, 'versions:list')).some((v) => v.url === other.url),
      { timeout: 30_000, message: `visiting ${other.url} stored nothing` });
    await page.close();
  }
  captured = (await storeContents(helper)).versions;
  const versions = [...captured, ...fillers(FILLERS)];
  const links = [{ id: 'https://elsewhere.example/a|filler-3', key: 'https://elsewhere.example/a', version: 'filler-3', state: 'linked' }];

  // The same store written by the schema-1 code, in an extension page.
  const written = await helper.evaluate(`(async () => {
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase('storydiff');
      request.onsuccess = resolve; request.onerror = () => reject(request.error);
    });
    ${SCHEMA1}
    await putMany(${JSON.stringify(versions)}, ${JSON.stringify(links)});
    const count = (await allVersions()).length;
    (await openDb()).close();
    return count;
  })()`);
  assert.equal(written, versions.length);

  // The background opens it again: upgraded, counted, every version listed.
  const usage = await ask(helper, 'store:usage');
  assert.equal(usage.versions, versions.length, 'the counts after the upgrade');
  assert.equal(usage.bytes, versions.reduce((sum, v) => sum + v.text.length * 2, 0));
  const listed = [...await ask(helper, 'versions:list', { limit: 1000 }), ...await ask(helper, 'versions:list', { offset: 1000, limit: 1000 })];
  assert.deepEqual(listed.map((v) => v.id).sort(), versions.map((v) => v.id).sort(), 'the versions list after the upgrade');
  const exported = await storeContents(helper);
  const byId = new Map(exported.versions.map((v) => [v.id, v]));
  for (const version of versions) assert.deepEqual(byId.get(version.id), version, `version ${version.id} changed`);
  assert.deepEqual(exported.links, links, 'the links after the upgrade');

  // The profiles are made in the background; meanwhile and after, the seed story compares.
  await waitFor(async () => (await ask(helper, 'store:usage')).pending === 0,
    { timeout: 120_000, message: 'the migrated versions were not all indexed' });
  // One indexed entry per URL key: its latest revision.
  await assertCounted(helper, new Set(versions.map((v) => v.key)).size);
  await assertComparedAsBefore(helper, captured);
  await helper.close();
});

test('store-migration: a schema-2 store, indexed, upgrades to schema 4 with every term counted and compares as before', { timeout: 240_000 }, async () => {
  const helper = await openExtensionPage(session, 'options.html');
  const before = await storeContents(helper);
  // The first test's store, record for record, written again into a store
  // made by the schema-2 code (its entries keep their profiles and postings).
  const rewritten = await helper.evaluate(`(async () => {
    const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const now = await request(indexedDB.open('storydiff'));
    const names = ['versions', 'entries', 'pending', 'meta', 'links', 'tabs'];
    const dump = {};
    for (const name of names) dump[name] = await request(now.transaction(name).objectStore(name).getAll());
    now.close();
    await request(indexedDB.deleteDatabase('storydiff'));
    ${SCHEMA2}
    const db = await openDb();
    const tx = db.transaction(names, 'readwrite');
    for (const name of names) for (const record of dump[name]) tx.objectStore(name).put(record);
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    const schema = db.version;
    db.close();
    return { schema, entries: dump.entries.length, indexed: dump.entries.filter((e) => e.postings.length).length };
  })()`);
  const keys = new Set(before.versions.map((v) => v.key)).size;
  assert.deepEqual(rewritten, { schema: 2, entries: before.versions.length, indexed: keys });

  // The background opens it again: upgraded, the terms counted, nothing lost or queued.
  const usage = await ask(helper, 'store:usage');
  assert.equal(usage.versions, before.versions.length, 'the counts after the upgrade');
  assert.equal(usage.pending, 0, 'an indexed store was queued for indexing again');
  await assertCounted(helper, keys);
  const after = await storeContents(helper);
  assert.deepEqual(after.versions, before.versions, 'the versions after the upgrade');
  assert.deepEqual(after.links, before.links, 'the links after the upgrade');
  await assertComparedAsBefore(helper, captured);
  await helper.close();
});
