// End-to-end harness: a local article server for the seed story, launchers for
// Chromium and Firefox with the built extension loaded, and small helpers
// (bounded polling, messages sent from an extension page, screenshots).
import { readFileSync, readdirSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SEEDS_DIR = join(ROOT, 'tests/fixtures/seeds');
export const DIST = join(ROOT, 'dist');
export const OUTPUT = join(ROOT, 'test-output/e2e');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The internal uuid we give the Firefox extension, so moz-extension:// URLs are known. */
export const FIREFOX_UUID = '6f1f3e2a-5d1c-4b7e-9a40-2b9c1d7e5a11';

// --- polling --------------------------------------------------------------

/**
 * Calls `fn` until it returns a truthy value (returned) or the time runs out
 * (throws, saying what the reader would not see and the last value/error).
 */
export async function poll(fn, { what, timeout = 20_000, interval = 150 } = {}) {
  const end = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      lastError = undefined;
      if (last) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > end) {
      const detail = lastError ? `last error: ${lastError.message}` : `last value: ${short(last)}`;
      throw new Error(`${what ?? 'condition'} (not reached within ${timeout} ms; ${detail})`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export const short = (v, n = 400) => {
  let s;
  try {
    s = typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  return s === undefined ? String(v) : s.length > n ? `${s.slice(0, n)}…` : s;
};

// --- the article server ---------------------------------------------------

const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The five seeds: [{n: '000', file, title, paragraphs}]. */
export function loadSeeds() {
  return readdirSync(SEEDS_DIR)
    .filter((f) => /^\d{3}_.*\.txt$/.test(f))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(SEEDS_DIR, file), 'utf8').split(/\r?\n/);
      const first = lines.findIndex((l) => l.trim() !== '');
      const title = lines[first].trim();
      const paragraphs = lines.slice(first + 1).map((l) => l.trim()).filter(Boolean);
      return { n: file.slice(0, 3), file, title, paragraphs };
    });
}

// The page remembers its own markup as it was at DOMContentLoaded (before any
// content script ran: they run at document_idle), in a JS variable only, so it
// changes nothing in the DOM.
const BASELINE_SCRIPT =
  "document.addEventListener('DOMContentLoaded', () => {" +
  ' window.__baseline = { html: document.documentElement.outerHTML, body: document.body.outerHTML };' +
  ' });';

export function articlePage(seed) {
  const outlet = `Outlet ${seed.n}`;
  const ps = seed.paragraphs.map((p) => `      <p>${escapeHtml(p)}</p>`).join('\n');
  const related = Array.from({ length: 12 }, (_, i) =>
    `        <li><a href="/outlet-${seed.n}/other-${i}.html">Other headline number ${i + 1} from ${outlet}</a></li>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(seed.title)}</title>
  <meta property="og:type" content="article">
  <meta property="og:title" content="${escapeHtml(seed.title)}">
  <meta property="og:site_name" content="${outlet}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <style>body { font: 18px/1.6 serif; max-width: 40em; margin: 0 auto; padding: 1em; }
  footer { margin-top: 4em; border-top: 1px solid #999; } footer li { margin: 1em 0; }</style>
  <script>${BASELINE_SCRIPT}</script>
</head>
<body>
  <header>
    <nav><a href="/">${outlet}</a> | <a href="/world/">World</a> | <a href="/business/">Business</a> | <a href="/sport/">Sport</a></nav>
  </header>
  <main>
    <article>
      <h1>${escapeHtml(seed.title)}</h1>
${ps}
    </article>
  </main>
  <footer>
    <p>More from ${outlet}</p>
    <ul>
${related}
    </ul>
    <p>© ${outlet}. All rights reserved.</p>
  </footer>
</body>
</html>
`;
}

/** Serves /outlet-NNN/story.html for every seed on 127.0.0.1. */
export async function startServer(seeds = loadSeeds()) {
  const pages = new Map(seeds.map((s) => [`/outlet-${s.n}/story.html`, articlePage(s)]));
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const page = pages.get(path);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (n) => `${origin}/outlet-${n}/story.html`,
    close: () => new Promise((r) => server.close(r)),
  };
}

// --- launchers ------------------------------------------------------------

/**
 * A launched browser with the extension: {name, browser, origin, api, dir, close()}.
 * `origin` is the extension's page origin (chrome-extension://id or moz-extension://uuid).
 */
export async function launch(name) {
  if (name === 'chromium') return launchChromium();
  if (name === 'firefox') return launchFirefox();
  throw new Error(`unknown browser ${name}`);
}

async function launchChromium() {
  const dir = join(DIST, 'chrome');
  const profile = mkdtempSync(join(tmpdir(), 'storydiff-e2e-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    enableExtensions: true, // otherwise puppeteer adds --disable-extensions
    userDataDir: profile,
    defaultViewport: { width: 1000, height: 700 },
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  let sw;
  try {
    sw = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
      { timeout: 5_000 },
    );
  } catch {
    // Chromium builds that ignore --load-extension: load it over CDP instead.
    await browser.installExtension(dir);
    sw = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
      { timeout: 15_000 },
    );
  }
  const id = new URL(sw.url()).host;
  return {
    name: 'chromium',
    api: 'chrome',
    browser,
    dir,
    id,
    origin: `chrome-extension://${id}`,
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function launchFirefox() {
  const dir = join(DIST, 'firefox');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const geckoId = manifest.browser_specific_settings?.gecko?.id ?? 'storydiff@storydiff.example';
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { width: 1000, height: 700 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: FIREFOX_UUID }),
      'extensions.experiments.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.proxy.type': 0,
    },
  });
  const id = await browser.installExtension(dir);
  return {
    name: 'firefox',
    api: 'browser',
    browser,
    dir,
    id,
    geckoId,
    origin: `moz-extension://${FIREFOX_UUID}`,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

// --- pages ----------------------------------------------------------------

/**
 * Opens an extension page (panel.html?...) in a new tab. Firefox: a goto to a
 * moz-extension URL is not awaited; we wait for the page's own state instead.
 */
export async function openExtensionPage(ctx, path, page) {
  page ??= await ctx.browser.newPage();
  const url = `${ctx.origin}/${path}`;
  await gotoExtension(ctx, page, url);
  return page;
}

export async function gotoExtension(ctx, page, url) {
  if (ctx.name === 'firefox') {
    page.goto(url).catch(() => {});
  } else {
    await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => {});
  }
  await poll(
    () =>
      page.evaluate(
        (want) => location.href === want && document.readyState !== 'loading' && !!(globalThis.browser ?? globalThis.chrome)?.runtime?.sendMessage,
        url,
      ),
    { what: `the extension page ${url} did not open`, timeout: 20_000 },
  );
}

/** Sends a runtime message from an extension page; returns the raw answer {ok, value|error}. */
export function send(page, msg) {
  return page.evaluate(async (m) => {
    const api = globalThis.browser ?? globalThis.chrome;
    try {
      return await api.runtime.sendMessage(m);
    } catch (error) {
      return { ok: false, error: `sendMessage threw: ${error?.message ?? error}` };
    }
  }, msg);
}

/** Sends a message and unwraps {ok: true, value}; throws with the error otherwise. */
export async function request(page, msg) {
  const answer = await send(page, msg);
  if (!answer) throw new Error(`no answer to ${msg.type}`);
  if (!answer.ok) throw new Error(`${msg.type} failed: ${answer.error}`);
  return answer.value;
}

/** The store as exported (parsed), or throws. */
export async function exportStore(page) {
  const value = await request(page, { type: 'store:export' });
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** The browser's tab id for the tab showing `url` (asked through an extension page). */
export async function tabIdOf(page, url) {
  return poll(
    () =>
      page.evaluate(async (u) => {
        const api = globalThis.browser ?? globalThis.chrome;
        const tabs = await api.tabs.query({});
        const tab = tabs.find((t) => (t.url ?? '').split('#')[0] === u);
        return tab?.id ?? null;
      }, url),
    { what: `no browser tab shows ${url}` },
  ).then((id) => id);
}

export async function screenshot(ctx, page, name) {
  const dir = join(OUTPUT, ctx.name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  try {
    await page.bringToFront(); // a background tab may never paint a frame to capture
    await page.screenshot({ path });
    console.log(`# screenshot: ${path}`);
  } catch (error) {
    console.log(`# screenshot ${path} failed: ${error.message}`);
  }
  return path;
}
