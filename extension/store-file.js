// The store as a file, for the panel and the options page alike: saving an
// export (`store:export`, page by page) and importing a file (`store:import`,
// part by part), so neither ever sends the whole store in one message.

/**
 * Reads the store page by page (one `store:export` message each, so no answer
 * nears the browsers' message limit), handing each page's versions to
 * `onPage` in order; `progress(done, total)` after each page. Returns the
 * file's head and how many versions were read.
 */
export async function exportPages(send, onPage, progress = () => {}) {
  let head = null;
  let done = 0;
  let after = null;
  do {
    // The first page (after null) carries the head; the others only versions.
    const page = await send('store:export', after === null ? {} : { after });
    const { versions, next, total, ...rest } = page;
    head ??= rest;
    onPage(versions);
    done += versions.length;
    progress(done, total);
    after = next;
  } while (after !== null);
  return { head, count: done };
}

/**
 * The whole store as a JSON file (a Blob), written page by page: no string
 * of the whole store is ever built, however large it is.
 */
export async function exportBlob(send, progress) {
  const parts = [];
  const { head, count } = await exportPages(send, (versions) => {
    for (const version of versions) parts.push(parts.length ? ',\n' : '', JSON.stringify(version));
  }, progress);
  // The head's JSON without its closing brace, then the versions array.
  const opening = `${JSON.stringify(head).slice(0, -1)},"versions":[\n`;
  return { blob: new Blob([opening, ...parts, '\n]}\n'], { type: 'application/json' }), count };
}

/** Offers the whole store as a JSON download named by today's date; says what it saved. */
export async function saveExport(send, progress) {
  const { blob, count } = await exportBlob(send, progress);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `storydiff-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has begun by then; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `Exported ${count} versions.`;
}

// How many characters of versions one `store:import` message carries at most
// (as store:export's pages: far under the browsers' 64 MiB message limit).
const IMPORT_PART_CHARS = 8 * 1024 * 1024;

/**
 * The file's versions in parts of at most IMPORT_PART_CHARS of text (a longer
 * version alone), each with the links that name its versions; links naming no
 * version of the file go with the last part (where the background counts them
 * as rejected).
 */
export function importParts(data) {
  const versions = Array.isArray(data?.versions) ? data.versions : [];
  const parts = [];
  let part = [];
  let chars = 0;
  for (const version of versions) {
    const size = typeof version?.text === 'string' ? version.text.length : 0;
    if (part.length && chars + size > IMPORT_PART_CHARS) {
      parts.push(part);
      part = [];
      chars = 0;
    }
    part.push(version);
    chars += size;
  }
  parts.push(part);
  const partOf = new Map();
  parts.forEach((list, index) => list.forEach((version) => partOf.set(version?.id, index)));
  const links = parts.map(() => []);
  for (const link of Array.isArray(data?.links) ? data.links : []) {
    links[partOf.get(link?.version) ?? parts.length - 1].push(link);
  }
  return parts.map((list, index) => ({ versions: list, links: links[index] }));
}

/**
 * Imports a parsed file in parts, one `store:import` each; the settings go
 * with the last part. Returns the summed answer; `progress(done, total)`
 * after each part.
 */
export async function importData(data, send, progress = () => {}) {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('This file is not a storydiff export.');
  const { versions, links, settings, ...head } = data;
  const parts = importParts(data);
  const total = { versions: 0, links: 0, rejected: 0, repaired: 0, linksRejected: 0, settings: null };
  let done = 0;
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    const answer = await send('store:import', {
      data: { ...head, ...part, settings: last ? settings : undefined },
      more: !last,
    });
    for (const name of ['versions', 'links', 'rejected', 'repaired', 'linksRejected']) total[name] += answer[name] ?? 0;
    if (last) total.settings = answer.settings;
    done += part.versions.length;
    progress(done, Array.isArray(versions) ? versions.length : 0);
  }
  return total;
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

/** "Exporting… 1,600 of 20,000 versions", for a status line. */
export const progressLine = (doing) => (done, total) => `${doing}… ${done.toLocaleString('en')} of ${total.toLocaleString('en')} versions`;

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
