// The background: stores captured articles as versions, finds the other
// versions of the same story, compares, and tells the tab and the panel.
// It may be stopped at any time (a service worker in Chrome, an event page in
// Firefox): every listener is registered synchronously below, all state is in
// IndexedDB (store.js) or storage.local (settings), the wasm engine is
// re-initialised on wake. Which versions are compared, and why, is decided by
// the engine's Library (src/library.rs); this file gives it what it asks for
// from the store (entries, postings, texts) and keeps the browser's side.
import { api, menus, openPanel, panelOnActionClick, resetMenus, togglePanel, hasSidebar } from './browser.js';
import { createDispatcher, sendToTab } from './messages.js';
import { engine, onEngineRestart } from './engine.js';
import * as store from './store.js';
import { checkImport, checkLink, checkVersion, EXPORT_FORMAT } from './import-check.js';
import { dismissalOf, MAX_DISMISSALS, storyOf, withoutDismissed } from './dismissals.js';
import { filledIn, nearlySame } from './near-same.js';
import { manualTitle } from './page-title.js';
import { related, relatedWordings } from './nearest.js';
import { badgeText, isFragment, summaryLine } from './summary.js';

const MAX_HTML_CHARS = 8_000_000;
const MAX_CARD_CHARS = 400_000;
// A text nearly the same as the latest revision adds none within this long of its capture.
const NEAR_SAME_WINDOW_MS = 10 * 60 * 1000;
// A page the content script reads again in the same visit (settle.js: its
// scripts filled it in) whose text only adds to the version that tab shows,
// its key's latest, read within this long: that version filled in, not a
// new revision.
const FILLED_IN_WINDOW_MS = 60 * 1000;
// The store's bound: past it, the oldest captured versions are evicted first.
const DEFAULT_MAX_VERSIONS = 5000;
// `offSites`: sites the reader turned storydiff off on (from the panel, or in the options).
const DEFAULT_SETTINGS = Object.freeze({ captureMode: 'all', sites: [], offSites: [], paused: false, highlights: true, maxVersions: DEFAULT_MAX_VERSIONS });
// A bound on either list of sites: settings are read on every page.
const MAX_LISTED_SITES = 1000;

// --- settings ---------------------------------------------------------------
async function getSettings() {
  const { settings } = await api.storage.local.get('settings');
  return { ...DEFAULT_SETTINGS, ...(settings ?? {}) };
}

async function setSettings(changes) {
  const current = await getSettings();
  const next = { ...current };
  if (changes.captureMode === 'all' || changes.captureMode === 'listed') next.captureMode = changes.captureMode;
  if (Array.isArray(changes.sites)) next.sites = siteList(changes.sites);
  if (Array.isArray(changes.offSites)) next.offSites = siteList(changes.offSites);
  if (typeof changes.paused === 'boolean') next.paused = changes.paused;
  if (typeof changes.highlights === 'boolean') next.highlights = changes.highlights;
  if (Number.isSafeInteger(changes.maxVersions) && changes.maxVersions > 0) next.maxVersions = changes.maxVersions;
  await api.storage.local.set({ settings: next });
  return next;
}

function normaliseSite(site) {
  const text = String(site).trim().toLowerCase();
  if (!text) return '';
  try {
    return siteOf(text.includes('://') ? text : `https://${text}`);
  } catch {
    return '';
  }
}

/** Sites as the settings keep them: normalised, each once, at most MAX_LISTED_SITES. */
function siteList(sites) {
  return [...new Set(sites.slice(0, MAX_LISTED_SITES).map(normaliseSite).filter(Boolean))];
}

/** Whether `site` is one of `listed` or under one of them. */
const siteListed = (listed, site) => listed.some((entry) => site === entry || site.endsWith(`.${entry}`));

function siteAllowed(settings, site) {
  return refusal(settings, site) === null;
}

/** Why storydiff does not read a page of `site`, or null when it does. */
function refusal(settings, site) {
  if (settings.paused) return 'paused';
  if (siteListed(settings.offSites, site)) return 'site off';
  if (settings.captureMode === 'all' || siteListed(settings.sites, site)) return null;
  return 'site not listed';
}

// --- URLs -----------------------------------------------------------------------
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function siteOf(url) {
  return new URL(url).hostname.replace(/^www\./, '');
}

/** The URL that names an article across visits: no fragment, no tracking parameters. */
function urlKey(url) {
  const parsed = new URL(url);
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (/^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$)/i.test(name)) parsed.searchParams.delete(name);
  }
  parsed.hostname = parsed.hostname.toLowerCase();
  return parsed.toString();
}

/**
 * A page speaks only for its own URL: its canonical link is trusted only when
 * it names the same URL up to tracking parameters and the fragment (another
 * path on the same host could otherwise plant revisions of another article).
 */
function canonicalFor(url, canonical) {
  if (typeof canonical !== 'string' || !canonical) return url;
  try {
    const parsed = new URL(canonical, url);
    if (!/^https?:$/.test(parsed.protocol) || urlKey(parsed.href) !== urlKey(url)) return url;
    return parsed.href;
  } catch {
    return url;
  }
}

async function sha256(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

// --- the library (in the engine; fed from the store as lookups need) ----------------
let libraryReady = null;

/** The engine's Library, made on first use after a wake (empty: it reads the store as asked). */
function library() {
  libraryReady ??= (async () => {
    const { Library } = await engine();
    const made = new Library();
    indexInBackground();
    return made;
  })().catch((error) => { libraryReady = null; throw error; });
  return libraryReady;
}

function forgetLibrary() {
  libraryReady = null;
}
// A trap drops the engine and with it the library it held.
onEngineRestart(forgetLibrary);

/** What the library takes of a stored version (`Version`, or its `Meta` without text). */
function versionOf(version) {
  const { id, key, revision, hash, title, published, byline, site, text } = version;
  return {
    id, key, revision, hash: hash ?? '', title: title ?? null, published: published ?? null, byline: byline ?? null, site: site ?? null, text,
    // Lines the page set aside as layout (a headline alone between paragraphs): still said by it.
    set_aside: version.set_aside ?? [],
  };
}

const metaOf = ({ id, key, revision, hash }) => ({ id, key, revision, hash: hash ?? '' });

/**
 * Makes sure the library holds the profiles of `entries`: from the stored
 * profile when it has the current format, else made from the text now (and
 * saved, so this happens once).
 */
async function holdProfiles(lib, entries) {
  const { libraryFormat } = await engine();
  const current = libraryFormat();
  for (const entry of entries) {
    if (lib.hasProfile(entry.id)) continue;
    if (entry.format === current && entry.profile) {
      try {
        lib.addProfile(metaOf(entry), entry.profile);
        continue;
      } catch (error) {
        console.warn('storydiff: stored profile unreadable, made again', entry.id, error);
      }
    }
    const version = await store.getVersion(entry.id);
    if (!version) continue;
    try {
      await store.putProfile(entry.id, lib.addIndexed(versionOf(version)));
    } catch (error) {
      console.warn('storydiff: cannot index', entry.id, error);
    }
  }
}

/**
 * Profiles still to make (a migrated store, a change of the profile's
 * format): made in batches while the extension stays usable; a stopped
 * background resumes from `pending` on its next wake.
 */
let indexing = null;
function indexInBackground() {
  indexing ??= (async () => {
    await settleFormat();
    await indexPending();
  })().catch((error) => console.warn('storydiff: background indexing stopped', error))
    .finally(() => { indexing = null; });
  return indexing;
}

/** A store whose profiles have another format than the engine makes is queued for new ones (once: the format is then noted). */
async function settleFormat() {
  const { libraryFormat } = await engine();
  if ((await store.format()) === libraryFormat()) return;
  await store.queueAll();
  await store.setFormat(libraryFormat());
}

/** Returns once nothing is pending (what another run was doing included). */
async function indexAll() {
  let left = await store.pendingCount();
  while (left > 0) {
    await indexInBackground();
    const now = await store.pendingCount();
    if (now >= left) throw new Error(`indexing stopped with ${now} versions left`);
    left = now;
  }
}

const NO_PROFILE = Object.freeze({ format: null, profile: null, postings: [] });

/** A library of its own for making profiles: indexing thousands must not push out what lookups hold. */
async function indexer() {
  const { Library } = await engine();
  return new Library();
}

/** The profile of `version` made by `lib` (which keeps nothing of it); none when it cannot be made. */
function profileOf(lib, version) {
  try {
    const persisted = lib.addIndexed(versionOf(version));
    lib.remove(version.id);
    return persisted;
  } catch (error) {
    console.warn('storydiff: cannot index', version.id, error);
    return NO_PROFILE;
  }
}

/**
 * The profiles of `versions` (id → persisted), made by `lib`, the event loop
 * let go every hundred: other messages (a tab's lookup) are answered
 * meanwhile, not after the whole batch.
 */
async function profilesOf(lib, versions) {
  const made = new Map();
  for (const [i, version] of versions.entries()) {
    if (i > 0 && i % 100 === 0) await new Promise((resolve) => { setTimeout(resolve, 0); });
    made.set(version.id, profileOf(lib, version));
  }
  return made;
}

/** Makes the pending profiles, `batch` at a time; `progress(done)` after each batch. */
async function indexPending({ batch = 100, progress = () => {} } = {}) {
  const lib = await indexer();
  let made = 0;
  for (;;) {
    const ids = await store.nextPending(batch);
    if (!ids.length) return made;
    const versions = new Map((await store.getVersions(ids)).map((version) => [version.id, version]));
    const profiles = ids.map((id) => [id, versions.has(id) ? profileOf(lib, versions.get(id)) : NO_PROFILE]);
    // One transaction per batch: a stopped background leaves whole batches.
    await store.putProfiles(profiles);
    made += ids.length;
    progress(made);
  }
}

// --- capturing --------------------------------------------------------------------
/**
 * Stores the page as a version unless its latest revision has the same text.
 * Returns the version's entry (new or existing), or null when the engine says
 * it is not an article (and `force` is not set).
 */
// `reread` (the content script's mark, read by the caller to set `shown`) is
// taken out here so that `titles` holds only titles.
async function storePage({ url, canonical, html, reread, ...titles }, { force, visit = true, shown = null }) {
  const { analyse } = await engine();
  const key = urlKey(canonicalFor(url, canonical));
  const article = analyse(html, 'html', key);
  if (!article.readerable && !force) return null;
  if (!article.text?.trim()) throw new Error('No article text found on this page.');
  const hash = await sha256(article.text);
  const revisions = (await store.entriesOfKey(key)).sort((a, b) => a.revision - b.revision);
  const latest = revisions.at(-1);
  // The same text as the latest revision, or nearly the same soon after it
  // was captured (a page that reloads itself, a clock or counter in the text):
  // no new revision, the latest one is only seen again (`seen`). A re-read
  // that is no visit of the reader's (after an import) changes nothing.
  const age = latest ? Date.now() - Date.parse(latest.captured) : Infinity;
  const latestText = latest && latest.hash !== hash && age < NEAR_SAME_WINDOW_MS
    ? (await store.getVersion(latest.id))?.text : null;
  const same = latest && (latest.hash === hash || nearlySame(latestText, article.text));
  if (same) {
    if (!visit) return latest;
    const seen = new Date().toISOString();
    await store.touch(latest.id, seen);
    return { ...latest, seen, lastSeen: seen };
  }
  // The page filled itself in since this visit read it (`shown`: the version
  // the tab shows, given only for the tab's re-read): the same version, whole now.
  const fills = shown != null && shown === latest?.id && age < FILLED_IN_WINDOW_MS
    && filledIn(latestText, article.text);
  const version = {
    id: fills ? latest.id : crypto.randomUUID(),
    url,
    key,
    site: article.site || siteOf(url),
    // Added by hand: the engine did not take the page for an article, so its
    // title may be a menu's "Home"; the page's own title is what the reader saw.
    title: force ? manualTitle(titles, article, siteOf(url)) : article.title ?? null,
    byline: article.byline ?? null,
    published: article.published ?? null,
    // A version filled in keeps the moment it was first read (so the window
    // runs from there, not from each fill).
    captured: fills ? latest.captured : new Date().toISOString(),
    text: article.text,
    set_aside: article.set_aside ?? [],
    hash,
    revision: fills ? latest.revision : (latest?.revision ?? 0) + 1,
    manual: Boolean(force) || Boolean(fills && latest.manual),
  };
  const lib = await library();
  // Analysed once, here: the library keeps it for the comparisons that follow.
  const entry = { ...store.withProfile(store.entryOf(version), lib.add(versionOf(version))), latest: 1 };
  const { maxVersions } = await getSettings();
  await forgetInLibrary(await store.putCaptured(version, entry, maxVersions));
  return entry;
}

/**
 * Keeps the store within the reader's bound (settings.maxVersions): the
 * versions seen longest ago go first.
 */
async function evictOldest() {
  const { maxVersions } = await getSettings();
  const evicted = await store.evictBeyond(maxVersions);
  await forgetInLibrary(evicted);
  return evicted.length;
}

/** Takes versions the store no longer holds out of the library (when it is loaded). */
async function forgetInLibrary(ids) {
  if (!libraryReady || !ids.length) return;
  const lib = await library();
  for (const id of ids) lib.remove(id);
}

/** Deletes a version from the store and the library. */
async function forgetVersion(id) {
  await store.deleteVersion(id);
  await forgetInLibrary([id]);
}

// --- choosing the versions to compare with -----------------------------------------
// How many ids of one posting list a lookup reads at most.
const POSTINGS_SAMPLE = 200;

// How long the last lookups took, for `store:usage` (and the store benchmark).
const timings = { firstLookupMs: null, lastLookupMs: null };

/**
 * Every version the panel lists for `current` (an entry), with why and
 * whether it is compared, as the library decides: it asks, the store answers
 * (only the postings, entries and texts this lookup touches are read).
 */
async function candidatesFor(current) {
  const started = performance.now();
  const listed = await lookup(current);
  timings.lastLookupMs = performance.now() - started;
  timings.firstLookupMs ??= timings.lastLookupMs;
  return listed;
}

async function lookup(current) {
  const lib = await library();
  await holdProfiles(lib, [current]);
  const keys = Array.from(lib.queryPostings(current.id));
  // The counts kept in the store say how common each key is (no list is read
  // for that); only the lists of the keys the library plans to walk are read (its
  // rarest few), each cut at SAMPLE ids. A count of SAMPLE or more is a
  // common term, counted as held by all (walked only among the rarest few).
  const { live, chosen: plan, lists } = await store.postingsFor(keys, POSTINGS_SAMPLE, (counts, indexed) => {
    const rarity = counts.map((n) => (n >= POSTINGS_SAMPLE ? Math.max(indexed, n) : n));
    return lib.walkPlan(keys, rarity, indexed, current.latest === 1);
  });
  const rough = lib.rough(current.id, plan, lists, live);
  const roughEntries = await store.getEntries(rough.filter((id) => !lib.hasProfile(id)));
  await holdProfiles(lib, roughEntries);
  const matches = lib.matches(current.id, rough);
  const revisions = await store.entriesOfKey(current.key);
  const links = await store.linksOfKey(current.key);
  const linkedEntries = await store.getEntries(links.map((link) => link.version).filter((id) => !lib.hasProfile(id)));
  await holdProfiles(lib, [...revisions, ...linkedEntries]);
  const listed = lib.candidates(current.id, { revisions: revisions.map(metaOf), links }, matches);
  const entries = new Map([...revisions, ...roughEntries, ...linkedEntries].map((entry) => [entry.id, entry]));
  const unknown = listed.map((candidate) => candidate.id).filter((id) => !entries.has(id));
  for (const entry of await store.getEntries(unknown)) entries.set(entry.id, entry);
  return listed.filter((candidate) => entries.has(candidate.id))
    .map((candidate) => ({ ...candidate, ...summaryOf(entries.get(candidate.id)) }));
}

function summaryOf(version) {
  const { id, url, key, site, title, byline, published, captured, revision, manual } = version;
  // `host`: where the page really was, beside whatever name it gave itself.
  return { id, url, key, host: hostOf(url), site, title, byline, published, captured, revision, manual: Boolean(manual) };
}

/** The report for `current` (an entry): the library compares by id; texts are sent only for versions it does not hold. */
async function reportFor(current) {
  const candidates = await candidatesFor(current);
  const lib = await library();
  const wanted = candidates.map(({ id, reason, included, similarity }) => ({ id, reason, included, similarity }));
  for (const id of lib.missingArticles(current.id, wanted)) {
    const version = await store.getVersion(id);
    if (version) lib.add(versionOf(version));
  }
  const held = wanted.filter((candidate) => !candidate.included || lib.hasArticle(candidate.id));
  const report = lib.compare(current.id, held);
  return { report, candidates };
}

// --- per tab --------------------------------------------------------------------------
/** What the content script needs to draw: the report without alignments and fact table. */
function forOverlay(report, candidates) {
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  return {
    current: { text: report.current.text, sentences: report.current.sentences },
    versions: report.versions.map((version) => ({
      id: version.id,
      site: version.site ?? byId.get(version.id)?.site ?? null,
      host: byId.get(version.id)?.host ?? null,
      title: version.title,
      published: version.published,
      captured: byId.get(version.id)?.captured ?? null,
      revision: byId.get(version.id)?.revision ?? null,
    })),
    findings: report.findings.map((finding) => forCard(finding, report)),
    // The page's quiet sign that it was read and compared: what the toolbar button says.
    glance: glanceOf(report),
  };
}

/**
 * A finding as its card shows it: a missing part of a sentence labelled so,
 * as in the panel; of a unique one, only the other versions' nearest
 * wordings that share a content word with its sentence (nearest.js).
 */
function forCard(finding, report) {
  if (isFragment(finding)) return { ...finding, fragment: true };
  if (finding.kind !== 'unique') return finding;
  const sentence = report.current.sentences[finding.sentence]?.text ?? finding.here ?? '';
  return {
    ...finding,
    wordings: relatedWordings(sentence, finding.wordings),
    there: finding.there && related(sentence, finding.there) ? finding.there : null,
  };
}

/** What the toolbar button and the page's sign say of a report: the count that matters ('' for none) and the summary line. */
function glanceOf(report) {
  return {
    count: badgeText(report.findings),
    summary: summaryLine(report.findings, report.versions.map((version) => version.site ?? 'another version')),
  };
}

/**
 * The toolbar button says that the page was read: how many findings matter
 * (summary.js), or a quiet tick when none do; its tooltip is the summary line.
 */
async function setBadge(tabId, report) {
  const glance = report ? glanceOf(report) : null;
  const count = glance?.count ?? '';
  const title = glance ? `storydiff read this article: ${glance.summary}` : 'storydiff';
  try {
    await api.action.setBadgeText({ tabId, text: report ? count || '✓' : '' });
    await api.action.setBadgeBackgroundColor({ tabId, color: count ? '#2563eb' : '#6b7280' });
    await api.action.setTitle({ tabId, title });
  } catch {
    // The tab may be gone already.
  }
}

/**
 * Compares the tab's version again, leaves out the findings the reader
 * dismissed in this story, caches it, redraws the page, tells the panel.
 */
async function refreshTab(tabId, version) {
  const compared = await reportFor(version);
  const { report, dismissed } = withoutDismissed(compared.report, await store.dismissalsFor(storyOf(compared.report)));
  const entry = { tabId, versionId: version.id, key: version.key, report, dismissed, candidates: compared.candidates, updated: Date.now() };
  return showEntry(entry);
}

/** Caches a tab's entry and shows it: the badge, the page's highlights, the panel. */
async function showEntry(entry) {
  await store.putTab(entry);
  await setBadge(entry.tabId, entry.report);
  sendToTab(entry.tabId, 'overlay:report', { report: forOverlay(entry.report, entry.candidates) }).catch(() => {});
  notifyPanel(entry.tabId);
  return entry;
}

async function refreshTabsShowing(predicate) {
  for (const entry of await store.allTabs()) {
    if (!predicate(entry)) continue;
    const version = await store.getEntry(entry.versionId);
    if (version) await refreshTab(entry.tabId, version).catch((error) => console.warn('storydiff:', error));
    else await forgetTab(entry.tabId);
  }
}

async function forgetTab(tabId) {
  await store.deleteTab(tabId);
  await setBadge(tabId, null);
  notifyPanel(tabId);
}

function notifyPanel(tabId) {
  api.runtime.sendMessage({ type: 'report:updated', payload: { tabId } }).catch(() => {});
}

async function tabEntry(tabId) {
  const entry = await store.getTab(tabId);
  if (!entry) return null;
  if (entry.report) return entry;
  const version = await store.getEntry(entry.versionId);
  return version ? refreshTab(tabId, version) : null;
}

// --- handlers ---------------------------------------------------------------------------
function checkedCapture(payload, sender) {
  const html = payload.html;
  if (typeof html !== 'string' || html.length === 0) throw new Error('no html');
  if (html.length > MAX_HTML_CHARS) throw new Error('page too large');
  // The URL is the browser's word for where the script runs, not the page's.
  const url = sender.url ?? sender.tab?.url;
  if (!url || !/^https?:/.test(url)) throw new Error('not a web page');
  const text = (value) => (typeof value === 'string' ? value.slice(0, 2048) : null);
  return {
    url, canonical: text(payload.canonical), html, title: text(payload.title), ogTitle: text(payload.ogTitle), siteName: text(payload.siteName),
    // Read again in the same visit (settle.js). A page can only ask that its
    // own tab's version, read a moment ago, be taken as filled in.
    reread: payload.reread === true,
  };
}

async function onArticleCaptured(payload, { tabId, sender }) {
  if (sender.frameId !== 0) throw new Error('only the top frame reports articles');
  const page = checkedCapture(payload, sender);
  const settings = await getSettings();
  const refused = refusal(settings, siteOf(page.url));
  // The panel of a tab on a site turned off offers to turn it back on: it needs the site.
  if (refused === 'site off') {
    await api.storage.session.set({ [offSiteOfTab(tabId)]: siteOf(page.url) });
    notifyPanel(tabId);
  }
  if (refused) return { stored: false, reason: refused };
  let version;
  try {
    const shown = page.reread ? (await store.getTab(tabId))?.versionId ?? null : null;
    version = await storePage(page, { force: false, shown });
  } catch (error) {
    if (error instanceof store.StoreError) await noteStoreProblem(tabId, error);
    throw error;
  }
  if (!version) return { stored: false, reason: 'not an article' };
  await noteStoreProblem(tabId, null);
  const entry = await refreshTab(tabId, version);
  return { stored: true, versionId: version.id, report: forOverlay(entry.report, entry.candidates), highlights: settings.highlights };
}

// --- a store that refuses writes ---------------------------------------------------------
// What the reader is told when the store refused to keep a page (the browser's
// storage is full, or the store is broken): kept in storage.session, in
// memory, since the store itself cannot take it. Per tab for the panel, and
// the latest one for the options page; a page kept again clears both.
const PROBLEM = 'storeProblem';
const problemOfTab = (tabId) => `storeProblemOfTab:${tabId}`;

async function noteStoreProblem(tabId, error) {
  if (!error) {
    await api.storage.session.remove([PROBLEM, problemOfTab(tabId)]);
    return;
  }
  await api.storage.session.set({ [PROBLEM]: error.message, [problemOfTab(tabId)]: error.message });
  notifyPanel(tabId);
}

/** What storage.session keeps under `key` (a store problem, a tab's site turned off), or null. */
async function sessionValue(key) {
  return (await api.storage.session.get(key))[key] ?? null;
}

async function onFindingsGet(_payload, { tabId }) {
  const entry = await tabEntry(tabId);
  return entry ? forOverlay(entry.report, entry.candidates) : null;
}

/**
 * The card a content script is about to show in its card.html frame. Kept in
 * storage.session (extension pages only, never content scripts or the page)
 * under a random name; the tab's previous card is dropped.
 */
async function onCardPut({ name, card }, { tabId }) {
  if (typeof name !== 'string' || !/^[0-9a-f-]{36}$/.test(name)) throw new Error('bad card name');
  const text = JSON.stringify(card ?? null);
  if (!card || typeof card !== 'object' || text.length > MAX_CARD_CHARS) throw new Error('bad card');
  const slot = `cardOfTab:${tabId}`;
  const previous = (await api.storage.session.get(slot))[slot];
  if (previous) await api.storage.session.remove(`card:${previous}`);
  await api.storage.session.set({ [slot]: name, [`card:${name}`]: JSON.parse(text) });
  return { stored: true };
}

/** The card for card.html#name, once: Firefox gives extension frames in a page no storage.session. */
async function onCardTake({ name }) {
  if (typeof name !== 'string' || !/^[0-9a-f-]{36}$/.test(name)) throw new Error('bad card name');
  const slot = `card:${name}`;
  const card = (await api.storage.session.get(slot))[slot] ?? null;
  await api.storage.session.remove(slot);
  return card;
}

/** What the open card shows of the item the reader asked for, for the panel's checks. */
async function onCardSeen({ view }) {
  const marked = typeof view?.marked === 'string' ? view.marked.slice(0, 300) : null;
  const findings = Array.isArray(view?.findings) ? view.findings.slice(0, 20) : [];
  const text = JSON.stringify(findings);
  const announced = view?.announced && typeof view.announced === 'object'
    ? Object.fromEntries(['text', 'live', 'role'].map((key) => [key, typeof view.announced[key] === 'string' ? view.announced[key].slice(0, 600) : null]))
    : null;
  const strings = (list) => (Array.isArray(list) ? list.slice(0, 10).map((item) => String(item).slice(0, 300)) : []);
  const summary = typeof view?.summary === 'string' ? view.summary.slice(0, 600) : null;
  await api.storage.session.set({ cardView: { marked, inView: view?.inView === true, announced, summary, legend: strings(view?.legend), findings: text.length <= MAX_CARD_CHARS ? JSON.parse(text) : [] } });
  return { stored: true };
}

async function panelState({ tabId }) {
  const settings = await getSettings();
  if (typeof tabId !== 'number') return { tabId: null, version: null, report: null, candidates: [], settings, offSite: null };
  const entry = await tabEntry(tabId);
  // The store refused this tab's page: the panel says so, not "no article".
  const error = await sessionValue(problemOfTab(tabId));
  // The tab's site, when storydiff is off there (so the panel offers to turn it back on).
  const refusedSite = await sessionValue(offSiteOfTab(tabId));
  const offSite = refusedSite && siteListed(settings.offSites, refusedSite) ? refusedSite : null;
  if (!entry) return { tabId, version: null, report: null, candidates: [], settings, error, offSite };
  const version = await store.getEntry(entry.versionId);
  return {
    tabId,
    version: version ? summaryOf(version) : null,
    // The site "Turn off" would turn storydiff off on (the panel names it).
    site: version?.url ? siteOf(version.url) : null,
    report: entry.report,
    candidates: entry.candidates,
    dismissed: entry.dismissed ?? [],
    updated: entry.updated ?? null,
    settings,
    error,
    offSite,
  };
}

// --- dismissed findings -------------------------------------------------------------------
/**
 * Dismisses finding `index` of the tab's report as not useful, for this story
 * (extension/dismissals.js): it leaves the page, the badge and the panel's
 * lists of every open tab of the story at once, without comparing again.
 */
async function dismissFinding({ tabId, index }) {
  const entry = await store.getTab(tabId);
  const finding = Number.isSafeInteger(index) ? entry?.report?.findings?.[index] : null;
  if (!finding) throw new Error('That finding is no longer shown; reload the panel.');
  const dismissal = dismissalOf(finding, entry.report, { id: crypto.randomUUID() });
  if (!dismissal) throw new Error('storydiff cannot tell this finding apart to remember it.');
  await store.putDismissal(dismissal, MAX_DISMISSALS);
  for (const other of await store.allTabs()) {
    const { report, dismissed } = withoutDismissed(other.report, [dismissal]);
    if (dismissed.length) await showEntry({ ...other, report, dismissed: [...(other.dismissed ?? []), ...dismissed] });
  }
  return { dismissal: dismissal.id, state: await panelState({ tabId }) };
}

/** Undoes a dismissal: its findings come back on every tab that hid them. */
async function restoreFinding({ tabId, dismissal }) {
  if (typeof dismissal !== 'string') throw new Error('a dismissal id is needed');
  await store.deleteDismissal(dismissal);
  await refreshTabsShowing((entry) => (entry.dismissed ?? []).some((hidden) => hidden.dismissal === dismissal));
  return panelState({ tabId });
}

/**
 * Turns storydiff off (or back on) on the site of the page in `tabId`. Off:
 * the site is noted, the tab's highlights go, and its pages are no longer
 * read (what is stored stays). Back on (the panel's undo): the page is read
 * and compared again at once.
 */
async function setSiteOff({ tabId, off }) {
  if (typeof tabId !== 'number' || typeof off !== 'boolean') throw new Error('a tab and whether to turn off are needed');
  const site = await siteOfTabPage(tabId);
  if (!site) throw new Error('storydiff has not read this tab\'s page, so it does not know its site.');
  const others = (await getSettings()).offSites.filter((listed) => listed !== site);
  const settings = await setSettings({ offSites: off ? [...others, site] : others });
  if (off) {
    await api.storage.session.set({ [offSiteOfTab(tabId)]: site });
    await sendToTab(tabId, 'overlay:report', { report: null }).catch(() => {});
    await forgetTab(tabId);
    await api.action.setTitle({ tabId, title: `storydiff is off on ${site}` }).catch(() => {});
  } else {
    await api.storage.session.remove(offSiteOfTab(tabId));
    await recaptureTab(tabId, settings);
  }
  return panelState({ tabId });
}

/** The site of the page storydiff read in `tabId` (or refused, on a site turned off), or null. */
async function siteOfTabPage(tabId) {
  const entry = await store.getTab(tabId);
  const version = entry ? await store.getEntry(entry.versionId) : null;
  if (version?.url) return siteOf(version.url);
  return sessionValue(offSiteOfTab(tabId));
}

const offSiteOfTab = (tabId) => `offSiteOfTab:${tabId}`;

/** A page of the stored versions, newest first (`limit` at most 1000). */
async function listVersions({ offset, limit } = {}) {
  const page = {
    offset: Number.isSafeInteger(offset) && offset > 0 ? offset : 0,
    limit: Number.isSafeInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 200,
  };
  return (await store.entriesPage(page)).map(summaryOf);
}

async function includeVersion({ tabId, versionId, include }) {
  const entry = await store.getTab(tabId);
  if (!entry) throw new Error('This tab has no article yet.');
  if (!(await store.getEntry(versionId))) throw new Error('That version is no longer stored.');
  await store.putLink({ id: `${entry.key}|${versionId}`, key: entry.key, version: versionId, state: include ? 'linked' : 'unlinked' });
  await refreshTabsShowing((other) => other.key === entry.key);
  return panelState({ tabId });
}

/**
 * Deletes a version, and answers what the panel needs to undo it (the
 * version and its links: the undo lives in the panel that asked, not in the
 * store, so a deleted text is gone once the panel lets it go).
 */
async function deleteVersion({ id }) {
  if (typeof id !== 'string') throw new Error('id must be a string');
  const version = await store.getVersion(id);
  const links = version ? await store.linksOfVersion(id) : [];
  await forgetVersion(id);
  await refreshTabsShowing((entry) => entry.versionId === id || entry.candidates?.some((candidate) => candidate.id === id));
  return { deleted: id, undo: version ? { version, links } : null };
}

/**
 * Puts back a version the panel deleted (`version:delete`'s undo), checked
 * as an import is (the panel is ours, but what it holds came from a page),
 * indexed, then compared again wherever it may now count.
 */
async function restoreVersion({ version, links }) {
  const checked = checkVersion(version, new Date().toISOString());
  if (checked.rejected) throw new Error(`That version cannot be put back (${checked.rejected}).`);
  const restored = checked.version;
  const ids = new Set([restored.id]);
  const keptLinks = (Array.isArray(links) ? links : []).map((link) => checkLink(link, ids)).filter(Boolean);
  await putChecked([restored], keptLinks);
  await refreshTabsShowing(() => true);
  await recaptureOpenTabs();
  return { restored: restored.id };
}

async function addPageToStory({ tabId }) {
  let page;
  try {
    page = await sendToTab(tabId, 'page:capture');
  } catch (error) {
    throw new Error('storydiff cannot read this page. Reload it and try again (only http and https pages can be added).', { cause: error });
  }
  const tab = await api.tabs.get(tabId);
  const url = tab.url ?? page.url;
  const version = await storePage(checkedCapture(page, { url }), { force: true });
  await refreshTab(tabId, version);
  return panelState({ tabId });
}

async function toTab(tabId, type, payload) {
  if (typeof tabId !== 'number') throw new Error('no tab');
  try {
    return await sendToTab(tabId, type, payload);
  } catch (error) {
    if (/Receiving end|establish connection|no answer/i.test(String(error?.message))) {
      throw new Error('This page has no storydiff overlay. Reload it to let storydiff read it.', { cause: error });
    }
    throw error;
  }
}

/** From the counts the store keeps as versions come and go, and the browser's estimate. */
async function usage() {
  const { versions, bytes } = await store.usage();
  const pending = await store.pendingCount();
  // A migrated store or an unfinished import: index it, in the background.
  if (pending) indexInBackground();
  const estimate = (await navigator.storage?.estimate?.()) ?? {};
  const { maxVersions } = await getSettings();
  const { memoryBytes } = await engine();
  return {
    versions, bytes, pending, maxVersions, usage: estimate.usage ?? null, quota: estimate.quota ?? null,
    problem: await sessionValue(PROBLEM),
    engineBytes: memoryBytes(), ...timings,
  };
}

// How many characters of versions one `store:export` answer holds at most:
// far under the browsers' message limit (64 MiB in Chrome) even when every
// character takes three bytes. One version longer than that is sent alone (the
// engine's own limit, 8 MiB, keeps it under the message limit).
const EXPORT_PAGE_CHARS = 8 * 1024 * 1024;

/**
 * One page of the store as JSON, for the page to write the file as it goes:
 * the versions after the id `after` (from the start when null), as many as fit
 * in EXPORT_PAGE_CHARS, and `next`, the `after` of the next page (null on the
 * last). The first page also carries the file's head (format, settings, links).
 */
async function exportStore({ after = null } = {}) {
  if (after !== null && typeof after !== 'string') throw new Error('store:export: after must be a version id or null');
  const { versions, more } = await store.versionsPage(after, EXPORT_PAGE_CHARS);
  const { versions: total } = await store.usage();
  const page = { versions, next: more ? versions.at(-1).id : null, total };
  if (after !== null) return page;
  return {
    format: EXPORT_FORMAT,
    formatVersion: 1,
    exported: new Date().toISOString(),
    settings: await getSettings(),
    links: await store.allLinks(),
    ...page,
  };
}

/**
 * Stores what checkImport (import-check.js) accepts; settings in the file are
 * not applied but returned, for the page to ask the reader first. A large file
 * comes in parts (each a file of its own, every part but the last with `more`
 * set): each part is stored and indexed before its answer, so no answer waits
 * on the whole file, and what is stored stays stored if the import stops.
 */
/**
 * Stores checked versions and links (an import, an undone deletion), each
 * version with its profile made first, so each entry is written once,
 * indexed.
 */
async function putChecked(versions, links) {
  for (const version of versions) version.hash ??= await sha256(version.text);
  // The profiles are made in the engine's current format: a store still to be
  // rebuilt in it is queued first, so these profiles are never made again.
  await settleFormat();
  const lib = await indexer();
  // One pass, in batches, each one transaction (versions, entries with their
  // profiles, term and usage counts). Large batches, because every batch
  // rewrites the term counts it moves (most of them, in an import). A
  // background stopped halfway leaves whole batches, stored and indexed; the
  // file imported again replaces them by id. The next batch's profiles are
  // made while the store writes the last one (the writing is mostly the
  // browser's own work, off this thread); batches are still written one
  // after another, each whole.
  const BATCH = 2000;
  let writing = Promise.resolve();
  for (let at = 0; at < versions.length; at += BATCH) {
    const batch = versions.slice(at, at + BATCH);
    const batchLinks = at + BATCH >= versions.length ? links : [];
    const made = await profilesOf(lib, batch);
    await writing;
    writing = store.putMany(batch, batchLinks, made);
    // A refused write is thrown at the next await, not left unhandled meanwhile.
    writing.catch(() => {});
  }
  await writing;
  if (!versions.length && links.length) await store.putMany([], links);
  // The library may hold older forms of replaced versions.
  forgetLibrary();
}

async function importStore({ data, more = false }) {
  const checked = checkImport(typeof data === 'string' ? JSON.parse(data) : data);
  await putChecked(checked.versions, checked.links);
  // What else waits for a profile (a migrated store, say): the answer says the store is indexed.
  await indexAll();
  if (!more) {
    await evictOldest();
    await refreshTabsShowing(() => true);
    await recaptureOpenTabs();
  }
  return {
    versions: checked.versions.length,
    links: checked.links.length,
    rejected: checked.rejected,
    repaired: checked.repaired,
    linksRejected: checked.linksRejected,
    settings: checked.settings,
  };
}

/**
 * Asks every open tab without findings for its page again (after an import the
 * store may now hold versions of what they show). Tabs without our content
 * script simply do not answer.
 */
async function recaptureOpenTabs() {
  const known = new Set((await store.allTabs()).map((entry) => entry.tabId));
  const settings = await getSettings();
  for (const tab of await api.tabs.query({})) {
    if (!known.has(tab.id)) await recaptureTab(tab.id, settings, tab.url);
  }
}

/** Asks the tab's content script for its page and reads it, where storydiff reads that site. */
async function recaptureTab(tabId, settings, tabUrl = null) {
  try {
    const page = await sendToTab(tabId, 'page:capture');
    const checked = checkedCapture(page, { url: tabUrl ?? page.url });
    if (!siteAllowed(settings, siteOf(checked.url))) return;
    const version = await storePage(checked, { force: false, visit: false });
    if (version) await refreshTab(tabId, version);
  } catch {
    // Not a page storydiff reads.
  }
}

async function clearStore() {
  const tabs = await store.allTabs();
  await store.clearAll();
  forgetLibrary();
  for (const entry of tabs) {
    await setBadge(entry.tabId, null);
    sendToTab(entry.tabId, 'overlay:report', { report: null }).catch(() => {});
    notifyPanel(entry.tabId);
  }
  return { cleared: true };
}

const dispatch = createDispatcher({
  'article:captured': onArticleCaptured,
  'findings:get': onFindingsGet,
  'card:put': onCardPut,
  'card:take': onCardTake,
  'card:seen': onCardSeen,
  'panel:state': panelState,
  'versions:list': listVersions,
  'version:include': includeVersion,
  'version:delete': deleteVersion,
  'version:restore': restoreVersion,
  'finding:dismiss': dismissFinding,
  'finding:restore': restoreFinding,
  'story:add-page': addPageToStory,
  'overlay:toggle': ({ tabId, visible }) => toTab(tabId, 'overlay:set-visible', { visible }),
  'overlay:state': ({ tabId }) => toTab(tabId, 'overlay:describe'),
  'overlay:show-finding': ({ tabId, index }) => toTab(tabId, 'overlay:flash', { index }),
  'site:off': setSiteOff,
  'command:run': ({ tabId, command }) => {
    if (typeof tabId !== 'number') throw new Error('no tab');
    return runTabCommand(command, tabId);
  },
  'settings:get': getSettings,
  'settings:set': ({ settings }) => setSettings(settings ?? {}),
  'store:usage': usage,
  'store:export': exportStore,
  'store:import': importStore,
  'store:clear': clearStore,
});

// --- keyboard commands ------------------------------------------------------------------
// What each of the manifest's commands does in a tab (open-panel aside: it
// must run straight from the reader's gesture). `commands.onCommand` calls it,
// and so does `command:run`, for the tests: a browser's own shortcuts cannot
// be pressed from automation.
const TAB_COMMANDS = Object.freeze({
  'toggle-highlights': (tabId) => sendToTab(tabId, 'overlay:set-visible', {}),
  'next-finding': (tabId) => sendToTab(tabId, 'overlay:step', { by: 1 }),
  'previous-finding': (tabId) => sendToTab(tabId, 'overlay:step', { by: -1 }),
});

/** Runs a keyboard command in a tab; answers what the page answered ({shown, index} for a step). */
function runTabCommand(command, tabId) {
  const run = TAB_COMMANDS[command];
  if (!run) return Promise.reject(new Error(`no command ${command} for a tab`));
  return run(tabId);
}

// --- the toolbar button's own menu ------------------------------------------------------
// Right-click (or the context-menu key) on the toolbar button: per-site off
// and back on, the same as the panel's buttons. Made once per install or
// update; both browsers keep them while the background sleeps.
// Each item's id, and whether it turns the site off.
const MENU_ITEMS = Object.freeze({ 'storydiff-site-off': true, 'storydiff-site-on': false });

function createMenus() {
  return resetMenus([
    { id: 'storydiff-site-off', title: 'Turn storydiff off on this site', contexts: ['action'] },
    { id: 'storydiff-site-on', title: 'Turn storydiff back on for this site', contexts: ['action'] },
  ]);
}

/** A click on one of the toolbar menu's items: what it could not do is said in the button's tooltip. */
function onMenuClicked(info, tab) {
  const off = MENU_ITEMS[info.menuItemId];
  if (off === undefined || tab?.id == null) return;
  setSiteOff({ tabId: tab.id, off }).catch((error) => {
    api.action.setTitle({ tabId: tab.id, title: `storydiff: ${error.message}` }).catch(() => {});
  });
}

// --- listeners (registered synchronously, so a woken background hears the event) --------
api.runtime.onMessage.addListener(dispatch);
menus.onClicked.addListener(onMenuClicked);

// The first-run page, once, on install (not on updates or reloads); the toolbar menu on each.
api.runtime.onInstalled.addListener(({ reason }) => {
  createMenus();
  if (reason === 'install') api.tabs.create({ url: api.runtime.getURL('welcome.html') }).catch(() => {});
});

api.tabs.onRemoved.addListener((tabId) => {
  store.deleteTab(tabId).catch(() => {});
  api.storage.session.remove(offSiteOfTab(tabId)).catch(() => {});
});

api.tabs.onUpdated.addListener((tabId, change) => {
  // A new page (or a reload) in the tab: the old findings no longer apply; the
  // content script reports the page again once loaded. (`change.url` is not
  // given without the "tabs" permission, so every load counts.)
  if (change.status === 'loading') {
    forgetTab(tabId).catch(() => {});
    api.storage.session.remove(offSiteOfTab(tabId)).catch(() => {});
  }
});

api.commands.onCommand.addListener((command, tab) => {
  if (command === 'open-panel') {
    // Straight from the gesture, nothing awaited first.
    openPanel(tab)?.catch?.((error) => console.warn('storydiff:', error));
    return;
  }
  if (tab?.id != null) runTabCommand(command, tab.id).catch(() => {});
});

if (hasSidebar) {
  // Firefox: the toolbar button toggles the sidebar.
  api.action.onClicked.addListener((tab) => { togglePanel(tab); });
}
panelOnActionClick();
