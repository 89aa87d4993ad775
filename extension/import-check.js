// Checks an import file before anything in it is stored. The file is untrusted
// input: every field's type and shape is checked; a version that cannot be
// repaired is rejected, one with a bad optional field is repaired (the field
// dropped or defaulted), and both are counted for the reader. Settings in the
// file are returned apart, checked, never applied here: the page asks first.
// Plain functions, no browser API: `node --test` runs its unit tests.

export const EXPORT_FORMAT = 'storydiff-store';
const MAX_ID = 200;
const MAX_URL = 2048;
const MAX_META = 2000;
const MAX_TEXT = 8_000_000;
// The engine keeps at most this many set-aside lines a version (extract::MAX_SET_ASIDE).
const MAX_SET_ASIDE = 64;

/** An http(s) URL (as a string), or null. */
export function httpUrl(value) {
  if (typeof value !== 'string' || !value || value.length > MAX_URL) return null;
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const isDate = (value) => typeof value === 'string' && value.length <= 64 && !Number.isNaN(Date.parse(value));
const optionalText = (value) => typeof value === 'string' && value.length <= MAX_META;
/** Lines the page set aside as layout: `[{before, text}]`, bounded. */
const isSetAside = (value) =>
  Array.isArray(value) && value.length <= MAX_SET_ASIDE
  && value.every((line) => line && typeof line === 'object' && Number.isSafeInteger(line.before) && line.before >= 0
    && typeof line.text === 'string' && line.text.length <= MAX_META);
const isId = (value) => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;

/**
 * One version: `{version}` (maybe repaired, with `repaired: true`) or `{rejected: reason}`.
 * `now` is the capture time given to a version that has none.
 */
export function checkVersion(input, now) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { rejected: 'not an object' };
  if (!isId(input.id)) return { rejected: 'no id' };
  if (typeof input.text !== 'string' || !input.text.trim() || input.text.length > MAX_TEXT) return { rejected: 'no text' };
  const url = httpUrl(input.url);
  if (!url) return { rejected: 'url is not http(s)' };
  const key = httpUrl(input.key);
  if (!key) return { rejected: 'key is not http(s)' };
  let repaired = false;
  // An optional field of the wrong type is dropped (and counted), not trusted.
  const optional = (value, ok) => {
    if (value === undefined || value === null) return null;
    if (ok(value)) return value;
    repaired = true;
    return null;
  };
  const version = {
    id: input.id,
    url,
    key,
    site: optional(input.site, optionalText),
    title: optional(input.title, optionalText),
    byline: optional(input.byline, optionalText),
    published: optional(input.published, isDate),
    captured: optional(input.captured, isDate) ?? ((repaired = true), now),
    seen: optional(input.seen, isDate),
    text: input.text,
    hash: optional(input.hash, (value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)),
    revision: optional(input.revision, (value) => Number.isSafeInteger(value) && value > 0) ?? ((repaired = true), 1),
    manual: optional(input.manual, (value) => typeof value === 'boolean') ?? false,
    set_aside: optional(input.set_aside, isSetAside) ?? [],
  };
  if (version.seen === null) delete version.seen;
  return repaired ? { version, repaired: true } : { version };
}

/** One link: the link, or null when malformed. */
export function checkLink(input, versionIds) {
  if (!input || typeof input !== 'object') return null;
  if (!isId(input.version) || !versionIds.has(input.version)) return null;
  if (!httpUrl(input.key) || !['linked', 'unlinked'].includes(input.state)) return null;
  return { id: `${input.key}|${input.version}`, key: input.key, version: input.version, state: input.state };
}

/** Settings from a file, only the known keys with the right types; null when none. */
export function checkSettings(input) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return null;
  const settings = {};
  if (input.captureMode === 'all' || input.captureMode === 'listed') settings.captureMode = input.captureMode;
  for (const name of ['sites', 'offSites']) {
    if (Array.isArray(input[name])) settings[name] = input[name].filter((site) => typeof site === 'string' && site.length <= 253).slice(0, 1000);
  }
  for (const name of ['paused', 'highlights']) if (typeof input[name] === 'boolean') settings[name] = input[name];
  if (Number.isSafeInteger(input.maxVersions) && input.maxVersions > 0) settings.maxVersions = input.maxVersions;
  return Object.keys(settings).length ? settings : null;
}

/**
 * The whole file: `{versions, links, settings, rejected, repaired, linksRejected}`.
 * Throws only when the file is not a storydiff export at all.
 */
export function checkImport(data, now = new Date().toISOString()) {
  if (!data || typeof data !== 'object' || data.format !== EXPORT_FORMAT || !Array.isArray(data.versions)) {
    throw new Error('This file is not a storydiff export.');
  }
  const versions = [];
  const seen = new Set();
  let rejected = 0;
  let repaired = 0;
  for (const input of data.versions) {
    const checked = checkVersion(input, now);
    if (checked.rejected || seen.has(checked.version.id)) { rejected += 1; continue; }
    seen.add(checked.version.id);
    if (checked.repaired) repaired += 1;
    versions.push(checked.version);
  }
  const links = [];
  let linksRejected = 0;
  for (const input of Array.isArray(data.links) ? data.links : []) {
    const link = checkLink(input, seen);
    if (link) links.push(link);
    else linksRejected += 1;
  }
  return { versions, links, settings: checkSettings(data.settings), rejected, repaired, linksRejected };
}
