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
