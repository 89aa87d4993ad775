// The one browser seam: the WebExtension namespace and side panel vs sidebar.
export const api = globalThis.browser ?? globalThis.chrome;

/** True in Firefox (sidebar_action), false in Chrome (sidePanel). */
export const isFirefox = typeof globalThis.browser !== 'undefined' && !!globalThis.browser.sidebarAction;

/**
 * Opens the panel for a tab. Must run inside a user gesture (action click,
 * command, button press) in both browsers.
 */
export async function openPanel(tabId) {
  if (api.sidePanel?.open) {
    await api.sidePanel.open({ tabId });
  } else if (api.sidebarAction?.open) {
    await api.sidebarAction.open();
  } else {
    await api.tabs.create({ url: api.runtime.getURL(`panel.html?tab=${tabId}`) });
  }
}

/** Makes the toolbar button open the panel (Chrome only; Firefox uses a sidebar). */
export function panelOnActionClick() {
  if (api.sidePanel?.setPanelBehavior) {
    api.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
    return true;
  }
  return false;
}
