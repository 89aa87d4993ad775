// The message catalogue: every message, who may send it (its route) and what
// it answers. Every answer is `{ok: true, value}` or `{ok: false, error}`.
//
// Routes:
//   content    a content script → the background. Untrusted: the page may have
//              steered it. It can only report its own page and ask for its own
//              tab's findings; it never deletes or rewrites stored data.
//   panel      an extension page (side panel, sidebar, panel tab, options) → the background.
//   background the background → a content script or the panel.
import { api, extensionOrigin } from './browser.js';

export const ROUTE = Object.freeze({ content: 'content', panel: 'panel', background: 'background' });

export const MESSAGES = Object.freeze({
  // content → background
  'article:captured': { route: 'content', doc: '{url, canonical, html, title, ogTitle, siteName, reread (read again in the same visit)} → {stored, versionId, report|null}' },
  'findings:get': { route: 'content', doc: '{} → the trimmed report for the sender\'s own tab, or null' },
  'card:put': { route: 'content', doc: '{name, card} → {stored} (the card for card.html#name, kept in storage.session, out of the page\'s reach)' },

  // panel → background
  // card.html (an extension frame in the page) → the background, where the frame has no storage.session (Firefox ESR)
  'card:take': { route: 'panel', doc: '{name} → the card card:put kept under that name, or null; it is dropped' },
  'card:seen': { route: 'panel', doc: '{view: {marked, inView, findings: [{lead, wordings: [{source, text}]}]}} → {stored} (what the card shows: the item asked for, and each finding as drawn)' },
  'panel:state': { route: 'panel', doc: '{tabId} → {tabId, version, site (what \'site:off\' turns off), report, candidates, dismissed ([{dismissal, finding}] hidden by the reader), settings, error (why the store refused this tab\'s page, or null), offSite}' },
  'versions:list': { route: 'panel', doc: '{offset?, limit? (200, at most 1000)} → a page of [{id, url, site, title, published, captured, revision}], newest first' },
  'version:include': { route: 'panel', doc: '{tabId, versionId, include} → panel:state (links or unlinks it)' },
  'version:delete': { route: 'panel', doc: '{id} → {deleted, undo: {version, links} | null} (what version:restore needs to put it back)' },
  'version:restore': { route: 'panel', doc: '{version, links} → {restored} (the undo of version:delete; checked as an import is)' },
  'finding:dismiss': { route: 'panel', doc: '{tabId, index} → {dismissal (its id), state: panel:state} (not useful: hidden in this story, on every tab)' },
  'finding:restore': { route: 'panel', doc: '{tabId, dismissal} → panel:state (the undo of finding:dismiss)' },
  'story:add-page': { route: 'panel', doc: '{tabId} → panel:state (stores the page even if not detected)' },
  'overlay:toggle': { route: 'panel', doc: '{tabId, visible?} → {visible}' },
  'overlay:state': { route: 'panel', doc: '{tabId} → {visible, highlights:[{kind,text,rect}], markers:[{kind,rect}]}' },
  'overlay:show-finding': { route: 'panel', doc: '{tabId, index} → {shown} (scrolls to finding N and flashes it)' },
  'command:run': { route: 'panel', doc: '{tabId, command: \'next-finding\'|\'previous-finding\'|\'toggle-highlights\'} → what the page answered ({shown, index} for a step): the keyboard command\'s own handler, for the tests (a browser\'s shortcuts cannot be pressed from automation)' },
  'site:off': { route: 'panel', doc: '{tabId, off} → panel:state (turns storydiff off, or back on, on the site of the tab\'s page; back on reads the page again)' },
  'settings:get': { route: 'panel', doc: '{} → settings' },
  'settings:set': { route: 'panel', doc: '{settings} → settings' },
  'store:usage': { route: 'panel', doc: '{} → {versions, bytes, pending (versions still to index), maxVersions, quota, usage, problem (the store\'s last refused write, or null)}' },
  'store:export': { route: 'panel', doc: '{after? (a version id)} → a page of the store: {versions, next (the next page\'s after, or null), total}, and on the first page the file\'s head (format, formatVersion, exported, settings, links)' },
  'store:import': { route: 'panel', doc: '{data (a file, or one part of one), more? (more parts follow)} → {versions, links, rejected, repaired, linksRejected, settings}' },
  'store:clear': { route: 'panel', doc: '{} → {cleared}' },

  // background → content script (tabs.sendMessage)
  'page:capture': { route: 'background', doc: '{} → {url, canonical, html} of the live page' },
  'overlay:report': { route: 'background', doc: '{report} → {anchored} (draws the findings)' },
  'overlay:set-visible': { route: 'background', doc: '{visible?} → {visible} (toggles when omitted)' },
  'overlay:describe': { route: 'background', doc: '{} → overlay:state\'s answer' },
  'overlay:flash': { route: 'background', doc: '{index} → {shown}' },
  'overlay:step': { route: 'background', doc: '{by: 1|-1} → {shown, index} (focuses the next or previous finding and opens its card)' },
  // background → panel (runtime.sendMessage; nobody may be listening)
  'report:updated': { route: 'background', doc: '{tabId} → nothing; the panel reloads its state' },
});

export const ok = (value) => ({ ok: true, value: value ?? null });
export const fail = (error) => ({ ok: false, error: String(error?.message ?? error) });

/** Sends a message to the background (or, from the background, to extension pages). */
export async function send(type, payload = {}) {
  if (!MESSAGES[type]) throw new Error(`unknown message ${type}`);
  const answer = await api.runtime.sendMessage({ type, payload });
  return unwrap(answer, type);
}

/** Sends a message to one tab's content script. */
export async function sendToTab(tabId, type, payload = {}) {
  if (!MESSAGES[type]) throw new Error(`unknown message ${type}`);
  const answer = await api.tabs.sendMessage(tabId, { type, payload });
  return unwrap(answer, type);
}

function unwrap(answer, type) {
  if (!answer) throw new Error(`no answer to ${type}`);
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

/** Where a message really comes from, judged from `sender`, never from the message. */
export function routeOf(sender) {
  if (sender?.id !== api.runtime.id) return null;
  if (typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin)) return ROUTE.panel;
  if (sender.tab?.id != null) return ROUTE.content;
  return null;
}

/**
 * Runs `handlers[type](payload, context)` for messages whose route matches the
 * sender, and answers `{ok, value|error}`. `context` carries the sender's
 * route and, for content scripts, their own tab id (the only tab they may ask about).
 */
export function createDispatcher(handlers) {
  return function dispatch(message, sender, sendResponse) {
    const type = message?.type;
    const entry = MESSAGES[type];
    if (!entry || !handlers[type]) return false; // not ours: let other listeners answer
    const route = routeOf(sender);
    if (route !== entry.route) {
      sendResponse(fail(`${type} is not allowed from ${route ?? 'an unknown sender'}`));
      return false;
    }
    const context = { route, tabId: route === ROUTE.content ? sender.tab.id : null, frameId: sender.frameId, sender };
    Promise.resolve()
      .then(() => handlers[type](message.payload ?? {}, context))
      .then((value) => sendResponse(ok(value)), (error) => sendResponse(fail(error)));
    return true; // answers asynchronously
  };
}
