// What the tests ask of the extension, through its own pages only: messages
// sent from an extension page (the panel) and the panel's data-testid DOM.
// Everything here follows docs/extension-contract.md.
import { waitFor } from './wait.js';

/**
 * Sends one message `{type, payload}` from an extension page to the
 * background, as the panel does (extension/messages.js), and unwraps the
 * `{ok, value} | {ok: false, error}` answer.
 */
export async function ask(extensionPage, type, payload = {}) {
  const answer = await extensionPage.evaluate(
    (message) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(message),
    { type, payload },
  );
  if (!answer || typeof answer !== 'object' || !('ok' in answer)) {
    throw new Error(`${type}: the background answered ${JSON.stringify(answer)}, not {ok, value} or {ok: false, error}`);
  }
  if (!answer.ok) throw new Error(`${type}: the background refused: ${answer.error}`);
  return answer.value;
}

/**
 * The browser's tab id of the tab `page` shows. The extension asks for no
 * `tabs` permission, so tabs' URLs are hidden from it: the test brings the
 * page to the front, takes the one active tab's id, and checks with
 * `panel:state` that the extension holds that tab's article at `url`.
 */
export function tabIdOf(extensionPage, page, url, { timeout = 30_000 } = {}) {
  return waitFor(
    async () => {
      await page.bringToFront();
      const ids = await extensionPage.evaluate(async () => {
        const tabs = await (globalThis.browser ?? globalThis.chrome).tabs.query({ active: true });
        return tabs.map((t) => t.id);
      });
      if (ids.length !== 1) return false;
      const state = await ask(extensionPage, 'panel:state', { tabId: ids[0] });
      return state?.version?.url === url ? ids[0] : false;
    },
    { timeout, message: `the extension holds no article for the tab showing ${url} (panel:state of the active tab)` },
  );
}

/** The panel's findings list: [{kind, text}] in order. */
export function panelFindings(panel) {
  return panel.$$eval('[data-testid="findings-list"] [data-testid="finding-item"]', (items) =>
    items.map((item) => ({ kind: item.dataset.kind, text: item.textContent.replace(/\s+/g, ' ').trim() })),
  );
}

/** The panel's versions list: [{id, text, included}] in order. */
export function panelVersions(panel) {
  return panel.$$eval('[data-testid="versions-list"] [data-testid="version-item"]', (items) =>
    items.map((item) => {
      const box = item.querySelector('input[type="checkbox"]');
      return { id: item.dataset.versionId, text: item.textContent.replace(/\s+/g, ' ').trim(), included: box ? box.checked : null };
    }),
  );
}

/**
 * Clicks the first element matching `selector` whose text matches `pattern`,
 * waiting (bounded) for one; tries again when the page re-renders the list
 * between finding the element and clicking it.
 */
export function clickItem(page, selector, pattern, { timeout = 10_000 } = {}) {
  return waitFor(
    async () => {
      for (const item of await page.$$(selector)) {
        const text = await item.evaluate((el) => el.textContent);
        if (pattern.test(text)) {
          await item.evaluate((el) => el.scrollIntoView({ block: 'center' }));
          await item.click();
          return text.replace(/\s+/g, ' ').trim();
        }
      }
      return false;
    },
    { timeout, message: `no ${selector} whose text matches ${pattern} could be clicked` },
  );
}

/** Whether a viewport-relative rect lies (at least partly) in a viewport of the given size. */
export function inViewport(rect, { width, height }) {
  return rect.width > 0 && rect.height > 0 && rect.y < height && rect.y + rect.height > 0 && rect.x < width && rect.x + rect.width > 0;
}

/**
 * The store as `store:export` gives it, every page of it, less the moment of
 * the export itself (`exported`), which is no part of what is stored.
 */
export async function storeContents(extensionPage) {
  const { exported, next, total, ...contents } = await ask(extensionPage, 'store:export');
  for (let after = next; after !== null;) {
    const page = await ask(extensionPage, 'store:export', { after });
    contents.versions.push(...page.versions);
    after = page.next;
  }
  return contents;
}
