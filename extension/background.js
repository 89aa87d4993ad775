// The background: stores captured articles as versions, finds the other
// versions of the same story, compares, and tells the tab and the panel.
// It may be stopped at any time (a service worker in Chrome, an event page in
// Firefox): every listener is registered synchronously below, all state is in
// IndexedDB (store.js) or storage.local (settings), the wasm engine is
// re-initialised on wake and the story index is rebuilt from the store lazily.
import { api, openPanel, panelOnActionClick, togglePanel, hasSidebar } from './browser.js';
import { createDispatcher, sendToTab } from './messages.js';
import { engine, onEngineRestart } from './engine.js';
import * as store from './store.js';
import { checkImport, EXPORT_FORMAT } from './import-check.js';
import { nearlySame } from './near-same.js';

// The index is asked for more than are compared: copies of one text (wire
// copy on many sites, a page stored twice) collapse into one below.
const FIND_LIMIT = 60;
const COMPARE_LIMIT = 20;
// Versions the matcher found alike but not judged the same story are offered
// (unticked) in the panel when at least this similar (about half the
// engine's same-story threshold, 0.15).
const CANDIDATE_SIMILARITY = 0.07;
const MAX_HTML_CHARS = 8_000_000;
const MAX_CARD_CHARS = 400_000;
// Earlier revisions of the same URL compared at most (the newest ones).
const REVISION_LIMIT = 5;
// A text nearly the same as the latest revision adds none within this long of its capture.
const NEAR_SAME_WINDOW_MS = 10 * 60 * 1000;
// The store's bound: past it, the oldest captured versions are evicted first.
const DEFAULT_MAX_VERSIONS = 5000;
const DEFAULT_SETTINGS = Object.freeze({ captureMode: 'all', sites: [], paused: false, highlights: true, maxVersions: DEFAULT_MAX_VERSIONS });

// --- settings ---------------------------------------------------------------
async function getSettings() {
  const { settings } = await api.storage.local.get('settings');
  return { ...DEFAULT_SETTINGS, ...(settings ?? {}) };
}

async function setSettings(changes) {
  const current = await getSettings();
  const next = { ...current };
  if (changes.captureMode === 'all' || changes.captureMode === 'listed') next.captureMode = changes.captureMode;
  if (Array.isArray(changes.sites)) next.sites = changes.sites.map(normaliseSite).filter(Boolean);
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

function siteAllowed(settings, site) {
  if (settings.paused) return false;
  if (settings.captureMode === 'all') return true;
  return settings.sites.some((listed) => site === listed || site.endsWith(`.${listed}`));
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

// --- the story index (in memory, rebuilt lazily from the store) -------------------
let indexReady = null;

function storyIndex() {
  indexReady ??= (async () => {
    const { StoryIndex } = await engine();
    const index = new StoryIndex();
    for (const version of latestRevisions(await store.allVersions())) {
      try {
        index.add(storedOf(version));
      } catch (error) {
        console.warn('storydiff: cannot index', version.id, error);
      }
    }
    return index;
  })().catch((error) => { indexReady = null; throw error; });
  return indexReady;
}

/**
 * Only the latest revision of each URL is indexed: earlier ones are found
 * through the URL anyway, and near-identical texts in the index crowd the
 * other outlets' versions out of `find`'s answer.
 */
function latestRevisions(versions) {
  const latest = new Map();
  for (const version of versions) {
    if ((latest.get(version.key)?.revision ?? 0) < version.revision) latest.set(version.key, version);
  }
  return [...latest.values()];
}

function forgetIndex() {
  indexReady = null;
}
// A trap drops the engine and with it the index it held.
onEngineRestart(forgetIndex);

/** What the engine takes: `Stored`. */
function storedOf(version) {
  const { id, title, published, byline, site, text } = version;
  return { id, title: title ?? null, published: published ?? null, byline: byline ?? null, site: site ?? null, text };
}

// --- capturing --------------------------------------------------------------------
/**
 * Stores the page as a version unless its latest revision has the same text.
 * Returns the version (new or existing), or null when the engine says it is
 * not an article (and `force` is not set).
 */
async function storePage({ url, canonical, html }, { force, visit = true }) {
  const { analyse } = await engine();
  const key = urlKey(canonicalFor(url, canonical));
  const article = analyse(html, 'html', key);
  if (!article.readerable && !force) return null;
  if (!article.text?.trim()) throw new Error('No article text found on this page.');
  const hash = await sha256(article.text);
  const revisions = (await store.versionsOfKey(key)).sort((a, b) => a.revision - b.revision);
  const latest = revisions.at(-1);
  // The same text as the latest revision, or nearly the same soon after it
  // was captured (a page that reloads itself, a clock or counter in the text):
  // no new revision, the latest one is only seen again (`seen`). A re-read
  // that is no visit of the reader's (after an import) changes nothing.
  const soon = latest && Date.now() - Date.parse(latest.captured) < NEAR_SAME_WINDOW_MS;
  if (latest && (latest.hash === hash || (soon && nearlySame(latest.text, article.text)))) {
    if (!visit) return latest;
    const seen = { ...latest, seen: new Date().toISOString() };
    await store.putVersion(seen);
    return seen;
  }
  const version = {
    id: crypto.randomUUID(),
    url,
    key,
    site: article.site || siteOf(url),
    title: article.title ?? null,
    byline: article.byline ?? null,
    published: article.published ?? null,
    captured: new Date().toISOString(),
    text: article.text,
    hash,
    revision: (latest?.revision ?? 0) + 1,
    manual: Boolean(force),
  };
  await store.putVersion(version);
  await evictOldest(version.id);
  if (indexReady) {
    const index = await storyIndex();
    if (latest) index.remove(latest.id);
    index.add(storedOf(version));
  }
  return version;
}

/**
 * Keeps the store within the reader's bound (settings.maxVersions): the
 * oldest captured versions go first, never `keep` (the one just stored).
 */
async function evictOldest(keep) {
  const { maxVersions } = await getSettings();
  const versions = await store.allVersions();
  if (versions.length <= maxVersions) return 0;
  // Last seen first out: a version the reader keeps coming back to stays.
  const oldest = versions.filter((version) => version.id !== keep)
    .sort((a, b) => String(a.seen ?? a.captured).localeCompare(String(b.seen ?? b.captured)))
    .slice(0, versions.length - maxVersions);
  for (const version of oldest) await store.deleteVersion(version.id);
  forgetIndex();
  return oldest.length;
}

// --- choosing the versions to compare with -----------------------------------------
/**
 * Every version the panel lists for `current`, with whether it is compared:
 * matched by the index (same story), linked by hand, earlier revisions of the
 * same URL (always), and near misses or unlinked ones (offered, not compared).
 */
async function candidatesFor(current) {
  const index = await storyIndex();
  const matches = index.find(storedOf(current), FIND_LIMIT);
  const links = new Map((await store.linksOfKey(current.key)).map((link) => [link.version, link.state]));
  const byId = new Map((await store.allVersions()).map((version) => [version.id, version]));
  const candidates = new Map();
  const add = (version, fields) => {
    if (!version || version.id === current.id || candidates.has(version.id)) return;
    candidates.set(version.id, { id: version.id, similarity: null, ...fields });
  };
  // Earlier revisions of this URL: the newest few (each kept revision differs from the one before).
  const earlier = [...byId.values()]
    .filter((version) => version.key === current.key && version.revision < current.revision)
    .sort((a, b) => b.revision - a.revision)
    .slice(0, REVISION_LIMIT);
  for (const version of earlier) add(version, { reason: 'revision', included: true });
  const latestPerKey = new Set();
  // A text already compared (or the current one itself) adds nothing: only
  // the first version with each text is compared; the copies are listed,
  // unticked, for the reader to link if they want.
  const textsCompared = new Set([current.hash]);
  let compared = 0;
  for (const match of matches) {
    const version = byId.get(match.id);
    if (!version || version.key === current.key) continue;
    const state = links.get(match.id);
    const sameText = textsCompared.has(version.hash);
    const wanted = state === 'linked'
      || (match.same_story && state !== 'unlinked' && !sameText && compared < COMPARE_LIMIT);
    // One revision per other article is enough to compare with: its best match.
    if (wanted && latestPerKey.has(version.key)) continue;
    if (!wanted && match.similarity < CANDIDATE_SIMILARITY && state !== 'unlinked') continue;
    if (wanted) {
      latestPerKey.add(version.key);
      textsCompared.add(version.hash);
      compared += 1;
    }
    const reason = state ?? (sameText && match.same_story ? 'same-text' : match.same_story ? 'matched' : 'similar');
    add(version, { reason, included: wanted, similarity: match.similarity });
  }
  for (const [id, state] of links) {
    add(byId.get(id), { reason: state, included: state === 'linked' });
  }
  return [...candidates.values()].map((candidate) => ({ ...candidate, ...summaryOf(byId.get(candidate.id)) }));
}

function summaryOf(version) {
  const { id, url, key, site, title, byline, published, captured, revision, manual } = version;
  // `host`: where the page really was, beside whatever name it gave itself.
  return { id, url, key, host: hostOf(url), site, title, byline, published, captured, revision, manual: Boolean(manual) };
}

async function reportFor(current) {
  const candidates = await candidatesFor(current);
  const included = candidates.filter((candidate) => candidate.included);
  const versions = await Promise.all(included.map((candidate) => store.getVersion(candidate.id)));
  const { compare } = await engine();
  // Versions the reader linked by hand are compared whatever the matcher says.
  const linked = included.filter((candidate) => candidate.reason === 'linked').map((candidate) => candidate.id);
  const report = compare(storedOf(current), versions.filter(Boolean).map(storedOf), linked);
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
    findings: report.findings,
  };
}

const countedFindings = (report) => report.findings.filter((finding) => finding.kind !== 'variant').length;

async function setBadge(tabId, report) {
  const count = report ? countedFindings(report) : 0;
  try {
    await api.action.setBadgeText({ tabId, text: count ? String(count) : '' });
    await api.action.setBadgeBackgroundColor({ tabId, color: '#2563eb' });
  } catch {
    // The tab may be gone already.
  }
}

/** Compares the tab's version again, caches it, redraws the page, tells the panel. */
async function refreshTab(tabId, version) {
  const { report, candidates } = await reportFor(version);
  const entry = { tabId, versionId: version.id, key: version.key, report, candidates, updated: Date.now() };
  await store.putTab(entry);
  await setBadge(tabId, report);
  sendToTab(tabId, 'overlay:report', { report: forOverlay(report, candidates) }).catch(() => {});
  notifyPanel(tabId);
  return entry;
}

async function refreshTabsShowing(predicate) {
  for (const entry of await store.allTabs()) {
    if (!predicate(entry)) continue;
    const version = await store.getVersion(entry.versionId);
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
  const version = await store.getVersion(entry.versionId);
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
  return { url, canonical: typeof payload.canonical === 'string' ? payload.canonical.slice(0, 2048) : null, html };
}

async function onArticleCaptured(payload, { tabId, sender }) {
  if (sender.frameId !== 0) throw new Error('only the top frame reports articles');
  const page = checkedCapture(payload, sender);
  const settings = await getSettings();
  if (!siteAllowed(settings, siteOf(page.url))) return { stored: false, reason: settings.paused ? 'paused' : 'site not listed' };
  const version = await storePage(page, { force: false });
  if (!version) return { stored: false, reason: 'not an article' };
  const entry = await refreshTab(tabId, version);
  return { stored: true, versionId: version.id, report: forOverlay(entry.report, entry.candidates), highlights: settings.highlights };
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

async function panelState({ tabId }) {
  const settings = await getSettings();
  if (typeof tabId !== 'number') return { tabId: null, version: null, report: null, candidates: [], settings };
  const entry = await tabEntry(tabId);
  if (!entry) return { tabId, version: null, report: null, candidates: [], settings };
  const version = await store.getVersion(entry.versionId);
  return {
    tabId,
    version: version ? summaryOf(version) : null,
    report: entry.report,
    candidates: entry.candidates,
    settings,
  };
}

async function listVersions() {
  return (await store.allVersions()).map(summaryOf).sort((a, b) => b.captured.localeCompare(a.captured));
}

async function includeVersion({ tabId, versionId, include }) {
  const entry = await store.getTab(tabId);
  if (!entry) throw new Error('This tab has no article yet.');
  if (!(await store.getVersion(versionId))) throw new Error('That version is no longer stored.');
  await store.putLink({ id: `${entry.key}|${versionId}`, key: entry.key, version: versionId, state: include ? 'linked' : 'unlinked' });
  await refreshTabsShowing((other) => other.key === entry.key);
  return panelState({ tabId });
}

async function deleteVersion({ id }) {
  await store.deleteVersion(id);
  // An earlier revision may become the latest one: rebuild the index when next needed.
  forgetIndex();
  await refreshTabsShowing((entry) => entry.versionId === id || entry.candidates?.some((candidate) => candidate.id === id));
  return { deleted: id };
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

async function usage() {
  const versions = await store.allVersions();
  const bytes = versions.reduce((sum, version) => sum + JSON.stringify(version).length * 2, 0);
  const estimate = (await navigator.storage?.estimate?.()) ?? {};
  const { maxVersions } = await getSettings();
  return { versions: versions.length, bytes, maxVersions, usage: estimate.usage ?? null, quota: estimate.quota ?? null };
}

async function exportStore() {
  return {
    format: EXPORT_FORMAT,
    formatVersion: 1,
    exported: new Date().toISOString(),
    settings: await getSettings(),
    versions: await store.allVersions(),
    links: await store.allLinks(),
  };
}

/**
 * Stores what checkImport (import-check.js) accepts; settings in the file are
 * not applied but returned, for the page to ask the reader first.
 */
async function importStore({ data }) {
  const checked = checkImport(typeof data === 'string' ? JSON.parse(data) : data);
  for (const version of checked.versions) version.hash ??= await sha256(version.text);
  await store.putMany(checked.versions, checked.links);
  forgetIndex();
  await evictOldest(null);
  await refreshTabsShowing(() => true);
  await recaptureOpenTabs();
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
    if (known.has(tab.id)) continue;
    try {
      const page = await sendToTab(tab.id, 'page:capture');
      const checked = checkedCapture(page, { url: tab.url ?? page.url });
      if (!siteAllowed(settings, siteOf(checked.url))) continue;
      const version = await storePage(checked, { force: false, visit: false });
      if (version) await refreshTab(tab.id, version);
    } catch {
      // Not a page storydiff reads.
    }
  }
}

async function clearStore() {
  const tabs = await store.allTabs();
  await store.clearAll();
  forgetIndex();
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
  'panel:state': panelState,
  'versions:list': listVersions,
  'version:include': includeVersion,
  'version:delete': deleteVersion,
  'story:add-page': addPageToStory,
  'overlay:toggle': ({ tabId, visible }) => toTab(tabId, 'overlay:set-visible', { visible }),
  'overlay:state': ({ tabId }) => toTab(tabId, 'overlay:describe'),
  'overlay:show-finding': ({ tabId, index }) => toTab(tabId, 'overlay:flash', { index }),
  'settings:get': getSettings,
  'settings:set': ({ settings }) => setSettings(settings ?? {}),
  'store:usage': usage,
  'store:export': exportStore,
  'store:import': importStore,
  'store:clear': clearStore,
});

// --- listeners (registered synchronously, so a woken background hears the event) --------
api.runtime.onMessage.addListener(dispatch);

api.tabs.onRemoved.addListener((tabId) => {
  store.deleteTab(tabId).catch(() => {});
});

api.tabs.onUpdated.addListener((tabId, change) => {
  // A new page (or a reload) in the tab: the old findings no longer apply; the
  // content script reports the page again once loaded. (`change.url` is not
  // given without the "tabs" permission, so every load counts.)
  if (change.status === 'loading') forgetTab(tabId).catch(() => {});
});

api.commands.onCommand.addListener((command, tab) => {
  if (command === 'open-panel') {
    // Straight from the gesture, nothing awaited first.
    openPanel(tab)?.catch?.((error) => console.warn('storydiff:', error));
    return;
  }
  if (command === 'toggle-highlights' && tab?.id != null) {
    sendToTab(tab.id, 'overlay:set-visible', {}).catch(() => {});
  }
});

if (hasSidebar) {
  // Firefox: the toolbar button toggles the sidebar.
  api.action.onClicked.addListener((tab) => { togglePanel(tab); });
}
panelOnActionClick();
