// The one browser seam. Firefox has `browser` (promises); Chrome has `chrome`
// (promises too in MV3). No polyfill: only APIs that both return promises are used.
export const api = globalThis.browser ?? globalThis.chrome;

/** Firefox (sidebar_action) or Chrome (side_panel). */
export const hasSidebar = Boolean(api.sidebarAction);

/**
 * Opens the panel for the window of `tab`. Must be called straight from a
 * user gesture (a click, a command) without awaiting anything first: both
 * browsers refuse otherwise.
 */
export function openPanel(tab) {
  if (hasSidebar) return api.sidebarAction.open();
  return api.sidePanel.open(tab?.id != null ? { tabId: tab.id } : { windowId: tab.windowId });
}

/** Toggles the Firefox sidebar; in Chrome the side panel opens (it has its own close button). */
export function togglePanel(tab) {
  if (hasSidebar) return api.sidebarAction.toggle();
  return openPanel(tab);
}

/** Lets the toolbar button open the side panel in Chrome; Firefox uses action.onClicked. */
export function panelOnActionClick() {
  if (!hasSidebar) {
    api.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
  }
}

/** The extension's own URL prefix, e.g. chrome-extension://<id>/. */
export const extensionOrigin = api.runtime.getURL('');

/** The context menus of the toolbar button: `menus` in Firefox, `contextMenus` in Chrome. */
export const menus = api.menus ?? api.contextMenus;

/**
 * Replaces the extension's menu items with `items` ({id, title, contexts}).
 * Chrome before 123 answers `removeAll` and `create` only by callback
 * (Firefox by promise), so both are asked the way each answers.
 */
export function resetMenus(items) {
  const settled = (call) => new Promise((resolve) => {
    if (globalThis.browser) {
      Promise.resolve(call()).then(resolve, resolve);
    } else {
      call(() => { void api.runtime.lastError; resolve(); });
    }
  });
  return settled((done) => menus.removeAll(done))
    .then(() => Promise.all(items.map((item) => settled((done) => menus.create(item, done)))));
}
