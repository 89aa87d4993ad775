// Issue 11, the panel and the page at a glance, in one real browser: text in
// side-by-side rows, a readable fact table at 400 px, the summary and the top
// findings on the first screen, a grouped marker's card opened at the finding
// asked for, Enter on a highlight, the panel's states, and axe-core over the
// extension's pages in light and dark. Registered inside storySuite (story.js),
// after the seed story is stored and 000 is open with its panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { openExtensionPage, VIEWPORT } from './lib/browsers.js';
import { forceDark, seriousViolations } from './lib/axe.js';
import { ask, panelFindings, tabIdOf } from './lib/extension.js';
import { waitFor } from './lib/wait.js';

const UI_TIMEOUT = 10_000;
const NARROW = { width: 400, height: 800 };
const sel = (id) => `[data-testid="${id}"]`;

/** Opens the panel's folded group of one kind. */
export function openGroup(panel, kind) {
  return panel.$eval(`${sel('findings-list')} details[data-kind="${kind}"]`, (details) => { details.open = true; });
}

/** The README's legend: its five kinds as [{label, colour, kind}], in its order. */
function readmeLegend() {
  const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');
  return [...readme.matchAll(/^- \*\*(.+?)\*\* \((\w+)\), `(\w+)`/gm)].map(([, label, colour, kind]) => ({ label, colour, kind }));
}

/** The toolbar button of a tab: {text, title}. */
function badgeOf(extensionPage, tabId) {
  return extensionPage.evaluate(async (id) => {
    const action = (globalThis.browser ?? globalThis.chrome).action;
    return { text: await action.getBadgeText({ tabId: id }), title: await action.getTitle({ tabId: id }) };
  }, tabId);
}

/** What the open card reports of its marked item (card.js keeps it in storage.session). */
function cardView(extensionPage) {
  return waitFor(async () => (await extensionPage.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.session.get('cardView')).cardView)) ?? false,
    { timeout: UI_TIMEOUT, message: 'the card reported no view of its marked item' });
}

/**
 * Has the panel draw itself again, as it does on each `report:updated` the
 * background sends (sent here from another extension page: a page does not
 * hear its own messages), and waits until it has: the article's title is a
 * new element. Returns true once it has.
 */
async function forceRerender(session, panel, tabId) {
  await panel.$eval('#article-body .article-title', (title) => { title.dataset.e2eOld = 'true'; });
  const sender = await openExtensionPage(session, 'options.html');
  try {
    await sender.evaluate((id) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'report:updated', payload: { tabId: id } }).catch(() => null), tabId);
  } finally {
    await sender.close();
  }
  return waitFor(() => panel.$eval('#article-body', (body) => {
    const title = body.querySelector('.article-title');
    return Boolean(title) && !title.dataset.e2eOld;
  }), { timeout: UI_TIMEOUT, message: 'the panel did not draw itself again after report:updated' });
}

/** Whether rect `inner` lies within rect `outer` (viewport rects {x, y, width, height}), to half a pixel. */
const within = (inner, outer) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5
  && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

/** The card view card.js reports (cleared first, so what is read is the next card's). */
const clearCardView = (extensionPage) => extensionPage.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.session.remove('cardView'));

export function glanceSuite(ctx) {
  const shotAt = async (page, name, size) => {
    await page.setViewport(size);
    await ctx.shot(page, name);
  };
  // A state of the panel at 400 px and at full width (left at full width):
  // panel-<state>-400.png and panel-<state>-wide.png.
  const shotPanel = async (page, state) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await shotAt(page, `panel-${state}-400`, NARROW);
    await shotAt(page, `panel-${state}-wide`, VIEWPORT);
  };

  // The harbour story (fixtures/harbour), read once when a test first needs
  // it, so each of its tests can also run alone: the first report (nothing to
  // compare it with yet), the second, then the page looked at, with an
  // extension page of its own to ask about that tab: the first-run page, which
  // sends nothing by itself (a panel would, and keep Chrome's service worker
  // awake through the restart test).
  let harbour = null;
  async function readHarbour() {
    if (harbour) return harbour;
    const { session, server } = ctx;
    const helper = await openExtensionPage(session, 'welcome.html');
    const visit = async (page) => {
      const tab = await session.browser.newPage();
      await tab.goto(page.url, { waitUntil: 'load' });
      return { tab, tabId: await tabIdOf(helper, tab, page.url) };
    };
    const first = await visit(server.harbour.first);
    // What the toolbar button said of the first report, before any other was read.
    first.badge = await waitFor(async () => {
      const badge = await badgeOf(helper, first.tabId);
      return badge.text ? badge : false;
    }, { timeout: UI_TIMEOUT, message: 'the toolbar button says nothing of the first harbour report' });
    // Its panel: no other versions yet.
    const alone = await openExtensionPage(session, `panel.html?tab=${first.tabId}`);
    try {
      await waitFor(() => alone.$eval(sel('status'), (p) => p.textContent === 'No other versions of this story yet.'), { timeout: UI_TIMEOUT, message: 'the panel of the first harbour report does not say it has no other versions' });
      await shotPanel(alone, 'no-other-versions');
    } finally {
      await alone.close();
    }
    await first.tab.close();
    const second = await visit(server.harbour.second);
    await second.tab.close();
    const current = await visit(server.harbour.current);
    const overlay = () => ask(helper, 'overlay:state', { tabId: current.tabId });
    harbour = { helper, first, current, overlay };
    return harbour;
  }

  test('glance 1. side by side shows the sentences, never their numbers', async () => {
    const { panel } = ctx;
    await panel.bringToFront();
    const versions = await panel.$$eval('#sbs-select option', (options) => options.map((o) => o.value));
    assert.ok(versions.length >= 4, `side by side offers ${versions.length} versions`);
    for (const version of versions) {
      await panel.select('#sbs-select', version);
      const rows = await panel.$$eval(`${sel('side-by-side')} tbody tr`, (trs) => trs.map((tr) => ({
        cls: tr.className, cells: [...tr.cells].map((td) => td.textContent.trim()),
      })));
      assert.ok(rows.length > 3, `side by side with ${version} has ${rows.length} rows`);
      const unmatched = rows.filter((row) => row.cls === 'only-there' || row.cls === 'only-here');
      assert.ok(unmatched.length > 0, `no unmatched rows with ${version}: nothing checked`);
      for (const row of unmatched) {
        const text = row.cls === 'only-there' ? row.cells[1] : row.cells[0];
        assert.ok(!/^\d*$/.test(text) && text.split(/\s+/).length >= 2, `an unmatched row with ${version} reads ${JSON.stringify(row.cells)}`);
      }
    }
  });

  test('glance 2. the fact table: labels as written, trivial rows folded, no column under 48 px at 400 px', async () => {
    const { panel, server } = ctx;
    await panel.bringToFront();
    await panel.setViewport(NARROW);
    try {
      const table = await panel.$eval(sel('fact-table'), (root) => {
        const first = root.querySelector(':scope > .scroll-x table');
        const rows = first ? [...first.tBodies[0].rows].map((tr) => ({
          label: tr.cells[0].firstChild.textContent,
          cells: [...tr.cells].slice(1).map((td) => ({ text: td.lastChild.textContent, disagree: td.classList.contains('disagree'), variant: td.classList.contains('variant') })),
        })) : [];
        // Every cell drawn (the narrow layout draws no header row).
        const widths = first ? [...first.querySelectorAll('th, td')].filter((cell) => cell.getClientRects().length > 0).map((cell) => cell.getBoundingClientRect().width) : [];
        const folded = root.querySelector('details.same-facts');
        return { rows, widths, foldedOpen: folded?.open ?? null, foldedRows: folded ? folded.querySelectorAll('tbody tr').length : 0 };
      });
      await panel.$eval('#facts-heading', (h) => h.scrollIntoView({ block: 'start' }));
      await ctx.shot(panel, 'panel-facts-400');
      assert.ok(table.rows.length > 0, 'the fact table shows no row that differs');
      const texts = server.pages.map((p) => p.html).join('\n');
      for (const row of table.rows) assert.ok(texts.includes(row.label), `the fact label "${row.label}" is in no version's text`);
      for (const row of table.rows) {
        const given = new Set(row.cells.map((c) => c.text).filter((t) => t !== '—'));
        assert.ok(given.size > 1, `the row "${row.label}" is the same in every version yet shown: ${[...given]}`);
      }
      assert.ok(table.foldedRows > 0 && table.foldedOpen === false, 'the facts the same everywhere are not folded away');
      const narrowest = Math.min(...table.widths);
      assert.ok(narrowest >= 48, `a fact table cell is ${narrowest} px wide at 400 px`);
      const lavrov = table.rows.find((row) => /Lavrov/.test(row.label) && row.cells.some((c) => /Serge[iy]/.test(c.text)));
      assert.ok(lavrov, 'no Sergey/Sergei Lavrov row');
      assert.ok(lavrov.cells.every((c) => !c.disagree), 'Sergey/Sergei Lavrov is shown as a disagreement though the engine calls it a variant');
      const containers = table.rows.find((row) => row.cells.some((c) => c.text.includes('several hundred')));
      assert.ok(containers?.cells.some((c) => c.disagree), 'the 1,000 / several hundred containers conflict is not marked');
    } finally {
      await panel.setViewport(VIEWPORT);
    }
  });

  test('glance 3. the first screen at 400 px: the summary line and the top findings, heaviest first', async () => {
    // A fresh panel, as the reader first opens it.
    const panel = await openExtensionPage(ctx.session, `panel.html?tab=${ctx.tabId}`);
    await panel.setViewport(NARROW);
    try {
      await waitFor(async () => (await panel.$$(sel('top-finding'))).length > 0, { timeout: UI_TIMEOUT, message: 'the panel lists no top findings' });
      await panel.evaluate(() => window.scrollTo(0, 0));
      const screen = await panel.evaluate(() => {
        const summary = document.querySelector('[data-testid="summary"]');
        const top = [...document.querySelectorAll('[data-testid="top-finding"]')];
        return {
          summary: summary && !summary.hidden ? summary.textContent : null,
          summaryBottom: summary?.getBoundingClientRect().bottom,
          top: top.map((b) => ({ kind: b.dataset.kind, weight: Number(b.dataset.weight), bottom: b.getBoundingClientRect().bottom })),
          height: innerHeight,
          legend: document.querySelectorAll('[data-testid="legend"] li').length,
        };
      });
      await ctx.shot(panel, 'panel-first-screen-400');
      await shotPanel(panel, 'normal');
      await panel.setViewport(NARROW);
      assert.match(screen.summary ?? '', /^4 other versions \(.+\) · /, `the summary line reads ${JSON.stringify(screen.summary)}`);
      assert.ok(screen.summaryBottom <= screen.height, 'the summary is below the first screen');
      assert.ok(screen.top.length >= 3, `only ${screen.top.length} top findings`);
      const below = screen.top.filter((t) => t.bottom > screen.height);
      assert.deepEqual(below, [], `top findings below the first screen (${screen.height} px)`);
      assert.ok(screen.top.every((t) => t.kind !== 'variant'), 'a variant among the top findings');
      const weights = screen.top.map((t) => t.weight);
      assert.deepEqual(weights, [...weights].sort((a, b) => b - a), `the top findings are not heaviest first: ${weights}`);
      assert.equal(screen.legend, 5, 'the legend does not list the five colours');
      const versionsTop = await panel.$eval('#versions-heading', (h) => h.getBoundingClientRect().top);
      assert.ok(versionsTop < 2.5 * screen.height, `"Versions of this story" starts ${versionsTop} px down at 400 px`);
      const groupsOpen = await panel.$$eval(`${sel('findings-list')} details[open]`, (d) => d.length);
      assert.equal(groupsOpen, 0, 'the findings by kind are not folded on first view');
    } finally {
      await panel.close();
    }
  });

  test('glance 4. a finding inside a grouped marker opens its card scrolled to and marking it', async () => {
    const { panel, article } = ctx;
    await panel.bringToFront();
    await openGroup(panel, 'missing');
    const index = await panel.$$eval(`${sel('findings-list')} ${sel('finding-item')}[data-kind="missing"]`,
      (items) => items.find((b) => b.textContent.includes('Peskov'))?.dataset.index);
    assert.ok(index != null, 'no Peskov finding in the missing group');
    await panel.$eval(`${sel('findings-list')} ${sel('finding-item')}[data-index="${index}"]`, (b) => b.scrollIntoView({ block: 'center' }));
    await panel.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.session.remove('cardView'));
    await panel.click(`${sel('findings-list')} ${sel('finding-item')}[data-index="${index}"]`);
    const card = await waitFor(async () => {
      const s = await ctx.overlay();
      return s.card?.focus === Number(index) ? s.card : false;
    }, { timeout: UI_TIMEOUT, message: `clicking the Peskov finding (${index}) opened no card focused on it` });
    assert.ok(card.indexes.length > 1, 'the Peskov denial is not in a grouped marker: the check proves nothing');
    const view = await cardView(panel);
    assert.ok(view.marked, 'the card marks no item');
    assert.match(view.marked, /Peskov/, `the card marks another item: ${view.marked.slice(0, 80)}`);
    assert.ok(view.inView, 'the marked item is outside the card\'s view (not scrolled to)');
    await article.bringToFront();
    await ctx.shot(article, 'page-000-card-at-peskov');
    await article.keyboard.press('Escape');
  });

  test('glance 5. Enter or Space on a focused highlight opens its card again after Escape; N and P step through the findings', async () => {
    const { panel, article } = ctx;
    await panel.bringToFront();
    await openGroup(panel, 'unique');
    await panel.click(`${sel('findings-list')} ${sel('finding-item')}[data-kind="unique"]`);
    await waitFor(async () => (await ctx.overlay()).card?.kind === 'unique', { timeout: UI_TIMEOUT, message: 'the unique finding opened no card' });
    await article.bringToFront();
    await article.keyboard.press('Escape');
    await waitFor(async () => (await ctx.overlay()).card === null, { timeout: UI_TIMEOUT, message: 'Escape did not close the card' });
    await article.keyboard.press('Enter');
    const card = await waitFor(async () => (await ctx.overlay()).card, { timeout: UI_TIMEOUT, message: 'Enter on the focused highlight did not open its card' });
    assert.equal(card.kind, 'unique');
    await article.keyboard.press('Escape');
    await waitFor(async () => (await ctx.overlay()).card === null, { timeout: UI_TIMEOUT, message: 'Escape did not close the card' });
    await article.keyboard.press(' ');
    const again = await waitFor(async () => (await ctx.overlay()).card, { timeout: UI_TIMEOUT, message: 'Space on the focused highlight did not open its card' });
    // N and P: the next and previous finding in reading order, each with its card.
    await article.keyboard.press('n');
    const next = await waitFor(async () => {
      const c = (await ctx.overlay()).card;
      return c && c.indexes.join() !== again.indexes.join() ? c : false;
    }, { timeout: UI_TIMEOUT, message: 'N on a focused highlight did not move to the next finding' });
    await article.keyboard.press('p');
    await waitFor(async () => (await ctx.overlay()).card?.indexes.join() === again.indexes.join(), {
      timeout: UI_TIMEOUT, message: `P after N did not come back to the unique finding (N went to ${next.indexes})`,
    });
    await article.keyboard.press('Escape');
  });

  test('glance 6. the panel states: a page without an article (added by hand under its own title), paused, hiding remembered', async () => {
    const { session, server, article } = ctx;
    // The council's notice: too short to be read as an article; its menu says "Home".
    const index = await session.browser.newPage();
    await index.goto(server.harbour.notice.url, { waitUntil: 'load' });
    const helper = await openExtensionPage(session, 'panel.html');
    const ids = await (async () => {
      await index.bringToFront();
      return helper.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).tabs.query({ active: true })).map((t) => t.id));
    })();
    await helper.close();
    assert.equal(ids.length, 1, 'no one active tab for the index page');
    let probe = await openExtensionPage(session, `panel.html?tab=${ids[0]}`);
    const settings = await ask(probe, 'settings:get');
    try {
      const read = async () => probe.evaluate(() => ({
        empty: document.querySelector('[data-testid="empty-state"]')?.textContent ?? '',
        adds: document.querySelectorAll('[data-testid="add-to-story"]').length,
        versionsShown: !document.querySelector('#versions-heading').closest('section').hidden,
        toggleDisabled: document.querySelector('[data-testid="toggle-highlights"]').disabled,
        resume: Boolean(document.querySelector('[data-testid="resume"]')),
      }));
      const plain = await waitFor(async () => { const s = await read(); return s.empty ? s : false; }, { timeout: UI_TIMEOUT, message: 'the panel of a page without an article shows no state' });
      await shotPanel(probe, 'no-article');
      assert.match(plain.empty, /No article found on this page/);
      assert.doesNotMatch(plain.empty, /below/, 'the no-article state points to versions that are not there');
      assert.equal(plain.adds, 1, `"Add this page to a story" is shown ${plain.adds} times`);
      assert.equal(plain.versionsShown, false, 'the versions section is shown without an article');
      assert.equal(plain.toggleDisabled, true, '"Show highlights" is enabled with nothing to show');
      // Added by hand: stored under the title the tab shows, less the site's
      // name (not the engine's guess at a page it took for no article).
      await probe.click(sel('add-to-story'));
      const added = await waitFor(async () => {
        const s = await ask(probe, 'panel:state', { tabId: ids[0] });
        const title = await probe.$eval('#article-body', (b) => b.querySelector('.article-title')?.textContent ?? null);
        return s.version && title ? { version: s.version, title } : false;
      }, { timeout: 30_000, message: 'adding the page by hand stored nothing' });
      try {
        assert.equal(added.version.title, 'Ferry timetable changes from 3 March', 'the page added by hand is not stored under its own title');
        assert.equal(added.title, 'Ferry timetable changes from 3 March', 'the panel shows the page added by hand under another title');
        assert.equal(added.version.manual, true);
        // The confirmation stays through the re-renders the background's
        // updates cause (one forced here, from another extension page), until
        // the reader does something else.
        const rerendered = await forceRerender(session, probe, ids[0]);
        assert.ok(rerendered, 'the panel did not draw itself again');
        const status = await probe.$eval(sel('status'), (p) => p.textContent);
        assert.match(status, /^Added\./, `the confirmation is gone once the panel re-rendered: ${status}`);
        await shotPanel(probe, 'added');
      } finally {
        await ask(probe, 'version:delete', { id: added.version.id });
      }
      await ask(probe, 'settings:set', { settings: { paused: true } });
      // Opened again (Firefox's reload of an extension page does not settle over BiDi).
      await probe.close();
      probe = await openExtensionPage(session, `panel.html?tab=${ids[0]}`);
      const paused = await waitFor(async () => { const s = await read().catch(() => null); return s?.resume ? s : false; }, { timeout: UI_TIMEOUT, message: 'the paused panel offers no "Resume reading"' });
      await shotPanel(probe, 'paused');
      assert.match(paused.empty, /paused/);
      assert.doesNotMatch(paused.empty, /has not read this page/i);
    } finally {
      await ask(probe, 'settings:set', { settings }).catch(() => {});
      await probe.close();
      await index.close();
    }
    // Hidden from the panel, the highlights stay hidden when the page is read again.
    const { panel } = ctx;
    await panel.bringToFront();
    await waitFor(async () => !(await panel.$eval(sel('toggle-highlights'), (b) => b.disabled)), { timeout: UI_TIMEOUT, message: 'the toggle is disabled on 000' });
    await panel.click(sel('toggle-highlights'));
    try {
      await waitFor(async () => (await ctx.overlay()).visible === false, { timeout: UI_TIMEOUT, message: 'the toggle did not hide the highlights' });
      await waitFor(async () => (await ask(panel, 'settings:get')).highlights === false, { timeout: UI_TIMEOUT, message: 'hiding from the panel is not remembered' });
      await article.bringToFront();
      await article.reload({ waitUntil: 'load' });
      await waitFor(async () => (await ctx.overlay()).capture?.state === 'stored', { timeout: 30_000, message: 'the reloaded 000 was not read again' });
      assert.equal((await ctx.overlay()).visible, false, 'the hidden highlights came back on reload');
    } finally {
      await ask(panel, 'settings:set', { settings: { highlights: true } });
      await ask(panel, 'overlay:toggle', { tabId: ctx.tabId, visible: true }).catch(() => {});
      await waitFor(async () => (await ctx.overlay()).visible === true, { timeout: UI_TIMEOUT, message: 'the highlights did not come back' });
    }
  });

  test('glance 11. per-site off from the panel, remembered on reload, and undone', async () => {
    const { panel, article } = ctx;
    await panel.bringToFront();
    // The toolbar button's own menu offers the same (its click runs the panel's
    // handler; a browser's menu cannot be clicked from here): both items exist.
    const items = await panel.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const menus = api.menus ?? api.contextMenus;
      const exists = (id) => new Promise((resolve) => {
        if (globalThis.browser) menus.update(id, {}).then(() => resolve(true), () => resolve(false));
        else menus.update(id, {}, () => resolve(!api.runtime.lastError));
      });
      return { off: await exists('storydiff-site-off'), on: await exists('storydiff-site-on'), unknown: await exists('no-such-item') };
    });
    assert.deepEqual(items, { off: true, on: true, unknown: false }, 'the toolbar button has no "Turn off on this site" menu');
    const before = await ask(panel, 'settings:get');
    const site = new URL(article.url()).hostname.replace(/^www\./, '');
    await waitFor(async () => Boolean(await panel.$(sel('site-off'))), { timeout: UI_TIMEOUT, message: 'the panel of 000 offers no "Turn off on this site"' });
    assert.equal(await panel.$eval(sel('site-off'), (b) => b.textContent), `Turn off on ${site}`);
    try {
      await panel.click(sel('site-off'));
      await waitFor(async () => (await ctx.overlay()).highlights.length === 0, { timeout: UI_TIMEOUT, message: 'turning the site off left its highlights drawn' });
      const off = await waitFor(async () => {
        const text = await panel.$eval('[data-testid="empty-state"]', (e) => e.textContent).catch(() => '');
        return /is off on/.test(text) ? text : false;
      }, { timeout: UI_TIMEOUT, message: 'the panel does not say storydiff is off on this site' });
      assert.match(off, new RegExp(`off on ${site.replace(/\./g, '\\.')}`));
      assert.deepEqual((await ask(panel, 'settings:get')).offSites, [...before.offSites, site]);
      assert.match(await panel.$eval(sel('status'), (p) => p.textContent), /undoes it/);
      await shotPanel(panel, 'site-off');
      // Read again, the page is not compared: the site stays off.
      await article.bringToFront();
      await article.reload({ waitUntil: 'load' });
      const skipped = await waitFor(async () => { const c = (await ctx.overlay()).capture; return c?.state === 'skipped' ? c : false; }, { timeout: 30_000, message: 'the reloaded page of a site turned off was read' });
      assert.equal(skipped.reason, 'site off');
      assert.equal((await ctx.overlay()).highlights.length, 0);
      // The undo: on again, and the page is read and compared at once, without a reload.
      await panel.bringToFront();
      await waitFor(async () => Boolean(await panel.$(sel('site-on'))), { timeout: UI_TIMEOUT, message: 'the panel of a site turned off offers no "Turn back on"' });
      await panel.click(sel('site-on'));
      await waitFor(async () => (await ctx.overlay()).highlights.length > 0, { timeout: 30_000, message: '"Turn back on" did not bring the highlights back' });
      assert.deepEqual((await ask(panel, 'settings:get')).offSites, before.offSites);
      await waitFor(async () => Boolean(await panel.$(sel('site-off'))), { timeout: UI_TIMEOUT, message: 'the panel did not show the article again after "Turn back on"' });
    } finally {
      // On again and read again, whatever failed: the tests after this one need the findings.
      await ask(panel, 'site:off', { tabId: ctx.tabId, off: false }).catch(() => {});
      await ask(panel, 'settings:set', { settings: { offSites: before.offSites } });
    }
  });

  test('glance 12. a finding dismissed as not useful: gone from page and panel, remembered on reload, shown again; a deleted version put back', async () => {
    const { panel, article, tabId } = ctx;
    await panel.bringToFront();
    const stateNow = () => ask(panel, 'panel:state', { tabId });
    const before = await stateNow();
    const count = before.report.findings.length;
    const chosen = before.report.findings.findIndex((finding) => finding.kind === 'unique' && finding.here);
    assert.ok(chosen >= 0, 'seed 000 has no unique finding to dismiss');
    const text = before.report.findings[chosen].here;
    const drawn = async () => (await ctx.overlay()).highlights.filter((h) => h.kind === 'unique').map((h) => h.text);
    const drawnBefore = await drawn();
    try {
      await openGroup(panel, 'unique');
      await panel.click(`${sel('findings-list')} details[data-kind="unique"] ${sel('dismiss-finding')}[data-index="${chosen}"]`);
      const hidden = await waitFor(async () => { const s = await stateNow(); return s.dismissed.length === 1 ? s : false; },
        { timeout: UI_TIMEOUT, message: '"Not useful" hid nothing' });
      assert.equal(hidden.report.findings.length, count - 1);
      assert.ok(!hidden.report.findings.some((f) => f.kind === 'unique' && f.here === text), 'the dismissed finding is still in the report');
      assert.equal(hidden.dismissed[0].finding.here, text);
      if (drawnBefore.includes(text)) {
        await waitFor(async () => !(await drawn()).includes(text), { timeout: UI_TIMEOUT, message: 'the dismissed finding is still highlighted on the page' });
      }
      // The panel draws its undo bar once the background has answered it.
      await waitFor(async () => Boolean(await panel.$(sel('undo-button'))), { timeout: UI_TIMEOUT, message: 'no Undo offered after "Not useful"' }).catch(() => {});
      assert.ok(await panel.$(sel('undo-button')), 'no Undo offered after "Not useful"');
      assert.ok(await panel.$(sel('dismissed-group')), 'the panel lists no dismissed findings');
      await shotPanel(panel, 'dismissed-undo');
      // Read again: the page comes back without it (remembered for this story).
      await article.bringToFront();
      await article.reload({ waitUntil: 'load' });
      const reread = await waitFor(async () => { const s = await stateNow().catch(() => null); return s?.report && s.updated !== before.updated && s.dismissed?.length === 1 ? s : false; },
        { timeout: 30_000, message: 'after a reload the dismissal was forgotten' });
      assert.equal(reread.report.findings.length, count - 1);
      // "Show again" from the dismissed group brings it back.
      await panel.bringToFront();
      await waitFor(async () => Boolean(await panel.$(sel('dismissed-group'))), { timeout: UI_TIMEOUT, message: 'no dismissed group after the reload' });
      await panel.$eval(sel('dismissed-group'), (details) => { details.open = true; });
      await panel.click(sel('restore-finding'));
      await waitFor(async () => { const s = await stateNow(); return s.dismissed.length === 0 && s.report.findings.length === count; },
        { timeout: 30_000, message: '"Show again" did not bring the finding back' });
      // The panel has drawn it too (the undo bar gone, so nothing moves under the next click).
      await waitFor(async () => !(await panel.$(sel('dismissed-group'))) && await panel.$eval(sel('undo'), (bar) => bar.hidden),
        { timeout: UI_TIMEOUT, message: 'the panel still shows the dismissed finding after "Show again"' });
      // The undo bar's Undo does the same right after "Not useful".
      await openGroup(panel, 'unique');
      await panel.click(`${sel('findings-list')} details[data-kind="unique"] ${sel('dismiss-finding')}`);
      await waitFor(async () => (await stateNow()).dismissed.length === 1, { timeout: UI_TIMEOUT, message: 'the second "Not useful" hid nothing' });
      await waitFor(async () => Boolean(await panel.$(sel('undo-button'))), { timeout: UI_TIMEOUT, message: 'no Undo offered after the second "Not useful"' });
      await panel.click(sel('undo-button'));
      await waitFor(async () => { const s = await stateNow(); return s.dismissed.length === 0 && s.report.findings.length === count; },
        { timeout: 30_000, message: 'Undo did not bring the dismissed finding back' });
    } finally {
      for (const { dismissal } of (await stateNow()).dismissed ?? []) await ask(panel, 'finding:restore', { tabId, dismissal });
    }

    // Delete a compared version, then Undo: it is back, compared again, as it was.
    const compared = before.candidates.filter((candidate) => candidate.included);
    const gone = compared.at(-1);
    await panel.click(`[data-version-id="${gone.id}"] ${sel('delete-version')}`);
    const without = await waitFor(async () => { const s = await stateNow(); return s.candidates.every((c) => c.id !== gone.id) ? s : false; },
      { timeout: 30_000, message: 'Delete did not take the version out of the story' });
    assert.equal(without.report.versions.length, before.report.versions.length - 1);
    await waitFor(async () => Boolean(await panel.$(sel('undo-button'))), { timeout: UI_TIMEOUT, message: 'no Undo offered after Delete' });
    assert.match(await panel.$eval(sel('undo'), (bar) => bar.textContent), /Deleted the version/);
    await panel.click(sel('undo-button'));
    const back = await waitFor(async () => { const s = await stateNow(); return s.candidates.some((c) => c.id === gone.id && c.included) ? s : false; },
      { timeout: 30_000, message: 'Undo did not put the deleted version back' });
    assert.equal(back.report.versions.length, before.report.versions.length);
    assert.equal(back.report.findings.length, count);
  });

  test('glance 8. the overlay is never drawn above the page\'s own fixed header, nor markers on its sidebar', async () => {
    const { article } = ctx;
    await article.bringToFront();
    const HEADER = 160;
    const isName = (h) => h.kind === 'unique' && /Benjamin Caldwell/.test(h.text);
    await article.evaluate((height) => {
      const header = document.createElement('div');
      header.id = 'e2e-fixed-header';
      header.textContent = 'A site header';
      header.style.cssText = `position: fixed; top: 0; left: 0; right: 0; height: ${height}px; background: #fff; z-index: 10;`;
      document.body.append(header);
    }, HEADER);
    try {
      // The name scrolled under the header, then below it.
      const scrollNameTo = async (y) => {
        const s = await ctx.overlay();
        const name = s.highlights.find(isName);
        await article.evaluate((dy) => window.scrollBy(0, dy), name.rect.y - y);
      };
      await scrollNameTo(HEADER / 2 - 10);
      // Settled: the overlay redraws a frame after the scroll, so a highlight
      // may straddle the header for that frame; what must hold is the state
      // it settles in.
      const overHeader = (s) => [
        ...s.highlights.filter((h) => h.drawn && h.drawn.y < HEADER - 2 && h.drawn.y + h.drawn.height > 2),
        ...s.markers.filter((m) => m.drawn && m.rect.y < HEADER - 2 && m.rect.y + m.rect.height > 2),
      ];
      const under = await waitFor(async () => {
        const s = await ctx.overlay();
        const name = s.highlights.find(isName);
        const hidden = name && name.rect.y < HEADER && name.rect.y + name.rect.height > 0 && name.drawn === null;
        return hidden && overHeader(s).length === 0 ? s : false;
      }, { timeout: UI_TIMEOUT, message: 'the "Benjamin Caldwell" highlight (or another, or a marker) is drawn above the fixed header' })
        .catch(async (error) => {
          throw new Error(`${error.message}: ${JSON.stringify(overHeader(await ctx.overlay()))}`);
        });
      await ctx.shot(article, 'page-000-under-fixed-header');
      assert.deepEqual(overHeader(under), [], 'highlights or markers are drawn over the fixed header');
      await scrollNameTo(HEADER + 200);
      await waitFor(async () => (await ctx.overlay()).highlights.find(isName)?.drawn, { timeout: UI_TIMEOUT, message: 'below the header the highlight is not drawn again' });
    } finally {
      await article.evaluate(() => document.getElementById('e2e-fixed-header')?.remove());
    }
    // A right-hand sidebar over the margin: the markers move beside the words, never onto it.
    const side = await article.evaluate(() => {
      const text = document.querySelector('article p');
      const left = Math.ceil(text.getBoundingClientRect().right + 2);
      const bar = document.createElement('div');
      bar.id = 'e2e-sidebar';
      bar.textContent = 'Related stories';
      bar.style.cssText = `position: fixed; top: 0; bottom: 0; left: ${left}px; right: 0; background: #eee; z-index: 10;`;
      document.body.append(bar);
      return { left };
    });
    const first = (await ctx.overlay()).markers[0];
    await article.evaluate((dy) => window.scrollBy(0, dy), first.rect.y - 300);
    try {
      const onBar = (s) => s.markers.filter((m) => m.drawn && m.rect.x + m.rect.width > side.left + 1 && m.rect.y < 800 && m.rect.y + m.rect.height > 0);
      const state = await waitFor(async () => {
        const s = await ctx.overlay();
        return s.markers.some((m) => m.drawn && m.rect.y >= 0 && m.rect.y < 800) && onBar(s).length === 0 ? s : false;
      }, { timeout: UI_TIMEOUT, message: `markers are drawn on the page's right-hand sidebar from x ${side.left} (or none is drawn at all)` })
        .catch(async (error) => {
          await ctx.shot(article, 'page-000-with-sidebar');
          throw new Error(`${error.message}: ${JSON.stringify((await ctx.overlay()).markers.slice(0, 4))}`);
        });
      await ctx.shot(article, 'page-000-with-sidebar');
      assert.deepEqual(onBar(state), []);
    } finally {
      await article.evaluate(() => document.getElementById('e2e-sidebar')?.remove());
    }
  });

  test('glance 9. first run, badge and dates: the welcome page opened on install, the badge counts what matters, dates labelled', async () => {
    const { session, panel, tabId, article } = ctx;
    // The extension's own pages open in tabs (Firefox over BiDi names them about:blank to the automation).
    const views = await panel.evaluate(() => (globalThis.browser ?? globalThis.chrome).extension.getViews({ type: 'tab' }).map((w) => w.location.pathname));
    assert.ok(views.includes('/welcome.html'), `no first-run page was opened on install: ${views.join(', ')}`);
    const state = await ask(panel, 'panel:state', { tabId });
    const important = state.report.findings.filter((f) => f.kind !== 'variant' && f.weight >= 0.5).length;
    const badge = await panel.evaluate(async (id) => {
      const action = (globalThis.browser ?? globalThis.chrome).action;
      return { text: await action.getBadgeText({ tabId: id }), title: await action.getTitle({ tabId: id }) };
    }, tabId);
    assert.equal(badge.text, String(important), `the badge says ${badge.text}, not the ${important} findings that matter (of ${state.report.findings.length})`);
    assert.ok(Number(badge.text) < state.report.findings.length, 'the badge counts every finding');
    assert.match(badge.title, /^storydiff read this article: 4 other versions/, `the badge tooltip is ${badge.title}`);
    const metas = await panel.$$eval('[data-testid="version-item"] .v-meta', (all) => all.map((m) => m.textContent));
    assert.ok(metas.length >= 4 && metas.every((m) => /· (published|read) \d{4}-\d\d-\d\d/.test(m)), `version dates are not labelled: ${metas}`);
    // The card's outlet lines too.
    await panel.bringToFront();
    await openGroup(panel, 'missing');
    await panel.click(`${sel('findings-list')} ${sel('finding-item')}[data-kind="missing"]`);
    const card = await waitFor(async () => (await ctx.overlay()).card, { timeout: UI_TIMEOUT, message: 'the missing finding opened no card' });
    assert.ok(card.sources.every((line) => / · (published|read) \d{4}-\d\d-\d\d$/.test(line)), `card source lines without labelled dates: ${card.sources}`);
    await article.bringToFront();
    await article.keyboard.press('Escape');
    // At 400 px the link picker keeps its words, and the options page counts in GB past 1024 MB.
    await panel.setViewport(NARROW);
    try {
      const width = await panel.$eval(sel('link-select'), (s) => s.getBoundingClientRect().width);
      assert.ok(width >= 250, `the "Link a version" picker is ${width} px wide at 400 px`);
    } finally {
      await panel.setViewport(VIEWPORT);
    }
    const options = await openExtensionPage(session, 'options.html');
    try {
      const usage = await waitFor(async () => { const t = await options.$eval('#usage', (p) => p.textContent); return t !== '…' ? t : false; },
        { timeout: UI_TIMEOUT, message: 'the options page shows no usage' });
      assert.doesNotMatch(usage, /\d{4,}(\.\d)? [KMGT]B/, `the options page reads ${usage}`);
      assert.match(usage, /\d{1,3}(\.\d)? [KMGT]B/, `the options page gives no size: ${usage}`);
    } finally {
      await options.close();
    }
  });

  test('glance 10. findings in context and announced: a short difference in its sentence, kinds named, labels that say what', async () => {
    const { panel, tabId } = ctx;
    await panel.bringToFront();
    await openGroup(panel, 'differs');
    const items = await panel.$$eval(`${sel('findings-list')} ${sel('finding-item')}`, (all) => all.map((b) => ({ kind: b.dataset.kind, text: b.textContent })));
    const labels = { missing: 'Missing here', differs: 'Stated differently', unique: 'Only in this article', metadata: 'Title, date or byline differ', variant: 'Worded differently' };
    for (const item of items) assert.ok(item.text.startsWith(labels[item.kind]), `a ${item.kind} finding does not say its kind first: ${item.text.slice(0, 60)}`);
    // A short finding ("is seeking" / "might be seeking") reads inside its sentence.
    const short = items.find((item) => item.kind === 'differs' && /how sure: “is seeking” here/.test(item.text));
    assert.ok(short, 'no "is seeking" / "might be seeking" finding in the panel');
    assert.match(short.text, /the U\.S\. believes Kim is seeking/, `the short finding is shown without its sentence: ${short.text}`);
    // Version checkboxes are named by their label: title, outlet and date, so versions from one site read apart.
    const boxes = await panel.$$eval(`${sel('version-item')} input[type="checkbox"]`, (all) => all.map((box) => ({
      aria: box.getAttribute('aria-label'), label: box.labels[0]?.textContent ?? '',
    })));
    assert.ok(boxes.length >= 4 && boxes.every((b) => b.aria === null && /Compare with .+ · (published|read) /.test(b.label)), `checkbox names: ${JSON.stringify(boxes)}`);
    // The page's overlay: markers say what is missing, highlights their kind.
    const state = await ask(panel, 'overlay:state', { tabId });
    for (const marker of state.markers) assert.match(marker.label ?? '', /^Missing here: \d+ statements? other versions make here: \S/, `a marker reads ${marker.label}`);
    for (const h of state.highlights) assert.ok((h.label ?? '').startsWith(labels[h.kind]), `a ${h.kind} highlight reads ${h.label}`);
  });

  test('glance 13. importing a file that is not JSON in the options page says so in words, not in the parser\'s', async () => {
    const { session } = ctx;
    const folder = await mkdtemp(path.join(os.tmpdir(), 'storydiff-import-'));
    const file = path.join(folder, 'reading-notes.txt');
    await writeFile(file, 'Lavrov visit: check the container figures {not json');
    const options = await openExtensionPage(session, 'options.html');
    try {
      const before = await ask(options, 'store:usage');
      const input = await options.$(sel('import-store'));
      await input.uploadFile(file);
      const status = await waitFor(async () => {
        const line = await options.$eval(sel('status'), (p) => ({ text: p.textContent, error: p.classList.contains('error') }));
        return line.text && !/^Importing/.test(line.text) ? line : false;
      }, { timeout: UI_TIMEOUT, message: 'importing a text file said nothing in the options page' });
      assert.equal(status.text, '"reading-notes.txt" is not a storydiff export: it is not a JSON file. Choose a file saved with Export….');
      assert.ok(status.error, 'the refusal is not shown as an error');
      assert.doesNotMatch(status.text, /JSON\.parse|Unexpected token|SyntaxError|position \d/, 'the parser\'s own words reach the reader');
      assert.equal((await ask(options, 'store:usage')).versions, before.versions, 'the refused file changed the store');
    } finally {
      await options.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('glance 14. a finding inside another (a variant inside a unique sentence): hover and click reach each one\'s own card', async () => {
    const { helper, current, overlay } = await readHarbour();
    const page = current.tab;
    await page.bringToFront();
    // The variant "Councillor Aleksandr Petrov" (Alexander elsewhere) inside the sentence only this report has.
    const pair = await waitFor(async () => {
      const s = await overlay();
      const inner = s.highlights.find((h) => h.kind === 'variant' && /Aleksandr Petrov/.test(h.text));
      const outer = s.highlights.find((h) => h.kind === 'unique' && h.text.includes('Aleksandr Petrov') && h.text.length > inner?.text.length);
      return inner && outer ? { inner, outer } : false;
    }, { timeout: 30_000, message: 'the harbour report shows no variant inside a unique sentence (Aleksandr Petrov)' });
    assert.ok(within(pair.inner.rect, pair.outer.rect), `the variant ${JSON.stringify(pair.inner.rect)} is not inside the unique sentence ${JSON.stringify(pair.outer.rect)}`);
    // Both in view, the page at rest.
    await page.evaluate((y) => window.scrollBy(0, y - 200), pair.outer.rect.y);
    const { inner, outer } = await waitFor(async () => {
      const s = await overlay();
      const i = s.highlights.find((h) => h.index === pair.inner.index);
      const o = s.highlights.find((h) => h.index === pair.outer.index);
      return i?.drawn && o?.drawn && i.rect.y > 0 && o.rect.y + o.rect.height < 700 ? { inner: i, outer: o } : false;
    }, { timeout: UI_TIMEOUT, message: 'the two highlights are not drawn in view' });
    const middle = (r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
    // A point of the unique sentence outside the variant: its last line, near its start.
    const outside = { x: outer.rect.x + 12, y: outer.rect.y + outer.rect.height - 6 };
    assert.ok(!(outside.x >= inner.rect.x && outside.x <= inner.rect.x + inner.rect.width && outside.y >= inner.rect.y && outside.y <= inner.rect.y + inner.rect.height),
      'the point chosen outside the variant is inside it');
    const cardAt = async (how, point, expected) => {
      await clearCardView(helper);
      if (how === 'hover') await page.mouse.move(point.x, point.y, { steps: 3 });
      else await page.mouse.click(point.x, point.y);
      const card = await waitFor(async () => {
        const c = (await overlay()).card;
        return c && c.indexes.join() === String(expected.index) ? c : false;
      }, { timeout: UI_TIMEOUT, message: `${how} at ${JSON.stringify(point)} did not open the ${expected.kind} finding's own card (${expected.index})` })
        .catch(async (error) => { throw new Error(`${error.message}; open: ${JSON.stringify((await overlay()).card)}`); });
      assert.equal(card.kind, expected.kind);
      return card;
    };
    const closed = async (what) => waitFor(async () => (await overlay()).card === null, { timeout: UI_TIMEOUT, message: `${what} did not close the card` });
    // Hovered, then (the card closed with Esc, the mouse still there) clicked, as a tap would.
    await cardAt('hover', middle(inner.rect), inner);
    // What the variant's card draws: every outlet line has words under it.
    const view = await cardView(helper);
    await page.keyboard.press('Escape');
    await closed('Escape');
    await cardAt('click', middle(inner.rect), inner);
    await page.mouse.move(5, 5);
    await closed('the mouse leaving');
    await cardAt('hover', outside, outer);
    const outerView = await cardView(helper);
    await page.keyboard.press('Escape');
    await closed('Escape');
    await cardAt('click', outside, outer);
    await ctx.shot(page, 'page-harbour-outer-card');
    await page.keyboard.press('Escape');
    for (const [name, seen] of [['variant', view], ['unique', outerView]]) {
      const lines = seen.findings.flatMap((finding) => finding.wordings);
      const empty = lines.filter((line) => !line.source.trim() || !line.text.trim());
      assert.deepEqual(empty, [], `the ${name} card shows an outlet line with no words under it`);
    }
    assert.ok(view.findings[0]?.wordings.some((line) => /Alexander Petrov/.test(line.text)), `the variant's card does not give the other spelling: ${JSON.stringify(view.findings)}`);
  });

  test('glance 15. a marker\'s card says how many outlets carry each missing item, and which are parts of sentences, as the panel does', async () => {
    const { panel, article, tabId } = ctx;
    await article.bringToFront();
    const { report } = await ask(panel, 'panel:state', { tabId });
    const markers = (await ctx.overlay()).markers;
    assert.ok(markers.some((m) => m.indexes.length > 1), 'no marker gathers several missing items: nothing to check');
    // What the panel says of each missing finding: "(part of a sentence)" or not.
    await panel.bringToFront();
    await openGroup(panel, 'missing');
    const partInPanel = new Map(await panel.$$eval(`${sel('findings-list')} ${sel('finding-item')}[data-kind="missing"]`,
      (items) => items.map((b) => [Number(b.dataset.index), b.querySelector('.kind-name').textContent.includes('(part of a sentence)')])));
    const outletsOf = (finding) => new Set(finding.versions.map((id) => report.versions.find((v) => v.id === id)?.site ?? id)).size;
    const counts = new Set();
    let parts = 0;
    for (const marker of markers) {
      await clearCardView(panel);
      await ask(panel, 'overlay:show-finding', { tabId, index: marker.indexes[0] });
      const card = await waitFor(async () => {
        const c = (await ctx.overlay()).card;
        return c && c.kind === 'missing' && c.indexes.includes(marker.indexes[0]) ? c : false;
      }, { timeout: UI_TIMEOUT, message: `the marker of ${marker.indexes} opened no card` });
      const view = await cardView(panel);
      assert.equal(view.findings.length, card.indexes.length, 'the card draws another number of items than it holds');
      card.indexes.forEach((index, n) => {
        const finding = report.findings[index];
        const outlets = outletsOf(finding);
        const part = partInPanel.get(index);
        assert.equal(typeof part, 'boolean', `finding ${index} is not in the panel's missing group`);
        const expected = `${part ? 'Part of a sentence · ' : ''}${outlets} outlet${outlets === 1 ? ' says' : 's say'} this`;
        assert.equal(view.findings[n].meta, expected, `item ${n + 1} of the card at ${marker.indexes[0]} (finding ${index}: ${finding.there.slice(0, 60)})`);
        counts.add(outlets);
        if (part) parts += 1;
      });
      if (card.indexes.length > 2 && new Set(card.indexes.map((i) => outletsOf(report.findings[i]))).size > 1) {
        await article.bringToFront();
        await ctx.shot(article, 'page-000-card-outlet-counts');
      }
    }
    await article.bringToFront();
    await article.keyboard.press('Escape');
    assert.ok(counts.has(1) && [...counts].some((n) => n > 1), `the cards never tell one outlet from several: ${[...counts]}`);
    assert.ok(parts > 0, 'no card item is a part of a sentence: the label is not checked');
  });

  test('glance 16. for screen readers: a card is announced as it opens, its highlight says aria-expanded; the next/previous-finding commands step in reading order', async () => {
    const { panel, article, tabId } = ctx;
    await panel.bringToFront();
    const { report } = await ask(panel, 'panel:state', { tabId });
    const index = report.findings.findIndex((f) => f.kind === 'unique' && /Benjamin Caldwell/.test(f.here ?? ''));
    assert.ok(index >= 0, 'no unique finding for "Benjamin Caldwell"');
    const expandedOf = (s, i) => s.highlights.find((h) => h.index === i)?.expanded ?? s.markers.find((m) => m.indexes[0] === i)?.expanded;
    const openOnes = (s) => [...s.highlights.filter((h) => h.expanded === 'true').map((h) => h.index), ...s.markers.filter((m) => m.expanded === 'true').map((m) => m.indexes[0])];
    await article.bringToFront();
    await article.keyboard.press('Escape');
    const closedState = await waitFor(async () => { const s = await ctx.overlay(); return s.card === null ? s : false; }, { timeout: UI_TIMEOUT, message: 'a card is still open' });
    assert.equal(expandedOf(closedState, index), 'false', 'the highlight does not say aria-expanded="false" with its card closed');
    assert.deepEqual(openOnes(closedState), [], 'a highlight or marker says it is expanded with no card open');
    // Opened (from the panel, which focuses the highlight): expanded, and the card announces itself.
    await clearCardView(panel);
    await ask(panel, 'overlay:show-finding', { tabId, index });
    const opened = await waitFor(async () => { const s = await ctx.overlay(); return s.card?.focus === index ? s : false; }, { timeout: UI_TIMEOUT, message: 'the finding\'s card did not open' });
    assert.equal(expandedOf(opened, index), 'true', 'the highlight does not say aria-expanded="true" with its card open');
    assert.deepEqual(openOnes(opened), [index], 'another highlight or marker says it is expanded');
    const view = await cardView(panel);
    assert.equal(view.announced?.live, 'polite', 'the card has no polite live region');
    assert.equal(view.announced?.role, 'status');
    assert.match(view.announced.text, /^Only in this article\. “Benjamin Caldwell” is in none of the \d+ other versions\./, `the card announces ${JSON.stringify(view.announced.text)}`);
    assert.match(view.announced.text, /Escape closes it\.$/);
    await article.bringToFront();
    await article.keyboard.press('Escape');
    const closed = await waitFor(async () => { const s = await ctx.overlay(); return s.card === null ? s : false; }, { timeout: UI_TIMEOUT, message: 'Escape did not close the card' });
    assert.equal(expandedOf(closed, index), 'false', 'the highlight still says aria-expanded="true" after Escape');
    // Alt+Shift+N / Alt+Shift+P: the browser's own shortcuts cannot be pressed
    // from automation, so their handler is run as commands.onCommand runs it
    // (command:run), from the finding focused above.
    await ask(panel, 'overlay:show-finding', { tabId, index });
    await waitFor(async () => (await ctx.overlay()).card?.focus === index, { timeout: UI_TIMEOUT, message: 'the finding\'s card did not open again' });
    const next = await ask(panel, 'command:run', { tabId, command: 'next-finding' });
    assert.ok(next?.shown && next.index !== index, `next-finding did not move on: ${JSON.stringify(next)}`);
    const atNext = await waitFor(async () => { const s = await ctx.overlay(); return s.card?.indexes.includes(next.index) ? s : false; }, { timeout: UI_TIMEOUT, message: `next-finding did not open the card of finding ${next.index}` });
    assert.deepEqual(openOnes(atNext), [next.index], 'after next-finding another item says it is expanded');
    const rectOf = (s, i) => s.highlights.find((h) => h.index === i)?.rect ?? s.markers.find((m) => m.indexes.includes(i))?.rect;
    assert.ok(rectOf(atNext, next.index).y >= rectOf(atNext, index).y - 1, 'next-finding went back up the page');
    const back = await ask(panel, 'command:run', { tabId, command: 'previous-finding' });
    assert.equal(back?.index, index, `previous-finding after next-finding did not come back: ${JSON.stringify(back)}`);
    await waitFor(async () => (await ctx.overlay()).card?.indexes.includes(index), { timeout: UI_TIMEOUT, message: 'previous-finding did not open the card it came back to' });
    await article.bringToFront();
    await article.keyboard.press('Escape');
  });

  test('glance 17. the overlay is never drawn above the page\'s sticky or fixed header, a box half under its edge clipped at it', async () => {
    const { article } = ctx;
    await article.bringToFront();
    const HEADER = 120;
    const isName = (h) => h.kind === 'unique' && /Benjamin Caldwell/.test(h.text);
    const overHeader = (s) => [
      ...s.highlights.filter((h) => h.drawn && h.drawn.y < HEADER - 0.5 && h.drawn.y + h.drawn.height > 0),
      ...s.markers.filter((m) => m.drawn && m.rect.y < HEADER - 0.5 && m.rect.y + m.rect.height > 0),
    ];
    const scrollNameTo = async (y) => {
      const name = (await ctx.overlay()).highlights.find(isName);
      await article.evaluate((dy) => window.scrollBy(0, dy), name.rect.y - y);
    };
    for (const position of ['sticky', 'fixed']) {
      // A sticky header is in the flow: the page's first element, stuck to the top once scrolled.
      await article.evaluate((height, how) => {
        const header = document.createElement('div');
        header.id = 'e2e-header';
        header.textContent = `A ${how} site header`;
        header.style.cssText = `position: ${how}; top: 0; left: 0; right: 0; height: ${height}px; background: #fff; z-index: 10; box-shadow: 0 1px 0 #999;`;
        document.body.prepend(header);
      }, HEADER, position);
      try {
        // Wholly under it: not drawn.
        await scrollNameTo(HEADER / 2 - 10);
        await waitFor(async () => {
          const s = await ctx.overlay();
          const name = s.highlights.find(isName);
          return name && name.rect.y + name.rect.height < HEADER && name.drawn === null && overHeader(s).length === 0;
        }, { timeout: UI_TIMEOUT, message: `under the ${position} header the name is drawn over it (or another highlight or marker is)` })
          .catch(async (error) => { throw new Error(`${error.message}: ${JSON.stringify(overHeader(await ctx.overlay()))}`); });
        // Its top under the header's edge, its middle below: clipped at the edge, never over it.
        await scrollNameTo(HEADER - 6);
        const edge = await waitFor(async () => {
          const s = await ctx.overlay();
          const name = s.highlights.find(isName);
          const straddles = name && name.rect.y < HEADER && name.rect.y + name.rect.height / 2 > HEADER;
          return straddles && name.drawn && overHeader(s).length === 0 ? { s, name } : false;
        }, { timeout: UI_TIMEOUT, message: `a box half under the ${position} header's edge is drawn over it, or not at all` })
          .catch(async (error) => {
            await ctx.shot(article, `page-000-${position}-header-edge`);
            throw new Error(`${error.message}: ${JSON.stringify({ name: (await ctx.overlay()).highlights.find(isName), over: overHeader(await ctx.overlay()) })}`);
          });
        await ctx.shot(article, `page-000-${position}-header-edge`);
        assert.ok(Math.abs(edge.name.drawn.y - HEADER) < 1, `the box is not clipped at the header's edge (${HEADER}): drawn from ${edge.name.drawn.y}`);
        assert.ok(Math.abs(edge.name.drawn.y + edge.name.drawn.height - (edge.name.rect.y + edge.name.rect.height)) < 1, 'the clipped box does not reach down to the text\'s bottom');
      } finally {
        await article.evaluate(() => document.getElementById('e2e-header')?.remove());
      }
    }
  });

  test('glance 18. a marker between two sentences of a paragraph covers none of the next sentence\'s words, with margins or without', async () => {
    const { helper, current, overlay } = await readHarbour();
    const page = current.tab;
    await page.bringToFront();
    const { report } = await ask(helper, 'panel:state', { tabId: current.tabId });
    /** For each marker, in the page: the box of the word after its sentence, when words follow it in its paragraph. */
    const nextWords = (markers) => page.evaluate((tails) => tails.map((tail) => {
      for (const p of document.querySelectorAll('article p')) {
        const node = p.firstChild;
        const at = node?.nodeType === Node.TEXT_NODE ? node.data.indexOf(tail) : -1;
        if (at === -1) continue;
        const end = at + tail.length;
        const rest = node.data.slice(end);
        const start = rest.search(/\S/);
        if (start === -1) return { found: true, word: null };
        const length = rest.slice(start).search(/\s|$/);
        const range = document.createRange();
        range.setStart(node, end + start);
        range.setEnd(node, end + start + length);
        const line = document.createRange();
        line.setStart(node, end - 1);
        line.setEnd(node, end);
        const box = (r) => { const b = r.getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
        return { found: true, word: range.toString(), rects: [...range.getClientRects()].map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })), sentenceEnd: box(line) };
      }
      return { found: false };
    }), markers.map((m) => report.current.sentences[report.findings[m.indexes[0]].after].text.slice(-30)));
    const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const clear = ({ marker, next }) => !next.rects.some((rect) => overlaps(marker.rect, rect));
    // The overlay redraws a frame after the page's layout changes: what must hold is the state it settles in.
    const onOneLine = ({ next }) => next.rects[0] && Math.abs(next.rects[0].y - next.sentenceEnd.y) < 2;
    const between = ({ marker, next }) => marker.rect.x >= next.sentenceEnd.x + next.sentenceEnd.width - 1 && marker.rect.x + marker.rect.width <= next.rects[0].x + 0.5;
    const check = async (layout, settled = () => true) => {
      let last = [];
      const measured = await waitFor(async () => {
        const s = await overlay();
        const mid = [];
        const words = await nextWords(s.markers);
        s.markers.forEach((marker, n) => { if (words[n].found && words[n].word) mid.push({ marker, next: words[n] }); });
        last = mid;
        return mid.length && mid.every(({ marker }) => marker.drawn) && mid.every(clear) && mid.every(settled) ? mid : false;
      }, { timeout: UI_TIMEOUT, message: `${layout}: no marker between two sentences is drawn, or one covers the next word` })
        .catch((error) => { throw new Error(`${error.message}: ${JSON.stringify(last.map(({ marker, next }) => ({ marker: marker.rect, drawn: marker.drawn, word: next.word, at: next.rects })))}`); });
      for (const { marker, next } of measured) {
        const hit = next.rects.filter((rect) => overlaps(marker.rect, rect));
        assert.deepEqual(hit, [], `${layout}: the marker ${JSON.stringify(marker.rect)} covers the next word "${next.word}"`);
      }
      return measured;
    };
    const served = await check('as served');
    await ctx.shot(page, 'page-harbour-marker-mid-paragraph');
    // The text as wide as the window: no margin on either side, the next word on the same line.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.id = 'e2e-full-width';
      style.textContent = 'article { max-width: none !important; margin: 0 !important; padding: 0 !important; }';
      document.head.append(style);
    });
    try {
      // Where the next word is on the sentence's own line, the marker sits between the two.
      const full = await check('text as wide as the window', (measured) => !onOneLine(measured) || between(measured));
      await ctx.shot(page, 'page-harbour-marker-full-width');
      assert.ok(full.some(onOneLine), `no marker sits between two words of one line: nothing was checked (${JSON.stringify(full.map(({ next }) => next.word))})`);
    } finally {
      await page.evaluate(() => document.getElementById('e2e-full-width')?.remove());
    }
    assert.ok(served.length > 0);
  });

  test('glance 19. a quiet sign on the page that it was read and compared, opening the summary and the legend; the toolbar button\'s tick and its five names', async () => {
    const { panel, article, tabId } = ctx;
    const legend = readmeLegend();
    assert.equal(legend.length, 5, `the README's legend lists ${legend.length} kinds`);
    // The first report of a story, nothing to compare it with: a tick, and the tooltip says why.
    const { first } = await readHarbour();
    assert.deepEqual(first.badge, { text: '✓', title: 'storydiff read this article: No other versions of this story yet.' }, 'the first article of its story');
    // 000: the count that matters, and the tooltip names each kind as the README's legend does.
    const state = await ask(panel, 'panel:state', { tabId });
    const badge = await badgeOf(panel, tabId);
    const [head, ...parts] = badge.title.replace(/^storydiff read this article: /, '').split(' · ');
    assert.match(head, /^4 other versions \(/);
    const named = parts.filter((part) => !/^and \d+ minor$/.test(part));
    assert.ok(named.length >= 2, `the tooltip names ${named.length} kinds: ${badge.title}`);
    let counted = 0;
    for (const part of named) {
      const match = /^(.+): (\d+)$/.exec(part);
      const kind = legend.find((entry) => entry.label === match?.[1]);
      assert.ok(kind, `the tooltip says "${part}", not one of the README's five names (${legend.map((entry) => entry.label).join(', ')})`);
      const important = state.report.findings.filter((f) => f.kind === kind.kind && f.kind !== 'variant' && f.weight >= 0.5).length;
      assert.equal(Number(match[2]), important, `the tooltip counts ${match[2]} ${kind.label}, the report ${important}`);
      counted += important;
    }
    assert.equal(String(counted), badge.text, 'the tooltip\'s counts do not add up to the badge');
    // The sign at the article's top-right, beside the first line of its text
    // (the paragraph of the article's first sentence), saying what the button says.
    await article.bringToFront();
    const paragraph = await article.evaluate((start) => {
      const p = [...document.querySelectorAll('article p')].find((candidate) => candidate.textContent.includes(start));
      p.scrollIntoView({ block: 'center' });
      const at = p.firstChild.data.indexOf(start);
      const line = document.createRange();
      line.setStart(p.firstChild, at);
      line.setEnd(p.firstChild, at + 1);
      const box = (r) => ({ x: r.x, y: r.y, width: r.width, height: r.height, right: r.right });
      return { box: box(p.getBoundingClientRect()), line: box(line.getBoundingClientRect()) };
    }, state.report.current.sentences[0].text.slice(0, 24));
    const drawn = await waitFor(async () => {
      const s = await ctx.overlay();
      const sign = s.sign;
      return sign?.drawn && sign.rect.x >= paragraph.box.right && Math.abs(sign.rect.y + sign.rect.height / 2 - (paragraph.line.y + paragraph.line.height / 2)) < 2 ? sign : false;
    }, { timeout: UI_TIMEOUT, message: `the sign is not drawn in the margin beside the first line (paragraph ${JSON.stringify(paragraph)})` })
      .catch(async (error) => { throw new Error(`${error.message}: ${JSON.stringify((await ctx.overlay()).sign)}`); });
    assert.equal(drawn.state, badge.text, 'the sign does not say what the toolbar button says');
    assert.equal(drawn.expanded, 'false');
    assert.match(drawn.label, /^storydiff read this article: 4 other versions/);
    await ctx.shot(article, 'page-000-sign');
    // A click opens its card: the summary line and the five names, in the legend's order.
    await clearCardView(panel);
    await article.mouse.click(drawn.rect.x + drawn.rect.width / 2, drawn.rect.y + drawn.rect.height / 2);
    await waitFor(async () => (await ctx.overlay()).card?.kind === 'sign', { timeout: UI_TIMEOUT, message: 'a click on the sign opened no card' });
    // The card this click opened is the one with a summary line: a card
    // still closing (the test before's) may report its view once more after
    // the clear, and was read here instead (a CI run saw summary null).
    const view = await waitFor(async () => {
      const seen = await cardView(panel);
      return seen.summary === null ? false : seen;
    }, { timeout: UI_TIMEOUT, message: 'the sign\'s card reported no summary line' });
    assert.equal(view.summary, badge.title.replace(/^storydiff read this article: /, ''), 'the sign\'s card gives another summary than the toolbar button');
    assert.deepEqual(view.legend, legend.map((entry) => entry.label), 'the sign\'s legend does not name the five kinds as the README does');
    assert.equal((await ctx.overlay()).sign.expanded, 'true');
    await ctx.shot(article, 'page-000-sign-card');
    await article.keyboard.press('Escape');
    await waitFor(async () => (await ctx.overlay()).card === null, { timeout: UI_TIMEOUT, message: 'Escape did not close the sign\'s card' });
    // The page's own scripts find nothing of it (its words are in the closed root's attributes and style only).
    const seen = await article.evaluate((texts) => window.pageProbe.look(texts), ['storydiff', badge.text].filter((t) => t.length > 1));
    assert.deepEqual(seen.extraOccurrences, [], 'the page finds the sign\'s words in its DOM');
    assert.equal(await article.evaluate(() => window.find('storydiff')), false, 'window.find() finds the sign');
  });

  test('glance 20. a unique finding\'s card: in none of the N other versions, then only the nearest wordings that share a word with its sentence', async () => {
    const { panel, article, tabId } = ctx;
    const leadOf = async (extensionPage, tab, index) => {
      await clearCardView(extensionPage);
      await ask(extensionPage, 'overlay:show-finding', { tabId: tab, index });
      const view = await cardView(extensionPage);
      return view.findings[0];
    };
    // 000: "Benjamin Caldwell", inserted into a sentence the others tell otherwise.
    const { report } = await ask(panel, 'panel:state', { tabId });
    const index = report.findings.findIndex((f) => f.kind === 'unique' && /Benjamin Caldwell/.test(f.here ?? ''));
    const shown = await leadOf(panel, tabId, index);
    const others = report.versions.length;
    const lead = new RegExp(`^“Benjamin Caldwell” is in none of the ${others} other versions\\. (Their nearest wording:|The nearest wording in (\\d) of them:)$`);
    const match = lead.exec(shown.lead ?? '');
    assert.ok(match, `the card's lead reads ${JSON.stringify(shown.lead)}`);
    assert.equal(shown.wordings.length, match[2] ? Number(match[2]) : others, 'the lead counts other wordings than the card shows');
    assert.ok(shown.wordings.length > 0, 'no nearest wording shown: nothing checked');
    // Each shares a word of its own (four letters or more) with the sentence.
    const sentence = report.current.sentences[report.findings[index].sentence].text.toLowerCase();
    for (const wording of shown.wordings) {
      const words = wording.text.toLowerCase().match(/\p{L}{4,}/gu) ?? [];
      assert.ok(words.some((word) => sentence.includes(word)), `an unrelated wording is shown: ${wording.source}: ${wording.text}`);
    }
    await article.bringToFront();
    await article.keyboard.press('Escape');
    // The harbour report's sentence on the mayor: in neither other report, nor anything like it.
    const { helper, current } = await readHarbour();
    const harbourReport = (await ask(helper, 'panel:state', { tabId: current.tabId })).report;
    const mayor = harbourReport.findings.findIndex((f) => f.kind === 'unique' && /Mayor Ingrid Solberg/.test(f.here ?? ''));
    assert.ok(mayor >= 0, 'the harbour report has no unique finding on the mayor');
    const alone = await leadOf(helper, current.tabId, mayor);
    assert.match(alone.lead ?? '', /^“Mayor Ingrid Solberg thanked the volunteers[^”]*” is in none of the 2 other versions\.$/, `the card's lead reads ${JSON.stringify(alone.lead)}`);
    assert.deepEqual(alone.wordings, [], 'the card shows wordings of a sentence no report has anything like');
    await current.tab.bringToFront();
    await ctx.shot(current.tab, 'page-harbour-unique-alone');
    await current.tab.keyboard.press('Escape');
  });

  test('glance 7. axe-core: no serious or critical violation on the panel, options and first-run pages, light and dark', async () => {
    const { session, tabId } = ctx;
    const pages = [`panel.html?tab=${tabId}`, 'options.html', 'welcome.html'];
    const found = [];
    for (const relative of pages) {
      for (const theme of ['light', 'dark']) {
        const page = await openExtensionPage(session, relative);
        try {
          if (relative.startsWith('panel')) {
            await waitFor(async () => (await panelFindings(page)).length > 0, { timeout: UI_TIMEOUT, message: 'the panel drew no findings' });
            await page.$$eval('details', (all) => all.forEach((d) => { d.open = true; }));
          }
          if (theme === 'dark') await forceDark(page);
          const name = relative.split(/[.?]/)[0];
          // Both layouts: the panel's narrow one stacks the fact table.
          await shotAt(page, `${name}-${theme}-400`, NARROW);
          for (const v of await seriousViolations(page)) found.push({ page: relative, theme, width: 400, ...v });
          await shotAt(page, `${name}-${theme}-wide`, VIEWPORT);
          for (const v of await seriousViolations(page)) found.push({ page: relative, theme, width: VIEWPORT.width, ...v });
        } finally {
          await page.close();
        }
      }
    }
    assert.deepEqual(found, [], 'axe-core finds serious or critical violations');
  });
}


