// The page side of benches/peers.mjs: storydiff's wasm (pkg/, wasm-bindgen
// --target web) and the libraries a developer would pick instead (jsdiff's
// diffWords, Readability.js), loaded into one Chromium page and timed there
// on the same inputs. The Node side serves this page, calls `bench.setup()`
// once, then one round after another (`bench.seedRound`, `bench.pageRound`),
// each timing every tool once, in an order it alternates.
//
// Globals from classic scripts loaded before this module: `Diff` (jsdiff's
// UMD build) and `Readability` (@mozilla/readability's Readability.js).
import init, { analyse, compare, Library } from '/pkg/storydiff.js';

const { Diff, Readability } = globalThis;

/** Milliseconds `fn` takes, and what it returned. */
function timed(fn) {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

// --- seed 000 against its four other versions ---------------------------------------
let seeds = null;

/** What the extension's library takes of a version (background.js `versionOf`). */
const versionOf = (id, text, stored) => ({
  id, key: `https://outlet-${id}.example/story`, revision: 1, hash: '',
  title: stored.title, published: stored.published, byline: stored.byline, site: stored.site, text,
});

async function setupSeeds(names, currentHtml) {
  const texts = await Promise.all(names.map(async (name) => (await fetch(`/seeds/${encodeURIComponent(name)}`)).text()));
  // Stored as the extension stores a version: the analysed text and its metadata.
  const stored = texts.map((text, i) => {
    const id = names[i].slice(0, 3);
    const a = analyse(text, 'text', id);
    return { id, title: a.title ?? null, published: a.published ?? null, byline: a.byline ?? null, site: a.site ?? null, text: a.text };
  });
  const [current, ...versions] = stored;
  const library = new Library();
  for (const s of stored) library.add(versionOf(s.id, s.text, s));
  const matches = library.matches(current.id, versions.map((v) => v.id));
  const candidates = library.candidates(current.id, { revisions: [{ id: current.id, key: versionOf(current.id, '', current).key, revision: 1, hash: '' }], links: [] }, matches);
  const included = candidates.filter((c) => c.included).map((c) => c.id);
  const report = library.compare(current.id, candidates);
  const fromStored = compare(current, versions);
  seeds = { names, current, versions, library, candidates, currentHtml, fresh: 0 };
  return {
    words: stored.map((s) => s.text.split(/\s+/).filter(Boolean).length),
    sentences: [report.current.sentences.length, ...report.versions.map((v) => v.sentences.length)],
    candidates: candidates.map(({ id, reason, included: inc, similarity }) => ({ id, reason, included: inc, similarity })),
    included,
    findings: { library: report.findings.length, fromStored: fromStored.findings.length },
    reportChars: JSON.stringify(report).length,
    jsdiffChanges: versions.map((v) => Diff.diffWords(current.text, v.text).filter((c) => c.added || c.removed).length),
  };
}

/**
 * One round of the seed job, every tool once in `order`: `stored` (compare
 * from stored text: every article analysed again, then compared), `library`
 * (the extension's path: the library holds the five analysed, compare by id),
 * `jsdiff` (diffWords of the current text against each version's). Then the
 * sub-steps of the extension's reading of page 000, for where the time goes.
 */
function seedRound(order) {
  const { current, versions, library, candidates, currentHtml } = seeds;
  const jobs = {
    stored: () => compare(current, versions),
    library: () => library.compare(current.id, candidates),
    jsdiff: () => versions.map((v) => Diff.diffWords(current.text, v.text)),
  };
  const out = {};
  let report = null;
  for (const name of order) {
    const { ms, value } = timed(jobs[name]);
    out[name] = ms;
    if (name === 'library') report = value;
  }
  // Sub-steps of reading 000 in the extension (background.js storePage and
  // reportFor), each timed alone: analyse the page's HTML, the library's
  // analysis of the stored version (`add`, under a new id so it is done
  // again), and against one version only. A structured clone of the report
  // is a stand-in for building it as JS objects (it is not what the wasm
  // face does, which serializes with serde_wasm_bindgen, but builds as many
  // objects and strings).
  out.analyseHtml = timed(() => analyse(currentHtml, 'html', 'https://newsroll.example/000')).ms;
  out.analyseText = timed(() => analyse(current.text, 'text', 'https://newsroll.example/000')).ms;
  seeds.fresh += 1;
  const id = `${current.id}-again-${seeds.fresh}`;
  out.libraryAdd = timed(() => library.add(versionOf(id, current.text, current))).ms;
  library.remove(id);
  const first = candidates.filter((c) => !c.included || c.id === candidates.find((d) => d.included)?.id);
  out.libraryOne = timed(() => library.compare(current.id, first)).ms;
  out.cloneReport = timed(() => structuredClone(report)).ms;
  return out;
}

// --- extraction of real pages --------------------------------------------------------
let pages = [];

async function setupPages(names) {
  pages = await Promise.all(names.map(async (name) => {
    const html = await (await fetch(`/pages/${encodeURIComponent(name)}/`)).text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return { name, html, doc, url: `${location.origin}/pages/${encodeURIComponent(name)}/` };
  }));
  return pages.map((p) => {
    const a = analyse(p.html, 'html', p.url);
    p.text = a.text ?? '';
    const r = new Readability(p.doc.cloneNode(true)).parse();
    return {
      name: p.name, bytes: p.html.length, readerable: a.readerable,
      storydiffChars: a.text?.length ?? 0, readabilityChars: r?.textContent?.length ?? 0,
    };
  });
}

/**
 * One round on page `i`, each tool once in `order`: `analyse` (the HTML
 * string through storydiff's wasm as the background calls it: parse,
 * extract, analyse), `readability` (Readability on a clone of a DOM of the
 * page already parsed: what a content script would run on `document`),
 * `parsed` (DOMParser of the HTML string, then the same: the like of what
 * `analyse` starts from), and `textOnly` (`analyse` of the text `analyse`
 * extracted from the page, as plain text: the analysis part, sentences,
 * facts, tokens and the JS object, which Readability does not do).
 */
function pageRound(i, order) {
  const page = pages[i];
  const jobs = {
    analyse: () => analyse(page.html, 'html', page.url),
    readability: () => new Readability(page.doc.cloneNode(true)).parse(),
    parsed: () => new Readability(new DOMParser().parseFromString(page.html, 'text/html')).parse(),
    textOnly: () => analyse(page.text, 'text', page.url),
  };
  const out = {};
  for (const name of order) out[name] = timed(jobs[name]).ms;
  return out;
}

async function setup() {
  await init();
  const inputs = await (await fetch('/inputs.json')).json();
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated,
    userAgent: navigator.userAgent,
    seeds: inputs.seeds ? await setupSeeds(inputs.seeds, inputs.currentHtml) : null,
    pages: inputs.pages ? await setupPages(inputs.pages) : null,
  };
}

/** `library.compare` of seed 000 against its 4 versions, `times` times (for a CPU profile). */
function repeatLibrary(times) {
  for (let i = 0; i < times; i++) seeds.library.compare(seeds.current.id, seeds.candidates);
}

globalThis.bench = { setup, seedRound, pageRound, repeatLibrary };
globalThis.benchLoaded = true;
