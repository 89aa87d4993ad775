// The store as a file, for the panel and the options page alike: saving an
// export (`store:export`'s answer) and picking the file to import.

/** Offers `data` as a JSON download named by today's date; says what it saved. */
export function saveExport(data) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `storydiff-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has begun by then; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `Exported ${data.versions.length} versions.`;
}

/**
 * The file an `<input type="file">` change event chose, or null; the input is
 * reset so that choosing the same file again fires again.
 */
export function chosenFile(event) {
  const file = event.target.files?.[0] ?? null;
  event.target.value = '';
  return file;
}

/** What an import did, for the status line. */
export const importedMessage = (done) => `Imported ${done.versions} versions and ${done.links} links.`;
