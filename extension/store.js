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
//   terms     (schema 3) for each term, how many entries hold it in their
//             postings, kept as entries come and go, so a lookup learns how
//             common its terms are without reading or counting their lists:
//             {bucket, terms (Uint32Array, ascending), counts (Uint32Array)},
//             the terms whose key % TERM_BUCKETS is `bucket` (none at 0;
//             no record for an empty bucket). In buckets because IndexedDB
//             charges per request: an import batch moves thousands of
//             terms, but at most TERM_BUCKETS records
//   pending   (schema 2) ids of versions whose entry has no profile of the
//             current format yet (a migrated store, a format change)
//   meta      (schema 2) {name: 'usage', versions, bytes}, kept as versions
//             come and go; {name: 'format', value}
//   links     the reader's corrections for a story: {id: `${key}|${version}`,
//             key (the current article's URL key), version, state: 'linked'|'unlinked'}
//   tabs      per tab: {tabId, versionId, report} (a cache; rebuilt on demand)
//   dismissals (schema 4) findings the reader dismissed as not useful, for
//             one story: {id, kind, texts, story (version ids; multiEntry
//             index 'story', so a report reads only its story's), at (index)}
//             (extension/dismissals.js)
// Every write that touches a version updates its entry, the term index, the
// term counts and the usage counts in the same transaction: the index is
// never half-written, and a count always equals its list's length.

const DB_NAME = 'storydiff';
const DB_VERSION = 4;

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
 * Schema 1 → 2 → 3 → 4 without loss, in the one upgrade transaction: a step
 * whose stores are already there is skipped.
 */
function upgrade(db, tx, oldVersion) {
  if (oldVersion < 1) {
    db.createObjectStore('versions', { keyPath: 'id' }).createIndex('key', 'key');
    db.createObjectStore('links', { keyPath: 'id' }).createIndex('key', 'key');
    db.createObjectStore('tabs', { keyPath: 'tabId' });
  }
  if (oldVersion < 2) toSchema2(db, tx);
  if (oldVersion < 3) toSchema3(db, tx, oldVersion);
  if (oldVersion < 4) toSchema4(db);
}

/** Schema 4: the reader's dismissed findings (none yet in an older store). */
function toSchema4(db) {
  const dismissals = db.createObjectStore('dismissals', { keyPath: 'id' });
  dismissals.createIndex('story', 'story', { multiEntry: true });
  dismissals.createIndex('at', 'at');
}

/**
 * Schema 2: every version gets its entry (its summary, no profile yet, so no
 * postings) and is queued in `pending`; the counts are taken once. The
 * background makes the profiles afterwards, in batches ({@link nextPending}).
 */
function toSchema2(db, tx) {
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

/**
 * Schema 3: the term counts. A schema-2 store has them taken once, here, from
 * its entries (the one whole read of them, in the upgrade); a store made or
 * just upgraded from schema 1 has no postings yet, so nothing to count.
 */
function toSchema3(db, tx, oldVersion) {
  db.createObjectStore('terms', { keyPath: 'bucket' });
  if (oldVersion !== 2) return;
  const counts = new Map();
  tx.objectStore('entries').openCursor().onsuccess = (event) => {
    const cursor = event.target.result;
    if (cursor) {
      tally(counts, [], cursor.value.postings);
      cursor.continue();
      return;
    }
    const buckets = new Map();
    for (const [term, count] of counts) {
      if (!buckets.has(bucketOf(term))) buckets.set(bucketOf(term), new Map());
      buckets.get(bucketOf(term)).set(term, count);
    }
    for (const [bucket, held] of buckets) putBucket(tx.objectStore('terms'), bucket, held);
  };
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
async function evictIn(tx, changes, max, keep) {
  const stored = (await done(tx.objectStore('meta').get('usage')))?.versions ?? 0;
  const oldest = await leastRecentlySeenIn(tx, stored - max, keep);
  for (const id of oldest) await deleteIn(tx, changes, id);
  return oldest;
}

/**
 * A lookup's reads of the term index, in one snapshot: how many indexed
 * versions hold each of `keys` (from the counts kept in `terms`, one read
 * per bucket: no list is read to learn its length) and how many versions there
 * are; then `choose(counts, live)` names the keys whose lists to read, each
 * up to `cap` ids. Returns `{live, counts, chosen, lists}` (`lists[i]` the
 * ids holding `chosen[i]`).
 */
export function postingsFor(keys, cap, choose) {
  return transact(['terms', 'entries', 'meta'], 'readonly', async (tx) => {
    // How many are indexed, near enough for rarity: the versions counted (a
    // count of the 'latest' index would walk it whole).
    const usage = done(tx.objectStore('meta').get('usage'));
    const counts = await countsOf(tx, keys);
    const live = (await usage)?.versions ?? 0;
    const chosen = Array.from(choose(counts, live));
    const index = tx.objectStore('entries').index('postings');
    const lists = await Promise.all(chosen.map((key) => done(index.getAllKeys(key, cap))));
    return { live, counts, chosen, lists };
  });
}

/** How many indexed versions hold each of `keys`, from the kept counts (for tests and checks). */
export function termCounts(keys) {
  return transact(['terms'], 'readonly', (tx) => countsOf(tx, keys));
}

export const linksOfKey = (key) => read('links', (s) => s.index('key').getAll(key));
/** The reader's links that name one version. */
export const linksOfVersion = (id) => read('links', (s) => s.index('version').getAll(id));
export const allLinks = () => read('links', (s) => s.getAll());
export const putLink = (link) => write('links', (s) => s.put(link));
export const deleteLink = (id) => write('links', (s) => s.delete(id));

export const getTab = (tabId) => read('tabs', (s) => s.get(tabId));
export const putTab = (entry) => write('tabs', (s) => s.put(entry));
export const deleteTab = (tabId) => write('tabs', (s) => s.delete(tabId));
export const allTabs = () => read('tabs', (s) => s.getAll());

/**
 * Keeps a dismissal; past `max` dismissals the oldest go, in the same
 * transaction (the store of them stays bounded).
 */
export function putDismissal(dismissal, max) {
  return transact(['dismissals'], 'readwrite', async (tx) => {
    const dismissals = tx.objectStore('dismissals');
    await done(dismissals.put(dismissal));
    let over = (await done(dismissals.count())) - max;
    if (over <= 0) return;
    await new Promise((resolve, reject) => {
      const request = dismissals.index('at').openCursor();
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor || over <= 0) return resolve();
        if (cursor.primaryKey !== dismissal.id) { cursor.delete(); over -= 1; }
        return cursor.continue();
      };
    });
  });
}

export const deleteDismissal = (id) => write('dismissals', (s) => s.delete(id));

/** The dismissals whose story holds any of `ids` (each once), read through the story index only. */
export function dismissalsFor(ids) {
  return transact(['dismissals'], 'readonly', async (tx) => {
    const byStory = tx.objectStore('dismissals').index('story');
    const found = new Map();
    for (const list of await Promise.all(ids.map((id) => done(byStory.getAll(id))))) {
      for (const dismissal of list) found.set(dismissal.id, dismissal);
    }
    return [...found.values()];
  });
}

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

// --- the term counts: changes tallied as entries are written, applied once per transaction ---

/**
 * Adds to `changes` (term → by how much its count moves) what replacing the
 * postings `before` with `after` does: +1 for each term only `after` holds,
 * -1 for each only `before` holds (each term once: the index counts an
 * entry once however often its array names the term).
 */
function tally(changes, before, after) {
  const was = new Set(before ?? []);
  const is = new Set(after ?? []);
  for (const term of is) if (!was.has(term)) changes.set(term, (changes.get(term) ?? 0) + 1);
  for (const term of was) if (!is.has(term)) changes.set(term, (changes.get(term) ?? 0) - 1);
}

// How many records the term counts are kept in: a lookup reads one per query
// term (each ~1/TERM_BUCKETS of the vocabulary, a few KB at 20,000 stored),
// an import batch reads and writes at most all of them once.
const TERM_BUCKETS = 1024;
const bucketOf = (term) => term % TERM_BUCKETS;

/** Where `value` is, or would go, in the ascending `sorted`. */
function lowerBound(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many entries hold `term`, by its bucket's record (undefined: an empty bucket). */
function countIn(record, term) {
  if (!record) return 0;
  const at = lowerBound(record.terms, term);
  return record.terms[at] === term ? record.counts[at] : 0;
}

/** Inside `tx`: how many entries hold each of `keys`, one read per bucket they fall in. */
async function countsOf(tx, keys) {
  const store = tx.objectStore('terms');
  const buckets = [...new Set(Array.from(keys, bucketOf))];
  const records = await Promise.all(buckets.map((bucket) => done(store.get(bucket))));
  const byBucket = new Map(buckets.map((bucket, i) => [bucket, records[i]]));
  return Array.from(keys, (key) => countIn(byBucket.get(bucketOf(key)), key));
}

/** The record of `bucket` holding `counts` (term → count; those at 0 or below leave). */
function bucketRecord(bucket, counts) {
  const kept = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  return { bucket, terms: Uint32Array.from(kept, ([term]) => term), counts: Uint32Array.from(kept, ([, n]) => n) };
}

/** Writes `counts` (term → count, for every term of `bucket`) as its record, or deletes an empty one. */
function putBucket(store, bucket, counts) {
  const record = bucketRecord(bucket, counts);
  if (record.terms.length) store.put(record);
  else store.delete(bucket);
}

/** Applies the tallied `changes` to the `terms` store inside `tx`: one read and one write per bucket moved. */
async function applyTally(tx, changes) {
  const moves = new Map();
  for (const [term, by] of changes) {
    if (by === 0) continue;
    if (!moves.has(bucketOf(term))) moves.set(bucketOf(term), []);
    moves.get(bucketOf(term)).push([term, by]);
  }
  const store = tx.objectStore('terms');
  const buckets = [...moves.keys()];
  const records = await Promise.all(buckets.map((bucket) => done(store.get(bucket))));
  buckets.forEach((bucket, i) => {
    const counts = new Map(Array.from(records[i]?.terms ?? [], (term, at) => [term, records[i].counts[at]]));
    for (const [term, by] of moves.get(bucket)) counts.set(term, (counts.get(term) ?? 0) + by);
    putBucket(store, bucket, counts);
  });
}

/**
 * A read-write transaction over `stores` and `terms` in which `work(tx,
 * changes)` tallies what its entry writes do to the term counts; they are
 * applied at its end, in the same transaction.
 */
function transactIndexed(stores, work) {
  return transact([...stores, 'terms'], 'readwrite', async (tx) => {
    const changes = new Map();
    const result = await work(tx, changes);
    await applyTally(tx, changes);
    return result;
  });
}

/** Writes `entry` over `before` (what is stored under its id, or undefined), its postings tallied. */
function writeEntry(tx, changes, before, entry) {
  tally(changes, before?.postings, entry.postings);
  tx.objectStore('entries').put(entry);
}

/** Deletes the stored entry `before`, its postings tallied. */
function removeEntry(tx, changes, before) {
  tally(changes, before.postings, []);
  tx.objectStore('entries').delete(before.id);
}

// An entry as its key's latest revision (indexed), or as an older one (not).
const asLatest = (entry) => ({ ...entry, latest: 1, postings: entry.terms ?? [] });
const asOlder = (entry) => ({ ...entry, latest: undefined, postings: [] });
const newestOf = (entries) => [...entries].sort((a, b) => b.revision - a.revision)[0];

/**
 * In memory (`byKey`: key → (id → entry as it will be written), `keyOf`: id
 * → key): puts `entry` in its key, as the latest when no other revision of
 * its key is newer (the one that was is taken out of the term index). An
 * entry that moves to another key leaves its old one first.
 */
function place(byKey, keyOf, entry) {
  const from = keyOf.get(entry.id);
  if (from !== undefined && from !== entry.key) leave(byKey.get(from), entry.id);
  if (!byKey.has(entry.key)) byKey.set(entry.key, new Map());
  const group = byKey.get(entry.key);
  group.delete(entry.id);
  const newer = [...group.values()].some((other) => other.revision > entry.revision);
  if (!newer) {
    for (const [id, other] of group) if (other.latest) group.set(id, asOlder(other));
  }
  group.set(entry.id, newer ? asOlder(entry) : asLatest(entry));
  keyOf.set(entry.id, entry.key);
}

/** In memory: `id` leaves `group`; when it was the latest, the newest remaining one is instead. */
function leave(group, id) {
  const gone = group.get(id);
  group.delete(id);
  const next = gone?.latest ? newestOf(group.values()) : null;
  if (next) group.set(next.id, asLatest(next));
}

/**
 * Writes `placed` (entries, with or without profiles, in the order they came)
 * inside `tx`, keeping exactly one latest revision per key indexed, and each
 * entry written once however many of the batch touch it: the entries they
 * replace and every revision of their keys are read first, all at once, the
 * batch is placed in memory, and only what changed is written. Returns what
 * was stored under each id before (id → entry).
 */
async function placeEntries(tx, changes, placed) {
  const entries = tx.objectStore('entries');
  const ids = [...new Set(placed.map((entry) => entry.id))];
  const replaced = new Map((await Promise.all(ids.map((id) => done(entries.get(id))))).filter(Boolean).map((e) => [e.id, e]));
  const keys = [...new Set([...placed, ...replaced.values()].map((entry) => entry.key))];
  const revisions = await Promise.all(keys.map((key) => done(entries.index('key').getAll(key))));
  const stored = new Map(revisions.flat().map((entry) => [entry.id, entry]));
  const byKey = new Map(keys.map((key, i) => [key, new Map(revisions[i].map((entry) => [entry.id, entry]))]));
  const keyOf = new Map([...stored.values()].map((entry) => [entry.id, entry.key]));
  for (const entry of placed) place(byKey, keyOf, entry);
  for (const group of byKey.values()) {
    for (const [id, entry] of group) if (entry !== stored.get(id)) writeEntry(tx, changes, replaced.get(id) ?? stored.get(id), entry);
  }
  return replaced;
}

/** The entry fields a library `add` gave (`{format, profile, postings}`). */
export const withProfile = (entry, persisted) => ({
  ...entry,
  format: persisted.format,
  // Bytes, not an array of numbers: a tenth of the size to store and clone.
  profile: persisted.profile == null ? null : Uint8Array.from(persisted.profile),
  terms: [...persisted.postings],
});

// Every store a deletion touches (and `terms`, through transactIndexed).
const DELETION_STORES = ['versions', 'entries', 'links', 'pending', 'meta'];

/**
 * Stores a new version with its entry (and profile), counted, and keeps the
 * store within `max` versions in the same transaction (the versions seen
 * longest ago go first, never this one): no reader, however quick, sees the
 * store past its bound. Returns the ids evicted.
 */
export function putCaptured(version, entry, max = Infinity) {
  return transactIndexed(DELETION_STORES, async (tx, changes) => {
    const existing = await done(tx.objectStore('versions').getKey(version.id));
    tx.objectStore('versions').put(version);
    const replaced = (await placeEntries(tx, changes, [entry])).get(version.id);
    // A version filled in (the same id, a longer text) counts its new size only.
    if (existing === undefined) await count(tx, { versions: 1, bytes: entry.bytes });
    else if (replaced && replaced.bytes !== entry.bytes) await count(tx, { versions: 0, bytes: entry.bytes - (replaced.bytes ?? 0) });
    return Number.isFinite(max) ? evictIn(tx, changes, max, version.id) : [];
  });
}

/** Deletes the versions seen longest ago until at most `max` are stored; returns their ids. */
export function evictBeyond(max) {
  return transactIndexed(DELETION_STORES, (tx, changes) => evictIn(tx, changes, max, null));
}

/** The version was seen again: its `seen` time, in the version and its entry (its postings unchanged). */
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
export async function putProfile(id, persisted) {
  return (await putProfiles([[id, persisted]])) > 0;
}

/** The versions of `ids` (missing ones left out), in one transaction. */
export function getVersions(ids) {
  return transact(['versions'], 'readonly', async (tx) => {
    const store = tx.objectStore('versions');
    return (await Promise.all(ids.map((id) => done(store.get(id))))).filter(Boolean);
  });
}

/**
 * Saves many profiles (`[[id, persisted]]`) in one transaction, for the
 * versions still stored; the ids leave `pending`. Returns how many were saved.
 */
export function putProfiles(made) {
  return transactIndexed(['entries', 'pending'], async (tx, changes) => {
    const entries = tx.objectStore('entries');
    for (const [id] of made) tx.objectStore('pending').delete(id);
    const found = await Promise.all(made.map(([id]) => done(entries.get(id))));
    const placed = made.flatMap(([, persisted], i) => (found[i] ? [withProfile(found[i], persisted)] : []));
    await placeEntries(tx, changes, placed);
    return placed.length;
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
  return transactIndexed(DELETION_STORES, (tx, changes) => deleteIn(tx, changes, id));
}

/** `deleteVersion` inside `tx`, the term counts' changes tallied in `changes`. */
async function deleteIn(tx, changes, id) {
  const entries = tx.objectStore('entries');
  const entry = await done(entries.get(id));
  const existed = (await done(tx.objectStore('versions').getKey(id))) !== undefined;
  tx.objectStore('versions').delete(id);
  tx.objectStore('pending').delete(id);
  for (const linkId of await done(tx.objectStore('links').index('version').getAllKeys(id))) tx.objectStore('links').delete(linkId);
  if (!entry) return;
  removeEntry(tx, changes, entry);
  if (existed) await count(tx, { versions: -1, bytes: -entry.bytes });
  if (!entry.latest) return;
  const next = newestOf((await done(entries.index('key').getAll(entry.key))).filter((other) => other.id !== id));
  if (next) writeEntry(tx, changes, next, asLatest(next));
}

/** Empties every store. */
export function clearAll() {
  const names = ['versions', 'entries', 'terms', 'pending', 'meta', 'links', 'tabs', 'dismissals'];
  return transact(names, 'readwrite', async (tx) => {
    for (const name of names) tx.objectStore(name).clear();
  });
}

/**
 * Puts a batch of versions and links in one transaction (import), counted:
 * each version with its entry, written once, with the profile made for it
 * when `made` (id → persisted, from the library's `addIndexed`) has one
 * (indexed now), else without (queued in `pending`, indexed in the
 * background).
 */
export function putMany(versions, links, made = new Map()) {
  return transactIndexed(['versions', 'entries', 'pending', 'links', 'meta'], async (tx, changes) => {
    const placed = versions.map((version) => {
      const entry = entryOf(version);
      return made.has(version.id) ? withProfile(entry, made.get(version.id)) : entry;
    });
    const known = await placeEntries(tx, changes, placed);
    // A request costs the same whether or not it finds anything: an empty queue is not asked to drop ids.
    const queued = (await done(tx.objectStore('pending').count())) > 0;
    const by = { versions: 0, bytes: 0 };
    placed.forEach((entry, i) => {
      tx.objectStore('versions').put(versions[i]);
      if (made.has(entry.id)) {
        if (queued) tx.objectStore('pending').delete(entry.id);
      } else {
        tx.objectStore('pending').put({ id: entry.id });
      }
      const previous = known.get(entry.id);
      by.versions += previous ? 0 : 1;
      by.bytes += entry.bytes - (previous?.bytes ?? 0);
      known.set(entry.id, entry);
    });
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
