import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { DemoEnvironment } from '../server/demo-environment';
import { brokenTarget } from '../server/sample-data';
import type { CapturedInteraction } from '../server/store';
import { demoLayout } from '../site/layout';
import { startConfiguredSession, type ConfiguredSession } from './fixture';
import { pressShortcut, type ExtensionBrowser } from './harness';
import { capture, captureWithoutOverlay, clickInOverlay, evaluateInOverlay, hotShare, maxDifference, readOverlay, waitForOverlayGone, waitForOverlayStatus, waitForOverlayText, type Pixels } from './overlay';
import { FiltersPopup } from './pages/popup';
import { showOverlay as showOverlayWithShortcut } from './hostile';

// Runs inside the extension's service worker, where `chrome` is the extension API.
declare const chrome: any;

const WIDTH = 1280;
const HEIGHT = 800;
const ALT_SHIFT_H = { key: 'H', code: 'KeyH', keyCode: 72 };

let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;

type Rect = { x: number; y: number; width: number; height: number };

async function withPopup(action: (popup: FiltersPopup) => Promise<void>): Promise<void> {
  const popup = new FiltersPopup(await chromium.openPopup(page));
  try {
    await action(popup);
  } finally {
    await popup.page.close();
    await page.bringToFront();
  }
}

/** Heatmap requests the server received since `since`, as their query parameters. */
function heatmapRequests(since: number): Record<string, string>[] {
  // Only the overlay's own requests: a page URL and every spot (the popup's connection check asks
  // for one spot of any page).
  return environment.postHog.requestLog
    .filter((request) => request.at >= since && /\/heatmaps\/$/.test(request.path) && (request.query.url_exact || request.query.url_pattern))
    .map((request) => request.query);
}

async function waitForRequest(since: number, matches: (query: Record<string, string>) => boolean, what: string): Promise<Record<string, string>> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const found = heatmapRequests(since).find(matches);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no heatmaps request with ${what}; got ${JSON.stringify(heatmapRequests(since))}`);
}

/** What the server answers to the same query, asked directly (the truth the overlay must show). */
async function serverAnswer(query: Record<string, string>): Promise<{ results: Array<Record<string, number>>; fold?: { pct_below_fold: number; median_viewport_height: number | null } }> {
  const response = await fetch(`${environment.postHogUrl}/api/projects/${environment.projectId}/heatmaps/?${new URLSearchParams(query)}`, {
    headers: { Authorization: `Bearer ${environment.apiKey}` },
  });
  return response.json() as never;
}

async function showOverlay(status: string[] = ['ready', 'empty']): Promise<void> {
  if ((await readOverlay(page)).present) return;
  // Pressed again when Chromium drops a shortcut pressed right after a page load (hostile.ts).
  await showOverlayWithShortcut(page, status);
}

async function hideOverlay(): Promise<void> {
  if (!(await readOverlay(page)).present) return;
  await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
  await waitForOverlayGone(page);
}

async function scrollTo(y: number): Promise<void> {
  await page.evaluate((top) => window.scrollTo(0, top), y);
  await page.waitForFunction((top) => Math.abs(window.scrollY - Math.min(top, document.documentElement.scrollHeight - innerHeight)) < 1, {}, y);
}

async function elementRect(selector: string): Promise<Rect> {
  return page.$eval(selector, (element) => {
    const box = element.getBoundingClientRect();
    return { x: box.x, y: box.y, width: box.width, height: box.height };
  });
}

/** Records clicks the way posthog-js would, for one URL, into the server's store. */
function recordClicks(url: string, spots: Array<{ x: number; y: number; count: number; fixed?: boolean }>, viewport = { width: WIDTH, height: HEIGHT }): void {
  const interactions: CapturedInteraction[] = [];
  spots.forEach((spot, index) => {
    for (let i = 0; i < spot.count; i++) {
      interactions.push({
        session_id: `s-${url}-${index}-${i}`,
        distinct_id: `visitor-${index}-${i}`,
        timestamp: new Date(Date.now() - 3600_000),
        x: spot.x + ((i % 5) - 2) * 3,
        y: spot.y + ((i % 3) - 1) * 3,
        target_fixed: spot.fixed ?? false,
        type: 'click',
        viewport_width: viewport.width,
        viewport_height: viewport.height,
        current_url: url,
      });
    }
  });
  environment.postHog.store.addCapturedInteractions(interactions);
}

function layoutRect(name: keyof ReturnType<typeof demoLayout>, scrollY: number, width = WIDTH): Rect {
  const rect = demoLayout(width)[name];
  return { x: rect.x, y: rect.fixed ? rect.y : rect.y - scrollY, width: rect.width, height: rect.height };
}

let session: ConfiguredSession;

beforeAll(async () => {
  session = await startConfiguredSession({ viewport: { width: WIDTH, height: HEIGHT } });
  ({ environment, chromium, page } = session);
  expect(session.saved).toContain('Connected');
});

afterAll(async () => {
  await session?.close();
});

beforeEach(async () => {
  await hideOverlay();
  // Start every test from the default preferences, as a fresh install would.
  const worker = await chromium.background();
  await worker.evaluate(() => chrome.storage.local.remove('heatlens.preferences'));
  await page.setViewport({ width: WIDTH, height: HEIGHT });
  await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
});

describe('layers', () => {
  it('rage, dead and mouse-move layers paint alongside clicks, each with a legend of its real count', async () => {
    await showOverlay(['ready']);
    const since = Date.now();
    await withPopup(async (popup) => {
      await popup.setCheckbox('Rage clicks', true);
      await popup.setCheckbox('Dead clicks', true);
      await popup.setCheckbox('Mouse moves', true);
    });
    const text = await waitForOverlayText(page, /Rage clicks: [\d,]+ rage clicks[\s\S]*/);
    for (const [type, label, unit] of [
      ['rageclick', 'Rage clicks', 'rage clicks'],
      ['deadclick', 'Dead clicks', 'dead clicks'],
      ['mousemove', 'Mouse moves', 'mouse rests'],
      ['click', 'Clicks', 'clicks'],
    ] as const) {
      const query = await waitForRequest(since - 60_000, (q) => q.type === type || (type === 'click' && q.type === undefined), `type=${type}`);
      const total = (await serverAnswer(query)).results.reduce((sum, spot) => sum + spot.count!, 0);
      expect(total).toBeGreaterThan(0);
      expect(text).toContain(`${label}: ${total.toLocaleString('en-US')} ${unit}`);
    }

    // Rage clicks sit on the broken pricing button, in their own magenta palette.
    const target = demoLayout(WIDTH)[brokenTarget];
    await scrollTo(target.y - 200);
    const scrolled = await capture(page);
    const plain = await captureWithoutOverlay(page);
    const rect = layoutRect(brokenTarget, await page.evaluate(() => window.scrollY));
    let magenta = 0;
    for (let y = rect.y; y < rect.y + rect.height; y += 2) {
      for (let x = rect.x; x < rect.x + rect.width; x += 2) {
        const [r, g, b] = scrolled.at(x, y);
        const [r0] = plain.at(x, y);
        if (r - r0 > 40 && b - g > 40) magenta++;
      }
    }
    expect(magenta).toBeGreaterThan(10);
  });

  it('scroll depth draws 100/75/50/25% lines and a hover line with the share at the pointer', async () => {
    const since = Date.now();
    await showOverlay(['ready']);
    await withPopup((popup) => popup.setCheckbox('Scroll depth', true));
    // The scroll-depth query may have been asked already (the assessment uses it) and come from the cache.
    const query = await waitForRequest(since - 120_000, (q) => q.type === 'scrolldepth', 'type=scrolldepth');
    const labels = await pollOverlay<string[]>(`function () { return [...this.querySelectorAll('.scroll-marker span')].map((span) => span.textContent); }`, (value) => (value?.length ?? 0) >= 4);
    expect(labels).toEqual(['100% of visitors scrolled this far', '75% of visitors scrolled this far', '50% of visitors scrolled this far', '25% of visitors scrolled this far']);

    // The hover line at document y = scroll + pointer: compare with the server's own buckets.
    const buckets = (await serverAnswer(query)).results as Array<{ scroll_depth_bucket: number; cumulative_count: number }>;
    await scrollTo(900);
    await page.mouse.move(300, 600);
    const documentY = 900 + 600;
    const reached = buckets.find((bucket) => bucket.scroll_depth_bucket >= documentY);
    const expected = Math.round(((reached?.cumulative_count ?? 0) / buckets[0]!.cumulative_count) * 100);
    const hover = await pollOverlay<string>(`function () { const line = this.querySelector('.hover-line'); return line && line.style.display !== 'none' ? line.textContent : null; }`, (value) => Boolean(value));
    expect(hover).toBe(`${expected}% of visitors scrolled this far`);
  });

  it('the fold line sits at the median viewport height, labelled with the share of clicks below it', async () => {
    await showOverlay(['ready']);
    const since = Date.now() - 60_000;
    await withPopup((popup) => popup.setCheckbox('Fold line', true));
    const query = await waitForRequest(since, (q) => q.type === 'click', 'type=click');
    const fold = (await serverAnswer(query)).fold!;
    expect(fold.median_viewport_height).not.toBeNull();
    const label = await pollOverlay<string>(`function () { return this.querySelector('.fold-line span')?.textContent ?? null; }`, (value) => Boolean(value));
    expect(label).toBe(`${Math.round(fold.pct_below_fold)}% of clicks land below the fold at ~${Math.round(fold.median_viewport_height!)}px`);
    const top = await evaluateInOverlay<number>(page, `function () { return this.querySelector('.fold-line').getBoundingClientRect().top; }`);
    expect(Math.abs(top! - fold.median_viewport_height!)).toBeLessThanOrEqual(1);
  });

  it('opacity and radius change the paint', async () => {
    await showOverlay(['ready']);
    const hero = layoutRect('heroCta', 0);
    const area = { x: hero.x - 100, y: hero.y - 100, width: hero.width + 200, height: hero.height + 200 };
    const plain = await captureWithoutOverlay(page);
    const before = await capture(page);
    const paintedBefore = countChanged(before, plain, area);
    await withPopup((popup) => popup.setValue('Clicks radius', '60'));
    const wider = await pollPixels((pixels) => countChanged(pixels, plain, area) > paintedBefore * 1.3);
    expect(countChanged(wider, plain, area)).toBeGreaterThan(paintedBefore * 1.3);
    // Mean change over the hot area: small labels drawn on elements do not dominate it.
    const strongBefore = meanDifference(wider, plain, area);
    await withPopup((popup) => popup.setValue('Clicks opacity', '0.2'));
    const faint = await pollPixels((pixels) => meanDifference(pixels, plain, area) < strongBefore * 0.6);
    expect(meanDifference(faint, plain, area)).toBeLessThan(strongBefore * 0.6);
  });
});

describe('filters reach PostHog as its own query parameters, without reloading the page', () => {
  it('date range presets and a custom range', async () => {
    await showOverlay();
    let since = Date.now();
    await withPopup((popup) => popup.select('heatlens-date', '-30d'));
    await waitForRequest(since, (q) => q.date_from === '-30d' && q.date_to === undefined, 'date_from=-30d');
    await waitForOverlayText(page, /last 30 days/);

    since = Date.now();
    await withPopup(async (popup) => {
      await popup.select('heatlens-date', 'custom');
      await popup.setValue('From date', '2026-11-01');
      await popup.setValue('To date', '2026-11-20');
    });
    await waitForRequest(since, (q) => q.date_from === '2026-11-01' && q.date_to === '2026-11-20', 'a custom range');
    await waitForOverlayText(page, /2026-11-01 → 2026-11-20/);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
  });

  it('viewport: match ±N%, bands, custom widths', async () => {
    await showOverlay();
    let since = Date.now();
    await withPopup((popup) => popup.setValue('Viewport tolerance percent', '20'));
    await waitForRequest(since, (q) => q.viewport_width_min === String(Math.floor(WIDTH * 0.8)) && q.viewport_width_max === String(Math.ceil(WIDTH * 1.2)), '±20%');
    since = Date.now();
    await withPopup((popup) => popup.select('heatlens-viewport', 'mobile'));
    await waitForRequest(since, (q) => q.viewport_width_min === '0' && q.viewport_width_max === '767', 'the mobile band');
    since = Date.now();
    await withPopup((popup) => popup.select('heatlens-viewport', 'desktop'));
    await waitForRequest(since, (q) => q.viewport_width_min === '1280' && q.viewport_width_max === undefined, 'the desktop band');
    since = Date.now();
    await withPopup(async (popup) => {
      await popup.select('heatlens-viewport', 'custom');
      await popup.setValue('Minimum width', '300');
      await popup.setValue('Maximum width', '500');
    });
    await waitForRequest(since, (q) => q.viewport_width_min === '300' && q.viewport_width_max === '500', 'a custom range');
  });

  it('unique visitors and excluding test accounts', async () => {
    await showOverlay();
    const since = Date.now();
    await withPopup(async (popup) => {
      await popup.clickRadio('Unique visitors');
      await popup.setCheckbox('Exclude test accounts', true);
    });
    await waitForRequest(since, (q) => q.aggregation === 'unique_visitors' && q.filter_test_accounts === 'true', 'unique visitors without test accounts');
    await waitForOverlayText(page, /unique visitors/);
  });

  it('a wildcard pattern suggested from the URL shows the data of every matching page', async () => {
    // Product ids the sample data never visited: this page has no data of its own.
    const otherProduct = `${environment.siteUrl}/product/9002/reviews`;
    await page.goto(`${environment.siteUrl}/product/9001/reviews`, { waitUntil: 'load' });
    const button = await elementRect('#write-review');
    recordClicks(otherProduct, [{ x: button.x + button.width / 2, y: button.y + button.height / 2, count: 40 }]);
    await showOverlay(['empty']);
    const since = Date.now();
    const pattern = `${environment.siteUrl}/product/*/reviews`;
    await withPopup((popup) => popup.clickButtonContaining(`Use ${pattern}`));
    await waitForRequest(since, (q) => q.url_pattern === pattern.replace(/\./g, '\\.') && q.url_exact === undefined, 'url_pattern');
    await waitForOverlayStatus(page, ['ready']);
    expect((await readOverlay(page)).text).toContain(`Data from ${pattern}`);
    expect(hotShare(await capture(page), await captureWithoutOverlay(page), await elementRect('#write-review'))).toBeGreaterThan(0.02);
  });

  it('offers to switch when the chosen width has no data', async () => {
    await page.setViewport({ width: 1000, height: HEIGHT });
    await showOverlay(['empty']);
    expect((await readOverlay(page)).text).toMatch(/Desktop \(≥ 1280 px\): [\d,]+ points/);
    await clickInOverlay(page, 'button.switch', 'Show desktop');
    // The band's data was already asked for to count it, so it may come from the 30 s cache.
    await waitForOverlayText(page, /≥ 1280 px wide/);
    await waitForOverlayStatus(page, ['ready']);
    const worker = await chromium.background();
    const stored = await worker.evaluate(() => chrome.storage.local.get('heatlens.preferences'));
    expect(stored['heatlens.preferences'].filters.viewport).toEqual({ mode: 'band', band: 'desktop' });
  });
});

describe('staging and local builds', () => {
  it('"take data from" shows production’s heatmap on another origin and says where the data comes from', async () => {
    const staging = environment.siteUrl.replace('127.0.0.1', 'localhost');
    await page.goto(`${staging}/`, { waitUntil: 'load' });
    await showOverlay(['empty']);
    expect((await readOverlay(page)).text).toContain(`Data from ${staging}/`);
    await withPopup(async (popup) => {
      await popup.openSection('Staging and local builds');
      await popup.fill('Take data from', environment.siteUrl);
      await popup.clickButton('Apply');
      await popup.page.waitForSelector('[data-testid="data-source-current"]');
    });
    await waitForOverlayStatus(page, ['ready']);
    expect((await readOverlay(page)).text).toContain(`Data from ${environment.siteUrl}/`);
    expect(hotShare(await capture(page), await captureWithoutOverlay(page), layoutRect('heroCta', 0))).toBeGreaterThan(0.02);
  });
});

describe('behaviour on real pages', () => {
  it('a single-page app refetches on pushState and back, and never shows the old URL’s data', async () => {
    await page.goto(`${environment.siteUrl}/spa`, { waitUntil: 'load' });
    const action = await elementRect('#spa-action');
    recordClicks(`${environment.siteUrl}/spa/reports`, [{ x: action.x + action.width / 2, y: action.y + action.height / 2, count: 30 }]);
    await showOverlay(['empty']);
    const plain = await captureWithoutOverlay(page);
    let since = Date.now();
    await page.click('[data-spa-route="/spa/reports"]');
    await waitForRequest(since, (q) => q.url_exact === `${environment.siteUrl}/spa/reports`, 'the new URL');
    await waitForOverlayStatus(page, ['ready']);
    expect(hotShare(await capture(page), plain, action)).toBeGreaterThan(0.02);
    await page.goBack();
    // The first URL's (empty) answer may come from the 30 s cache: wait for the overlay, not the server.
    await page.waitForFunction((url) => location.href === url, {}, `${environment.siteUrl}/spa`);
    await waitForOverlayStatus(page, ['empty']);
    expect(maxDifference(await capture(page), plain, action)).toBeLessThanOrEqual(2);
  });

  it('a resize repaints at the new width', async () => {
    await showOverlay(['ready']);
    const since = Date.now();
    await page.setViewport({ width: 1440, height: HEIGHT });
    await waitForRequest(since, (q) => q.viewport_width_min === String(Math.floor(1440 * 0.9)), 'the new width');
    await waitForOverlayStatus(page, ['ready']);
    const pixels = await pollPixels(async (candidate) => hotShare(candidate, await captureWithoutOverlay(page), layoutRect('heroCta', 0, 1440)) > 0.02);
    expect(hotShare(pixels, await captureWithoutOverlay(page), layoutRect('heroCta', 0, 1440))).toBeGreaterThan(0.02);
  });

  it('paints at the bottom of a 40,000 px page', async () => {
    await page.goto(`${environment.siteUrl}/long`, { waitUntil: 'load' });
    await scrollTo(40_000);
    const button = await elementRect('#bottom-button');
    const scrollY = await page.evaluate(() => window.scrollY);
    recordClicks(`${environment.siteUrl}/long`, [{ x: button.x + button.width / 2, y: button.y + scrollY + button.height / 2, count: 30 }]);
    await showOverlay(['ready']);
    expect(hotShare(await capture(page), await captureWithoutOverlay(page), await elementRect('#bottom-button'))).toBeGreaterThan(0.02);
  });

  it('follows a page that scrolls inside a container instead of the window', async () => {
    await page.goto(`${environment.siteUrl}/app`, { waitUntil: 'load' });
    // posthog-js (with scroll_root_selector) records y = clientY + the pane's scrollTop.
    const pane = await page.$eval('#pane', (element) => element.getBoundingClientRect().top);
    recordClicks(`${environment.siteUrl}/app`, [{ x: 200, y: pane + 2000 + 24, count: 30 }]);
    await showOverlay(['ready']);
    await page.$eval('#pane', (element) => element.scrollTo(0, 1700));
    await page.waitForFunction(() => document.getElementById('pane')!.scrollTop === 1700);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(hotShare(await capture(page), await captureWithoutOverlay(page), await elementRect('#deep-button'))).toBeGreaterThan(0.02);
  });

  it('the toolbar badge says ON, and "always show on this site" can be chosen and undone', async () => {
    const worker = await chromium.background();
    const badge = () =>
      worker.evaluate(async (url) => {
        const [tab] = await chrome.tabs.query({ url });
        return chrome.action.getBadgeText({ tabId: tab!.id! });
      }, page.url());
    // The background sets the badge right after the page answers, so poll it briefly.
    const badgeBecomes = async (expected: string) => {
      const deadline = Date.now() + 5_000;
      let text = await badge();
      while (text !== expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        text = await badge();
      }
      return text;
    };
    await showOverlay(['ready']);
    expect(await badgeBecomes('ON')).toBe('ON');
    await hideOverlay();
    expect(await badgeBecomes('')).toBe('');

    const origin = new URL(environment.siteUrl).origin;
    await chromium.grantHostPermission(`${origin}/*`);
    await withPopup((popup) => popup.setCheckbox(`Always show on ${origin}`, true));
    await page.reload({ waitUntil: 'load' });
    await waitForOverlayStatus(page, ['ready']);
    await withPopup((popup) => popup.setCheckbox(`Always show on ${origin}`, false));
    await hideOverlay();
    await page.reload({ waitUntil: 'load' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await readOverlay(page)).present).toBe(false);
  });
});

function meanDifference(pixels: Pixels, plain: Pixels, rect: Rect): number {
  let sum = 0;
  let samples = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += 3) {
    for (let x = rect.x; x < rect.x + rect.width; x += 3) {
      if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) continue;
      const p = pixels.at(x, y);
      const q = plain.at(x, y);
      sum += Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2]);
      samples++;
    }
  }
  return samples === 0 ? 0 : sum / samples;
}

function countChanged(pixels: Pixels, plain: Pixels, rect: Rect): number {
  let changed = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += 3) {
    for (let x = rect.x; x < rect.x + rect.width; x += 3) {
      if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) continue;
      const p = pixels.at(x, y);
      const q = plain.at(x, y);
      if (Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2]) > 12) changed++;
    }
  }
  return changed;
}

/** Captures until `accept` holds (a repaint lands a frame or two after the data). */
async function pollPixels(accept: (pixels: Pixels) => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<Pixels> {
  const deadline = Date.now() + timeoutMs;
  let pixels = await capture(page);
  while (!(await accept(pixels)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    pixels = await capture(page);
  }
  return pixels;
}

async function pollOverlay<T>(functionDeclaration: string, accept: (value: T | null) => boolean, timeoutMs = 10_000): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  let value = await evaluateInOverlay<T>(page, functionDeclaration);
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await evaluateInOverlay<T>(page, functionDeclaration);
  }
  return value;
}
