// IndexedDB store: versions, manual links/unlinks, settings, and per-tab reports.
// Everything the background needs lives here (the background may be killed any time).

const DB_NAME = 'storydiff';
const DB_VERSION = 1;
export const FORMAT = 'storydiff-store';

export const DEFAULT_SETTINGS = Object.freeze({ capture: 'all', sites: [], paused: false });

let dbPromise = null;

function open() {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      const versions = db.createObjectStore('versions', { keyPath: 'id' });
      versions.createIndex('url', 'url');
      versions.createIndex('hash', 'hash');
      db.createObjectStore('links', { keyPath: 'key' });
      db.createObjectStore('settings');
      db.createObjectStore('reports', { keyPath: 'tab' });
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => { db.close(); dbPromise = null; };
      resolve(db);
    };
    req.onerror = () => { dbPromise = null; reject(req.error); };
  });
  return dbPromise;
}

const done = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

async function tx(stores, mode, body) {
  const db = await open();
  const t = db.transaction(stores, mode);
  const finished = new Promise((resolve, reject) => {
    t.oncomplete = resolve;
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('transaction aborted'));
  });
  const result = await body(t);
  await finished;
  return result;
}

export async function sha256(text) {
  const bytes = new TextEncoder().encode(text);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// --- versions ----------------------------------------------------------------
export const allVersions = () => tx(['versions'], 'readonly', (t) => done(t.objectStore('versions').getAll()));
export const getVersion = (id) => tx(['versions'], 'readonly', (t) => done(t.objectStore('versions').get(id)));
export const versionsAt = (url) =>
  tx(['versions'], 'readonly', (t) => done(t.objectStore('versions').index('url').getAll(url)));
export const putVersion = (v) => tx(['versions'], 'readwrite', (t) => done(t.objectStore('versions').put(v)));
export const deleteVersion = (id) => tx(['versions'], 'readwrite', (t) => done(t.objectStore('versions').delete(id)));

/**
 * Stores an analysed article as a version. Same URL and same text hash → the
 * existing version (no new one); same URL and changed text → a new revision.
 * Returns {version, created, revisions: earlier versions at the URL}.
 */
export async function addVersion({ url, canonical, article }) {
  const hash = await sha256(article.text);
  const key = canonical || url;
  const atUrl = (await versionsAt(key)).sort((a, b) => a.captured - b.captured);
  const same = atUrl.find((v) => v.hash === hash);
  if (same) return { version: same, created: false, revisions: atUrl.filter((v) => v.id !== same.id) };
  let site = article.site || '';
  try { site ||= new URL(url).hostname; } catch { /* not a URL */ }
  const version = {
    id: `v-${hash.slice(0, 12)}-${Date.now().toString(36)}`,
    url: key,
    page: url,
    canonical: canonical || '',
    site,
    title: article.title || '',
    byline: article.byline || '',
    published: article.published || '',
    captured: Date.now(),
    text: article.text,
    hash,
    revision: atUrl.length + 1,
  };
  await putVersion(version);
  return { version, created: true, revisions: atUrl };
}

/** The shape compare() and StoryIndex take. */
export const stored = (v) => ({
  id: v.id, title: v.title || '', published: v.published || '', byline: v.byline || '', site: v.site || '', text: v.text,
});

// --- links -----------------------------------------------------------------------
const linkKey = (a, b) => (a < b ? `${a}|${b}` : `${b}|${a}`);
export const allLinks = () => tx(['links'], 'readonly', (t) => done(t.objectStore('links').getAll()));
export async function setLink(a, b, kind) {
  const [x, y] = a < b ? [a, b] : [b, a];
  return tx(['links'], 'readwrite', (t) => done(t.objectStore('links').put({ key: linkKey(a, b), a: x, b: y, kind })));
}

// --- settings ------------------------------------------------------------------
export async function getSettings() {
  const s = await tx(['settings'], 'readonly', (t) => done(t.objectStore('settings').get('settings')));
  return { ...DEFAULT_SETTINGS, ...(s ?? {}) };
}
export async function setSettings(patch) {
  const next = { ...(await getSettings()), ...patch };
  next.capture = ['all', 'listed'].includes(next.capture) ? next.capture : 'all';
  next.sites = [...new Set((next.sites ?? []).map((s) => String(s).trim().toLowerCase()).filter(Boolean))];
  next.paused = !!next.paused;
  await tx(['settings'], 'readwrite', (t) => done(t.objectStore('settings').put(next, 'settings')));
  return next;
}

// --- per-tab reports -------------------------------------------------------------
export const putReport = (entry) => tx(['reports'], 'readwrite', (t) => done(t.objectStore('reports').put(entry)));
export const getReport = (tab) => tx(['reports'], 'readonly', (t) => done(t.objectStore('reports').get(tab)));
export const deleteReport = (tab) => tx(['reports'], 'readwrite', (t) => done(t.objectStore('reports').delete(tab)));

// --- export / import / clear ---------------------------------------------------------
export async function exportAll() {
  return tx(['versions', 'links', 'settings'], 'readonly', async (t) => ({
    format: FORMAT,
    version: 1,
    exported: new Date().toISOString(),
    versions: await done(t.objectStore('versions').getAll()),
    links: await done(t.objectStore('links').getAll()),
    settings: (await done(t.objectStore('settings').get('settings'))) ?? null,
  }));
}

/** Adds everything in an export (same ids are overwritten); lossless round trip. */
export async function importAll(data) {
  if (!data || data.format !== FORMAT || !Array.isArray(data.versions)) throw new Error('not a storydiff export');
  for (const v of data.versions) {
    if (typeof v?.id !== 'string' || typeof v.text !== 'string') throw new Error('a version without id or text');
  }
  const links = Array.isArray(data.links) ? data.links : [];
  await tx(['versions', 'links', 'settings'], 'readwrite', async (t) => {
    for (const v of data.versions) t.objectStore('versions').put(v);
    for (const l of links) if (l?.key && l.a && l.b) t.objectStore('links').put(l);
    if (data.settings) t.objectStore('settings').put(data.settings, 'settings');
  });
  return { versions: data.versions.length, links: links.length };
}

export async function clearAll() {
  await tx(['versions', 'links', 'reports'], 'readwrite', async (t) => {
    t.objectStore('versions').clear();
    t.objectStore('links').clear();
    t.objectStore('reports').clear();
  });
}

export async function usage() {
  const versions = await allVersions();
  const bytes = new Blob([JSON.stringify(versions)]).size;
  let quota = null;
  try { quota = await navigator.storage?.estimate?.(); } catch { /* not everywhere */ }
  return { versions: versions.length, bytes, estimate: quota?.usage ?? null };
}
