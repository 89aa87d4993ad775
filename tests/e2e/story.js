// The seed story, end to end, in one real browser: the reader visits four
// versions of the story, then opens the fifth (000) and looks at what the
// extension shows. chromium.test.js and firefox.test.js run this same suite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openExtensionPage } from './lib/browsers.js';
import { startStoryServer } from './lib/server.js';
import { ask, clickItem, inViewport, panelFindings, panelVersions, storeContents, tabIdOf } from './lib/extension.js';
import { waitFor } from './lib/wait.js';
import { glanceSuite, openGroup } from './glance.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The built extensions (STORYDIFF_E2E_DIST points elsewhere, to a folder with chrome/ and firefox/).
const distRoot = process.env.STORYDIFF_E2E_DIST ? path.resolve(process.env.STORYDIFF_E2E_DIST) : path.join(root, 'dist');
const DIST = { chromium: path.join(distRoot, 'chrome'), firefox: path.join(distRoot, 'firefox') };

const CURRENT = '000';
const INJECTED_NAME = 'Benjamin Caldwell';
const isInjectedName = (text) => text.replace(/^\W+|\W+$/gu, '') === INJECTED_NAME;
const sel = (id) => `[data-testid="${id}"]`;

// How long the extension may take to do what a reader waits for.
const CAPTURE_TIMEOUT = 30_000;
const ANALYSIS_TIMEOUT = 30_000;
const UI_TIMEOUT = 10_000;

export function storySuite(browserName) {
  describe(`storydiff in ${browserName}: the reader of version 000 sees how it differs`, { timeout: 270_000 }, () => {
    let server;
    let session;
    let outDir;
    let others;
    let current;
    let article;
    let tabId;
    let panel;

    const shot = async (page, name) => {
      const file = path.join(outDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false }).catch((error) => console.log(`screenshot ${file} failed: ${error.message}`));
    };
    const overlay = () => ask(panel, 'overlay:state', { tabId });
    const openPanel = async () => {
      panel = await openExtensionPage(session, `panel.html?tab=${tabId}`);
      return panel;
    };
    // The overlay once the extension has analysed the page: the injected name
    // highlighted as unique.
    const waitForHighlights = (what) =>
      waitFor(
        async () => {
          const s = await overlay();
          return s.visible && s.highlights.some((h) => h.kind === 'unique' && isInjectedName(h.text)) ? s : false;
        },
        {
          timeout: ANALYSIS_TIMEOUT,
          message: `${what}: the reader does not see "${INJECTED_NAME}" highlighted as unique in version ${CURRENT} (overlay:state)`,
        },
      );
    // The panel's findings once they include the Peskov denial as missing.
    const waitForPeskov = (what) =>
      waitFor(
        async () => {
          const items = await panelFindings(panel);
          return items.some((f) => f.kind === 'missing' && f.text.includes('Peskov')) ? items : false;
        },
        {
          timeout: UI_TIMEOUT,
          message: `${what}: the panel's findings list has no missing finding about Peskov's denial (said only by version 003)`,
        },
      );

    before(async () => {
      const dist = DIST[browserName];
      assert.ok(existsSync(path.join(dist, 'manifest.json')), `${dist}/manifest.json is missing: run ./build.sh first`);
      outDir = path.join(root, 'test-output/e2e', browserName);
      await mkdir(outDir, { recursive: true });
      console.log(`${browserName}: screenshots in ${outDir}`);
      server = await startStoryServer();
      current = server.pages.find((p) => p.number === CURRENT);
      others = server.pages.filter((p) => p !== current);
      session = await launchWithExtension(browserName, dist);
    });

    after(async () => {
      await session?.close();
      await server?.close();
    });

    test('the four other versions are stored as the reader visits them', async () => {
      const probe = await openExtensionPage(session, 'panel.html');
      try {
        for (const other of others) {
          const page = await session.browser.newPage();
          await page.goto(other.url, { waitUntil: 'load' });
          await waitFor(
            async () => JSON.stringify(await storeContents(probe)).includes(other.url),
            { timeout: CAPTURE_TIMEOUT, message: `visiting ${other.url} did not store that version (store:export does not name it)` },
          );
          await page.close();
        }
      } finally {
        await probe.close();
      }
      article = await session.browser.newPage();
      await article.goto(current.url, { waitUntil: 'load' });
      const helper = await openExtensionPage(session, 'panel.html');
      tabId = await tabIdOf(helper, article, current.url);
      await helper.close();
      await openPanel();
    });

    test(`1. "${INJECTED_NAME}" is highlighted as unique and the missing Peskov denial is marked`, async () => {
      assert.ok(panel, 'the panel did not open (see the first test)');
      const state = await waitForHighlights('on first view');
      await article.bringToFront();
      await shot(article, 'page-000-highlighted');
      const name = state.highlights.find((h) => h.kind === 'unique' && isInjectedName(h.text));
      assert.ok(name.rect.width > 0 && name.rect.height > 0, `the "${INJECTED_NAME}" highlight has no size: ${JSON.stringify(name.rect)}`);
      assert.ok(
        state.markers.some((m) => m.kind === 'missing' && m.rect.height > 0),
        `the page shows no missing-content marker (overlay:state markers: ${JSON.stringify(state.markers)})`,
      );
      const named = await waitFor(
        async () => (await panelFindings(panel)).some((f) => f.kind === 'unique' && f.text.includes(INJECTED_NAME)),
        { timeout: UI_TIMEOUT, message: `the panel's findings list has no unique finding for "${INJECTED_NAME}"` },
      );
      assert.ok(named);
      const findings = await waitForPeskov('on first view');
      assert.ok(findings.some((f) => f.kind === 'missing' && f.text.includes('Peskov')));
    });

    test('2. the side panel lists the 4 other versions and the findings', async () => {
      const versions = await waitFor(
        async () => {
          const items = await panelVersions(panel);
          return items.length >= 4 ? items : false;
        },
        { timeout: UI_TIMEOUT, message: 'the side panel does not list the 4 stored versions of the story' },
      );
      await panel.bringToFront();
      await shot(panel, 'panel');
      assert.equal(versions.length, 4, `the side panel lists ${versions.length} versions, not the 4 the reader visited: ${JSON.stringify(versions)}`);
      assert.equal(new Set(versions.map((v) => v.id)).size, 4, `the versions have no 4 distinct data-version-id: ${JSON.stringify(versions)}`);
      const left = versions.filter((v) => v.included === false);
      assert.deepEqual(left, [], `the side panel does not compare ${left.length} of the 4 versions of this story with it (unticked)`);
      const findings = await panelFindings(panel);
      const kinds = new Set(findings.map((f) => f.kind));
      assert.ok(kinds.has('unique') && kinds.has('missing'), `the findings list lacks unique or missing findings: kinds ${[...kinds]}`);
      assert.ok(
        findings.every((f) => ['missing', 'differs', 'unique', 'variant', 'metadata'].includes(f.kind)),
        `a finding has an unknown data-kind: ${[...kinds]}`,
      );
    });

    test('3. clicking a finding scrolls the page to it', async () => {
      // Start with the name out of view: the page scrolled to its end.
      await article.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const viewport = await article.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      const start = await article.evaluate(() => scrollY);
      const outOfView = await waitFor(
        async () => {
          const s = await overlay();
          const name = s.highlights.find((h) => h.kind === 'unique' && isInjectedName(h.text));
          return name && !inViewport(name.rect, viewport) ? name : false;
        },
        { timeout: UI_TIMEOUT, message: `the "${INJECTED_NAME}" highlight is still reported in view with the page scrolled to its end (scrollY ${start})` },
      );
      await panel.bringToFront();
      await openGroup(panel, 'unique');
      const clicked = await clickItem(panel, `${sel('findings-list')} ${sel('finding-item')}[data-kind="unique"]`, /Benjamin Caldwell/);
      const landed = await waitFor(
        async () => {
          const y = await article.evaluate(() => scrollY);
          const s = await overlay();
          const name = s.highlights.find((h) => h.kind === 'unique' && isInjectedName(h.text));
          return y !== start && name && inViewport(name.rect, viewport) ? { y, rect: name.rect } : false;
        },
        {
          timeout: UI_TIMEOUT,
          message: `clicking the finding "${clicked}" did not scroll the page to "${INJECTED_NAME}" (from scrollY ${start}, rect ${JSON.stringify(outOfView.rect)})`,
        },
      );
      assert.ok(inViewport(landed.rect, viewport), `after the click the highlight is at ${JSON.stringify(landed.rect)}, outside the viewport`);
      await article.bringToFront();
      await shot(article, 'page-000-after-click');
      // The flashed highlight has keyboard focus, so its card is open: the other
      // versions' wording, each with its outlet. Escape closes it.
      const card = await waitFor(async () => (await overlay()).card, { timeout: UI_TIMEOUT, message: 'the focused highlight opened no card' });
      assert.equal(card.kind, 'unique', `the card is about a ${card.kind} finding`);
      assert.ok(card.sources.some((s) => s.startsWith('Wire A')), `the card names no other outlet: ${JSON.stringify(card.sources)}`);
      await article.keyboard.press('Escape');
      await waitFor(async () => (await overlay()).card === null, { timeout: UI_TIMEOUT, message: 'Escape did not close the card' });
    });

    glanceSuite({
      get session() { return session; },
      get server() { return server; },
      get panel() { return panel; },
      get article() { return article; },
      get tabId() { return tabId; },
      overlay: () => overlay(),
      shot: (page, name) => shot(page, name),
    });

    test('4. hiding the highlights gives back the page exactly as it was', async () => {
      const original = await article.evaluate(() => window.pageProbe.snapshot);
      // The page's own snapshot was taken before the extension drew anything:
      // it is what the served source parses to, with no script run.
      const parsed = await article.evaluate(
        (source) => new DOMParser().parseFromString(source, 'text/html').documentElement.outerHTML,
        current.html,
      );
      assert.equal(original.html, parsed, 'the test page snapshot is not the served page (the snapshot came too late)');
      await panel.bringToFront();
      await panel.click(sel('toggle-highlights'));
      try {
        await waitFor(async () => (await overlay()).visible === false, {
          timeout: UI_TIMEOUT,
          message: 'the toggle did not hide the highlights (overlay:state still visible)',
        });
        const now = await article.evaluate(() => ({
          html: document.documentElement.outerHTML,
          bodyChildren: Array.from(document.body.childNodes, (n) => n.nodeName + (n.id ? `#${n.id}` : '')),
        }));
        await article.bringToFront();
        await shot(article, 'page-000-hidden');
        assert.deepEqual(
          now.bodyChildren,
          original.bodyChildren,
          `with highlights hidden, the body has other children than the page had: ${JSON.stringify(now.bodyChildren.slice(-3))} at its end`,
        );
        if (now.html !== original.html) {
          const at = [...now.html].findIndex((c, i) => c !== original.html[i]);
          assert.fail(
            `with highlights hidden the page is not what it was: first difference at ${at}:\n` +
              `  was: ${JSON.stringify(original.html.slice(Math.max(0, at - 80), at + 120))}\n` +
              `  now: ${JSON.stringify(now.html.slice(Math.max(0, at - 80), at + 120))}`,
          );
        }
      } finally {
        // Show the highlights again for the next checks, whatever happened.
        await panel.bringToFront();
        await panel.click(sel('toggle-highlights'));
        await waitFor(async () => (await overlay()).visible === true, {
          timeout: UI_TIMEOUT,
          message: 'the toggle did not show the highlights again',
        });
      }
    });

    test('5. a script of the page finds none of the findings', async () => {
      const state = await waitForHighlights('with highlights shown');
      // What the extension shows: the highlighted texts, and what only other
      // versions say (the Peskov denial and the RUSI report, from 003).
      const texts = [...new Set([...state.highlights.map((h) => h.text.trim()), 'Peskov', 'Royal United Services Institute'])].filter(
        (t) => t.length >= 4,
      );
      assert.ok(texts.includes(INJECTED_NAME), 'nothing to look for');
      const seen = await article.evaluate((t) => window.pageProbe.look(t), texts);
      assert.ok(!seen.cssHighlights, `the page sees ${seen.cssHighlights} entries in CSS.highlights`);
      assert.equal(seen.marks, 0, `the page finds ${seen.marks} <mark> elements`);
      assert.deepEqual(seen.extraOccurrences, [], 'the page finds finding texts in its DOM (elements or attributes) that it did not have');
      assert.deepEqual(
        seen.openShadowRoots.filter((r) => r.withFindings.length > 0),
        [],
        'the page reads findings in an open shadow root',
      );
      assert.ok(seen.textUnchanged, "the page's text (body.textContent) changed");
    });

    test('6. unticking a version leaves it out of the comparison; ticking it again links it back', async () => {
      const courier = (await panelVersions(panel)).find((v) => v.text.includes('Courier C'));
      assert.ok(courier, 'the side panel does not list version 003 (Courier C)');
      const box = `${sel('version-item')}[data-version-id="${courier.id}"] input[type="checkbox"]`;
      await panel.bringToFront();
      await panel.click(box);
      await waitFor(
        async () => {
          const items = await panelFindings(panel);
          const unticked = (await panelVersions(panel)).find((v) => v.id === courier.id)?.included === false;
          return unticked && items.length > 0 && !items.some((f) => f.text.includes('Peskov'));
        },
        { timeout: UI_TIMEOUT, message: 'with 003 unticked, the findings still carry its Peskov denial' },
      );
      await panel.click(box);
      await waitForPeskov('with 003 linked again by hand');
      const linked = await ask(panel, 'panel:state', { tabId });
      const candidate = linked.candidates.find((c) => c.id === courier.id);
      assert.equal(candidate?.reason, 'linked', `003 is not recorded as linked by the reader: ${JSON.stringify(candidate)}`);
      assert.ok(linked.report.versions.some((v) => v.id === courier.id && v.same_story), 'the engine did not compare the linked 003');
    });

    test('7. the store survives a background restart and the findings come back', async () => {
      const before = await storeContents(panel);
      const findingsBefore = await panelFindings(panel);
      await panel.close();
      const how = await session.restartBackground();
      console.log(`${browserName}: ${how}`);
      await openPanel();
      const afterRestart = await storeContents(panel);
      // `seen` is when a page was last read: a restart that re-injects the
      // content script (Firefox reloads the add-on) reads the page again.
      const unseen = (store) => JSON.parse(JSON.stringify(store, (key, value) => (key === 'seen' ? undefined : value)));
      assert.deepEqual(unseen(afterRestart), unseen(before), 'the store is not the same after the background restarted');
      // Reading the page again after the restart: the new background must
      // compare it against the stored versions it reads back from storage.
      await article.bringToFront();
      await article.reload({ waitUntil: 'load' });
      await waitForHighlights('after the background restarted');
      const findingsAfter = await waitFor(
        async () => {
          const items = await panelFindings(panel);
          return items.length >= findingsBefore.length ? items : false;
        },
        { timeout: UI_TIMEOUT, message: `after the background restarted, the panel lists fewer than the ${findingsBefore.length} findings it had` },
      );
      assert.deepEqual(findingsAfter, findingsBefore, 'after the background restarted, the panel lists other findings than before');
      const versions = await waitFor(
        async () => {
          const items = await panelVersions(panel);
          return items.length >= 4 ? items : false;
        },
        { timeout: UI_TIMEOUT, message: 'after the background restarted, the side panel does not list the 4 stored versions' },
      );
      assert.equal(versions.length, 4, `after the restart the side panel lists ${versions.length} versions`);
    });

    test('8. export, clear, import gives back the same store', async () => {
      const exported = await storeContents(panel);
      assert.ok(JSON.stringify(exported).includes(others[0].url), 'the exported store does not hold the visited versions');
      await ask(panel, 'store:clear');
      const empty = await storeContents(panel);
      assert.ok(
        !others.some((o) => JSON.stringify(empty).includes(o.url)),
        'after clearing, the store still holds the visited versions',
      );
      await ask(panel, 'store:import', { data: exported });
      const again = await storeContents(panel);
      assert.deepEqual(again, exported, 'export → clear → import → export does not give back the same store');
    });
  });
}
