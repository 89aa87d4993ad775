// Launches Debian's Chromium or Firefox ESR headless with a built extension
// from dist/, through puppeteer-core (CDP for Chromium, WebDriver BiDi for
// Firefox), and gives the suite one face for both:
//   { name, browser, extensionId, extensionUrl(path), restartBackground(), close() }
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { retryLaunch, waitFor } from './wait.js';

export const EXECUTABLES = {
  chromium: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr',
};

export const VIEWPORT = { width: 1100, height: 800 };

/** `extraArgs`: more Chromium flags (Firefox ignores them). */
export async function launchWithExtension(name, extensionDir, { extraArgs = [] } = {}) {
  if (name === 'chromium') return launchChromium(extensionDir, extraArgs);
  if (name === 'firefox') return launchFirefox(extensionDir);
  throw new Error(`unknown browser ${name}`);
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium without any extension, for what a page does on its own: {browser, close()}. */
export async function launchPlainChromium({ extraArgs = [] } = {}) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'storydiff-chromium-plain-'));
  const browser = await retryLaunch(
    () =>
      puppeteer.launch({
        executablePath: EXECUTABLES.chromium,
        headless: true,
        defaultViewport: VIEWPORT,
        protocolTimeout: 60_000,
        args: [`--user-data-dir=${userDataDir}`, ...CHROMIUM_FLAGS, ...extraArgs],
      }),
    { label: 'launching chromium without the extension' },
  );
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

async function launchChromium(extensionDir, extraArgs = []) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'storydiff-chromium-'));
  const browser = await retryLaunch(
    () =>
      puppeteer.launch({
        executablePath: EXECUTABLES.chromium,
        headless: true,
        enableExtensions: true,
        defaultViewport: VIEWPORT,
        protocolTimeout: 60_000,
        args: [
          `--user-data-dir=${userDataDir}`,
          `--disable-extensions-except=${extensionDir}`,
          `--load-extension=${extensionDir}`,
          ...CHROMIUM_FLAGS,
          '--disable-features=DisableLoadExtensionCommandLineSwitch',
          ...extraArgs,
        ],
      }),
    { label: 'launching chromium' },
  );
  let worker;
  try {
    worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), {
      timeout: 20_000,
    });
  } catch (error) {
    await browser.close();
    throw new Error(`Chromium did not start the extension's service worker from ${extensionDir}: ${error.message}`, { cause: error });
  }
  const extensionId = new URL(worker.url()).host;
  const workerUrl = worker.url();
  return {
    name: 'chromium',
    browser,
    extensionId,
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p}`,
    // Stops the background service worker the way Chrome does when it is idle
    // (closing its target), waits until it is gone, then lets the next
    // message start it again. Close the extension's pages first: a page that
    // keeps sending messages starts the worker again at once.
    async restartBackground() {
      const target = browser.targets().find((t) => t.type() === 'service_worker' && t.url() === workerUrl);
      if (!target) throw new Error('the extension service worker is not running before the restart');
      const handle = await target.worker();
      await handle.close();
      await waitFor(() => !browser.targets().some((t) => t.type() === 'service_worker' && t.url() === workerUrl), {
        timeout: 10_000,
        message: 'the extension service worker did not stop',
      });
      return 'service worker stopped (Target.closeTarget on its target)';
    },
    // The running service worker (a puppeteer WebWorker), to evaluate in it.
    async backgroundWorker() {
      const target = browser.targets().find((t) => t.type() === 'service_worker' && t.url() === workerUrl)
        ?? await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url() === workerUrl, { timeout: 10_000 });
      return target.worker();
    },
    async backgroundRunning() {
      return browser.targets().some((t) => t.type() === 'service_worker' && t.url() === workerUrl);
    },
    async close() {
      await browser.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

async function launchFirefox(extensionDir) {
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8'));
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  // A known moz-extension:// host for the extension, set before launch: Firefox
  // takes an add-on's uuid from this pref when it has one for its id.
  const uuid = randomUUID();
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'storydiff-firefox-'));
  const browser = await retryLaunch(
    () =>
      puppeteer.launch({
        browser: 'firefox',
        executablePath: EXECUTABLES.firefox,
        headless: true,
        userDataDir,
        defaultViewport: VIEWPORT,
        protocolTimeout: 60_000,
        args: ['--remote-allow-system-access'],
        extraPrefsFirefox: {
          'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
          'xpinstall.signatures.required': false,
          'extensions.autoDisableScopes': 0,
          'extensions.enabledScopes': 15,
          'browser.shell.checkDefaultBrowser': false,
          'datareporting.policy.dataSubmissionEnabled': false,
        },
      }),
    { label: 'launching firefox' },
  );
  let extensionId;
  try {
    extensionId = await browser.installExtension(extensionDir);
  } catch (error) {
    await browser.close();
    throw new Error(`Firefox refused to install the extension from ${extensionDir}: ${error.message}`, { cause: error });
  }
  if (extensionId !== geckoId) {
    await browser.close();
    throw new Error(`Firefox installed the extension as ${extensionId}, expected its gecko id ${geckoId}`);
  }
  const base = `moz-extension://${uuid}/`;
  return {
    name: 'firefox',
    browser,
    extensionId,
    extensionUrl: (p) => base + p,
    // Firefox has no service worker to stop: the test reloads the whole
    // extension (runtime.reload() from one of its pages), which ends its
    // background page and everything it held in memory, and closes its tabs;
    // content scripts in open tabs are orphaned, so the caller reloads those.
    // A mark left on the old background page proves a new one runs after.
    // Opens (and loses) a page of its own for that.
    async restartBackground() {
      const extensionPage = await openExtensionPage(this, 'panel.html');
      const marked = await extensionPage.evaluate(async () => {
        const background = await globalThis.browser.runtime.getBackgroundPage();
        background.storydiffE2eMark = true;
        setTimeout(() => globalThis.browser.runtime.reload(), 0);
        return background.storydiffE2eMark === true;
      });
      if (!marked) throw new Error('could not mark the background page before the restart');
      await waitFor(() => extensionPage.evaluate(() => false).catch(() => true), {
        timeout: 15_000,
        message: 'runtime.reload() did not close the extension page',
      });
      const probe = await openExtensionPage(this, 'panel.html');
      try {
        await waitFor(
          () => probe.evaluate(async () => (await globalThis.browser.runtime.getBackgroundPage()).storydiffE2eMark !== true),
          { timeout: 15_000, message: 'the background page still carries the mark: it did not restart' },
        );
      } finally {
        await probe.close();
      }
      return 'extension reloaded (runtime.reload()); a new background page runs';
    },
    async close() {
      await browser.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens an extension page in a new tab. Firefox's navigation to a
 * moz-extension:// URL does not settle over BiDi, so the goto is not awaited:
 * we wait for the page's own state instead.
 */
export async function openExtensionPage(session, relativeUrl, { ready = () => document.readyState === 'complete' } = {}) {
  const page = await session.browser.newPage();
  const url = session.extensionUrl(relativeUrl);
  const navigation = page.goto(url).catch(() => {});
  if (session.name === 'chromium') await navigation;
  await waitFor(
    async () => {
      const href = await page.evaluate(() => location.href);
      return href === url && (await page.evaluate(ready));
    },
    { timeout: 20_000, message: `the extension page ${relativeUrl} did not open` },
  );
  return page;
}
