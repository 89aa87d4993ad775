// Serves the real pages of ../shared/pages/readability on 127.0.0.1: each
// page's saved HTML at /<name>/ (a folder URL, so its relative links stay
// under it). Nothing else is served; the browser is kept off the network
// (see HOST_RULES), so a page's remote scripts, styles and images fail at once.
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PAGES_DIR = process.env.STORYDIFF_PAGES_DIR
  ? path.resolve(process.env.STORYDIFF_PAGES_DIR)
  : path.resolve(here, '../../../../shared/pages/readability');

/** Chromium's flag that makes every host but the local server unreachable, without waiting on DNS. */
export const HOST_RULES = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/**
 * The pages as [{name, readerable, html}], by name; [] when the folder is
 * absent. STORYDIFF_PAGES (a regular expression) keeps only the pages it
 * matches, to look into a few.
 */
export function loadPages(dir = PAGES_DIR) {
  if (!existsSync(dir)) return [];
  const only = process.env.STORYDIFF_PAGES ? new RegExp(process.env.STORYDIFF_PAGES) : null;
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'page.html')))
    .filter((entry) => !only || only.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const metadataFile = path.join(dir, name, 'expected-metadata.json');
      const metadata = existsSync(metadataFile) ? JSON.parse(readFileSync(metadataFile, 'utf8')) : {};
      return { name, readerable: metadata.readerable !== false, html: readFileSync(path.join(dir, name, 'page.html')) };
    });
}

/** Starts the server: {origin, pages: [{name, readerable, url}], close()}. */
export async function startPagesServer(pages = loadPages()) {
  const byName = new Map(pages.map((page) => [page.name, page]));
  const server = createServer((req, res) => {
    const match = /^\/([^/]+)\/$/.exec(new URL(req.url, 'http://127.0.0.1').pathname);
    const page = match && byName.get(decodeURIComponent(match[1]));
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page.html);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    pages: pages.map(({ name, readerable }) => ({ name, readerable, url: `${origin}/${encodeURIComponent(name)}/` })),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
