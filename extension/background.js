// Background (Chrome service worker / Firefox event page, an ES module). It may
// be stopped at any moment: everything lives in IndexedDB (store.js), the wasm
// engine is initialised on each wake, and the story index is rebuilt lazily.
import init, { analyse, compare, StoryIndex } from './pkg/storydiff.js';
import { api, panelOnActionClick } from './browser.js';
import { dispatcher } from './messages.js';
import * as store from './store.js';

const FIND_LIMIT = 24;

// --- engine and index (rebuilt per wake) -----------------------------------------
let engine = null;
function ready() {
  engine ??= init({ module_or_path: api.runtime.getURL('pkg/storydiff_bg.wasm') }).catch((e) => {
    engine = null;
    throw e;
  });
  return engine;
}

let indexPromise = null;
function storyIndex() {
  indexPromise ??= (async () => {
    await ready();
    const index = new StoryIndex();
    for (const v of await store.allVersions()) {
      try { index.add(store.stored(v)); } catch (e) { console.warn('storydiff: index', v.id, e); }
    }
    return index;
  })().catch((e) => {
    indexPromise = null;
    throw e;
  });
  return indexPromise;
}
const resetIndex = () => { indexPromise = null; };

// --- capture ----------------------------------------------------------------------
function siteAllowed(settings, url) {
  if (settings.paused) return false;
  if (settings.capture !== 'listed') return true;
  let host = '';
  try { host = new URL(url).hostname.toLowerCase(); } catch { return false; }
  return settings.sites.some((s) => host === s || host.endsWith(`.${s}`));
}

/** The versions of `current`'s story: same_story matches, earlier revisions, manual links, minus unlinks. */
async function storyOf(current, revisions) {
  const index = await storyIndex();
  const links = await store.allLinks();
  const unlinked = new Set();
  const linked = new Set();
  for (const l of links) {
    const other = l.a === current.id ? l.b : l.b === current.id ? l.a : null;
    if (!other) continue;
    (l.kind === 'unlink' ? unlinked : linked).add(other);
  }
  const ids = new Map();
  for (const m of index.find(store.stored(current), FIND_LIMIT)) {
    if (m.same_story && m.id !== current.id) ids.set(m.id, m.similarity);
  }
  for (const r of revisions) if (r.id !== current.id && !ids.has(r.id)) ids.set(r.id, null);
  for (const id of linked) if (!ids.has(id)) ids.set(id, null);
  for (const id of unlinked) ids.delete(id);
  const versions = [];
  for (const [id, similarity] of ids) {
    const v = await store.getVersion(id);
    if (v && v.hash !== current.hash) versions.push({ v, similarity, manual: linked.has(id) });
  }
  return versions;
}

/** Computes, saves and shows the report for a tab. */
async function analyseTab(tab, current, revisions, exclude = []) {
  await ready();
  const candidates = await storyOf(current, revisions);
  const excluded = new Set(exclude);
  const included = candidates.filter((c) => !excluded.has(c.v.id));
  const report = included.length ? compare(store.stored(current), included.map((c) => store.stored(c.v))) : null;
  const entry = {
    tab,
    current: meta(current),
    candidates: candidates.map((c) => ({ ...meta(c.v), similarity: c.similarity, manual: c.manual })),
    excluded: [...excluded],
    report,
    updated: Date.now(),
  };
  await store.putReport(entry);
  await show(tab, report);
  api.runtime.sendMessage({ type: 'report:updated', tab }).catch(() => {});
  return entry;
}

const meta = (v) => ({
  id: v.id, url: v.url, page: v.page, site: v.site, title: v.title, byline: v.byline,
  published: v.published, captured: v.captured, revision: v.revision, hash: v.hash,
});

async function show(tab, report) {
  const count = report ? report.findings.filter((f) => f.kind !== 'variant').length : 0;
  try {
    await api.action.setBadgeText({ tabId: tab, text: count ? String(count) : '' });
    await api.action.setBadgeBackgroundColor?.({ tabId: tab, color: '#2f5d8a' });
  } catch { /* tab gone */ }
  try {
    await api.tabs.sendMessage(tab, report ? { type: 'findings:show', report } : { type: 'findings:clear' }, { frameId: 0 });
  } catch { /* no content script there (yet) */ }
}

async function captured(msg, sender) {
  const tab = sender.tab.id;
  const url = String(msg.url ?? sender.tab.url ?? '');
  const settings = await store.getSettings();
  if (!siteAllowed(settings, url)) return { stored: false, reason: 'capture off for this site' };
  if (typeof msg.html !== 'string' || !msg.html) return { stored: false, reason: 'no html' };
  await ready();
  const article = analyse(msg.html, 'html', url);
  if (!article.readerable || !article.text?.trim()) {
    await store.deleteReport(tab);
    await show(tab, null);
    return { stored: false, reason: 'not an article' };
  }
  const canonical = typeof msg.canonical === 'string' ? msg.canonical : '';
  const { version, created, revisions } = await store.addVersion({ url, canonical, article });
  if (created && indexPromise) {
    try { (await storyIndex()).add(store.stored(version)); } catch { resetIndex(); }
  }
  const entry = await analyseTab(tab, version, revisions);
  return { stored: created, version: version.id, findings: entry.report?.findings.length ?? 0 };
}

async function recompute(tab, exclude) {
  const entry = await store.getReport(tab);
  if (!entry) return null;
  const current = await store.getVersion(entry.current.id);
  if (!current) return null;
  const revisions = (await store.versionsAt(current.url)).filter((v) => v.id !== current.id);
  return analyseTab(tab, current, revisions, exclude ?? entry.excluded ?? []);
}

async function relay(msg) {
  const id = Number(msg.tab);
  if (!Number.isInteger(id)) throw new Error('no tab');
  const rest = { ...msg };
  delete rest.tab;
  const answer = await api.tabs.sendMessage(id, rest, { frameId: 0 });
  if (!answer) throw new Error('no answer from the page');
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

async function activeTab() {
  const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
  return tab;
}

// --- messages (listeners are registered synchronously on every wake) ---------------
const handlers = {
  'page:captured': captured,
  'report:mine': (_msg, sender) => store.getReport(sender.tab.id).then((e) => e?.report ?? null),

  'report:get': async (msg) => {
    const tab = Number(msg.tab ?? (await activeTab())?.id);
    const entry = await store.getReport(tab);
    return entry ? { ...entry } : { tab, report: null };
  },
  'report:refresh': (msg) => recompute(Number(msg.tab), Array.isArray(msg.exclude) ? msg.exclude.map(String) : null),
  'version:link': async (msg) => {
    await store.setLink(String(msg.a), String(msg.b), 'link');
    return msg.tab != null ? recompute(Number(msg.tab)) : true;
  },
  'version:unlink': async (msg) => {
    await store.setLink(String(msg.a), String(msg.b), 'unlink');
    return msg.tab != null ? recompute(Number(msg.tab)) : true;
  },
  'version:list': async () => (await store.allVersions()).map(meta),
  'store:export': async () => JSON.stringify(await store.exportAll()),
  'store:import': async (msg) => {
    const data = typeof msg.json === 'string' ? JSON.parse(msg.json) : msg.json;
    const result = await store.importAll(data);
    resetIndex();
    return result;
  },
  'store:clear': async () => {
    await store.clearAll();
    resetIndex();
    return true;
  },
  'store:usage': () => store.usage(),
  'settings:get': () => store.getSettings(),
  'settings:set': (msg) => store.setSettings(msg.settings ?? {}),

  'overlay:state': (msg) => relay(msg),
  'overlay:toggle': (msg) => relay(msg),
  'overlay:scrollTo': (msg) => relay(msg),
};

api.runtime.onMessage.addListener(
  dispatcher(handlers, { runtimeId: api.runtime.id, extensionOrigin: api.runtime.getURL('') }),
);

api.commands?.onCommand.addListener(async (command, tab) => {
  if (command !== 'toggle-highlights') return;
  const target = tab ?? (await activeTab());
  if (target?.id != null) api.tabs.sendMessage(target.id, { type: 'overlay:toggle' }, { frameId: 0 }).catch(() => {});
});

if (!panelOnActionClick()) {
  // Firefox: the toolbar button toggles the sidebar.
  api.action.onClicked.addListener(() => { api.sidebarAction?.toggle?.(); });
}

api.tabs.onRemoved.addListener((tab) => { store.deleteReport(tab).catch(() => {}); });
