// Checks of the store's own bookkeeping, read straight from IndexedDB in an
// extension page (the store's inside, not the extension's contract): the
// term counts it keeps against what its entries' postings say.

/**
 * In `extensionPage`: the schema version, the term counts as kept
 * (`{term: count}`), the counts its entries' postings give, the terms kept
 * out of place (wrong bucket, out of order, at 0), and how many entries are
 * indexed. The store must exist already (opening it without a
 * version would make an empty one).
 */
export function termCountsOf(extensionPage) {
  return extensionPage.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('storydiff');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const all = (name) => new Promise((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const entries = await all('entries');
      const expected = {};
      for (const entry of entries) {
        for (const term of new Set(entry.postings ?? [])) expected[term] = (expected[term] ?? 0) + 1;
      }
      // Kept in buckets: {bucket, terms, counts}, every term in its bucket, ascending, none at 0.
      const kept = {};
      const misplaced = [];
      for (const { bucket, terms, counts } of await all('terms')) {
        terms.forEach((term, i) => {
          if (term % 1024 !== bucket || counts[i] <= 0 || (i > 0 && terms[i - 1] >= term)) misplaced.push(term);
          kept[term] = counts[i];
        });
      }
      return { schema: db.version, stores: [...db.objectStoreNames].sort(), kept, expected, misplaced, indexed: entries.filter((entry) => entry.postings?.length).length };
    } finally {
      db.close();
    }
  });
}
