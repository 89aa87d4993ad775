// Side by side with peers (issue 9): storydiff's wasm and what a developer
// would pick instead, in ONE headless Chromium page, on the same inputs, so
// the ratio comes from one run on one machine state.
//   - seed 000 against its four other versions (../shared/seeds): storydiff's
//     `compare` from stored text, and the extension's path (the `Library`
//     holding the five analysed; only `library.compare` by id is timed),
//     against jsdiff's `diffWords` over the same four pairs;
//   - extraction of real pages (the first PAGES of ../shared/pages/readability,
//     by name): storydiff's `analyse(html, 'html', url)` against
//     Readability.js, `new Readability(doc.cloneNode(true)).parse()` on a DOM
//     of the page built with DOMParser in the page (and, apart, DOMParser +
//     Readability, since `analyse` parses the HTML string itself).
// Everything is served from 127.0.0.1 (pkg/, the two libraries from
// node_modules, the inputs read from ../shared, nothing copied); Chromium
// reaches no other host. Rounds interleave the tools, in an order that
// alternates; medians and p90s are printed as a Markdown table.
// Run after ./build.sh:  npm run bench:peers [-- --runs 30 --pages 30]
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPlainChromium } from '../tests/e2e/lib/browsers.js';
import { HOST_RULES } from '../tests/e2e/lib/pages-server.js';
import { articlePage } from '../tests/e2e/lib/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(root, '../shared');
const SEEDS_DIR = path.join(SHARED, 'seeds');
const PAGES_DIR = path.join(SHARED, 'pages/readability');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number, not ${process.argv[at + 1]}`);
  return value;
}
const RUNS = option('runs', 30);
const WARM = option('warm', 5);
const PAGES = option('pages', 30);

// --- inputs ------------------------------------------------------------------------
function seedNames() {
  if (!existsSync(SEEDS_DIR)) return null;
  const names = readdirSync(SEEDS_DIR).filter((f) => /^00[0-4]_.*\.txt$/.test(f)).sort();
  return names.length === 5 && names[0].startsWith('000_') ? names : null;
}

function pageNames() {
  if (!existsSync(PAGES_DIR)) return null;
  const names = readdirSync(PAGES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(PAGES_DIR, e.name, 'page.html')))
    .map((e) => e.name)
    .sort()
    .slice(0, PAGES);
  return names.length ? names : null;
}

const seeds = seedNames();
const pages = pageNames();
if (!seeds) console.log(`skipped: the seed job needs ${SEEDS_DIR}/000_*.txt … 004_*.txt, absent here`);
if (!pages) console.log(`skipped: the extraction job needs ${PAGES_DIR}/*/page.html, absent here`);
if (!seeds && !pages) process.exit(0);
for (const need of ['pkg/storydiff.js', 'pkg/storydiff_bg.wasm']) {
  if (!existsSync(path.join(root, need))) {
    console.error(`${need} is missing: run ./build.sh first`);
    process.exit(1);
  }
}

// --- the server ----------------------------------------------------------------------
const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>storydiff side by side with peers</title>
<script src="/lib/diff.js"></script>
<script src="/lib/Readability.js"></script>
<script type="module" src="/peers-page.js"></script>
</head><body><p>storydiff side by side with peers</p></body></html>`;

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.txt': 'text/plain', '.json': 'application/json' };

/** The file behind a URL path, or null: nothing outside these is served. */
function fileFor(pathname) {
  const fixed = {
    '/peers-page.js': path.join(root, 'benches/peers-page.js'),
    '/lib/diff.js': path.join(root, 'node_modules/diff/dist/diff.js'),
    '/lib/Readability.js': path.join(root, 'node_modules/@mozilla/readability/Readability.js'),
    '/pkg/storydiff.js': path.join(root, 'pkg/storydiff.js'),
    '/pkg/storydiff_bg.wasm': path.join(root, 'pkg/storydiff_bg.wasm'),
  };
  if (fixed[pathname]) return fixed[pathname];
  const seed = /^\/seeds\/([^/]+)$/.exec(pathname);
  if (seed && seeds?.includes(decodeURIComponent(seed[1]))) return path.join(SEEDS_DIR, decodeURIComponent(seed[1]));
  const page = /^\/pages\/([^/]+)\/$/.exec(pathname);
  if (page && pages?.includes(decodeURIComponent(page[1]))) return path.join(PAGES_DIR, decodeURIComponent(page[1]), 'page.html');
  return null;
}

async function startServer() {
  // Seed 000 as the article page the extension would read (tests/e2e/lib/server.js).
  const currentHtml = seeds ? articlePage(readFileSync(path.join(SEEDS_DIR, seeds[0]), 'utf8'), 'Newsroll Finance') : null;
  const inputs = JSON.stringify({ seeds, pages, currentHtml });
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    // Cross-origin isolated: performance.now() at 5 µs rather than 100 µs.
    const headers = {
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    };
    if (pathname === '/') return res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    if (pathname === '/inputs.json') return res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(inputs);
    const file = fileFor(pathname);
    if (!file || !existsSync(file)) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    const type = pathname.startsWith('/pages/') ? 'text/html' : TYPES[path.extname(file)] ?? 'application/octet-stream';
    return res.writeHead(200, { ...headers, 'content-type': type.startsWith('text/') ? `${type}; charset=utf-8` : type })
      .end(readFileSync(file));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// --- figures -------------------------------------------------------------------------
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);
const ms = (value) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
/** `order` rotated by `n`, and reversed every other time: each tool goes first, last and between. */
const rotate = (order, n) => {
  const turned = order.map((_, i) => order[(i + n) % order.length]);
  return Math.floor(n / order.length) % 2 ? turned.reverse() : turned;
};

/**
 * A CPU profile (CDP, 50 µs sampling) of 50 `library.compare` calls on seed
 * 000: self time in the wasm's own functions, in wasm-bindgen's JS glue
 * (pkg/storydiff.js: the imports that make the report's JS objects and
 * strings), in the garbage collector, elsewhere. The wasm has no name
 * section, so its functions are not named.
 */
async function profileLibrary(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await page.evaluate(() => globalThis.bench.repeatLibrary(50));
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const isGlue = (frame) => frame.url.endsWith('/pkg/storydiff.js');
  /** The group of a node; a built-in (no URL: TextDecoder, …) counts with the glue that called it. */
  const groupOf = (id) => {
    const frame = byNode.get(id).callFrame;
    if (frame.url.endsWith('.wasm')) return 'wasm functions (the engine, serialization included)';
    if (isGlue(frame)) return 'wasm-bindgen JS glue (pkg/storydiff.js) and the built-ins it calls';
    if (frame.functionName === '(garbage collector)') return 'garbage collector';
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') return 'idle / program';
    if (!frame.url && parent.has(id) && isGlue(byNode.get(parent.get(id)).callFrame)) return groupOf(parent.get(id));
    return 'other';
  };
  const groups = new Map();
  const glue = new Map();
  for (const [id, micros] of self) {
    const group = groupOf(id);
    groups.set(group, (groups.get(group) ?? 0) + micros);
    const name = byNode.get(id).callFrame.functionName || '(anonymous)';
    if (group.startsWith('wasm-bindgen')) glue.set(name, (glue.get(name) ?? 0) + micros);
  }
  const busy = [...groups].filter(([g]) => g !== 'idle / program').reduce((n, [, v]) => n + v, 0);
  console.log('');
  console.log('CPU profile of 50 `library.compare` calls (seed 000 vs 4), self time per call:');
  console.log('');
  console.log('| where | ms per call | share |');
  console.log('|---|---|---|');
  for (const [group, micros] of [...groups].sort((a, b) => b[1] - a[1])) {
    if (group === 'idle / program') continue;
    console.log(`| ${group} | ${ms(micros / 1000 / 50)} | ${((100 * micros) / busy).toFixed(0)} % |`);
  }
  const top = [...glue].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, micros]) => `${name} ${ms(micros / 1000 / 50)} ms`);
  console.log(`\nglue functions and built-ins with the most self time, per call: ${top.join(', ')}`);
}

async function main() {
  const server = await startServer();
  const session = await launchPlainChromium({ extraArgs: [HOST_RULES] });
  try {
    const page = await session.browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${server.origin}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => globalThis.benchLoaded === true, { timeout: 30_000 });
    const info = await page.evaluate(() => globalThis.bench.setup());
    const version = await session.browser.version();
    console.log(`${version}, cross-origin isolated: ${info.crossOriginIsolated}; ${WARM} warm-up rounds, ${RUNS} timed, tools interleaved`);

    const seedTimes = {};
    const pageTimes = [];
    if (info.seeds) {
      const s = info.seeds;
      console.log(`seeds: ${seeds.join(' ')}; words ${s.words.join('/')}, sentences ${s.sentences.join('/')}; `
        + `compared: ${s.included.join(', ')} (${s.candidates.map((c) => `${c.id} ${c.reason}${c.included ? '' : ' (not compared)'}`).join(', ')}); `
        + `findings ${s.findings.library} (library) / ${s.findings.fromStored} (from stored); report ${(s.reportChars / 1024).toFixed(0)} KiB as JSON; `
        + `jsdiff changes per pair ${s.jsdiffChanges.join('/')}`);
      if (s.included.length !== 4) console.log(`note: the library compares ${s.included.length} of the 4 versions, not all`);
    }
    if (info.pages) {
      const unread = info.pages.filter((p) => !p.readerable).map((p) => p.name);
      console.log(`pages: ${info.pages.length} (${info.pages[0].name} … ${info.pages.at(-1).name}), `
        + `${(info.pages.reduce((n, p) => n + p.bytes, 0) / info.pages.length / 1024).toFixed(0)} KiB of HTML on average; `
        + `not readerable to storydiff: ${unread.join(', ') || 'none'}`);
      for (const p of info.pages) pageTimes.push({ name: p.name, analyse: [], readability: [], parsed: [], textOnly: [] });
    }
    const SEED_ORDER = ['stored', 'library', 'jsdiff'];
    const PAGE_ORDER = ['analyse', 'readability', 'parsed', 'textOnly'];
    for (let round = -WARM; round < RUNS; round++) {
      const n = round + WARM;
      if (info.seeds) {
        const out = await page.evaluate((order) => globalThis.bench.seedRound(order), rotate(SEED_ORDER, n));
        if (round >= 0) for (const [name, value] of Object.entries(out)) (seedTimes[name] ??= []).push(value);
      }
      if (info.pages) {
        for (let i = 0; i < pageTimes.length; i++) {
          const out = await page.evaluate((at, order) => globalThis.bench.pageRound(at, order), i, rotate(PAGE_ORDER, n + i));
          if (round >= 0) for (const [name, value] of Object.entries(out)) pageTimes[i][name].push(value);
        }
      }
    }

    console.log('');
    console.log('| job | storydiff (wasm) median / p90 | peer median / p90 | peer ÷ storydiff (medians) |');
    console.log('|---|---|---|---|');
    if (info.seeds) {
      const peer = seedTimes.jsdiff;
      for (const [name, label] of [['library', 'library `compare` by id (the extension now)'], ['stored', '`compare` from stored text']]) {
        const t = seedTimes[name];
        console.log(`| seed 000 vs 4 versions: ${label} vs jsdiff \`diffWords\` ×4 | ${ms(median(t))} / ${ms(quantile(t, 0.9))} ms | `
          + `${ms(median(peer))} / ${ms(quantile(peer, 0.9))} ms | ${(median(peer) / median(t)).toFixed(1)}× |`);
      }
    }
    if (info.pages) {
      // Per page: the median of its runs; then the median and p90 over the pages.
      const per = (name) => pageTimes.map((p) => median(p[name]));
      const [a, r, d] = [per('analyse'), per('readability'), per('parsed')];
      const ratios = (peer) => peer.map((v, i) => v / a[i]);
      console.log(`| extract a page (${pageTimes.length} pages; per page the median of ${RUNS}): \`analyse\` vs Readability on a cloned DOM | `
        + `${ms(median(a))} / ${ms(quantile(a, 0.9))} ms | ${ms(median(r))} / ${ms(quantile(r, 0.9))} ms | ${median(ratios(r)).toFixed(2)}× (median of per-page ratios) |`);
      console.log(`| the same, Readability timed with DOMParser of the HTML string | ${ms(median(a))} / ${ms(quantile(a, 0.9))} ms | `
        + `${ms(median(d))} / ${ms(quantile(d, 0.9))} ms | ${median(ratios(d)).toFixed(2)}× |`);
      const sum = (values) => values.reduce((x, y) => x + y, 0);
      console.log(`| all ${pageTimes.length} pages, sum of per-page medians | ${ms(sum(a))} ms | ${ms(sum(r))} ms (with DOMParser ${ms(sum(d))} ms) | ${(sum(r) / sum(a)).toFixed(2)}× |`);
      const t = per('textOnly');
      const rest = a.map((v, i) => Math.max(0, v - t[i]));
      console.log('');
      console.log('Where the wasm time goes in `analyse` of a page (per page the median of its runs; median / p90 over the pages; sum):');
      console.log('');
      console.log('| part | median / p90 | sum over the pages | share of `analyse` |');
      console.log('|---|---|---|---|');
      console.log(`| \`analyse\` of the page's HTML, all of it | ${ms(median(a))} / ${ms(quantile(a, 0.9))} ms | ${ms(sum(a))} ms | 100 % |`);
      console.log(`| \`analyse\` of the extracted text alone (sentences, facts, tokens, the JS object) | ${ms(median(t))} / ${ms(quantile(t, 0.9))} ms | ${ms(sum(t))} ms | ${((100 * sum(t)) / sum(a)).toFixed(0)} % |`);
      console.log(`| the difference: parsing the HTML and extracting (what Readability does) | ${ms(median(rest))} / ${ms(quantile(rest, 0.9))} ms | ${ms(sum(rest))} ms | ${((100 * sum(rest)) / sum(a)).toFixed(0)} % |`);
      console.log(`| Readability on a cloned DOM, for comparison with the difference | ${ms(median(r))} / ${ms(quantile(r, 0.9))} ms | ${ms(sum(r))} ms | Readability ÷ difference, median per page: ${median(r.map((v, i) => v / Math.max(rest[i], 0.001))).toFixed(2)}× |`);
    }
    if (info.seeds) {
      console.log('');
      console.log('Where the wasm time goes on seed 000 (each step timed alone, median / p90):');
      console.log('');
      console.log('| step | median / p90 |');
      console.log('|---|---|');
      const steps = [
        ['analyseHtml', '`analyse` of 000 as the served article page (HTML)'],
        ['analyseText', '`analyse` of 000\'s stored text'],
        ['libraryAdd', '`library.add` of 000 (the library analyses the stored version again)'],
        ['libraryOne', '`library.compare` against 1 version (001)'],
        ['library', '`library.compare` against 4 versions'],
        ['stored', '`compare` from stored text, 4 versions (5 articles analysed + compared)'],
        ['cloneReport', '`structuredClone` of the 4-version report (a stand-in for building it as JS objects)'],
      ];
      for (const [name, label] of steps) console.log(`| ${label} | ${ms(median(seedTimes[name]))} / ${ms(quantile(seedTimes[name], 0.9))} ms |`);
    }
    if (info.seeds && process.argv.includes('--profile')) await profileLibrary(page);
    if (info.pages && process.argv.includes('--per-page')) {
      console.log('');
      console.log('| page | analyse | of which the text alone | Readability (clone) | DOMParser + Readability |');
      console.log('|---|---|---|---|---|');
      for (const p of pageTimes) {
        console.log(`| ${p.name} | ${ms(median(p.analyse))} | ${ms(median(p.textOnly))} | ${ms(median(p.readability))} | ${ms(median(p.parsed))} |`);
      }
    }
  } finally {
    await session.close();
    await server.close();
  }
}

await main();
