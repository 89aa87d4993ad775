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

/** What an import did, for the status line: what was stored, repaired, rejected. */
export function importedMessage(done) {
  const parts = [`Imported ${done.versions} versions and ${done.links} links.`];
  if (done.repaired) parts.push(`${done.repaired} version${done.repaired === 1 ? ' was' : 's were'} repaired (malformed fields dropped).`);
  if (done.rejected) parts.push(`${done.rejected} version${done.rejected === 1 ? ' was' : 's were'} rejected (no text, or not an http(s) page).`);
  if (done.linksRejected) parts.push(`${done.linksRejected} malformed link${done.linksRejected === 1 ? '' : 's'} skipped.`);
  return parts.join(' ');
}

/**
 * Settings found in an imported file are applied only if the reader agrees;
 * returns the status line for the whole import.
 */
export async function offerSettings(done, send) {
  const message = importedMessage(done);
  if (!done.settings) return message;
  const list = Object.entries(done.settings).map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join('\n');
  if (!confirm(`The file also holds settings:\n${list}\n\nApply them to this browser?`)) return `${message} Its settings were not applied.`;
  await send('settings:set', { settings: done.settings });
  return `${message} Its settings were applied.`;
}

/**
 * The chosen file's JSON, or an error a reader understands: a file that is
 * not JSON is no storydiff export, whatever the parser's own words.
 */
export async function readJsonFile(file) {
  const text = await file.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`"${file.name}" is not a storydiff export: it is not a JSON file. Choose a file saved with Export….`);
  }
}
