// The store: everything the background knows lives here, in IndexedDB, because
// the background (a service worker in Chrome, an event page in Firefox) may be
// stopped at any moment.
//   versions  one captured text of one URL: {id, url, key, site, title, byline,
//             published, captured, text, hash, revision, manual, seen}
//   entries   (schema 2) one per version, everything but its text, and what
//             the library's lookups need: {…summary fields, bytes, lastSeen,
//             latest: 1 on the newest revision of its key (absent otherwise),
//             format, profile (Uint8Array, the library's compact profile),
//             terms (its posting keys), postings (= terms on the latest
//             revision, else []: the multiEntry index 'postings' is the term
//             index, so a lookup reads only the lists it needs)}
//   pending   (schema 2) ids of versions whose entry has no profile of the
//             current format yet (a migrated store, an import, a format change)
//   meta      (schema 2) {name: 'usage', versions, bytes}, kept as versions
//             come and go; {name: 'format', value}
//   links     the reader's corrections for a story: {id: `${key}|${version}`,
//             key (the current article's URL key), version, state: 'linked'|'unlinked'}
//   tabs      per tab: {tabId, versionId, report} (a cache; rebuilt on demand)
// Every write that touches a version updates its entry, the term index and
// the counts in the same transaction: the index is never half-written.

const DB_NAME = 'storydiff';
const DB_VERSION = 2;

let opening = null;

function openDb() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = (event) => upgrade(request.result, request.transaction, event.oldVersion);
    request.onsuccess = () => {
      const db = request.result;
      // Another connection wants to upgrade or delete the store: step aside
      // (the next call opens it again, upgraded).
      db.onversionchange = () => { db.close(); opening = null; };
      resolve(db);
    };
    request.onerror = () => { opening = null; reject(request.error); };
    request.onblocked = () => console.warn('storydiff: the store upgrade waits for another page to close it');
  });
  return opening;
}

/**
 * Schema 1 → 2 without loss: every version gets its entry (its summary, no
 * profile yet) and is queued in `pending`; the counts are taken once. The
 * background makes the profiles afterwards, in batches ({@link nextPending}).
 */
function upgrade(db, tx, oldVersion) {
  if (oldVersion < 1) {
    db.createObjectStore('versions', { keyPath: 'id' }).createIndex('key', 'key');
    db.createObjectStore('links', { keyPath: 'id' }).createIndex('key', 'key');
    db.createObjectStore('tabs', { keyPath: 'tabId' });
  }
  if (oldVersion < 2) {
    const entries = db.createObjectStore('entries', { keyPath: 'id' });
    entries.createIndex('key', 'key');
    entries.createIndex('captured', 'captured');
    entries.createIndex('lastSeen', 'lastSeen');
    entries.createIndex('latest', 'latest');
    entries.createIndex('postings', 'postings', { multiEntry: true });
    db.createObjectStore('pending', { keyPath: 'id' });
    db.createObjectStore('meta', { keyPath: 'name' });
    tx.objectStore('links').createIndex('version', 'version');
    const usage = { name: 'usage', versions: 0, bytes: 0 };
    const newest = new Map();
    const metas = [];
    tx.objectStore('versions').openCursor().onsuccess = (event) => {
      const cursor = event.target.result;
      if (cursor) {
        const version = cursor.value;
        const entry = entryOf(version);
        metas.push(entry);
        usage.versions += 1;
        usage.bytes += entry.bytes;
        if ((newest.get(version.key)?.revision ?? 0) < version.revision) newest.set(version.key, entry);
        cursor.continue();
        return;
      }
      for (const entry of metas) {
        if (newest.get(entry.key) === entry) entry.latest = 1;
        tx.objectStore('entries').put(entry);
        tx.objectStore('pending').put({ id: entry.id });
      }
      tx.objectStore('meta').put(usage);
    };
  }
}

/** A version's entry without a profile (its text's size in bytes as stored, about two per character). */
export function entryOf(version) {
  const { id, url, key, site, title, byline, published, captured, hash, revision, manual, seen } = version;
  return {
    id, url, key, site, title, byline, published, captured, hash, revision, manual: Boolean(manual), seen,
    bytes: (version.text?.length ?? 0) * 2,
    lastSeen: seen ?? captured,
    format: null,
    profile: null,
    terms: [],
    postings: [],
  };
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Why a write failed, in words for the reader. A transaction is all or
 * nothing, so a refused write loses nothing already stored; the error says so,
 * and says what to do when the browser's storage for the extension is full.
 */
export class StoreError extends Error {
  constructor(cause) {
    const full = cause?.name === 'QuotaExceededError';
    super(full
      ? 'The browser\'s storage for storydiff is full, so nothing new can be kept (nothing stored before was lost). '
        + 'Delete versions you no longer need, or export them and clear the store, in storydiff\'s options.'
      : `storydiff's store refused (${cause?.name ?? 'error'}: ${cause?.message ?? cause}); nothing stored before was changed. `
        + 'If this keeps happening, export what you can in storydiff\'s options.', { cause });
    this.name = 'StoreError';
  }
}

const storeError = (error) => (error instanceof StoreError ? error : new StoreError(error));

async function transact(stores, mode, work) {
  // A store that cannot be opened (corrupted, or its disk gone) is said too.
  const db = await openDb().catch((error) => { throw storeError(error); });
  const tx = db.transaction(stores, mode);
  const finished = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(storeError(tx.error));
    tx.onabort = () => reject(storeError(tx.error ?? new Error('transaction aborted')));
  });
  let result;
  try {
    result = await work(tx);
  } catch (error) {
    try { tx.abort(); } catch { /* already finished */ }
    await finished.catch(() => {});
    // A request the browser refused (a DOMException) is said as a store error.
    throw error instanceof DOMException ? storeError(error) : error;
  }
  await finished;
  return result;
}

const read = (store, fn) => transact([store], 'readonly', (tx) => done(fn(tx.objectStore(store))));
const write = (store, fn) => transact([store], 'readwrite', (tx) => done(fn(tx.objectStore(store))));

export const getVersion = (id) => read('versions', (s) => s.get(id));
export const getEntry = (id) => read('entries', (s) => s.get(id));
/** Entries (no texts) of every revision of one URL key. */
export const entriesOfKey = (key) => read('entries', (s) => s.index('key').getAll(key));

/** The entries of `ids` (missing ones left out), in one transaction. */
export function getEntries(ids) {
  return transact(['entries'], 'readonly', async (tx) => {
    const store = tx.objectStore('entries');
    const found = await Promise.all(ids.map((id) => done(store.get(id))));
    return found.filter(Boolean);
  });
}

/** A page of entries, newest captured first. */
export function entriesPage({ offset = 0, limit = 200 } = {}) {
  return transact(['entries'], 'readonly', (tx) => new Promise((resolve, reject) => {
    const out = [];
    let skipped = offset === 0;
    const request = tx.objectStore('entries').index('captured').openCursor(null, 'prev');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || out.length >= limit) return resolve(out);
      if (!skipped) {
        skipped = true;
        cursor.advance(offset);
        return undefined;
      }
      out.push(cursor.value);
      return cursor.continue();
    };
  }));
}

/** Inside `tx`: the ids of the `n` entries seen longest ago (for eviction), never `keep`. */
function leastRecentlySeenIn(tx, n, keep) {
  return new Promise((resolve, reject) => {
    const out = [];
    if (n <= 0) return resolve(out);
    const request = tx.objectStore('entries').index('lastSeen').openCursor();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || out.length >= n) return resolve(out);
      if (cursor.value.id !== keep) out.push(cursor.value.id);
      return cursor.continue();
    };
    return undefined;
  });
}

/**
 * Inside `tx` (which holds every store a deletion touches): deletes the
 * versions seen longest ago until at most `max` are stored, never `keep`.
 * Returns the ids deleted.
 */
async function evictIn(tx, max, keep) {
  const stored = (await done(tx.objectStore('meta').get('usage')))?.versions ?? 0;
  const oldest = await leastRecentlySeenIn(tx, stored - max, keep);
  for (const id of oldest) await deleteIn(tx, id);
  return oldest;
}

/**
 * Lookup step 1 of the library: for each posting key, how many indexed
 * versions hold it, and how many are indexed.
 */
export function postingCounts(keys) {
  return transact(['entries', 'meta'], 'readonly', async (tx) => {
    const index = tx.objectStore('entries').index('postings');
    // How many are indexed, near enough for rarity: the versions counted (a
    // count of the 'latest' index would walk it whole).
    const usage = done(tx.objectStore('meta').get('usage'));
    const counts = await Promise.all(Array.from(keys, (key) => done(index.count(key))));
    return { live: (await usage)?.versions ?? 0, counts };
  });
}

/**
 * Lookup steps 1 and 3 in one read: for each posting key, the ids of the
 * indexed versions holding it, at most `cap` (a longer list is a common term,
 * read no further: its length says so), and how many versions there are.
 */
export function postingSample(keys, cap) {
  return transact(['entries', 'meta'], 'readonly', async (tx) => {
    const index = tx.objectStore('entries').index('postings');
    const usage = done(tx.objectStore('meta').get('usage'));
    const lists = await Promise.all(Array.from(keys, (key) => done(index.getAllKeys(key, cap))));
    return { live: (await usage)?.versions ?? 0, lists };
  });
}

/** The ids of the indexed versions holding each key. */
export function postingLists(keys) {
  return transact(['entries'], 'readonly', (tx) => {
    const index = tx.objectStore('entries').index('postings');
    return Promise.all(Array.from(keys, (key) => done(index.getAllKeys(key))));
  });
}

export const linksOfKey = (key) => read('links', (s) => s.index('key').getAll(key));
export const allLinks = () => read('links', (s) => s.getAll());
export const putLink = (link) => write('links', (s) => s.put(link));
export const deleteLink = (id) => write('links', (s) => s.delete(id));

export const getTab = (tabId) => read('tabs', (s) => s.get(tabId));
export const putTab = (entry) => write('tabs', (s) => s.put(entry));
export const deleteTab = (tabId) => write('tabs', (s) => s.delete(tabId));
export const allTabs = () => read('tabs', (s) => s.getAll());

export async function usage() {
  return (await read('meta', (s) => s.get('usage'))) ?? { versions: 0, bytes: 0 };
}
export async function format() {
  return (await read('meta', (s) => s.get('format')))?.value ?? null;
}
export const setFormat = (value) => write('meta', (s) => s.put({ name: 'format', value }));

/** Adds `by` to the usage counts inside `tx`. */
async function count(tx, by) {
  const meta = tx.objectStore('meta');
  const current = (await done(meta.get('usage'))) ?? { name: 'usage', versions: 0, bytes: 0 };
  meta.put({ ...current, versions: Math.max(0, current.versions + by.versions), bytes: Math.max(0, current.bytes + by.bytes) });
}

/**
 * Writes `entry` (a version's entry, with or without its profile) inside
 * `tx`, keeping exactly one latest revision per key indexed: it becomes the
 * latest when no other revision of its key is newer (the one that was is
 * taken out of the term index), and is indexed only then.
 */
async function putEntry(tx, entry) {
  const entries = tx.objectStore('entries');
  const others = (await done(entries.index('key').getAll(entry.key))).filter((other) => other.id !== entry.id);
  const newer = others.some((other) => other.revision > entry.revision);
  for (const other of others) {
    if (!newer && other.latest) entries.put({ ...other, latest: undefined, postings: [] });
  }
  entries.put({ ...entry, latest: newer ? undefined : 1, postings: newer ? [] : entry.terms ?? [] });
}

/** The entry fields a library `add` gave (`{format, profile, postings}`). */
export const withProfile = (entry, persisted) => ({
  ...entry,
  format: persisted.format,
  // Bytes, not an array of numbers: a tenth of the size to store and clone.
  profile: persisted.profile == null ? null : Uint8Array.from(persisted.profile),
  terms: [...persisted.postings],
});

// Every store a deletion touches.
const DELETION_STORES = ['versions', 'entries', 'links', 'pending', 'meta'];

/**
 * Stores a new version with its entry (and profile), counted, and keeps the
 * store within `max` versions in the same transaction (the versions seen
 * longest ago go first, never this one): no reader, however quick, sees the
 * store past its bound. Returns the ids evicted.
 */
export function putCaptured(version, entry, max = Infinity) {
  return transact(DELETION_STORES, 'readwrite', async (tx) => {
    const existing = await done(tx.objectStore('versions').getKey(version.id));
    tx.objectStore('versions').put(version);
    await putEntry(tx, entry);
    if (existing === undefined) await count(tx, { versions: 1, bytes: entry.bytes });
    return Number.isFinite(max) ? evictIn(tx, max, version.id) : [];
  });
}

/** Deletes the versions seen longest ago until at most `max` are stored; returns their ids. */
export function evictBeyond(max) {
  return transact(DELETION_STORES, 'readwrite', (tx) => evictIn(tx, max, null));
}

/** The version was seen again: its `seen` time, in the version and its entry. */
export function touch(id, seen) {
  return transact(['versions', 'entries'], 'readwrite', async (tx) => {
    const version = await done(tx.objectStore('versions').get(id));
    const entry = await done(tx.objectStore('entries').get(id));
    if (version) tx.objectStore('versions').put({ ...version, seen });
    if (entry) tx.objectStore('entries').put({ ...entry, seen, lastSeen: seen });
    return version ? { ...version, seen } : null;
  });
}

/** Saves the profile made for a stored version (unless it is gone meanwhile). */
export function putProfile(id, persisted) {
  return transact(['entries', 'pending'], 'readwrite', async (tx) => {
    tx.objectStore('pending').delete(id);
    const entry = await done(tx.objectStore('entries').get(id));
    if (!entry) return false;
    await putEntry(tx, withProfile(entry, persisted));
    return true;
  });
}

/** The versions of `ids` (missing ones left out), in one transaction. */
export function getVersions(ids) {
  return transact(['versions'], 'readonly', async (tx) => {
    const store = tx.objectStore('versions');
    return (await Promise.all(ids.map((id) => done(store.get(id))))).filter(Boolean);
  });
}

/** Saves many profiles (`[[id, persisted]]`) in one transaction; the ids leave `pending`. */
export function putProfiles(made) {
  return transact(['entries', 'pending'], 'readwrite', async (tx) => {
    for (const [id, persisted] of made) {
      tx.objectStore('pending').delete(id);
      const entry = await done(tx.objectStore('entries').get(id));
      if (entry) await putEntry(tx, withProfile(entry, persisted));
    }
  });
}

/** Up to `n` ids waiting for a profile. */
export const nextPending = (n) => read('pending', (s) => s.getAllKeys(null, n));
export const pendingCount = () => read('pending', (s) => s.count());

/** Queues every version for a new profile (the profile's format changed). */
export function queueAll() {
  return transact(['entries', 'pending'], 'readwrite', async (tx) => {
    const ids = await done(tx.objectStore('entries').getAllKeys());
    for (const id of ids) tx.objectStore('pending').put({ id });
    return ids.length;
  });
}

/**
 * Deletes a version, its entry and every link that names it; when it was its
 * key's latest revision, the newest remaining one is indexed instead.
 */
export function deleteVersion(id) {
  return transact(DELETION_STORES, 'readwrite', (tx) => deleteIn(tx, id));
}

/** `deleteVersion` inside `tx`. */
async function deleteIn(tx, id) {
  const entries = tx.objectStore('entries');
  const entry = await done(entries.get(id));
  const existed = (await done(tx.objectStore('versions').getKey(id))) !== undefined;
  tx.objectStore('versions').delete(id);
  tx.objectStore('pending').delete(id);
  for (const linkId of await done(tx.objectStore('links').index('version').getAllKeys(id))) tx.objectStore('links').delete(linkId);
  if (!entry) return;
  entries.delete(id);
  if (existed) await count(tx, { versions: -1, bytes: -entry.bytes });
  if (!entry.latest) return;
  const rest = (await done(entries.index('key').getAll(entry.key))).filter((other) => other.id !== id);
  const next = rest.sort((a, b) => b.revision - a.revision)[0];
  if (next) entries.put({ ...next, latest: 1, postings: next.terms ?? [] });
}

/** Empties every store. */
export function clearAll() {
  const names = ['versions', 'entries', 'pending', 'meta', 'links', 'tabs'];
  return transact(names, 'readwrite', async (tx) => {
    for (const name of names) tx.objectStore(name).clear();
  });
}

/**
 * Puts a batch of versions and links in one transaction (import): each
 * version with its entry (no profile yet, queued in `pending`), counted.
 */
export function putMany(versions, links) {
  return transact(['versions', 'entries', 'pending', 'links', 'meta'], 'readwrite', async (tx) => {
    const by = { versions: 0, bytes: 0 };
    for (const version of versions) {
      const previous = await done(tx.objectStore('entries').get(version.id));
      tx.objectStore('versions').put(version);
      const entry = entryOf(version);
      await putEntry(tx, entry);
      tx.objectStore('pending').put({ id: version.id });
      by.versions += previous ? 0 : 1;
      by.bytes += entry.bytes - (previous?.bytes ?? 0);
    }
    for (const link of links) tx.objectStore('links').put(link);
    await count(tx, by);
  });
}

/**
 * One page of versions (with texts) in id order after `after`, for export: as
 * many as fit in `maxChars` of text (at least one), read with one cursor in
 * one transaction. `more` says whether versions follow.
 */
export function versionsPage(after, maxChars) {
  return transact(['versions'], 'readonly', (tx) => new Promise((resolve, reject) => {
    const versions = [];
    let chars = 0;
    const range = after == null ? null : IDBKeyRange.lowerBound(after, true);
    const request = tx.objectStore('versions').openCursor(range);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve({ versions, more: false });
      const size = cursor.value.text?.length ?? 0;
      if (versions.length && chars + size > maxChars) return resolve({ versions, more: true });
      versions.push(cursor.value);
      chars += size;
      return cursor.continue();
    };
  }));
}
