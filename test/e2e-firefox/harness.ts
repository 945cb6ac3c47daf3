import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { acquireBrowserLock } from '../e2e/harness';

/** The built Firefox add-on; `npm run build:firefox` makes it. */
export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv2');
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** browser_specific_settings.gecko.id in wxt.config.ts. */
export const GECKO_ID = 'heatlens@heatlens.dev';
/** Firefox gives each add-on a random moz-extension:// host; a pref fixes it so tests know the popup's URL. */
export const EXTENSION_UUID = '6f1c8a52-3d4e-4b7a-9c0d-2e5f6a7b8c9d';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxWithExtension {
  browser: Browser;
  /** From holding the browser lock to the add-on installed, in ms (for the README's timing). */
  launchMs: number;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /**
   * Opens one of Heatlens's pages in a new tab by its URL: the popup-in-a-tab route Firefox for
   * Android takes. WebDriver BiDi has no toolbar click.
   */
  openExtensionPage(file: 'popup.html' | 'options.html'): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Firefox ESR driven by puppeteer-core over WebDriver BiDi, with the built add-on installed
 * (temporarily, as about:debugging does). Shares the Chromium harness's lock: one browser at a time.
 */
export async function launchFirefoxWithExtension(): Promise<FirefoxWithExtension> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built add-on at ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first.`);
  }
  if (!existsSync(FIREFOX_PATH)) throw new Error(`No Firefox at ${FIREFOX_PATH}: run \`bash scripts/ensure-firefox.sh\`.`);
  const releaseLock = await acquireBrowserLock();
  const lockedAt = Date.now();
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      protocolTimeout: 30_000,
      // Lets WebDriver navigate a tab to a moz-extension:// page (refused to remote control otherwise).
      args: ['-remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
        // Optional permissions (a site, the tabs permission) are granted without the doorhanger that a
        // person would answer: headless, nobody can. The requests themselves still run, in the click.
        'extensions.webextOptionalPermissionPrompts': false,
        'network.proxy.type': 0,
        'browser.shell.checkDefaultBrowser': false,
      },
    });
    const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (addonId !== GECKO_ID) throw new Error(`Firefox installed the add-on as ${addonId}, expected ${GECKO_ID}`);
    const running = browser;
    return {
      browser: running,
      launchMs: Date.now() - lockedAt,
      async newPage(viewport = { width: 1280, height: 800 }) {
        const page = await running.newPage();
        await page.setViewport({ deviceScaleFactor: 1, ...viewport });
        return page;
      },
      async openExtensionPage(file) {
        const page = await running.newPage();
        // The page loads in the extension process and BiDi's load event for it does not arrive:
        // start the navigation, then wait for the app itself.
        void page.goto(`${EXTENSION_ORIGIN}/${file}`, { timeout: 5_000 }).catch(() => undefined);
        // Each look stands alone: one that lands while the tab moves from about:blank into the
        // extension's process can fail inside Firefox's remote agent ("right-hand side of 'in' should
        // be an object, got null", seen once in a clean-clone run of `.ci/run`), or go unanswered. Only
        // the deadline fails the test.
        const deadline = Date.now() + 15_000;
        for (;;) {
          const look = page.evaluate(() => location.protocol === 'moz-extension:' && document.querySelector('main[data-in-tab]') !== null).catch(() => false);
          const ready = await Promise.race([look, new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000))]);
          if (ready) return page;
          if (Date.now() > deadline) throw new Error(`Heatlens's ${file} did not open in Firefox within 15 s`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      async close() {
        await running.close().catch(() => undefined);
        releaseLock();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
}

/**
 * Brings `page`'s tab to the front. Firefox sometimes leaves WebDriver BiDi's `browsingContext.activate`
 * unanswered (seen once in a clean-clone CI run, where it hung for the whole 30 s protocol timeout and
 * failed a test; four runs after it passed). The tab switch is the test's own plumbing, not what it
 * checks, so an unanswered activation is asked once more after 5 s; a second failure fails the test.
 */
export async function bringTabToFront(page: Page): Promise<void> {
  const first = page.bringToFront();
  const answered = await Promise.race([first.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000))]);
  if (answered) return;
  first.catch(() => undefined);
  await page.bringToFront();
}

/** Clicks the enabled button whose text is `name`, once it is there (the popup and options page). */
export async function clickButton(view: Page, name: string): Promise<void> {
  const button = await view.waitForFunction(
    (text) => [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text && !candidate.disabled) ?? null,
    { timeout: 15_000, polling: 100 },
    name,
  );
  await (button as unknown as { click(): Promise<void> }).click();
}

/** Replaces a field's text by typing, as a user does. */
export async function fill(view: Page, selector: string, value: string): Promise<void> {
  const input = await view.waitForSelector(selector);
  await input!.click({ count: 3 });
  await view.keyboard.press('Backspace');
  await input!.type(value);
}
