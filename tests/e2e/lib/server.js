// Serves the seed story as local article pages on 127.0.0.1 (ephemeral port).
// Each seed becomes a realistic news page: <title>, og:type=article meta,
// site navigation, an <article> with an <h1> and one <p> per line of the seed,
// a footer, and an inline script of the page's own (see PAGE_SCRIPT).
import { createServer } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SEEDS_DIR = path.resolve(here, '../../fixtures/seeds');
// A second story, written for the tests (fixtures/harbour/README.md).
export const HARBOUR_DIR = path.resolve(here, '../fixtures/harbour');

// One outlet per seed, by the seed's number: where its page lives and the
// site it claims to be.
const OUTLETS = {
  '000': { slug: 'newsroll', site: 'Newsroll Finance' },
  '001': { slug: 'wire-a', site: 'Wire A' },
  '002': { slug: 'daily-b', site: 'The Daily B' },
  '003': { slug: 'courier-c', site: 'Courier C' },
  '004': { slug: 'digest-d', site: 'Digest D' },
};

const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// The page's own script. It runs while the page is parsed (it is the last node
// of <body>, and nothing follows it in the source), before any document_idle
// content script, so `snapshot` is the page as its author made it. `look`
// is what a script of the page could find of the extension's findings.
const PAGE_SCRIPT = `(() => {
  const snapshot = {
    html: document.documentElement.outerHTML,
    bodyChildren: Array.from(document.body.childNodes, (n) => n.nodeName + (n.id ? '#' + n.id : '')),
    text: document.body.textContent,
  };
  const count = (haystack, needle) => (needle ? haystack.split(needle).length - 1 : 0);
  function look(texts) {
    const html = document.documentElement.outerHTML;
    const openShadowRoots = [];
    for (const el of document.querySelectorAll('*')) {
      if (el.shadowRoot) {
        const inner = el.shadowRoot.innerHTML;
        openShadowRoots.push({ host: el.nodeName, withFindings: texts.filter((t) => inner.includes(t)) });
      }
    }
    return {
      cssHighlights: typeof CSS !== 'undefined' && CSS.highlights ? CSS.highlights.size : null,
      marks: document.querySelectorAll('mark').length,
      extraOccurrences: texts
        .map((t) => ({ text: t, page: count(snapshot.html, t), now: count(html, t) }))
        .filter((o) => o.now > o.page),
      openShadowRoots,
      textUnchanged: document.body.textContent === snapshot.text,
    };
  }
  Object.defineProperty(window, 'pageProbe', { value: Object.freeze({ snapshot, look }) });
})();`;

/** The seeds as {number, file, text}, in order. */
export function loadSeeds(dir = SEEDS_DIR) {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.*\.txt$/.test(f))
    .sort()
    .map((file) => ({ number: file.slice(0, 3), file, text: readFileSync(path.join(dir, file), 'utf8') }));
}

/** The article page for one seed's text. The headline is the first line of
 * at least five words and at most 160 characters; shorter lines before it are
 * kept (a date line), longer ones make the page headline-less. */
export function articlePage(text, site) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const headlineAt = lines.findIndex((l) => l.length <= 160 && l.split(/\s+/).length >= 5);
  const before = headlineAt > 0 && lines.slice(0, headlineAt).every((l) => l.length <= 160) ? headlineAt : 0;
  const headline = headlineAt >= 0 && headlineAt === before ? lines[headlineAt] : null;
  const body = lines.filter((_, i) => !(headline && i === headlineAt));
  const title = headline ?? `${body[0].split(/\s+/).slice(0, 8).join(' ')}…`;
  const paragraphs = body.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | ${escapeHtml(site)}</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="${escapeHtml(site)}">
<meta property="og:title" content="${escapeHtml(title)}">
<meta name="description" content="${escapeHtml(body[0].slice(0, 150))}">
<style>
body { font: 18px/1.6 Georgia, serif; margin: 0; color: #222; }
header.site, footer.site { background: #12365a; color: #fff; padding: 12px 24px; }
header.site a, footer.site a { color: #fff; margin-right: 16px; }
.masthead { height: 900px; background: linear-gradient(#dde6ef, #fff); display: flex; align-items: center; justify-content: center; }
article { max-width: 720px; margin: 0 auto; padding: 24px; }
</style>
</head>
<body>
<header class="site" id="top"><nav aria-label="Sections"><a href="/">Home</a><a href="/world/">World</a><a href="/politics/">Politics</a><a href="/business/">Business</a></nav></header>
<div class="masthead" role="img" aria-label="Advertisement">Advertisement</div>
<main id="content">
<article>
<h1>${headline ? escapeHtml(headline) : escapeHtml(title)}</h1>
${paragraphs}
</article>
</main>
<footer class="site" id="bottom"><p>© ${escapeHtml(site)}. <a href="/about/">About</a> <a href="/privacy/">Privacy</a></p></footer>
<script>${PAGE_SCRIPT}</script></body></html>`;
}

// The harbour story's pages, by what the tests call them: where each lives,
// the outlet it claims, and its text (or, for the notice, its whole page).
const HARBOUR = {
  first: { route: '/port-gazette/ferry-timetable.html', site: 'Port Gazette', file: 'port-gazette.txt' },
  second: { route: '/kerran-post/later-ferries.html', site: 'Kerran Post', file: 'kerran-post.txt' },
  current: { route: '/ellery-news/ferry-timetable-vote.html', site: 'Ellery News', file: 'ellery-news.txt' },
  notice: { route: '/council/ferry-notice.html', file: 'council-notice.html' },
};

/** The harbour story's pages: {first, second, current, notice}, each {route, site, text?, html}. */
export function harbourPages(dir = HARBOUR_DIR) {
  return Object.fromEntries(Object.entries(HARBOUR).map(([name, page]) => {
    const source = readFileSync(path.join(dir, page.file), 'utf8');
    if (page.file.endsWith('.html')) return [name, { ...page, html: source }];
    return [name, { ...page, text: source, html: articlePage(source, page.site) }];
  }));
}

/**
 * Starts the server. Returns {origin, pages: [{number, file, url, html}],
 * harbour: {first, second, current, notice} (each with its url), close()}.
 * `/` lists the seed pages; anything else unknown is 404.
 */
export async function startStoryServer(seeds = loadSeeds(), { port = 0 } = {}) {
  const routes = new Map();
  const pages = seeds.map((seed) => {
    const outlet = OUTLETS[seed.number] ?? { slug: `outlet-${seed.number}`, site: `Outlet ${seed.number}` };
    const route = `/${outlet.slug}/lavrov-north-korea-${seed.number}.html`;
    const html = articlePage(seed.text, outlet.site);
    routes.set(route, html);
    return { ...seed, route, html };
  });
  const harbour = harbourPages();
  for (const page of Object.values(harbour)) routes.set(page.route, page.html);
  routes.set('/', `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Index</title></head><body><ul>${pages
    .map((p) => `<li><a href="${p.route}">${p.route}</a></li>`)
    .join('')}</ul></body></html>`);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const html = routes.get(url.pathname);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    pages: pages.map((p) => ({ ...p, url: origin + p.route })),
    harbour: Object.fromEntries(Object.entries(harbour).map(([name, page]) => [name, { ...page, url: origin + page.route }])),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
