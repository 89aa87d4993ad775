// The store: everything the background knows lives here, in IndexedDB, because
// the background (a service worker in Chrome, an event page in Firefox) may be
// stopped at any moment.
//   versions  one captured text of one URL: {id, url, key, site, title, byline,
//             published, captured, text, hash, revision, manual}
//   links     the reader's corrections for a story: {id: `${key}|${version}`,
//             key (the current article's URL key), version, state: 'linked'|'unlinked'}
//   tabs      per tab: {tabId, versionId, report} (a cache; rebuilt on demand)

const DB_NAME = 'storydiff';
const DB_VERSION = 1;

let opening = null;

function openDb() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      const versions = db.createObjectStore('versions', { keyPath: 'id' });
      versions.createIndex('key', 'key');
      db.createObjectStore('links', { keyPath: 'id' }).createIndex('key', 'key');
      db.createObjectStore('tabs', { keyPath: 'tabId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => { opening = null; reject(request.error); };
  });
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact(stores, mode, work) {
  const db = await openDb();
  const tx = db.transaction(stores, mode);
  const finished = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
  const result = await work(tx);
  await finished;
  return result;
}

const read = (store, fn) => transact([store], 'readonly', (tx) => done(fn(tx.objectStore(store))));
const write = (store, fn) => transact([store], 'readwrite', (tx) => done(fn(tx.objectStore(store))));

export const getVersion = (id) => read('versions', (s) => s.get(id));
export const allVersions = () => read('versions', (s) => s.getAll());
export const versionsOfKey = (key) => read('versions', (s) => s.index('key').getAll(key));
export const putVersion = (version) => write('versions', (s) => s.put(version));

export const linksOfKey = (key) => read('links', (s) => s.index('key').getAll(key));
export const allLinks = () => read('links', (s) => s.getAll());
export const putLink = (link) => write('links', (s) => s.put(link));
export const deleteLink = (id) => write('links', (s) => s.delete(id));

export const getTab = (tabId) => read('tabs', (s) => s.get(tabId));
export const putTab = (entry) => write('tabs', (s) => s.put(entry));
export const deleteTab = (tabId) => write('tabs', (s) => s.delete(tabId));
export const allTabs = () => read('tabs', (s) => s.getAll());

/** Deletes a version and every link that names it. */
export function deleteVersion(id) {
  return transact(['versions', 'links'], 'readwrite', async (tx) => {
    tx.objectStore('versions').delete(id);
    const links = await done(tx.objectStore('links').getAll());
    for (const link of links) {
      if (link.version === id) tx.objectStore('links').delete(link.id);
    }
  });
}

/** Empties every store. */
export function clearAll() {
  return transact(['versions', 'links', 'tabs'], 'readwrite', async (tx) => {
    for (const name of ['versions', 'links', 'tabs']) tx.objectStore(name).clear();
  });
}

/** Puts many versions and links in one transaction (import). */
export function putMany(versions, links) {
  return transact(['versions', 'links'], 'readwrite', async (tx) => {
    for (const version of versions) tx.objectStore('versions').put(version);
    for (const link of links) tx.objectStore('links').put(link);
  });
}
