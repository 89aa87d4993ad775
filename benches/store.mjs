// The store benchmark (issue 9): a fresh Chromium profile with the built
// extension, N stored articles of other stories imported (real texts from
// ../shared/stories/ecbplus-dev.jsonl, reused with a changed first sentence
// to reach N; made-up ones when it is absent), the seed story's versions
// 001–004 read, then version 000 opened: warm (background alive) and cold
// (background stopped, as Chrome does after 30 s idle), from the page's load
// event to the first unique highlight drawn (seen through the closed shadow
// root with CDP's piercing DOM). Also: the first lookup after a wake (the
// background's own timing), its memory (JS heap after a garbage collection +
// wasm memory), import time.
// Run after ./build.sh:  npm run bench:store [-- 0 1000 5000 20000]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openExtensionPage } from '../tests/e2e/lib/browsers.js';
import { startStoryServer } from '../tests/e2e/lib/server.js';
import { ask, tabIdOf } from '../tests/e2e/lib/extension.js';
import { waitFor } from '../tests/e2e/lib/wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = process.argv.slice(2).map(Number).filter(Number.isInteger);
const RUNS = 3;
const STORIES = path.join(root, '../shared/stories/ecbplus-dev.jsonl');

function sourceTexts() {
  if (!existsSync(STORIES)) {
    console.warn(`${STORIES} is absent: made-up texts instead`);
    return Array.from({ length: 500 }, (_, i) => ({ title: `Made up ${i}`, text: Array.from({ length: 15 }, (_, s) => `Word${(i * 31 + s) % 997} said thing${s} about topic${i}.`).join(' ') }));
  }
  return readFileSync(STORIES, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

function fillers(n) {
  const texts = sourceTexts();
  return Array.from({ length: n }, (_, i) => {
    const source = texts[i % texts.length];
    const copy = Math.floor(i / texts.length);
    const key = `https://filler${i}.example/story`;
    return {
      id: `filler-${i}`, url: key, key, site: `filler${i}`, title: source.title ?? null, byline: null, published: null,
      captured: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 86400)).toISOString(),
      text: `Copy ${copy} of report ${i}, number ${i * 7919}.\n\n${source.text}`,
      hash: null, revision: 1, manual: false,
    };
  });
}

/**
 * Milliseconds from `goto`'s load to the first unique highlight drawn in
 * `page`, and where they went, from the content script's own marks
 * (overlay:state's `capture`, read after the clock stopped): the wait before
 * it sends the page (settle.js), and from sending it to the first drawing (the
 * background's work, and the content script's; the background's push of the
 * report can draw before its answer arrives). The rest is this script's polling.
 */
async function loadToHighlights(session, url) {
  const page = await session.browser.newPage();
  const cdp = await page.createCDPSession();
  await page.goto(url, { waitUntil: 'load' });
  const loaded = performance.now();
  await waitFor(async () => {
    const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    return JSON.stringify(doc).includes('hl unique');
  }, { timeout: 120_000, interval: 20, message: `no highlight on ${url}` });
  const ms = performance.now() - loaded;
  const probe = await openExtensionPage(session, 'options.html');
  const tabId = await tabIdOf(probe, page, url);
  const { capture } = await ask(probe, 'overlay:state', { tabId });
  await probe.close();
  const loadEvent = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  await page.close();
  return {
    ms,
    wait: capture.sent - loadEvent,
    toDrawn: (capture.drawn ?? capture.answered) - capture.sent,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** The median run's figures, by `ms`. */
const medianRun = (runs) => [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
const parts = (run) => `${run.ms.toFixed(0)} ms (${run.wait.toFixed(0)} + ${run.toDrawn.toFixed(0)})`;

async function workerHeap(session) {
  const target = session.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
  if (!target) return null;
  const cdp = await target.createCDPSession();
  // What the background holds, not the garbage an import just left (V8
  // collects it when it needs to; ~170 MB right after importing 5,000, ~1 MB
  // once collected).
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

async function bench(n, server) {
  const session = await launchWithExtension('chromium', path.join(root, 'dist/chrome'));
  try {
    const helper = await openExtensionPage(session, 'options.html');
    const versions = fillers(n);
    await ask(helper, 'settings:set', { settings: { maxVersions: n + 100 } });
    const importStart = performance.now();
    for (let at = 0; at < versions.length; at += 5000) {
      await ask(helper, 'store:import', { data: { format: 'storydiff-store', formatVersion: 1, versions: versions.slice(at, at + 5000), links: [] } });
    }
    const importMs = performance.now() - importStart;
    const current = server.pages.find((p) => p.number === '000');
    for (const other of server.pages.filter((p) => p !== current)) {
      const page = await session.browser.newPage();
      await page.goto(other.url, { waitUntil: 'load' });
      await waitFor(async () => (await ask(helper, 'versions:list', { limit: 10 })).some((v) => v.url === other.url),
        { timeout: 60_000, message: `${other.url} was not stored` });
      await page.close();
    }
    const warm = [];
    for (let i = 0; i < RUNS; i++) warm.push(await loadToHighlights(session, current.url));
    const usageWarm = await ask(helper, 'store:usage');
    const heap = await workerHeap(session);
    await helper.close();
    const cold = [];
    const firstLookup = [];
    for (let i = 0; i < RUNS; i++) {
      await session.restartBackground();
      cold.push(await loadToHighlights(session, current.url));
      const probe = await openExtensionPage(session, 'options.html');
      firstLookup.push((await ask(probe, 'store:usage')).firstLookupMs);
      await probe.close();
    }
    return {
      n, importMs, warm: medianRun(warm), cold: medianRun(cold), firstLookup: median(firstLookup),
      heapMB: heap / 2 ** 20, wasmMB: usageWarm.engineBytes / 2 ** 20, stored: usageWarm.versions,
    };
  } finally {
    await session.close();
  }
}

const server = await startStoryServer();
try {
  console.log('Load to highlights: total (the wait before sending the page + from sending it to the first drawing).');
  console.log('| stored | import | warm load→highlights | cold load→highlights | first lookup after wake | background JS heap | wasm memory |');
  console.log('|---|---|---|---|---|---|---|');
  for (const n of SIZES.length ? SIZES : [0, 1000, 5000, 20000]) {
    const r = await bench(n, server);
    console.log(`| ${r.stored} | ${(r.importMs / 1000).toFixed(1)} s | ${parts(r.warm)} | ${parts(r.cold)} | ${r.firstLookup?.toFixed(0)} ms | ${r.heapMB.toFixed(1)} MB | ${r.wasmMB.toFixed(1)} MB |`);
  }
} finally {
  await server.close();
}
