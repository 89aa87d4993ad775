// The extension on 130 real pages (../shared/pages/readability, skipped with a
// message when absent), in Debian's Chromium with dist/chrome:
// - anchoring: each article page is read once, a version of it with two
//   sentences deleted, a number changed and a sentence inserted is stored, and
//   the page is read again: every finding must be placed in the live DOM on
//   the text it is about (at least 99% of them; the misses are listed);
// - safety: no exception the page did not have without the extension, no
//   element moved or resized by the highlights, hiding them gives back the DOM
//   exactly, and the page's own scripts find none of the findings;
// - capture: pages Readability calls not readerable are not stored; the text
//   read from the live DOM scores against expected.txt as the saved files do;
// - timing: from the page's load event to the highlights drawn, per page.
// Figures and misses go to test-output/pages/summary.json.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPlainChromium, launchWithExtension, openExtensionPage } from './lib/browsers.js';
import { HOST_RULES, PAGES_DIR, loadPages, startPagesServer } from './lib/pages-server.js';
import { ask, tabIdOf } from './lib/extension.js';
import { waitFor } from './lib/wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distRoot = process.env.STORYDIFF_E2E_DIST ? path.resolve(process.env.STORYDIFF_E2E_DIST) : path.join(root, 'dist');
const DIST = path.join(distRoot, 'chrome');
const pages = loadPages();
const skip = pages.length ? false : `${PAGES_DIR} is absent: the real-page checks need the shared pages`;
if (skip) console.log(`SKIPPED: ${skip}`);

const ANCHORED_SHARE = 0.99;
// Pages whose edited copy the story index must find as the same story. Not
// all: the lorem ipsum fixtures store some forty near-identical texts, more
// than a lookup scores exactly, and which of them it scores is a near tie.
// Found counts `matched` and `same-text` alike: both are the matcher's "same
// story". Pages with one text (rtl-1 to rtl-4; lifehacker-working and
// lifehacker-post-comment-load) give edited copies of one text too, and the
// second of those is rightly listed as the same text as the one compared
// (it was counted as not found: 110 of 114, at 0.96).
const FOUND_SHARE = 0.99;
// The text the extension reads from the live DOM, against Readability's
// expected text (4-word shingles, as `storydiff eval-pages` scores the saved
// files): the same algorithm, so about the same figure.
const BROWSER_F1 = 0.95;
// How long a page may take to be captured and drawn (a reader waits this long at worst).
const DRAW_TIMEOUT = 20_000;
// How long a page's own scripts are watched for changing the page by themselves.
const SETTLE_MS = 1_000;
// A page whose checks take longer than this is given up (and reported).
const PAGE_TIMEOUT = 90_000;
const INSERTED = 'Officials in the small town of Ostravia confirmed on Tuesday that the independent inquiry would continue for another seven months.';

// --- what a page's own script can see (run in the page's main world) ---------------
function pageSnapshot() {
  const boxes = [];
  for (const element of document.body?.querySelectorAll('*') ?? []) {
    if (boxes.length >= 4000) break;
    const r = element.getBoundingClientRect();
    boxes.push([element.tagName, Math.round(r.x + scrollX), Math.round(r.y + scrollY), Math.round(r.width), Math.round(r.height)]);
  }
  return {
    html: document.documentElement.outerHTML,
    // What the page owns: the overlay's one host element sits outside both.
    headAndBody: (document.head?.outerHTML ?? '') + (document.body?.outerHTML ?? ''),
    rootChildren: Array.from(document.documentElement.children, (child) => child.tagName),
    boxes,
  };
}

function pageLook(texts) {
  const html = document.documentElement.outerHTML;
  const openRoots = [];
  for (const element of document.querySelectorAll('*')) {
    if (element.shadowRoot && texts.some((t) => element.shadowRoot.innerHTML.includes(t))) openRoots.push(element.tagName);
  }
  return {
    cssHighlights: typeof CSS !== 'undefined' && CSS.highlights ? CSS.highlights.size : 0,
    marks: document.querySelectorAll('mark').length,
    counts: texts.map((t) => html.split(t).length - 1),
    openRoots,
  };
}

function loadEventEnd() {
  return performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? null;
}

// --- the stored version: the page's own text, edited -------------------------------
/** Two sentences deleted, one number changed, one sentence inserted; null for texts too short to edit. */
function editedText(text, sentences) {
  const usable = sentences.filter((s) => s.text.split(/\s+/).length >= 6);
  if (usable.length < 6) return null;
  const deleted = [usable[Math.floor(usable.length / 3)], usable[Math.floor((2 * usable.length) / 3)]];
  const insertAfter = usable[Math.floor(usable.length / 2)];
  const numbered = usable.find((s) => !deleted.includes(s) && s !== insertAfter && /\d{2,}/.test(s.text));
  const edits = deleted.map((s) => ({ start: s.span.start, end: s.span.end, with: '' }));
  edits.push({ start: insertAfter.span.end, end: insertAfter.span.end, with: ` ${INSERTED}` });
  if (numbered) {
    const sentence = text.slice(numbered.span.start, numbered.span.end);
    const m = /\d{2,}/.exec(sentence);
    const at = numbered.span.start + m.index;
    edits.push({ start: at, end: at + m[0].length, with: String(Number(m[0]) + 7) });
  }
  let edited = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    edited = edited.slice(0, edit.start) + edit.with + edited.slice(edit.end);
  }
  return edited;
}

const fold = (text) =>
  (text ?? '')
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u02bc]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/** Lower-cased words (letters, marks, digits), as src/eval.rs cuts them. */
const words = (text) => (text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []);

function shingles(text) {
  const list = words(text);
  const bag = new Map();
  const size = Math.min(4, list.length);
  for (let i = 0; size && i + size <= list.length; i++) {
    const key = list.slice(i, i + size).join(' ');
    bag.set(key, (bag.get(key) ?? 0) + 1);
  }
  return bag;
}

/** Precision and recall of `got` against `expected` over 4-shingles. */
function precisionRecall(got, expected) {
  const [g, e] = [shingles(got), shingles(expected)];
  const total = (bag) => [...bag.values()].reduce((a, b) => a + b, 0);
  const [gt, et] = [total(g), total(e)];
  if (!gt || !et) return gt === et ? [1, 1] : [0, gt ? 1 : 0];
  let common = 0;
  for (const [key, n] of g) common += Math.min(n, e.get(key) ?? 0);
  return [common / gt, common / et];
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};

/** Watches a page's exceptions in every world (the page's and the content script's); dismisses its dialogs. */
async function watchExceptions(page) {
  const seen = [];
  // An alert() would block every later evaluation in the page.
  page.on('dialog', (dialog) => dialog.dismiss().catch(() => {}));
  const cdp = await page.createCDPSession();
  cdp.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => {
    seen.push(`${d.exception?.description?.split('\n')[0] ?? d.text} @ ${d.url ?? ''}`.slice(0, 300));
  });
  await cdp.send('Runtime.enable');
  return seen;
}

describe('storydiff on 130 real pages in chromium', { skip, timeout: 40 * 60_000 }, () => {
  let server;
  let plain;
  let session;
  let control;
  let outDir;
  const results = [];

  before(async () => {
    assert.ok(existsSync(path.join(DIST, 'manifest.json')), `${DIST}/manifest.json is missing: run ./build.sh first`);
    outDir = path.join(root, 'test-output/pages');
    await mkdir(outDir, { recursive: true });
    server = await startPagesServer(pages);
    plain = await launchPlainChromium({ extraArgs: [HOST_RULES] });
    session = await launchWithExtension('chromium', DIST, { extraArgs: [HOST_RULES] });
    control = await openExtensionPage(session, 'panel.html');
  });

  after(async () => {
    if (outDir) await writeFile(path.join(outDir, 'summary.json'), `${JSON.stringify(summary(results), null, 1)}\n`);
    await session?.close();
    await plain?.close();
    await server?.close();
  });

  /** The page without the extension: its own exceptions and whether it changes itself after load. */
  async function baseline(url) {
    const page = await plain.browser.newPage();
    try {
      const errors = await watchExceptions(page);
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      const first = await page.evaluate(pageSnapshot);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const later = await page.evaluate(pageSnapshot);
      // The root's own children without the extension: since it reads a page
      // as soon as its text is there, it may have drawn before `load`.
      const rootChildren = [first.rootChildren, later.rootChildren].map((children) => JSON.stringify(children));
      return { errors, selfChanging: first.html !== later.html, rootChildren };
    } finally {
      await page.close();
    }
  }

  const overlayOf = (tabId) => ask(control, 'overlay:state', { tabId });

  /** Opens `url` in a new tab and waits until the extension has decided about it. */
  async function visit(url) {
    const page = await session.browser.newPage();
    const errors = await watchExceptions(page);
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    const atLoad = await page.evaluate(pageSnapshot);
    const tabId = await waitFor(
      async () => {
        await page.bringToFront();
        const tabs = await control.evaluate(async () => (await globalThis.chrome.tabs.query({ active: true })).map((t) => t.id));
        return tabs.length === 1 ? tabs[0] : false;
      },
      { timeout: 10_000, message: `no active tab for ${url}` },
    );
    const state = await waitFor(
      async () => {
        const s = await overlayOf(tabId);
        return s.capture.state !== 'pending' ? s : false;
      },
      { timeout: DRAW_TIMEOUT, message: `the extension did not decide about ${url}` },
    );
    return { page, tabId, errors, atLoad, state };
  }

  async function checkArticle(entry, record) {
    // First reading: the page is stored, and its text as the engine read it is known.
    const first = await visit(entry.url);
    record.capture = first.state.capture.state;
    if (first.state.capture.state !== 'stored') {
      record.problems.push(`not stored: ${first.state.capture.state} (${first.state.capture.reason})`);
      await first.page.close();
      return;
    }
    await tabIdOf(control, first.page, entry.url);
    const { report } = await ask(control, 'panel:state', { tabId: first.tabId });
    await first.page.close();
    const expectedFile = path.join(PAGES_DIR, entry.name, 'expected.txt');
    if (existsSync(expectedFile)) {
      [record.precision, record.recall] = precisionRecall(report.current.text, readFileSync(expectedFile, 'utf8'));
    }
    const edited = editedText(report.current.text, report.current.sentences);
    if (!edited) {
      record.skipped = 'too short to edit';
      return;
    }
    const id = `edited-${entry.name}`;
    await ask(control, 'store:import', {
      data: {
        format: 'storydiff-store',
        formatVersion: 1,
        versions: [{ id, url: `https://edited.example/${entry.name}`, key: `https://edited.example/${entry.name}`, site: 'edited.example',
          title: report.current.title ?? null, byline: null, published: null, captured: new Date().toISOString(), text: edited,
          hash: id, revision: 1, manual: true }],
        links: [],
      },
    });

    // Second reading, with the edited version stored: what a reader sees.
    const second = await visit(entry.url);
    const { page, tabId } = second;
    try {
      const state = await waitFor(
        async () => {
          const s = await overlayOf(tabId);
          return s.capture.reported != null ? s : false;
        },
        { timeout: DRAW_TIMEOUT, message: 'no findings reached the page' },
      ).catch(async (error) => {
        const why = await ask(control, 'panel:state', { tabId }).catch(() => null);
        const versions = why?.report?.versions?.map((v) => `${v.id} ${v.same_story ? 'same' : 'other'} ${v.similarity}`) ?? [];
        record.problems.push(`${error.message}; compared with [${versions.join(', ')}], ${why?.report?.findings?.length ?? '?'} findings`);
        return null;
      });
      if (!state) return;
      // Some pages hide their body until their own remote scripts run (none
      // load here): a reader would see nothing, so there is nothing to anchor to.
      const shownChars = await page.evaluate(() => document.body.innerText.trim().length);
      if (shownChars < 200) {
        record.skipped = `shows ${shownChars} characters without its remote scripts`;
        return;
      }
      const loaded = await page.evaluate(loadEventEnd);
      record.loadToDrawnMs = loaded == null || state.capture.drawn == null ? null : Math.round(state.capture.drawn - loaded);
      if (!state.visible) record.problems.push('findings reached the page but nothing was drawn');
      const panelState = await ask(control, 'panel:state', { tabId });
      const findings = panelState.report.findings;
      // Found as the same story. (Compared, too, unless more than the compare
      // limit of closer versions were found: the lorem ipsum fixtures.)
      const candidate = panelState.candidates.find((c) => c.id === id);
      record.foundEdited = candidate?.reason === 'matched' || candidate?.reason === 'same-text';
      record.comparedEdited = panelState.report.versions.some((v) => v.id === id && v.same_story);
      // Anchoring: every finding placed, each highlight on its own text.
      const placeable = findings.map((f, index) => ({ f, index })).filter(({ f }) => f.kind !== 'metadata' && (f.kind === 'missing' || f.here));
      record.findings = placeable.length;
      record.kinds = Object.fromEntries(['missing', 'differs', 'unique', 'variant'].map((k) => [k, placeable.filter(({ f }) => f.kind === k).length]));
      for (const index of state.unanchored) {
        record.unanchored.push({ index, kind: findings[index].kind, text: (findings[index].here ?? findings[index].there ?? '').slice(0, 120), reason: 'not found in the page' });
      }
      for (const highlight of state.highlights) {
        const finding = findings[highlight.index];
        if (fold(highlight.text) !== fold(finding.here)) {
          record.unanchored.push({ index: highlight.index, kind: finding.kind, text: finding.here.slice(0, 120), reason: `placed on other text: ${highlight.text.slice(0, 120)}` });
        }
      }
      // Safety: nothing the page can read, no layout change, the DOM given back exactly.
      const texts = [...new Set(findings.flatMap((f) => [f.here, f.there]).filter((t) => t && t.length >= 8))].slice(0, 60);
      const seen = await page.evaluate(pageLook, texts);
      const atLoadCounts = texts.map((t) => second.atLoad.html.split(t).length - 1);
      const added = texts.filter((t, i) => seen.counts[i] > atLoadCounts[i]);
      if (seen.cssHighlights || seen.marks || seen.openRoots.length || added.length) {
        record.visible.push({ cssHighlights: seen.cssHighlights, marks: seen.marks, openRoots: seen.openRoots, added: added.map((t) => t.slice(0, 80)) });
      }
      // One show/hide cycle: the boxes that moved, and the page's tree.
      const cycle = async () => {
        const shown = await page.evaluate(pageSnapshot);
        await ask(control, 'overlay:toggle', { tabId, visible: false });
        await waitFor(async () => (await overlayOf(tabId)).visible === false, { timeout: 5_000, message: 'the toggle did not hide the highlights' });
        const hidden = await page.evaluate(pageSnapshot);
        const moved = shown.boxes.filter((box, i) => JSON.stringify(box) !== JSON.stringify(hidden.boxes[i])).length
          + Math.abs(shown.boxes.length - hidden.boxes.length);
        return { moved, treeKept: hidden.headAndBody === shown.headAndBody, hidden };
      };
      let seenCycle = await cycle();
      if (seenCycle.moved || !seenCycle.treeKept) {
        // A page's own timers (a rotating teaser, a late ad) may change it
        // between the two snapshots: what the highlights change, they change
        // again on a second cycle.
        await ask(control, 'overlay:toggle', { tabId, visible: true });
        await waitFor(async () => (await overlayOf(tabId)).visible === true, { timeout: 5_000, message: 'the toggle did not show the highlights again' });
        seenCycle = await cycle();
      }
      const { moved, treeKept, hidden } = seenCycle;
      if (moved) record.layoutChanged = moved;
      // Hiding leaves the page's own tree as it was while shown (the moments
      // apart are too short for the page's timers), and no element of ours:
      // the root's children as the page has them without the extension
      // (the baseline's; checked once it is in, below).
      record.treeKept = treeKept;
      record.hiddenRootChildren = JSON.stringify(hidden.rootChildren);
      record.sameAsAtLoad = hidden.html === second.atLoad.html;
      record.errors = [...first.errors, ...second.errors];
    } finally {
      await page.close();
    }
  }

  async function checkNonArticle(entry, record) {
    const { page, state, errors } = await visit(entry.url);
    try {
      record.capture = state.capture.state;
      record.errors = errors;
      if (state.capture.state === 'stored' || state.visible) record.problems.push(`treated as an article (${state.capture.state})`);
      const stored = await ask(control, 'versions:list');
      if (stored.some((v) => v.url === entry.url)) record.problems.push('stored as a version');
    } finally {
      await page.close();
    }
  }

  test('every page: findings anchored, page left as it was, non-articles left alone', async () => {
    for (const entry of server.pages) {
      const record = { name: entry.name, readerable: entry.readerable, problems: [], unanchored: [], visible: [], errors: [] };
      results.push(record);
      const base = baseline(entry.url).catch((error) => ({ errors: [`baseline failed: ${error.message}`], selfChanging: true }));
      let timer;
      const givenUp = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`gave up after ${PAGE_TIMEOUT / 1000} s`)), PAGE_TIMEOUT);
      });
      try {
        await Promise.race([entry.readerable ? checkArticle(entry, record) : checkNonArticle(entry, record), givenUp]);
      } catch (error) {
        record.problems.push(`check failed: ${error.message}`);
        for (const open of await session.browser.pages()) {
          if (open !== control) await open.close().catch(() => {});
        }
      } finally {
        clearTimeout(timer);
      }
      const { errors: own, selfChanging, rootChildren } = await base;
      record.selfChanging = selfChanging;
      if (record.treeKept !== undefined) {
        record.domRestored = record.treeKept && (rootChildren ?? []).includes(record.hiddenRootChildren);
      }
      delete record.treeKept;
      delete record.hiddenRootChildren;
      const ownSet = new Set(own);
      record.newErrors = record.errors.filter((e) => !ownSet.has(e));
      console.log(
        `${entry.name}: ${record.capture ?? '-'}${record.skipped ? ` (${record.skipped})` : ''}, findings ${record.findings ?? '-'}, ` +
          `unanchored ${record.unanchored.length}, load→drawn ${record.loadToDrawnMs ?? '-'} ms` +
          `${record.problems.length ? `, problems: ${record.problems.join('; ')}` : ''}`,
      );
    }
    const s = summary(results);
    console.log(`pages: ${s.pages} (articles ${s.articles}, ${s.edited} read against an edited copy, found as the same story on ${s.editedFound}, compared on ${s.editedCompared}); findings ${s.findings}, anchored ${s.anchored} (${(100 * s.anchoredShare).toFixed(2)}%)`);
    console.log(`text read in the browser against expected.txt: P ${s.browserText.precision.toFixed(4)} R ${s.browserText.recall.toFixed(4)} F1 ${s.browserText.f1.toFixed(4)} over ${s.browserText.pages} pages`);
    console.log(`load → highlights drawn: median ${s.loadToDrawnMs.median} ms, worst ${s.loadToDrawnMs.worst} ms (${s.loadToDrawnMs.worstPage}) over ${s.loadToDrawnMs.pages} pages`);
    const failures = [];
    if (s.browserText.pages && s.browserText.f1 < BROWSER_F1) failures.push(`text read in the browser: F1 ${s.browserText.f1.toFixed(4)} < ${BROWSER_F1}`);
    if (s.editedFound < FOUND_SHARE * s.edited) failures.push(`the edited copy was found as the same story on ${s.editedFound} of ${s.edited} pages; not on ${JSON.stringify(s.editedNotFound)}`);
    if (s.anchoredShare < ANCHORED_SHARE) failures.push(`anchored ${(100 * s.anchoredShare).toFixed(2)}% < ${100 * ANCHORED_SHARE}%: ${JSON.stringify(s.unanchored.slice(0, 20))}`);
    for (const [what, list] of Object.entries(s.failing)) {
      if (list.length) failures.push(`${what}: ${JSON.stringify(list.slice(0, 20))}`);
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });
});

/** The figures over all pages, and each kind of failure by page. */
function summary(results) {
  const articles = results.filter((r) => r.readerable);
  const findings = articles.reduce((sum, r) => sum + (r.findings ?? 0), 0);
  const unanchored = articles.flatMap((r) => r.unanchored.map((u) => ({ page: r.name, ...u })));
  const timings = articles.filter((r) => r.loadToDrawnMs != null);
  const worst = timings.reduce((w, r) => (w && w.loadToDrawnMs >= r.loadToDrawnMs ? w : r), null);
  const scored = articles.filter((r) => r.precision != null);
  const mean = (pick) => scored.reduce((sum, r) => sum + pick(r), 0) / Math.max(1, scored.length);
  const [precision, recall] = [mean((r) => r.precision), mean((r) => r.recall)];
  return {
    pages: results.length,
    browserText: { pages: scored.length, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 },
    articles: articles.length,
    edited: articles.filter((r) => r.findings != null).length,
    editedCompared: articles.filter((r) => r.comparedEdited).length,
    editedFound: articles.filter((r) => r.foundEdited).length,
    editedNotFound: articles.filter((r) => r.findings != null && !r.foundEdited).map((r) => r.name),
    skipped: articles.filter((r) => r.skipped).map((r) => `${r.name}: ${r.skipped}`),
    findings,
    anchored: findings - unanchored.length,
    anchoredShare: findings ? (findings - unanchored.length) / findings : 1,
    unanchored,
    kinds: articles.reduce((sum, r) => {
      for (const [k, n] of Object.entries(r.kinds ?? {})) sum[k] = (sum[k] ?? 0) + n;
      return sum;
    }, {}),
    loadToDrawnMs: { pages: timings.length, median: median(timings.map((r) => r.loadToDrawnMs)), worst: worst?.loadToDrawnMs ?? null, worstPage: worst?.name ?? null },
    failing: {
      'pages with problems': results.filter((r) => r.problems.length).map((r) => ({ page: r.name, problems: r.problems })),
      'new exceptions with the extension': results.filter((r) => r.newErrors?.length).map((r) => ({ page: r.name, errors: r.newErrors })),
      'layout changed by the highlights': results.filter((r) => r.layoutChanged).map((r) => ({ page: r.name, elements: r.layoutChanged })),
      'DOM not restored after hiding': results.filter((r) => r.domRestored === false).map((r) => r.name),
      'findings visible to the page': results.filter((r) => r.visible.length).map((r) => ({ page: r.name, seen: r.visible })),
    },
    selfChanging: results.filter((r) => r.selfChanging).map((r) => r.name),
    // Pages whose DOM after hiding is not the one at load: the page's own doing
    // (the check above is on what the extension changed).
    changedSinceLoad: results.filter((r) => r.sameAsAtLoad === false).map((r) => r.name),
    perPage: results.map(({ name, readerable, capture, findings: n, unanchored: u, loadToDrawnMs, skipped: why, precision: p, recall: r }) => ({
      name, readerable, capture, findings: n ?? null, unanchored: u.length, loadToDrawnMs: loadToDrawnMs ?? null, skipped: why ?? null,
      precision: p ?? null, recall: r ?? null,
    })),
  };
}
