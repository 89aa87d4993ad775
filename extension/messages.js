// The message catalogue: every message type, who may send it, and the answer
// shape ({ok: true, value} | {ok: false, error}).
//
// Routes:
//   content  → background  (sent by a content script; sender.tab is set)
//   panel    → background  (sent by an extension page: panel, options, tests)
//   background → content   (sent with tabs.sendMessage to a tab's content script)
//   panel → background → content: relayed by the background to the tab named in `tab`.

export const ROUTE = Object.freeze({
  CONTENT: 'content→background',
  PANEL: 'panel→background',
  TO_CONTENT: 'background→content',
  TO_PANEL: 'background→panel',
  RELAY: 'panel→background→content',
});

export const MESSAGES = Object.freeze({
  // content → background
  'page:captured': { route: ROUTE.CONTENT, doc: '{url, canonical, html} → {stored: bool, report: bool}' },
  'report:mine': { route: ROUTE.CONTENT, doc: '{} → the report for the sender tab (or null)' },

  // panel → background
  'report:get': { route: ROUTE.PANEL, doc: '{tab} → {report, tab, url, included, versions} | null' },
  'report:refresh': { route: ROUTE.PANEL, doc: '{tab, exclude?: [id]} → report (recomputed)' },
  'version:link': { route: ROUTE.PANEL, doc: '{a, b} → true: treat a and b as the same story' },
  'version:unlink': { route: ROUTE.PANEL, doc: '{a, b} → true: a and b are not the same story' },
  'version:list': { route: ROUTE.PANEL, doc: '{} → [version without text]' },
  'store:export': { route: ROUTE.PANEL, doc: '{} → the whole store as JSON text' },
  'store:import': { route: ROUTE.PANEL, doc: '{json} → {versions, links}' },
  'store:clear': { route: ROUTE.PANEL, doc: '{} → true' },
  'store:usage': { route: ROUTE.PANEL, doc: '{} → {versions, bytes}' },
  'settings:get': { route: ROUTE.PANEL, doc: '{} → settings' },
  'settings:set': { route: ROUTE.PANEL, doc: '{settings} → settings' },

  // panel → background → content (relayed to `tab`)
  'overlay:state': { route: ROUTE.RELAY, doc: '{tab} → {visible, highlights:[{kind,text,rect}], markers:[{kind,rect}]}' },
  'overlay:toggle': { route: ROUTE.RELAY, doc: '{tab, visible?} → {visible}' },
  'overlay:scrollTo': { route: ROUTE.RELAY, doc: '{tab, index} → bool (finding index in report.findings)' },

  // background → content
  'findings:show': { route: ROUTE.TO_CONTENT, doc: '{report} → true' },
  'findings:clear': { route: ROUTE.TO_CONTENT, doc: '{} → true' },

  // background → panel (broadcast, no answer)
  'report:updated': { route: ROUTE.TO_PANEL, doc: '{tab}: the report for tab changed' },
});

export const ok = (value) => ({ ok: true, value: value ?? null });
export const fail = (error) => ({ ok: false, error: String(error?.message ?? error) });

/** Whether a sender is one of this extension's own pages (not a content script). */
export function fromExtensionPage(sender, runtimeId, extensionOrigin) {
  if (sender.id !== runtimeId) return false;
  if (sender.tab && !(sender.url ?? '').startsWith(extensionOrigin)) return false;
  return (sender.url ?? extensionOrigin).startsWith(extensionOrigin);
}

/**
 * Builds an onMessage listener from handlers {type: async (msg, sender) => value}.
 * Unknown types and messages from the wrong sender are refused; panel-only and
 * relay messages from content scripts are rejected.
 */
export function dispatcher(handlers, { runtimeId, extensionOrigin }) {
  return (msg, sender, sendResponse) => {
    const type = msg?.type;
    const spec = MESSAGES[type];
    const handler = handlers[type];
    if (!spec || !handler) return false;
    if (spec.route === ROUTE.TO_CONTENT || spec.route === ROUTE.TO_PANEL) return false;
    const page = fromExtensionPage(sender, runtimeId, extensionOrigin);
    if ((spec.route === ROUTE.PANEL || spec.route === ROUTE.RELAY) && !page) {
      sendResponse(fail(`${type} is not allowed from a content script`));
      return false;
    }
    if (spec.route === ROUTE.CONTENT && (page || !sender.tab)) {
      sendResponse(fail(`${type} comes from content scripts only`));
      return false;
    }
    Promise.resolve()
      .then(() => handler(msg, sender))
      .then((value) => sendResponse(ok(value)), (error) => sendResponse(fail(error)));
    return true;
  };
}

/** Sends a message and unwraps {ok, value}; throws on {ok: false}. */
export async function request(api, msg) {
  const answer = await api.runtime.sendMessage(msg);
  if (!answer) throw new Error(`no answer to ${msg.type}`);
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}
