import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startDemoEnvironment, type DemoEnvironment } from '../server/demo-environment';
import { bringTabToFront, launchFirefoxWithExtension, type FirefoxWithExtension, clickButton, fill } from './harness';

// Issue 17, item 10. In Firefox, `storage.local` is readable by an add-on's content scripts and
// `setAccessLevel` exists only for `storage.session`, so a key kept in `storage.local` is within reach
// of Heatlens's own content script, the code that runs inside the (possibly hostile) pages. This
// runs code in Heatlens's content-script world of a page tab (`tabs.executeScript` from Heatlens's
// popup page: the very context its overlay script has) and looks for the key everywhere that world
// can ask: storage.local, storage.session, storage.sync, and the page origin's IndexedDB.

let environment: DemoEnvironment;
let firefox: FirefoxWithExtension;
let page: Page;
let popup: Page;

beforeAll(async () => {
  environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  firefox = await launchFirefoxWithExtension();
  page = await firefox.newPage();
  await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
});

afterAll(async () => {
  await firefox?.close();
  await environment?.close();
});

/** Everything a Heatlens content script in the page's tab can read of the extension's storage, as JSON text. */
async function whatTheContentScriptReads(): Promise<string> {
  const pageUrl = `${environment.siteUrl}/`;
  return popup.evaluate(async (url) => {
    const api = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<Array<{ id: number; url?: string }>>; executeScript(id: number, details: { code: string }): Promise<unknown[]> } } }).browser;
    const [tab] = (await api.tabs.query({})).filter((candidate) => candidate.url === url);
    if (!tab) throw new Error(`no tab at ${url}`);
    const code = `(async () => {
      const read = async (area) => { try { return browser.storage[area] ? await browser.storage[area].get(null) : 'absent'; } catch (error) { return 'refused: ' + error.message; } };
      const databases = indexedDB.databases ? (await indexedDB.databases()).map((db) => db.name) : [];
      return JSON.stringify({ local: await read('local'), session: await read('session'), sync: await read('sync'), pageIndexedDb: databases });
    })()`;
    const [result] = await api.tabs.executeScript(tab.id, { code });
    return String(result);
  }, pageUrl);
}

describe('Firefox: the API key is out of the content scripts’ reach', () => {
  it('configures with a key, then a Heatlens content script in the page finds the key nowhere', async () => {
    popup = await firefox.openExtensionPage('popup.html');
    await clickButton(popup, 'Let Heatlens see this window’s tabs');
    await fill(popup, '#heatlens-host', environment.postHogUrl);
    await fill(popup, '#heatlens-project', String(environment.projectId));
    await fill(popup, '#heatlens-key', environment.apiKey);
    await clickButton(popup, 'Save');
    const result = await popup.waitForSelector('form.settings .result', { timeout: 30_000 });
    expect(await result!.evaluate((element) => element.textContent ?? '')).toContain('Connected');
    // The overlay works with the key where it is now kept.
    await clickButton(popup, 'Show heatmap');
    await bringTabToFront(page);
    await page.waitForFunction(() => document.querySelector('[data-heatlens-overlay]')?.getAttribute('data-status') === 'ready', { timeout: 30_000, polling: 150 });
    await bringTabToFront(popup);

    const seen = await whatTheContentScriptReads();
    // The read itself worked (the connection's host and project are there to see): the key is what is missing.
    expect(seen).toContain('heatlens.connection');
    expect(seen).not.toContain(environment.apiKey);
  });

  it('the key is kept on disk in the extension origin’s IndexedDB (it survives a restart), not in storage.local', async () => {
    const kept = await popup.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const request = indexedDB.open('heatlens-key-vault');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const get = request.result.transaction('secrets', 'readonly').objectStore('secrets').get('apiKey');
            get.onsuccess = () => resolve(get.result);
            get.onerror = () => reject(get.error);
          };
        }),
    );
    expect(kept).toBe(environment.apiKey);
    const local = await popup.evaluate(() => (globalThis as unknown as { browser: { storage: { local: { get(key: null): Promise<object> } } } }).browser.storage.local.get(null).then((items) => JSON.stringify(items)));
    expect(local).not.toContain(environment.apiKey);
    // A fresh popup still sees a saved key (it asks the background, which reads the vault).
    const again = await firefox.openExtensionPage('popup.html');
    expect(await again.$eval('#heatlens-key', (input) => (input as HTMLInputElement).placeholder)).toContain(`saved key …${environment.apiKey.slice(-4)}`);
    await again.close();
  });
});
