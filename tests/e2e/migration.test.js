// A store written by schema 1 (tests/e2e/fixtures/store-schema1.js, the
// store.js of before the library) upgrades to schema 2 without loss: every
// version, link and the counts; the profiles are made in the background; and
// the seed story is compared as before, among 1,000 other stored versions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openExtensionPage } from './lib/browsers.js';
import { startStoryServer } from './lib/server.js';
import { ask, storeContents, tabIdOf } from './lib/extension.js';
import { waitFor } from './lib/wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCHEMA1 = readFileSync(path.join(root, 'tests/e2e/fixtures/store-schema1.js'), 'utf8').replace(/^export /gm, '');
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

let server;
let session;

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
  const captured = (await storeContents(helper)).versions;
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
  const article = await session.browser.newPage();
  await article.goto(current.url, { waitUntil: 'load' });
  const tabId = await tabIdOf(helper, article, current.url);
  const state = await waitFor(async () => {
    const s = await ask(helper, 'panel:state', { tabId });
    return s.report && s.candidates.filter((c) => c.included).length >= 4 ? s : false;
  }, { timeout: 30_000, message: 'version 000 is not compared with its four stored versions after the upgrade' });
  const compared = state.candidates.filter((c) => c.included).map((c) => c.url).sort();
  assert.deepEqual(compared, captured.map((v) => v.url).sort(), 'compared with other than the seed story\'s versions');
  assert.ok(state.report.findings.some((f) => f.kind === 'unique' && f.here?.includes('Benjamin Caldwell')), 'the injected name is not found unique');
  await helper.close();
});
