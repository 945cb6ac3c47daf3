// Every way PostHog can fail, played by the local server, ends in a clear message; transient failures
// are retried; settings survive every failure and a corrupt stored value.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { DemoEnvironment } from '../server/demo-environment';
import { KEY_NO_HEATMAP } from '../server/keys';
import { startPostHogServer, type FailureMode } from '../server/server';
import type { ExtensionBrowser } from './harness';
import { heatmapRequestKeys, hideOverlay, openPopup, showOverlay } from './hostile';
import type { ExtensionGlobals } from './hostile';
import { waitForOverlayStatus } from './overlay';
import { startConfiguredSession, type ConfiguredSession } from './fixture';

let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;

let session: ConfiguredSession;

beforeAll(async () => {
  session = await startConfiguredSession();
  ({ environment, chromium, page } = session);
  expect(session.saved).toContain('Connected');
});

afterAll(async () => {
  await session?.close();
});

/** The key as the background has it stored. */
async function storedKey(): Promise<unknown> {
  const background = await chromium.background();
  return background.evaluate(() => (globalThis as unknown as ExtensionGlobals).chrome.storage.local.get('heatlens.connection').then((value: Record<string, unknown>) => (value['heatlens.connection'] as { apiKey?: unknown } | undefined)?.apiKey));
}

/** Opens a fresh URL (so no cached answer stands in for the server) and shows the overlay. */
async function showOn(path: string, statuses: string[], timeoutMs?: number) {
  await page.goto(`${environment.siteUrl}${path}`, { waitUntil: 'load' });
  environment.postHog.clearLog();
  return showOverlay(page, statuses, timeoutMs);
}

describe('PostHog refuses: the overlay says why and what to do', () => {
  const cases: Array<[FailureMode, RegExp]> = [
    ['invalid-key', /does not accept this personal API key.*starts with phx_/],
    ['missing-scope', /lacks the 'heatmap:read' scope\. Add it to the key in PostHog → Settings → Personal API keys/],
    ['no-project-access', /no access to project 1\. Check the project id/],
    ['personal-keys-unsupported', /does not accept personal API keys for heatmaps: it is an older self-hosted version/],
    ['bad-filter', /refused the request: Error parsing provided date_from: bogus\. Check the start date setting/],
    ['quota', /over its usage quota.*Billing/],
    ['not-json', /answer could not be read \(a web page came back instead of data\)/],
    ['bad-schema', /unexpected shape \(at results\[0\]\.\w+: /],
  ];

  it.each(cases)('%s', async (mode, message) => {
    environment.postHog.setFailure(mode);
    try {
      const overlay = await showOn(`/?failure=${mode}`, ['error']);
      expect(overlay.text).toMatch(message);
      // Not retried: one request, and the answer is final.
      expect(heatmapRequestKeys(environment.postHog.requestLog)).toHaveLength(1);
    } finally {
      environment.postHog.setFailure(null);
    }
    await hideOverlay(page);
    expect(await storedKey()).toBe(environment.apiKey);
  });
});

const HEATMAPS_ENDPOINT = /^\/heatmaps\/?$/;

describe('transient failures', () => {
  it('rate limited: shows the wait PostHog asked for, then retries once it passes', async () => {
    // Only the heatmaps endpoint fails: which request takes a one-off failure (the layout look's HogQL
    // goes out alongside) must not be up to the order they arrive in.
    environment.postHog.setFailure('rate-limited', { retryAfterSeconds: 2, times: 1, onlyPaths: HEATMAPS_ENDPOINT });
    const waiting = await showOn('/', ['waiting']);
    expect(waiting.text).toMatch(/rate limiting requests from this key\. Retrying in [12] s/);
    await waitForOverlayStatus(page, ['ready'], 8_000);
    const [first] = heatmapRequestKeys(environment.postHog.requestLog);
    const attempts = environment.postHog.requestLog.filter((request) => heatmapRequestKeys([request])[0] === first);
    expect(attempts.map((request) => request.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1900);
    await hideOverlay(page);
  });

  it('server error twice: retried after 1 s and 2 s, then the heatmap shows', async () => {
    environment.postHog.setFailure('server-error', { times: 2, onlyPaths: HEATMAPS_ENDPOINT });
    await showOn('/?failure=500-twice', ['ready', 'empty'], 10_000);
    const [first] = heatmapRequestKeys(environment.postHog.requestLog);
    const attempts = environment.postHog.requestLog.filter((request) => heatmapRequestKeys([request])[0] === first);
    expect(attempts.map((request) => request.status)).toEqual([500, 500, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(1900);
    await hideOverlay(page);
  });

  it.each([
    ['server-error', /internal problem \(HTTP 500\)/],
    ['query-timeout', /took too long to run the heatmap query \(HTTP 504\)/],
  ] as const)('%s that persists: three retries with backoff, then says so', async (mode, message) => {
    environment.postHog.setFailure(mode);
    try {
      const overlay = await showOn(`/?failure=${mode}-persistent`, ['error'], 15_000);
      expect(overlay.text).toMatch(message);
      expect(heatmapRequestKeys(environment.postHog.requestLog)).toHaveLength(4);
    } finally {
      environment.postHog.setFailure(null);
    }
    await hideOverlay(page);
  });
});

describe('settings survive', () => {
  it('a failed save (missing scope, then an invalid key) names the problem and keeps the working key', async () => {
    const popup = await openPopup(chromium, page);
    // With a key saved the connection section starts closed: open it as a user would.
    const summaries = await popup.page.$$('summary');
    for (const summary of summaries) if ((await summary.evaluate((element) => element.textContent)) === 'PostHog connection') await summary.click();
    const scope = await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: KEY_NO_HEATMAP });
    expect(scope).toMatch(/lacks the 'heatmap:read' scope\. Add it to the key in PostHog → Settings → Personal API keys/);
    const invalid = await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: 'phx_wrong' });
    expect(invalid).toMatch(/does not accept this personal API key/);
    await popup.page.close();
    expect(await storedKey()).toBe(environment.apiKey);
  });

  it('offline: a stopped server is "could not reach", and nothing is lost', async () => {
    const port = Number(new URL(environment.postHogUrl).port);
    await environment.postHog.close();
    try {
      const overlay = await showOn('/?failure=offline', ['error']);
      expect(overlay.text).toContain(`Could not reach PostHog at ${environment.postHogUrl}`);
      await hideOverlay(page);
    } finally {
      // The same server again, same port and data, for the tests below.
      const restarted = await startPostHogServer({ port, store: environment.postHog.store });
      environment.postHog = restarted;
    }
    expect(await storedKey()).toBe(environment.apiKey);
  });

  it('garbage in extension storage: the popup still works, keeps the key, and the overlay still paints', async () => {
    const background = await chromium.background();
    await background.evaluate(async () => {
      const { ['heatlens.connection']: connection } = await (globalThis as unknown as ExtensionGlobals).chrome.storage.local.get('heatlens.connection');
      await (globalThis as unknown as ExtensionGlobals).chrome.storage.local.set({
        'heatlens.preferences': { filters: 'garbage', layers: { click: { enabled: 'yes', opacity: -3 } }, alwaysOnOrigins: 42, dataSources: [null] },
        'heatlens.connection': { ...(connection as object), projectName: { not: 'a string' }, extra: [1, 2, 3] },
        'heatlens.unknown': '\u0000{not json',
      });
    });
    const popup = await openPopup(chromium, page);
    expect(await popup.page.$eval('body', (body) => body.innerText)).toContain('Layers and filters');
    const placeholder = await popup.page.$eval('#heatlens-key', (input) => (input as HTMLInputElement).placeholder);
    expect(placeholder).toContain(`saved key …${environment.apiKey.slice(-4)}`);
    expect(await popup.errorMessage()).toBeFalsy();
    expect(await popup.toggleOverlay()).toBe('Hide heatmap');
    await popup.page.close();
    await waitForOverlayStatus(page, ['ready', 'empty']);

    await background.evaluate(() => (globalThis as unknown as ExtensionGlobals).chrome.storage.local.set({ 'heatlens.preferences': 'total garbage' }));
    const again = await openPopup(chromium, page);
    expect(await again.toggleButtonLabel()).toBe('Hide heatmap');
    expect(await again.page.$eval('body', (body) => body.innerText)).toContain('Layers and filters');
    await again.page.close();
    expect(await storedKey()).toBe(environment.apiKey);
  });
});
