// End-to-end tests of the storydiff extension in real browsers (Chromium and
// Firefox), driven through puppeteer-core. The seed story is served from
// 127.0.0.1; the reader visits versions 001–004, then reads 000 and must see
// what 000 alone says (the injected name) and what it lacks (Peskov's denial).
//
// Run: npm run test:e2e   (E2E_BROWSERS=chromium or =firefox to run one)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DIST, exportStore, gotoExtension, launch, loadSeeds, openExtensionPage, poll, request, screenshot,
  short, startServer, tabIdOf,
} from './harness.js';

const BROWSERS = (process.env.E2E_BROWSERS ?? 'chromium,firefox').split(',').map((s) => s.trim()).filter(Boolean);
const NAME = 'Benjamin Caldwell';
const MISSING = 'Peskov';

/** overlay:state of the article tab, asked from an extension page. */
const overlayState = (control, tab) => request(control, { type: 'overlay:state', tab });

/** What the panel lists: versions and findings, as the reader sees them. */
const panelLists = (panel) =>
  panel.evaluate(() => {
    const items = (sel) => [...document.querySelectorAll(sel)];
    return {
      versions: items('[data-testid="versions-list"] [data-testid="version-item"]').map((el) => ({
        id: el.dataset.versionId ?? null,
        text: el.textContent.replace(/\s+/g, ' ').trim(),
      })),
      findings: items('[data-testid="findings-list"] [data-testid="finding-item"]').map((el) => ({
        kind: el.dataset.kind ?? null,
        text: el.textContent.replace(/\s+/g, ' ').trim(),
      })),
      status: document.querySelector('[data-testid="status"]')?.textContent.trim() ?? null,
    };
  });

const hasNameHighlight = (state) =>
  state?.highlights?.some((h) => h.kind === 'unique' && (h.text ?? '').includes(NAME));
const hasMissingMarker = (state) => state?.markers?.some((m) => m.kind === 'missing');

const inViewport = (rect, height) => rect && rect.y + rect.height > 0 && rect.y < height;

for (const name of BROWSERS) {
  describe(`storydiff in ${name}`, { timeout: 280_000 }, () => {
    const distDir = join(DIST, name === 'chromium' ? 'chrome' : 'firefox');
    const built = existsSync(join(distDir, 'manifest.json'));
    let ctx; // launched browser
    let server;
    let article; // the tab the reader reads in
    let control; // an extension page used to send messages
    let panel; // panel.html?tab=<article tab>
    let tab; // the article tab's id
    let storedAfterVisits; // version count after 001–004 and 000

    before(async () => {
      if (!built) return;
      server = await startServer();
      ctx = await launch(name);
      control = await openExtensionPage(ctx, 'panel.html');
      article = await ctx.browser.newPage();
    });

    after(async () => {
      await ctx?.close();
      await server?.close();
    });

    const skip = built ? false : `dist/${name === 'chromium' ? 'chrome' : 'firefox'} is not built (run ./build.sh)`;

    it('stores each version the reader visits (001–004), then 000', { skip }, async () => {
      const seeds = loadSeeds();
      assert.equal(seeds.length, 5, 'five seed texts');
      let count = (await exportStore(control)).versions.length;
      for (const n of ['001', '002', '003', '004', '000']) {
        await article.goto(server.url(n), { waitUntil: 'load' });
        const before = count;
        count = await poll(
          async () => {
            const c = (await exportStore(control)).versions.length;
            return c > before ? c : 0;
          },
          { what: `visiting ${server.url(n)} did not store a new version (the reader's history would miss it)` },
        );
      }
      storedAfterVisits = count;
      assert.equal(count, 5, 'five versions stored');
    });

    it('highlights the injected name as unique and marks the missing Peskov denial (overlay:state)', { skip }, async () => {
      tab = await tabIdOf(control, server.url('000'));
      try {
        const state = await poll(
          async () => {
            const s = await overlayState(control, tab);
            return hasNameHighlight(s) ? s : null;
          },
          { what: `the reader of 000 does not see "${NAME}" highlighted as unique`, timeout: 30_000 },
        ).catch(async (error) => {
          const s = await overlayState(control, tab).catch((e) => e.message);
          throw new Error(`${error.message}; overlay:state = ${short(s, 1500)}`);
        });
        assert.equal(state.visible, true, 'highlights are visible by default');
        const h = state.highlights.find((x) => x.kind === 'unique' && x.text.includes(NAME));
        assert.ok(h.rect.width > 0 && h.rect.height > 0, `the "${NAME}" highlight has a size on screen: ${short(h.rect)}`);

        // The missing marker: overlay:state gives markers {kind, rect} (and, beyond the
        // contract, the finding's index); the finding's text comes from report:get.
        const entry = await request(control, { type: 'report:get', tab });
        const findings = entry?.report?.findings ?? [];
        const peskov = findings.findIndex((f) => f.kind === 'missing' && `${f.there ?? ''}`.includes(MISSING));
        const summary = findings.map((f) => `${f.kind}: ${short(f.here ?? f.there, 60)}`);
        assert.ok(
          peskov >= 0,
          `the report for 000 has no "missing" finding about ${MISSING}'s denial (compared with ${short(
            entry?.report?.versions?.map((v) => v.title ?? v.id),
          )}; findings: ${short(summary, 1500)})`,
        );
        assert.ok(hasMissingMarker(state), `no "missing" marker is drawn on the page: ${short(state.markers)}`);
        if (state.markers.every((m) => Number.isInteger(m.index))) {
          assert.ok(
            state.markers.some((m) => m.index === peskov),
            `no marker is drawn for the missing ${MISSING} denial (finding ${peskov}); markers: ${short(state.markers)}`,
          );
        }
      } finally {
        await screenshot(ctx, article, 'article-000');
      }
    });

    it('the panel lists the 4 other versions and the findings (unique name, missing Peskov)', { skip }, async () => {
      tab ??= await tabIdOf(control, server.url('000'));
      panel = await openExtensionPage(ctx, `panel.html?tab=${tab}`);
      const lists = await poll(
        async () => {
          const l = await panelLists(panel);
          const ok =
            l.versions.length === 4 &&
            l.findings.some((f) => f.kind === 'unique' && f.text.includes(NAME)) &&
            l.findings.some((f) => f.kind === 'missing' && f.text.includes(MISSING));
          return ok ? l : null;
        },
        { what: 'the panel for 000 does not list 4 versions and the unique/missing findings', timeout: 30_000 },
      ).catch(async (error) => {
        throw new Error(`${error.message}; panel shows ${short(await panelLists(panel).catch((e) => e.message), 2000)}`);
      }).finally(() => screenshot(ctx, panel, 'panel-000'));
      assert.equal(lists.versions.length, 4);
    });

    it('after the reader adds 003 to the story by hand ("add-to-story"), the panel shows it and the missing Peskov denial', { skip }, async () => {
      assert.ok(panel, 'the panel is open');
      const listed = await panelLists(panel);
      if (listed.versions.length < 4) {
        const picked = await panel.evaluate(() => {
          const button = document.querySelector('[data-testid="add-to-story"]');
          const select = button?.parentElement?.querySelector('select') ?? document.querySelector('#add-select');
          const option = [...(select?.options ?? [])].find((o) => o.textContent.includes('Outlet 003'));
          if (!button || !option) return false;
          select.value = option.value;
          select.dispatchEvent(new Event('change', { bubbles: true }));
          button.click();
          return option.textContent;
        });
        assert.ok(picked, 'the panel offers no way to add the stored Outlet 003 version to this story');
      }
      await poll(
        async () => {
          const l = await panelLists(panel);
          return l.versions.length === 4 && l.findings.some((f) => f.kind === 'missing' && f.text.includes(MISSING));
        },
        { what: `with 003 added by hand, the panel still does not list 4 versions and the missing ${MISSING} denial`, timeout: 30_000 },
      ).catch(async (error) => {
        throw new Error(`${error.message}; panel shows ${short(await panelLists(panel).catch((e) => e.message), 1500)}`);
      }).finally(() => screenshot(ctx, panel, 'panel-000-with-003'));
    });

    it('clicking a finding scrolls the page to it', { skip }, async () => {
      assert.ok(panel, 'the panel is open');
      const height = await article.evaluate(() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
        return innerHeight;
      });
      const startY = await poll(() => article.evaluate(() => (scrollY > 0 ? scrollY : 0)), {
        what: 'the article page could not be scrolled down (page too short for this test)',
      });
      const nameRect = async () =>
        (await overlayState(control, tab)).highlights.find((x) => x.kind === 'unique' && x.text.includes(NAME))?.rect;
      assert.ok(!inViewport(await nameRect(), height), 'precondition: the name is off screen after scrolling to the bottom');
      const clicked = await panel.evaluate((name) => {
        const item = [...document.querySelectorAll('[data-testid="finding-item"][data-kind="unique"]')].find((el) =>
          el.textContent.includes(name),
        );
        if (!item) return false;
        item.scrollIntoView();
        item.click();
        return true;
      }, NAME);
      assert.ok(clicked, `the panel has a unique finding for "${NAME}" to click`);
      await poll(
        async () => {
          const y = await article.evaluate(() => scrollY);
          return y !== startY && inViewport(await nameRect(), height);
        },
        { what: `clicking the "${NAME}" finding did not bring it into view on the page` },
      );
    });

    it('hiding the highlights restores the page exactly', { skip }, async () => {
      assert.ok(panel, 'the panel is open');
      const baseline = await article.evaluate(() => window.__baseline ?? null);
      assert.ok(baseline, 'the page recorded its own markup at DOMContentLoaded');
      const toggle = await panel.$('[data-testid="toggle-highlights"]');
      assert.ok(toggle, 'the panel has a toggle-highlights control');
      await toggle.evaluate((el) => el.click());
      await poll(async () => (await overlayState(control, tab)).visible === false, {
        what: 'the toggle did not hide the highlights (overlay:state still visible)',
      });
      const now = await article.evaluate(() => ({
        html: document.documentElement.outerHTML,
        body: document.body.outerHTML,
      }));
      assertSameMarkup(now.body, baseline.body, 'with highlights hidden, the page body is not what the site served');
      assertSameMarkup(now.html, baseline.html, 'with highlights hidden, the page (head + body) is not what the site served');
      await screenshot(ctx, article, 'article-000-hidden');
      // and back on
      await toggle.evaluate((el) => el.click());
      await poll(
        async () => {
          const s = await overlayState(control, tab);
          return s.visible === true && hasNameHighlight(s);
        },
        { what: 'the toggle did not show the highlights again' },
      );
    });

    it('a script of the page itself cannot find the findings', { skip }, async () => {
      const state = await overlayState(control, tab);
      assert.ok(state.visible && hasNameHighlight(state), 'precondition: the highlights are drawn');
      const seen = await article.evaluate(
        (name, missing) => {
          const count = (s, w) => s.split(w).length - 1;
          const base = window.__baseline.html;
          const html = document.documentElement.outerHTML;
          const attrs = [];
          const shadows = [];
          const walk = (root) => {
            for (const el of root.querySelectorAll('*')) {
              for (const a of el.attributes) {
                if (a.value.includes(name) && !(el.localName === 'meta' || el.localName === 'title')) {
                  attrs.push(`${el.localName}[${a.name}]`);
                }
              }
              if (el.shadowRoot) {
                const t = el.shadowRoot.innerHTML + el.shadowRoot.textContent;
                if (t.includes(name) || t.includes(missing)) shadows.push(el.localName);
                walk(el.shadowRoot);
              }
            }
          };
          walk(document);
          return {
            highlights: globalThis.CSS?.highlights ? CSS.highlights.size : 0,
            marks: document.querySelectorAll('mark').length,
            nameInPage: count(html, name),
            nameInBaseline: count(base, name),
            missingInPage: count(html, missing),
            attrs,
            shadows,
          };
        },
        NAME,
        MISSING,
      );
      assert.equal(seen.highlights, 0, 'the page can read the findings through CSS.highlights');
      assert.equal(seen.marks, 0, 'the page can find <mark> elements');
      assert.equal(seen.nameInPage, seen.nameInBaseline, `the page's markup mentions "${NAME}" more often than the site served it`);
      assert.equal(seen.missingInPage, 0, `the page's markup contains the missing finding ("${MISSING}")`);
      assert.deepEqual(seen.attrs, [], 'attributes added to the page carry finding text');
      assert.deepEqual(seen.shadows, [], 'an open shadow root in the page carries finding text');
    });

    it('the store survives a background restart and findings come back', { skip }, async () => {
      const beforeRestart = (await exportStore(control)).versions.length;
      if (name === 'chromium') {
        const sw = await ctx.browser.waitForTarget(
          (t) => t.type() === 'service_worker' && t.url().startsWith(ctx.origin),
          { timeout: 10_000 },
        );
        const worker = await sw.worker();
        await worker.close(); // Target.closeTarget on the service worker: it stops
        await poll(
          () => !ctx.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(ctx.origin)),
          { what: 'the extension service worker did not stop' },
        );
      } else {
        // Firefox has no API to suspend an event page on demand; the closest is
        // reloading the extension (runtime.reload): the background page is torn
        // down and started again, extension pages close, IndexedDB stays.
        await control.evaluate(() => {
          setTimeout(() => browser.runtime.reload(), 50);
        });
        await poll(
          async () => {
            const pages = await ctx.browser.pages();
            return !pages.includes(control) || (await control.evaluate(() => 1).then(() => false, () => true));
          },
          { what: 'reloading the extension (runtime.reload) did not close its pages: the background may not have restarted', timeout: 15_000 },
        );
        control = await reopen(ctx, control, 'panel.html');
        panel = null;
      }
      // The reader opens 000 again.
      await article.goto(server.url('000'), { waitUntil: 'load' });
      tab = await tabIdOf(control, server.url('000'));
      await poll(async () => hasNameHighlight(await overlayState(control, tab)), {
        what: `after a background restart, the reader of 000 no longer sees "${NAME}" highlighted`,
        timeout: 30_000,
      });
      const afterRestart = (await exportStore(control)).versions.length;
      assert.equal(afterRestart, beforeRestart, 'the number of stored versions changed across the restart');
      assert.equal(afterRestart, storedAfterVisits ?? afterRestart);
    });

    it('export, clear, import gives the same store', { skip }, async () => {
      const first = await exportStore(control);
      assert.ok(first.versions.length >= 5, `the store holds the visited versions (has ${first.versions.length})`);
      await request(control, { type: 'store:clear' });
      const cleared = await exportStore(control);
      assert.equal(cleared.versions.length, 0, 'store:clear left versions behind');
      await request(control, { type: 'store:import', json: JSON.stringify(first) });
      const second = await exportStore(control);
      assert.deepEqual(comparable(second), comparable(first), 'the store after export → clear → import differs');
    });
  });
}

/** An export without the export timestamp, with its lists in a stable order. */
function comparable(store) {
  const out = { ...store };
  delete out.exported;
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v)) out[k] = [...v].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return out;
}

function assertSameMarkup(actual, expected, message) {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const at = (s) => JSON.stringify(s.slice(Math.max(0, i - 120), i + 200));
  assert.fail(`${message}: first difference at ${i}\n  page now: ${at(actual)}\n  as served: ${at(expected)}`);
}

async function reopen(ctx, old, path) {
  const page = await ctx.browser.newPage();
  await old.close().catch(() => {});
  await gotoExtension(ctx, page, `${ctx.origin}/${path}`);
  return page;
}
