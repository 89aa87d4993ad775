// Hostile pages against the extension in Chromium (issue 12, items 11–16):
// what a page's own script can learn of the findings, a page planting
// revisions of another URL, a page that reloads itself, an import file that
// lies, a store the browser has no room for, a store larger than one
// message. The suite serves its own pages (seed story pages with a probe script
// added, and pages made to attack) on 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openExtensionPage } from './lib/browsers.js';
import { articlePage, loadSeeds } from './lib/server.js';
import { ask, storeContents, tabIdOf } from './lib/extension.js';
import { waitFor } from './lib/wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(process.env.STORYDIFF_E2E_DIST ? path.resolve(process.env.STORYDIFF_E2E_DIST) : path.join(root, 'dist'), 'chrome');
const OTHER = path.join(root, 'tests/fixtures/other-stories');
const TIMEOUT = 30_000;
// Words only the other versions of the story have (003's Peskov denial and RUSI report).
const ELSEWHERE = ['Peskov', 'Royal United Services Institute'];

// Everything a script of the page can observe of an extension, recorded the
// same way on every page: DOM mutations from <html> down, window.find of
// words the page does not have, synthetic mouse events over its own lines,
// what is under those points, the frames, foreign elements' computed styles.
const PROBE = `(() => {
  // The page's own elements, once parsed (this script runs at the start of <body>).
  const own = new WeakSet();
  const remember = () => { for (const el of [document.documentElement, ...document.querySelectorAll('*')]) own.add(el); };
  document.addEventListener('DOMContentLoaded', remember, { once: true });
  const mutations = [];
  const describe = (node) => node.nodeType === 1 ? node.nodeName + '[' + [...node.attributes].map((a) => a.name).sort().join(',') + ']' : '#' + node.nodeType;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.nodeName === 'SCRIPT') continue;
      mutations.push({ type: r.type, target: r.target.nodeName, attribute: r.attributeName,
        added: [...r.addedNodes].map(describe), removed: [...r.removedNodes].map(describe) });
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, characterData: true });
  const lines = () => {
    const points = [];
    for (const p of document.querySelectorAll('article p, article h1')) {
      const range = document.createRange();
      range.selectNodeContents(p);
      for (const rect of range.getClientRects()) {
        if (rect.width < 1 || rect.bottom < 0 || rect.top > innerHeight) continue;
        for (const f of [0.1, 0.3, 0.5, 0.7, 0.9]) points.push([Math.round(rect.left + rect.width * f), Math.round(rect.top + rect.height / 2)]);
      }
    }
    return points;
  };
  const foreign = (el) => !own.has(el);
  const found = (words) => words.map((w) => { getSelection().removeAllRanges(); const hit = window.find(w, false, false, true); getSelection().removeAllRanges(); return hit; });
  async function run(words) {
    scrollTo(0, document.querySelector('article').offsetTop - 20);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const points = lines();
    const under = [];
    for (const [x, y] of points) {
      const target = document.elementFromPoint(x, y) ?? document.body;
      for (const type of ['mouseover', 'mouseenter', 'mousemove']) {
        target.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: x, clientY: y, view: window }));
      }
      target.dispatchEvent(new FocusEvent('focus'));
      under.push(document.elementsFromPoint(x, y).filter(foreign).map(describe));
    }
    await new Promise((r) => setTimeout(r, 1000));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const hosts = [...document.documentElement.children].filter(foreign);
    const styles = hosts.map((h) => { const s = getComputedStyle(h); return [s.display, s.position, s.width, s.height, s.pointerEvents, s.zIndex].join(' '); });
    return {
      mutations,
      found: found(words),
      frames: window.length,
      under: under.filter((u) => u.length),
      foreignUnderAny: under.some((u) => u.length),
      hosts: hosts.map(describe),
      styles,
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
      shadowOpen: hosts.map((h) => h.shadowRoot !== null),
      selection: String(getSelection()),
    };
  }
  Object.defineProperty(window, 'hostileProbe', { value: Object.freeze({ run, found }) });
})();`;

const withScript = (html, script, head = '') =>
  html.replace('</head>', `${head}</head>`).replace('<body>', `<body><script>${script}</script>`);

function startHostileServer() {
  const seeds = loadSeeds();
  const sites = { '000': 'Newsroll Finance', '001': 'Wire A', '002': 'The Daily B', '003': 'Courier C', '004': 'Digest D' };
  const routes = new Map();
  for (const seed of seeds) routes.set(`/story/${seed.number}.html`, () => withScript(articlePage(seed.text, sites[seed.number]), PROBE));
  const budget = readFileSync(path.join(OTHER, 'city-budget.txt'), 'utf8');
  const missile = readFileSync(path.join(OTHER, 'missile-launch.txt'), 'utf8');
  // Claims to be the canonical /story/000.html and an outlet it is not: 001's text, another name.
  routes.set('/evil/plant.html', () => articlePage(seeds[1].text, 'Reuters')
    .replace('</head>', '<link rel="canonical" href="/story/000.html"></head>'));
  // Served anew on every load with a counter in its text.
  let served = 0;
  routes.set('/reload/same.html', () => {
    served += 1;
    return articlePage(`${budget.trim()}\nThis page was loaded ${served} times.`, 'City Desk');
  });
  // A new paragraph on every load: every load is a real new revision.
  let grown = 0;
  const missileLines = missile.split(/\n+/).filter((l) => l.trim());
  routes.set('/reload/grows.html', () => {
    grown += 1;
    const extra = Array.from({ length: grown }, (_, n) => `Update ${n + 1}: ${missileLines[n % missileLines.length]} Officials gave new figures in statement number ${n + 1} of the day.`);
    return articlePage([missile.trim(), ...extra].join('\n'), 'Missile Watch');
  });
  // A long article (about 400 KB of text), for the store that refuses to keep it.
  const budgetLines = budget.split(/\n+/).filter((l) => l.trim());
  routes.set('/quota/long.html', () => articlePage(
    Array.from({ length: 400 }, (_, n) => `Paragraph ${n + 1}. ${budgetLines[n % budgetLines.length]}`).join('\n'), 'Long Read'));
  const server = createServer((req, res) => {
    const make = routes.get(new URL(req.url, 'http://127.0.0.1').pathname);
    if (!make) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(make());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const origin = `http://127.0.0.1:${server.address().port}`;
    resolve({ origin, host: new URL(origin).host, close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }) });
  }));
}

/** Opens `url` in a new tab and waits until the extension stored it; returns {page, tabId}. */
async function visit(session, helper, url) {
  const page = await session.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await tabIdOf(helper, page, url);
  return { page, tabId };
}

const overlayOf = (helper, tabId) => ask(helper, 'overlay:state', { tabId });

/** Loads the seed story page 000 with the probe, lets the extension finish, and returns what the page saw. */
async function probeRecord(session, server, { expectFindings }) {
  const helper = await openExtensionPage(session, 'panel.html');
  const { page, tabId } = await visit(session, helper, `${server.origin}/story/000.html`);
  const state = await waitFor(async () => {
    const s = await overlayOf(helper, tabId);
    if (s.capture.state !== 'stored') return false;
    return !expectFindings || s.highlights.length > 0 ? s : false;
  }, { timeout: TIMEOUT, message: `the extension did not finish with story 000 (findings expected: ${expectFindings})` });
  await page.bringToFront();
  const record = await page.evaluate((words) => window.hostileProbe.run(words), ELSEWHERE);
  const after = await overlayOf(helper, tabId);
  return { record, state, after, page, tabId, helper };
}

describe('a hostile page against storydiff in chromium', { timeout: 400_000 }, () => {
  let server;
  let withFindings;
  let without;

  before(async () => {
    server = await startHostileServer();
  });
  after(async () => {
    await withFindings?.close();
    await without?.close();
    await server?.close();
  });

  test('page-can-read-findings: what the page observes is the same with findings and without', async () => {
    // A reader who has read the story elsewhere …
    withFindings = await launchWithExtension('chromium', DIST);
    const helper = await openExtensionPage(withFindings, 'panel.html');
    for (const n of ['001', '002', '003', '004']) (await visit(withFindings, helper, `${server.origin}/story/${n}.html`)).page.close();
    const seen = await probeRecord(withFindings, server, { expectFindings: true });
    assert.ok(seen.state.highlights.length > 0, 'the story page has no findings: the probe proves nothing');
    assert.equal(seen.after.card, null, 'synthetic mouse events from the page opened a card');
    // … and one who has not.
    without = await launchWithExtension('chromium', DIST);
    const none = await probeRecord(without, server, { expectFindings: false });
    assert.equal(none.state.highlights.length, 0, 'a fresh profile has findings');
    assert.deepEqual(seen.record.found, [false, false], 'window.find matches words only the other versions have');
    assert.equal(seen.record.foreignUnderAny, false, `hit-testing finds the overlay: ${JSON.stringify(seen.record.under.slice(0, 3))}`);
    assert.deepEqual(seen.record, none.record, 'the page observes something different when the reader has findings');

    // With a card opened by the reader's own mouse, its text is still out of the page's reach.
    const name = seen.state.highlights[0];
    await seen.page.bringToFront();
    const fresh = (await overlayOf(seen.helper, seen.tabId)).highlights.find((h) => h.index === name.index);
    await seen.page.mouse.move(fresh.rect.x + Math.min(4, fresh.rect.width / 2), fresh.rect.y + fresh.rect.height / 2);
    const card = await waitFor(async () => (await overlayOf(seen.helper, seen.tabId)).card, { timeout: 10_000, message: 'a trusted hover opened no card' });
    assert.ok(card.sources.length > 0, 'the card quotes no outlet');
    const outlet = card.sources[0].split(' (')[0].split(' · ')[0];
    const found = await seen.page.evaluate((words) => window.hostileProbe.found(words), [...ELSEWHERE, outlet]);
    assert.deepEqual(found, [false, false, false], `with a card open, window.find matches its words (${outlet})`);
  });

  test('same-host-canonical-plant: a page may not add revisions to another URL, and its real host is shown', async () => {
    const helper = await openExtensionPage(withFindings, 'panel.html');
    const plant = await visit(withFindings, helper, `${server.origin}/evil/plant.html`);
    const store = await storeContents(helper);
    const target = `${server.origin}/story/000.html`;
    assert.equal(store.versions.filter((v) => v.key === target).length, 1, 'the planting page was stored as a revision of /story/000.html');
    const planted = store.versions.find((v) => v.url === `${server.origin}/evil/plant.html`);
    assert.equal(planted.key, planted.url, 'the planting page was not stored under its own URL');
    // The reader of 000 sees it as what it is: a page of this host calling itself Reuters.
    const story = await visit(withFindings, helper, target);
    const state = await ask(helper, 'panel:state', { tabId: story.tabId });
    const listed = state.candidates.find((c) => c.id === planted.id);
    assert.ok(listed, 'the planted version is not listed at all (it should be, under its own URL)');
    assert.notEqual(listed.reason, 'revision', 'the planted version is listed as a revision of 000');
    assert.equal(listed.host, server.host);
    const panel = await openExtensionPage(withFindings, `panel.html?tab=${story.tabId}`);
    const text = await waitFor(async () => {
      const items = await panel.$$eval('[data-testid="version-item"]', (els) => els.map((e) => e.textContent));
      return items.find((t) => t.includes('Reuters'));
    }, { timeout: 10_000, message: 'the panel lists no version named Reuters' });
    assert.ok(text.includes(`Reuters (${server.host})`), `the panel names the planted version without its real host: ${text}`);
    await Promise.all([plant.page.close(), story.page.close(), panel.close()]);
  });

  test('self-reloading-revisions: reloads with the same text add no revision; revisions compared and stored are capped', async () => {
    const helper = await openExtensionPage(withFindings, 'panel.html');
    const url = `${server.origin}/reload/same.html`;
    const { page, tabId } = await visit(withFindings, helper, url);
    for (let n = 2; n <= 13; n += 1) {
      await page.reload({ waitUntil: 'load' });
      await waitFor(async () => (await overlayOf(helper, tabId).catch(() => null))?.capture.state === 'stored', {
        timeout: TIMEOUT, message: `load ${n} of the self-reloading page was not stored`,
      });
    }
    const same = (await storeContents(helper)).versions.filter((v) => v.key === url);
    assert.equal(same.length, 1, `13 loads of one text with a counter gave ${same.length} stored revisions`);

    const grows = `${server.origin}/reload/grows.html`;
    const grower = await visit(withFindings, helper, grows);
    for (let n = 2; n <= 8; n += 1) {
      await grower.page.reload({ waitUntil: 'load' });
      await waitFor(async () => {
        const versions = (await storeContents(helper)).versions.filter((v) => v.key === grows);
        return versions.length === n;
      }, { timeout: TIMEOUT, message: `load ${n} of the growing page did not add revision ${n}` });
    }
    const state = await waitFor(async () => {
      const s = await ask(helper, 'panel:state', { tabId: grower.tabId });
      return s.version?.revision === 8 ? s : false;
    }, { timeout: TIMEOUT, message: 'the tab does not show revision 8' });
    const revisions = state.candidates.filter((c) => c.reason === 'revision');
    assert.equal(revisions.length, 5, `${revisions.length} earlier revisions are compared, not the 5 newest`);
    assert.deepEqual(revisions.map((c) => c.revision).sort((a, b) => b - a), [7, 6, 5, 4, 3]);

    // The store's bound: past it the oldest versions go first, and the options page says so.
    // The bound is put back whatever happens, or every later test runs within it.
    await ask(helper, 'settings:set', { settings: { maxVersions: 4 } });
    try {
      await grower.page.reload({ waitUntil: 'load' });
      const bounded = await waitFor(async () => {
        const versions = (await storeContents(helper)).versions;
        return versions.some((v) => v.key === grows && v.revision === 9) ? versions : false;
      }, { timeout: TIMEOUT, message: 'revision 9 of the growing page was not stored' });
      assert.equal(bounded.length, 4, `the store holds ${bounded.length} versions past a bound of 4`);
      assert.deepEqual(bounded.map((v) => v.revision).sort(), [6, 7, 8, 9], 'not the oldest versions were evicted');
      const options = await openExtensionPage(withFindings, 'options.html');
      const told = await waitFor(() => options.$eval('[data-testid="store-bound"]', (e) => e.textContent), { timeout: 10_000, message: 'the options page says nothing of the bound' });
      assert.match(told, /at most 4 versions/);
      await options.close();
    } finally {
      await ask(helper, 'settings:set', { settings: { maxVersions: 5000 } });
    }
    await Promise.all([page.close(), grower.page.close()]);
  });

  test('import-trusts-input: a lying file is repaired or rejected per version, its settings not applied', async () => {
    const helper = await openExtensionPage(withFindings, 'panel.html');
    const before = await ask(helper, 'settings:get');
    const base = { text: 'An imported article text.', hash: null, revision: 1, manual: false, site: 'X', byline: null, published: null };
    const done = await ask(helper, 'store:import', { data: {
      format: 'storydiff-store',
      settings: { paused: !before.paused },
      links: [],
      versions: [
        { ...base, id: 'no-captured', url: 'https://a.example/1', key: 'https://a.example/1', title: 'fine' },
        { ...base, id: 'title-number', url: 'https://a.example/2', key: 'https://a.example/2', title: 5, captured: '2026-01-01T00:00:00Z' },
        { ...base, id: 'js-url', url: 'javascript:alert(1)', key: 'https://a.example/3', title: 'x', captured: '2026-01-01T00:00:00Z' },
      ],
    } });
    assert.deepEqual([done.versions, done.repaired, done.rejected], [2, 2, 1]);
    assert.deepEqual(done.settings, { paused: !before.paused }, 'the file\'s settings are not returned for the reader to accept');
    assert.deepEqual(await ask(helper, 'settings:get'), before, 'the file\'s settings were applied without asking');
    const list = await ask(helper, 'versions:list');
    assert.ok(list.every((v) => typeof v.captured === 'string' && /^https?:/.test(v.url)), 'the versions list holds a broken version');
    assert.equal(list.find((v) => v.id === 'title-number').title, null);
    await helper.close();
  });

  test('store-quota-full: a refused write loses nothing stored, and the panel and options say why', async () => {
    const helper = await openExtensionPage(withFindings, 'options.html');
    const stored = (await storeContents(helper)).versions.map((v) => v.id).sort();
    assert.ok(stored.length > 0, 'the store is empty: nothing could be lost');
    const url = `${server.origin}/quota/long.html`;
    // The background's IndexedDB refuses every write the way a full one does
    // (a QuotaExceededError). Not a real small quota: Chromium's
    // Storage.overrideQuotaForOrigin does not reach an extension's storage
    // (tried: the estimate and the writes do not change).
    const worker = await withFindings.backgroundWorker();
    await worker.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      globalThis.storydiffTestPut = put;
      IDBObjectStore.prototype.put = function refused() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    let page;
    try {
      page = await withFindings.browser.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.bringToFront();
      const tabId = await helper.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).tabs.query({ active: true }))[0].id);
      const state = await waitFor(async () => {
        const s = await ask(helper, 'panel:state', { tabId });
        return s.error ? s : false;
      }, { timeout: TIMEOUT, message: 'a page the store had no room for is not reported to the panel' });
      assert.match(state.error, /storage for storydiff is full/);
      assert.match(state.error, /nothing stored before was lost/);
      assert.equal(state.version, null, 'a version the store refused is shown as kept');
      assert.deepEqual((await storeContents(helper)).versions.map((v) => v.id).sort(), stored, 'a refused write changed what was stored');
      const panel = await openExtensionPage(withFindings, `panel.html?tab=${tabId}`);
      const said = await waitFor(async () => {
        const text = await panel.$eval('#article-body', (e) => e.textContent);
        return /could not keep this page/.test(text) ? text : false;
      }, { timeout: 10_000, message: 'the panel does not say the page was not kept' });
      assert.match(said, /storage for storydiff is full/);
      await panel.close();
      await helper.reload();
      await waitFor(async () => /storage for storydiff is full/.test(await helper.$eval('[data-testid="status"]', (e) => e.textContent)),
        { timeout: 10_000, message: 'the options page says nothing of the full store' });
    } finally {
      await worker.evaluate(() => { IDBObjectStore.prototype.put = globalThis.storydiffTestPut; });
    }
    // Room again: the page is kept on its next load, and the problem is gone.
    await page.reload({ waitUntil: 'load' });
    const tabId = await tabIdOf(helper, page, url);
    assert.equal((await ask(helper, 'panel:state', { tabId })).error, null, 'the panel still reports a full store');
    assert.equal((await ask(helper, 'store:usage')).problem, null);
    await Promise.all([page.close(), helper.close()]);
  });

  test('export-over-64mib: a store larger than one message is exported and imported whole, in pages', async () => {
    const helper = await openExtensionPage(withFindings, 'options.html');
    const before = await storeContents(helper);
    // 72 MiB of text, written straight into the store by an extension page (an
    // import would index it all, which this test does not need).
    const COUNT = 24;
    const CHARS = 3 * 1024 * 1024;
    await helper.evaluate(async (count, chars) => {
      const store = await import(new URL('store.js', location.href).href);
      const line = 'The council met again and voted on the budget for the coming year. ';
      for (let n = 0; n < count; n += 1) {
        const text = `Version ${n}. `.padEnd(chars, line);
        await store.putMany([{ id: `big-${n}`, url: `https://big.example/${n}`, key: `https://big.example/${n}`, site: 'Big', title: `Big ${n}`,
          byline: null, published: null, captured: '2026-01-01T00:00:00.000Z', text, hash: null, revision: 1, manual: false }], []);
      }
    }, COUNT, CHARS);
    try {
      // The options page's own export (what its button saves), read back.
      const exported = await helper.evaluate(async () => {
        const { exportBlob } = await import(new URL('store-file.js', location.href).href);
        const { send } = await import(new URL('messages.js', location.href).href);
        const { blob, count } = await exportBlob(send);
        const file = JSON.parse(await blob.text());
        return { size: blob.size, count, versions: file.versions.length, ids: file.versions.map((v) => v.id), format: file.format, chars: file.versions.reduce((sum, v) => sum + v.text.length, 0) };
      });
      assert.ok(exported.size > 64 * 1024 * 1024, `the export is only ${exported.size} bytes: it proves nothing`);
      assert.equal(exported.format, 'storydiff-store');
      assert.equal(exported.versions, before.versions.length + COUNT);
      assert.deepEqual(exported.ids.sort(), [...before.versions.map((v) => v.id), ...Array.from({ length: COUNT }, (_, n) => `big-${n}`)].sort());
      // The file back in, through the page's own import, after clearing.
      const imported = await helper.evaluate(async () => {
        const { exportBlob, importData } = await import(new URL('store-file.js', location.href).href);
        const { send } = await import(new URL('messages.js', location.href).href);
        const file = JSON.parse(await (await exportBlob(send)).blob.text());
        await send('store:clear');
        const sent = [];
        const done = await importData(file, async (type, payload) => {
          sent.push(payload.data.versions.reduce((sum, v) => sum + v.text.length, 0));
          return send(type, payload);
        });
        return { done, sent };
      });
      assert.ok(imported.sent.length > 1, 'the import went in one message');
      assert.ok(imported.sent.every((chars) => chars <= 8 * 1024 * 1024), `a part of ${Math.max(...imported.sent)} characters`);
      assert.equal(imported.done.versions, before.versions.length + COUNT);
      assert.equal(imported.done.rejected, 0);
      const usage = await ask(helper, 'store:usage');
      assert.equal(usage.versions, before.versions.length + COUNT);
      assert.equal(usage.pending, 0, 'the imported versions were not all indexed');
    } finally {
      for (let n = 0; n < COUNT; n += 1) await ask(helper, 'version:delete', { id: `big-${n}` });
    }
    assert.deepEqual((await storeContents(helper)).versions.map((v) => v.id).sort(), before.versions.map((v) => v.id).sort());
    await helper.close();
  });
});
