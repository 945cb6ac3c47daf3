// Issue 17, the page's side: a hostile page must not be able to reach into the overlay, drive it,
// stop it, learn what it shows, or use it to capture another tab. Each attack runs against the real
// extension; the hostile pages are in test/site/hostile-page.ts.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startDemoEnvironment, type DemoEnvironment } from '../server/demo-environment';
import { generateReviewScenario, SCENARIO_VIEWPORT, type ScenarioData } from '../server/scenario-data';
import { reviewScenario } from '../site/scenarios';
import { launchWithExtension, type ExtensionBrowser, evaluateInContentScript } from './harness';
import { fileLandingDataUnderAttackPages, openPopup, showOverlay } from './hostile';
import { readOverlay } from './overlay';
import { clickInOverlay, evaluateInOverlay, openDetails, openReview, waitInOverlay } from './overlay-shadow';

let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;
let review: ScenarioData;
let downloads: string;

beforeAll(async () => {
  environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  fileLandingDataUnderAttackPages(environment);
  review = generateReviewScenario(environment.siteUrl);
  environment.postHog.store.addRows(review.rows);
  environment.postHog.store.addElementEvents(review.elementEvents);
  chromium = await launchWithExtension();
  await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
  downloads = mkdtempSync(join(tmpdir(), 'heatlens-hostile-downloads-'));
  const browserSession = await chromium.browser.target().createCDPSession();
  await browserSession.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  page = await chromium.newPage({ width: 1280, height: 800 });
  await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
  const popup = await openPopup(chromium, page);
  expect(await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey })).toContain('Connected');
  await popup.page.close();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await environment?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

/**
 * Opens `path` in a fresh tab: a tab where the overlay was shown gets it again on its next page, injected
 * early in the load, before an attack page's script has put its elements in place.
 */
async function visit(path: string, viewport = { width: 1280, height: 800 }): Promise<void> {
  const previous = page;
  page = await chromium.newPage(viewport);
  await previous.close();
  await page.goto(`${environment.siteUrl}${path}`, { waitUntil: 'load' });
}

/**
 * Lets the extension act on what just happened before checking that it did nothing: the background
 * answers within a few hundred ms when it acts at all (a grace period, not a measured timing).
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

/** Calls `.click()` on an overlay element, as a page script holding the element could: `isTrusted` is false. */
async function scriptedClick(selector: string, text?: string): Promise<boolean> {
  return evaluateInOverlay<boolean>(
    page,
    `function (selector, text) {
      const target = Array.from(this.querySelectorAll(selector)).find((candidate) => !text || (candidate.textContent || '').includes(text));
      if (!target) return false;
      target.click();
      return true;
    }`,
    selector,
    text ?? null,
  );
}

/** Every request PostHog saw other than the heatmap itself (which the overlay may revalidate). */
function requestsBeyondTheHeatmap(): string[] {
  return environment.postHog.requestLog.filter((request) => !/\/heatmaps\/?$/.test(request.path)).map((request) => `${request.method} ${request.path}`);
}


describe('the overlay host cannot be pre-claimed', () => {
  it('a page that defines <heatlens-overlay> first and keeps its ElementInternals gets no shadow root to read or click', async () => {
    await visit('/hostile/overlay-thief');
    await showOverlay(page);
    const thief = await page.evaluate(() => {
      const spy = (window as unknown as { __overlayThief: { created(): number; roots(): number; clickIn(selector: string): boolean } }).__overlayThief;
      return { created: spy.created(), roots: spy.roots(), clicked: spy.clickIn('button.review-toggle') };
    });
    expect(thief).toEqual({ created: 0, roots: 0, clicked: false });
  });

  it('a page that defines <heatlens-overlay> with shadow DOM disabled does not keep the overlay away', async () => {
    await visit('/hostile/no-shadow-tag');
    const shown = await showOverlay(page, ['ready'], 15_000);
    expect(shown.status).toBe('ready');
  });
});

describe('named elements do not clobber what the overlay relies on', () => {
  it('<div id="__heatlensInjected"> does not keep the overlay from appearing', async () => {
    await visit('/hostile/clobber-injected');
    expect((await showOverlay(page, ['ready'], 15_000)).status).toBe('ready');
  });

  it('<form id="browser"><input name="runtime" id=…> does not cut the overlay off from the extension, nor the review', async () => {
    await visit('/hostile/clobber-browser');
    expect((await showOverlay(page, ['ready'], 15_000)).status).toBe('ready');
    expect(await openReview(page)).toBe('ready');
  });

  it('<img name="__heatlensReviewModule"> does not leave the review on “Loading…”', async () => {
    await visit('/hostile/clobber-review');
    expect((await showOverlay(page, ['ready'], 15_000)).status).toBe('ready');
    expect(await openReview(page)).toBe('ready');
  });
});

describe('a scripted click drives nothing that spends the key, writes, downloads or captures', () => {
  it('the review does not open, and the export buttons neither save, download nor capture', async () => {
    await visit('/');
    await showOverlay(page);
    // The panel remembers an open review per site (an earlier test opened it): start with it closed.
    const expanded = () => evaluateInOverlay<string | null>(page, 'function () { return this.querySelector("button.review-toggle").getAttribute("aria-expanded"); }');
    if ((await expanded()) === 'true') {
      await clickInOverlay(page, 'button.review-toggle');
      await waitInOverlay(page, 'function () { return this.querySelector("button.review-toggle").getAttribute("aria-expanded") === "false"; }');
    }
    await settle();
    environment.postHog.clearLog();
    expect(await scriptedClick('button.review-toggle')).toBe(true);
    await settle();
    expect(await expanded()).toBe('false');
    expect(requestsBeyondTheHeatmap()).toEqual([]);

    await openDetails(page);
    const before = new Set(readdirSync(downloads));
    const popupsBefore = chromium.browser.targets().filter((target) => target.url().includes('/popup.html')).length;
    for (const label of ['Save image', 'Full page image', 'CSV', 'JSON']) {
      expect(await scriptedClick('.export-menu button', label)).toBe(true);
      await settle();
      expect({ label, state: await evaluateInOverlay<string>(page, 'function () { return this.querySelector(".export-menu").getAttribute("data-export"); }') }).toEqual({ label, state: 'idle' });
    }
    expect(readdirSync(downloads).filter((name) => !before.has(name))).toEqual([]);
    expect(chromium.browser.targets().filter((target) => target.url().includes('/popup.html')).length).toBe(popupsBefore);
    expect(requestsBeyondTheHeatmap()).toEqual([]);
  });

  it('in the open review, neither Save to PostHog nor Inspect sessions (nor a click on the inspect catcher) acts', async () => {
    await visit(reviewScenario.path, SCENARIO_VIEWPORT);
    await showOverlay(page);
    expect(await openReview(page)).toBe('ready');
    environment.postHog.clearLog();
    expect(await scriptedClick('button.save')).toBe(true);
    expect(await scriptedClick('button.inspect')).toBe(true);
    await settle();
    expect(await evaluateInOverlay<boolean>(page, 'function () { return this.querySelector("[data-saved]") === null && this.querySelector("[data-sessions]") === null; }')).toBe(true);
    expect(requestsBeyondTheHeatmap()).toEqual([]);

    // The user turns inspecting on; a scripted click on the catcher still lists nothing.
    await clickInOverlay(page, 'button.inspect');
    await waitInOverlay(page, `function () { return this.querySelector('[data-sessions="waiting"]') !== null; }`);
    expect(await scriptedClick('.catcher')).toBe(true);
    await settle();
    expect(await evaluateInOverlay<string | null>(page, 'function () { return this.querySelector("[data-sessions]").dataset.sessions; }')).toBe('waiting');
    expect(requestsBeyondTheHeatmap()).toEqual([]);
    await clickInOverlay(page, 'button.inspect');
  });
});

describe('Save image captures only the tab that asked, while it is in front', () => {
  it('a tab in the background that asks for its picture gets a refusal, not the picture of the tab in front', async () => {
    await visit('/');
    await showOverlay(page);
    const front = await chromium.newPage({ width: 1280, height: 800 });
    try {
      // The user used Heatlens on the tab in front too, so the extension may capture that one (activeTab).
      await front.goto(`${environment.siteUrl}/?front`, { waitUntil: 'load' });
      await showOverlay(front, ['ready', 'empty']);
      await front.bringToFront();
      const reply = await evaluateInContentScript(
        page,
        `chrome.runtime.sendMessage({ channel: 'heatlens', type: 'export.captureVisible', payload: { caption: ['stolen'], cssWidth: 1280 } }).then((reply) => JSON.stringify(reply), (error) => 'threw: ' + error.message)`,
      );
      expect(String(reply)).not.toContain('data:image/png');
      expect(String(reply)).toContain('not in front of its window');
    } finally {
      await front.close();
      await page.bringToFront();
    }
  });
});

describe('the page learns nothing from Heatlens being there', () => {
  it('no message posted to the page carries the extension id', async () => {
    await visit('/hostile/overlay-thief');
    await showOverlay(page);
    const heard = await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
    expect(heard.filter((text) => text.includes(chromium.extensionId))).toEqual([]);
  });

  it('the page cannot load Heatlens’s sessions frame by its address (no probing for the extension)', async () => {
    await visit('/hostile/overlay-thief');
    await showOverlay(page);
    const loaded = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'loaded';
      } catch {
        return 'refused';
      }
    }, `chrome-extension://${chromium.extensionId}/sessions.html`);
    expect(loaded).toBe('refused');
  });

  it('the visitors behind a hot spot are listed where the page’s window.find cannot read them', async () => {
    await visit(reviewScenario.path, SCENARIO_VIEWPORT);
    await showOverlay(page);
    expect(await openReview(page)).toBe('ready');
    await page.evaluate(() => document.querySelector('#apply-coupon')!.scrollIntoView({ block: 'center' }));
    const centre = await page.$eval('#apply-coupon', (element) => {
      const box = element.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    await clickInOverlay(page, 'button.inspect');
    await waitInOverlay(page, `function () { return this.querySelector('[data-sessions="waiting"]') !== null; }`);
    await page.mouse.click(centre.x, centre.y);
    await waitInOverlay(page, `function () { return this.querySelector('[data-sessions="ready"]') !== null; }`);
    // The user sees the visitors (in the sessions frame)…
    const frame = await waitForSessionsFrame();
    expect(frame).toMatch(/review-visitor-\d{3}/);
    // …and the page, searching its own window, does not find them (nor the panel's text around them).
    const found = await page.evaluate(() => {
      const find = (text: string) => (window as unknown as { find(text: string, caseSensitive: boolean, backwards: boolean, wrap: boolean): boolean }).find(text, false, false, true);
      return { visitor: find('review-visitor-'), overlay: (document.querySelector('[data-heatlens-overlay]') ?? document.querySelector('heatlens-overlay')) !== null };
    });
    expect(found).toEqual({ visitor: false, overlay: true });
    expect((await readOverlay(page)).present).toBe(true);
    await clickInOverlay(page, 'button.inspect');
  });
});

/** The text of the extension's sessions frame, once it shows a list (the overlay's own text on older builds). */
async function waitForSessionsFrame(): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().startsWith(`chrome-extension://${chromium.extensionId}/`)) continue;
      const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (/review-visitor-/.test(text)) return text;
    }
    const inOverlay = await evaluateInOverlay<string>(page, 'function () { return Array.from(this.querySelectorAll(".person")).map((node) => node.textContent).join(" "); }');
    if (inOverlay) return inOverlay;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('no sessions list appeared');
}
