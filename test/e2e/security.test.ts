// The key never reaches a page, the manifest asks for no more than the README and docs/security.md say, and text from
// the API is shown as text. A hostile page (test/site: /hostile/key-thief) does its worst meanwhile.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { DEMO_KEY_ALL_SCOPES } from '../server/keys';
import { generateSampleData } from '../server/sample-data';
import { startPostHogServer, type PostHogTestServer } from '../server/server';
import { startSiteServer, type SiteServer } from '../site/server';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser, evaluateInContentScript } from './harness';
import { fileSampleDataUnderHostilePages, hideOverlay, showOverlay } from './hostile';
import type { ExtensionGlobals } from './hostile';
import { readOverlay, waitForOverlayStatus } from './overlay';
import { PopupPage } from './pages/popup';

const API_KEY = DEMO_KEY_ALL_SCOPES;
/** Markup that runs code if anything renders it as HTML: in the page it sets window.__pwned. */
const INJECTION = `<img src="x" onerror="window.__pwned = 1"><b id="injected">bold</b>`;
const PROJECT_NAME = `Acme ${INJECTION}`;

let postHog: PostHogTestServer;
let site: SiteServer;
let chromium: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  postHog = await startPostHogServer({ port: 0, projects: [{ id: 1, name: PROJECT_NAME }] });
  site = await startSiteServer({ port: 0 });
  postHog.store.addRows(generateSampleData({ siteUrl: site.url }).rows);
  fileSampleDataUnderHostilePages({ postHog, siteUrl: site.url });
  chromium = await launchWithExtension();
  await chromium.grantHostPermission(`${postHog.url}/*`);
  page = await chromium.newPage({ width: 1280, height: 800 });
});

afterAll(async () => {
  await chromium?.close();
  await Promise.all([postHog?.close(), site?.close()]);
});

/**
 * Every backticked permission in the first column of a document's permission table: the one under
 * `heading` in `file` (README.md's summary for users, docs/security.md's full table).
 */
function documentedPermissions(file: string, heading: string): string[] {
  const text = readFileSync(join(import.meta.dirname, '../..', file), 'utf8');
  const section = new RegExp(`\n${heading}\n([\\s\\S]*?)(?=\n## |$)`).exec(text)?.[1] ?? '';
  const permissions: string[] = [];
  for (const line of section.split('\n')) {
    const firstCell = /^\|([^|]*)\|/.exec(line)?.[1];
    if (!firstCell) continue;
    for (const match of firstCell.matchAll(/`([^`]+)`/g)) permissions.push(match[1]!);
  }
  return permissions.sort();
}


describe('permissions', () => {
  it('the built manifest asks for exactly the permissions the README and docs/security.md document, and no content script', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    const declared = [
      ...(manifest.permissions ?? []),
      ...(manifest.host_permissions ?? []),
      ...(manifest.optional_host_permissions ?? []),
      ...(manifest.optional_permissions ?? []),
    ].sort();
    expect(declared).toEqual(documentedPermissions('README.md', '## Privacy and permissions'));
    expect(declared).toEqual(documentedPermissions('docs/security.md', '## Permissions'));
    // Optional API permissions, each asked for in a click on Heatlens's own pages: tab addresses (Heatlens in a
    // tab) and the tab's video for Full page image ("Allow full-page images" in the popup).
    expect(manifest.optional_permissions ?? []).toEqual(['tabs', 'tabCapture']);
    // No `debugger` (Chrome allows it only at install, as standing access to every site), and no
    // `tabCapture` at install (Chrome words it as access to all websites). `offscreen` reads the video; no warning.
    expect(manifest.permissions).toEqual(['activeTab', 'scripting', 'storage', 'offscreen']);
    // Pages are reached on demand: no manifest content script, nothing exposed to other extensions.
    expect(manifest.content_scripts ?? []).toEqual([]);
    expect(manifest.externally_connectable).toBeUndefined();
    // One page is exposed: the sessions frame the overlay embeds (issue 17; test/e2e/hostile-page.test.ts).
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['sessions.html'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }]);
    // Standing host access is the two cloud API hosts, nothing broader.
    expect(manifest.host_permissions).toEqual(['https://us.posthog.com/*', 'https://eu.posthog.com/*']);
  });

  it('the built code has no path that needs `debugger`: nothing attaches to a tab or calls the DevTools protocol', () => {
    const scripts = readdirSync(EXTENSION_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(3);
    for (const file of scripts) {
      const code = readFileSync(join(EXTENSION_DIR, file), 'utf8');
      expect(code, file).not.toMatch(/\.debugger\.(attach|sendCommand)|Page\.captureScreenshot|captureBeyondViewport/);
    }
  });
});

describe('install warnings', () => {
  it('Chrome warns at install of the PostHog hosts only, as the README says; allowing full-page images is the prompt docs/security.md quotes', async () => {
    const background = await chromium.background();
    const warnings = await background.evaluate(`new Promise((done) => {
      const manifest = chrome.runtime.getManifest();
      chrome.management.getPermissionWarningsByManifest(JSON.stringify(manifest), done);
    })`);
    // `offscreen` adds nothing; the optional permissions are not warned of at install.
    expect(warnings).toEqual(['Read and change your data on eu.posthog.com and us.posthog.com']);
    const withCapture = await background.evaluate(`new Promise((done) => {
      const manifest = chrome.runtime.getManifest();
      manifest.permissions = [...manifest.permissions, 'tabCapture'];
      chrome.management.getPermissionWarningsByManifest(JSON.stringify(manifest), done);
    })`);
    // What Chrome says of tabCapture (in the prompt when the user allows full-page images).
    expect(withCapture).toEqual(['Read and change all your data on all websites']);
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain('“Read and change your data on eu.posthog.com and us.posthog.com”');
    const security = readFileSync(join(import.meta.dirname, '../../docs/security.md'), 'utf8');
    expect(security).toContain('“Read and change all your data on all websites”');
    expect(security).toContain('“Read and change your data on eu.posthog.com and us.posthog.com”');
  });
});

describe('a hostile page never finds the key', () => {
  let thiefUrl: string;

  it('the key is entered in the popup over the hostile page, and the overlay runs there', async () => {
    thiefUrl = `${site.url}/hostile/key-thief`;
    await page.goto(thiefUrl, { waitUntil: 'load' });
    const popup = new PopupPage(await chromium.openPopup(page));
    const result = await popup.configure({ host: postHog.url, projectId: 1, apiKey: API_KEY });
    // The project's name comes from the API: shown as text, markup and all, never parsed.
    expect(result).toContain(`Connected to project “${PROJECT_NAME}”`);
    expect(await popup.page.$eval('h1', (heading) => heading.textContent)).toContain(PROJECT_NAME);
    expect(await popup.page.$$('img, #injected')).toHaveLength(0);
    await popup.page.close();

    const overlay = await showOverlay(page);
    expect(overlay.text).toMatch(/Clicks: [\d,]+ clicks/);
    // Activity the thief can watch: scrolling, clicking, resizing, a hide and a show.
    await page.evaluate(() => window.scrollTo(0, 600));
    await page.mouse.click(400, 300);
    await page.setViewport({ width: 1200, height: 800 });
    await waitForOverlayStatus(page, ['ready', 'empty']);
    await hideOverlay(page);
    await page.setViewport({ width: 1280, height: 800 });
    await showOverlay(page);
  });

  it('error details from the API are shown as text, not HTML', async () => {
    await hideOverlay(page);
    // A width not asked for yet, so the answer is not in the cache.
    await page.setViewport({ width: 1000, height: 800 });
    postHog.setFailure('bad-filter', { detail: `Error parsing provided date_from: ${INJECTION}` });
    try {
      const overlay = await showOverlay(page, ['error']);
      expect(overlay.text).toContain(INJECTION);
    } finally {
      postHog.setFailure(null);
    }
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.$$('#injected')).toHaveLength(0);
    await page.setViewport({ width: 1280, height: 800 });
  });

  it('the page’s script finds no trace of the key in the DOM, window, events, messages or network', async () => {
    // Controls: things a page can see the thief does see, so a clean report means something.
    await page.evaluate(() => {
      const holder = document.createElement('div');
      holder.attachShadow({ mode: 'open' }).innerHTML = '<i>canary-in-open-shadow</i>';
      document.body.append(holder);
      window.postMessage('canary-in-message', '*');
      void fetch('/favicon.ico?canary-in-fetch');
    });
    await page.waitForFunction(() => {
      const report = (window as unknown as { __thief: { report(): string } }).__thief.report();
      return report.includes('canary-in-message') && report.includes('canary-in-fetch');
    });
    const report = await page.evaluate(() => (window as unknown as { __thief: { report(): string } }).__thief.report());
    expect(report).toContain('canary-in-open-shadow');
    expect(report).toContain('data-heatlens-overlay'); // it saw the overlay come and go...
    expect(report).toContain('#closed-or-none DIV[data-heatlens-overlay]'); // ...but could not open it
    expect(report).not.toContain(API_KEY);
    expect(report).not.toContain(API_KEY.slice(4)); // not even without the phx_ prefix
    expect(report).not.toMatch(/phx_/);

    // What the thief sends home carries no key; the server log tells its requests from the extension's.
    // Pages cannot message the extension at all.
    const answer = await page.evaluate((id) => (window as unknown as { __thief: { askExtension(id: string): Promise<string> } }).__thief.askExtension(id), chromium.extensionId);
    expect(answer).not.toContain(API_KEY.slice(4));
    expect(await page.evaluate((to) => (window as unknown as { __thief: { exfiltrate(to: string): Promise<number> } }).__thief.exfiltrate(to), postHog.url)).toBeGreaterThan(0);
    const fromPage = postHog.requestLog.filter((request) => request.origin === site.url);
    expect(fromPage.some((request) => 'stolen' in request.query)).toBe(true);
    expect(fromPage.every((request) => request.authorization === null)).toBe(true);
    const withKey = postHog.requestLog.filter((request) => request.authorization?.includes(API_KEY));
    expect(withKey.length).toBeGreaterThan(3);
    expect(withKey.every((request) => request.origin === null || request.origin === `chrome-extension://${chromium.extensionId}`)).toBe(true);
    expect(postHog.requestLog.filter((request) => JSON.stringify(request.query).includes(API_KEY.slice(4)))).toEqual([]);
  });

  it('nor does anything with DevTools’ view of the whole page, closed shadow root included', async () => {
    const session = await page.createCDPSession();
    try {
      const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
      const everything = JSON.stringify(root);
      expect(everything).toContain('data-heatlens-overlay');
      expect(everything).toContain('Heatlens'); // the panel's own text is in there
      expect(everything).not.toContain(API_KEY.slice(4));
    } finally {
      await session.detach();
    }
    expect((await readOverlay(page)).text).not.toContain(API_KEY.slice(4));
  });

  it('the overlay’s content script can neither read extension storage nor ask for the connection', async () => {
    const storage = await evaluateInContentScript(
      page,
      `chrome.storage.local.get(null).then((value) => 'read: ' + JSON.stringify(value), (error) => 'refused: ' + error.message)`,
    );
    expect(storage).toMatch(/^refused/);
    const settings = await evaluateInContentScript(
      page,
      `chrome.runtime.sendMessage({ channel: 'heatlens', type: 'settings.get', payload: {} }).then((answer) => JSON.stringify(answer))`,
    );
    expect(settings).not.toContain(API_KEY.slice(4));
    expect(JSON.parse(String(settings))).toMatchObject({ ok: false });
    // The background, an extension context, still has the key: the refusal is about who asks.
    const background = await chromium.background();
    const stored = await background.evaluate(() => (globalThis as unknown as ExtensionGlobals).chrome.storage.local.get(null).then((value: unknown) => JSON.stringify(value)));
    expect(stored).toContain(API_KEY);
  });

  it('hiding leaves the hostile page as it was', async () => {
    await hideOverlay(page);
    expect(await page.evaluate(() => document.querySelectorAll('[data-heatlens-overlay]').length)).toBe(0);
  });
});
