// When the extension reads a page (extension/settle.js), in Chromium and
// Firefox with the built extension:
// - a page whose text is in its HTML is read before its `load` event (an
//   image the server holds back keeps `load` from firing until the test lets
//   it go), not after every image and ad has come in;
// - a page that fills itself in from a script after it was read (the rest of
//   the article fetched, the server holding it back until the first read is
//   stored) is read again, and the store keeps one version of it, whole, not
//   a first revision of half the article.
// Ordering, not wall-clock time: the server decides when each part arrives.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openExtensionPage } from './lib/browsers.js';
import { articlePage, loadSeeds } from './lib/server.js';
import { ask, storeContents, tabIdOf } from './lib/extension.js';
import { waitFor } from './lib/wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distRoot = process.env.STORYDIFF_E2E_DIST ? path.resolve(process.env.STORYDIFF_E2E_DIST) : path.join(root, 'dist');
const DIST = { chromium: path.join(distRoot, 'chrome'), firefox: path.join(distRoot, 'firefox') };

// Five words in a row of a line, plain ASCII (seed 002 is mojibake, which the
// engine repairs: its stored text is not the served one, these words are).
const wordsOf = (line) => line.match(/(?:[A-Za-z,]+ ){4}[A-Za-z,]+/)[0];
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A response the test lets go when it chooses: {promise, release()}. */
function held() {
  let release;
  const promise = new Promise((resolve) => { release = resolve; });
  return { promise, release };
}

/**
 * Two pages of the seed story: `slow` (seed 001, with an image held back) and
 * `filling` (seed 002: its first paragraphs in the HTML, the rest fetched by
 * its own script from `/filling/rest`, held back).
 */
async function startServer() {
  const seeds = loadSeeds();
  const slowSeed = seeds.find((seed) => seed.number === '001');
  const fillingSeed = seeds.find((seed) => seed.number === '002');
  const image = held();
  const rest = held();
  const lines = fillingSeed.text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const cut = Math.ceil(lines.length * 0.6);
  const slowHtml = articlePage(slowSeed.text, 'Wire A')
    .replace('</article>', '<img src="/slow/photo.png" alt="A photo" width="10" height="10"></article>');
  const fillingHtml = articlePage(lines.slice(0, cut).join('\n'), 'The Daily B')
    .replace('</body>', `<script>
fetch('/filling/rest').then((r) => r.text()).then((html) => {
  document.querySelector('article').insertAdjacentHTML('beforeend', html);
});
</script></body>`);
  const restHtml = lines.slice(cut).map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    const send = (type, body) => res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    if (pathname === '/slow/article.html') return send('text/html; charset=utf-8', slowHtml);
    if (pathname === '/slow/photo.png') { await image.promise; return send('image/png', Buffer.alloc(0)); }
    if (pathname === '/filling/article.html') return send('text/html; charset=utf-8', fillingHtml);
    if (pathname === '/filling/rest') { await rest.promise; return send('text/html; charset=utf-8', restHtml); }
    return res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    slow: { url: `${origin}/slow/article.html`, release: image.release },
    filling: { url: `${origin}/filling/article.html`, release: rest.release, lastWords: wordsOf(lines.at(-1)), cutWords: wordsOf(lines[cut - 1]) },
    close: () => {
      image.release();
      rest.release();
      return new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); });
    },
  };
}

for (const browserName of ['chromium', 'firefox']) {
  describe(`capture in ${browserName}: read when the text is there`, { timeout: 120_000 }, () => {
    let server;
    let session;
    let helper;

    before(async () => {
      assert.ok(existsSync(path.join(DIST[browserName], 'manifest.json')), `${DIST[browserName]} is missing: run ./build.sh first`);
      server = await startServer();
      session = await launchWithExtension(browserName, DIST[browserName]);
      helper = await openExtensionPage(session, 'options.html');
    });

    after(async () => {
      await server?.close();
      await session?.close();
    });

    test('a page is read before its load event, while an image still loads', async () => {
      const page = await session.browser.newPage();
      await page.goto(server.slow.url, { waitUntil: 'domcontentloaded' });
      const tabId = await tabIdOf(helper, page, server.slow.url);
      const state = await waitFor(async () => {
        const s = await ask(helper, 'overlay:state', { tabId });
        return s.capture.state === 'stored' ? s : false;
      }, { timeout: 30_000, message: `${server.slow.url} was not read while its image was held back` });
      assert.equal(state.capture.state, 'stored');
      assert.notEqual(await page.evaluate(() => document.readyState), 'complete', 'the load event had not fired when the page was read');
      server.slow.release();
      await page.close();
    });

    test('a page that fills itself in after it was read is read again: one version, whole', async () => {
      const page = await session.browser.newPage();
      await page.goto(server.filling.url, { waitUntil: 'load' });
      const stored = () => storeContents(helper).then(({ versions }) => versions.filter((v) => v.url === server.filling.url));
      const first = await waitFor(async () => {
        const versions = await stored();
        return versions.length ? versions : false;
      }, { timeout: 30_000, message: `${server.filling.url} was not read before the rest of it came` });
      assert.ok(first[0].text.includes(server.filling.cutWords), 'the first read holds what the HTML had');
      assert.ok(!first[0].text.includes(server.filling.lastWords), 'the first read was made before the rest came');
      server.filling.release();
      const whole = await waitFor(async () => {
        const versions = await stored();
        return versions.some((v) => v.text.includes(server.filling.lastWords)) ? versions : false;
      }, { timeout: 30_000, message: 'the page was not read again once its script filled it in' });
      assert.equal(whole.length, 1, 'the page filled in is the same version, not a second revision');
      assert.equal(whole[0].id, first[0].id);
      assert.equal(whole[0].revision, 1);
      const usage = await ask(helper, 'store:usage');
      assert.equal(usage.versions, 2, 'two pages read, two versions counted');
      await page.close();
    });
  });
}
