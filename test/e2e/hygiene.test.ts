// The overlay is a good guest: gentle on PostHog, never in the way of the page, and it still paints
// on strict and hostile pages (test/site: /csp-strict and /hostile/*).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { DemoEnvironment } from '../server/demo-environment';
import { demoLayout } from '../site/layout';
import { fileSampleDataUnderHostilePages, heatmapRequestKeys, hideOverlay, showOverlay } from './hostile';
import { capture, hotShare, readOverlay, waitForOverlayStatus, type Pixels } from './overlay';
import { startConfiguredSession, type ConfiguredSession } from './fixture';

const VIEWPORT = { width: 1280, height: 800 };
const WHOLE_VIEWPORT = { x: 0, y: 0, width: VIEWPORT.width, height: VIEWPORT.height };

let environment: DemoEnvironment;
let page: Page;

let session: ConfiguredSession;

beforeAll(async () => {
  session = await startConfiguredSession({ viewport: VIEWPORT, prepare: fileSampleDataUnderHostilePages });
  ({ environment, page } = session);
  expect(session.saved).toContain('Connected');
});

afterAll(async () => {
  await session?.close();
});

/** What the overlay must never change: the page's scroll size and the room its scrollbars leave. */
function layoutMetrics(target: Page) {
  return target.evaluate(() => {
    const root = document.documentElement;
    return {
      scrollWidth: root.scrollWidth,
      scrollHeight: root.scrollHeight,
      clientWidth: root.clientWidth,
      clientHeight: root.clientHeight,
      bodyScrollHeight: document.body.scrollHeight,
      bodyRect: JSON.stringify(document.body.getBoundingClientRect()),
    };
  });
}

/** The page's DOM without the overlay's host element (whose inner content is a closed shadow root). */
function domWithoutOverlay(target: Page) {
  return target.evaluate(() => document.documentElement.outerHTML.replace(/<div data-heatlens-overlay=""[^>]*><\/div>/, ''));
}

describe('load on PostHog', () => {
  it('a burst of toggles, scrolls, resizes and SPA navigations asks at most once per distinct query', async () => {
    await page.goto(`${environment.siteUrl}/spa`, { waitUntil: 'load' });
    environment.postHog.clearLog();
    await showOverlay(page, ['ready', 'empty', 'loading']);
    for (let round = 0; round < 3; round++) {
      // Toggle twice without waiting, scroll, resize there and back, hop between routes.
      await hideOverlay(page).catch(() => undefined);
      await showOverlay(page, ['ready', 'empty', 'loading']);
      for (const y of [300, 0, 150]) await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.setViewport({ width: 1100, height: 800 });
      await page.setViewport(VIEWPORT);
      for (const route of ['/spa/reports', '/spa/settings', '/spa', '/spa/reports', '/spa']) await page.click(`[data-spa-route="${route}"]`);
    }
    await waitForOverlayStatus(page, ['ready', 'empty']);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a late refetch would show up here
    const keys = heatmapRequestKeys(environment.postHog.requestLog);
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    const repeated = [...counts].filter(([, count]) => count > 1);
    expect(repeated).toEqual([]);
    // The burst did reach several distinct queries (routes, widths), each once.
    expect(counts.size).toBeGreaterThanOrEqual(3);
    await hideOverlay(page);
  });
});

describe('never in the page’s way', () => {
  it('a click on a button under a hot spot reaches the page, and the layout does not move', async () => {
    await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    const before = await layoutMetrics(page);
    const baseline = await capture(page);
    await showOverlay(page);
    expect(await layoutMetrics(page)).toEqual(before);

    const hero = demoLayout(VIEWPORT.width).heroCta;
    expect(hotShare(await capture(page), baseline, hero)).toBeGreaterThan(0.02);
    const center = { x: hero.x + hero.width / 2, y: hero.y + hero.height / 2 };
    await page.evaluate(() => {
      const button = document.getElementById('hl-heroCta')!;
      button.addEventListener('click', () => button.setAttribute('data-clicks', String(Number(button.getAttribute('data-clicks') ?? 0) + 1)));
    });
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, center)).toBe('hl-heroCta');
    await page.mouse.click(center.x, center.y);
    expect(await page.$eval('#hl-heroCta', (button) => button.getAttribute('data-clicks'))).toBe('1');
    await page.evaluate(() => document.getElementById('hl-heroCta')!.removeAttribute('data-clicks'));
    await hideOverlay(page);
  });
});

describe('strict and hostile pages', () => {
  const pages: Array<[path: string, extra?: (target: Page) => Promise<void>]> = [
    ['/csp-strict'],
    ['/hostile/css'],
    ['/hostile/transform'],
    [
      '/hostile/replace-body',
      async (target) => {
        // The page swaps its <body> while the overlay shows: the overlay, under <html>, stays and paints.
        expect(await target.evaluate(() => (window as unknown as { replaceBody(): boolean }).replaceBody())).toBe(true);
        await target.evaluate(() => window.scrollTo(0, 0));
      },
    ],
  ];

  it.each(pages)('%s: heat appears, the layout does not move, hiding leaves the DOM as it was', async (path, extra) => {
    const violations: string[] = [];
    const onConsole = (message: { text(): string }) => void violations.push(message.text());
    page.on('console', onConsole);
    try {
      await page.goto(`${environment.siteUrl}${path}`, { waitUntil: 'load' });
      const before = await layoutMetrics(page);
      const baseline = await capture(page);
      const overlay = await showOverlay(page);
      expect(overlay.text).toMatch(/Clicks: [\d,]+ clicks/);
      await extra?.(page);
      expect(await layoutMetrics(page)).toEqual(extra ? await layoutMetricsWithoutOverlay(page) : before);
      const withHeat = await capture(page);
      // Heat over a white page cannot get redder, only less blue and green: count changed pixels.
      expect(changedShare(withHeat, baseline, WHOLE_VIEWPORT)).toBeGreaterThan(0.003);
      expect((await readOverlay(page)).status).toBe('ready');
      const dom = await domWithoutOverlay(page);
      await hideOverlay(page);
      expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(dom);
      if (path === '/csp-strict') {
        // The policy did bite (the renderer's blob: worker), and the overlay painted anyway.
        expect(violations.join('\n')).toMatch(/Content Security Policy/);
      }
    } finally {
      page.off('console', onConsole);
    }
  });
});

/** Layout of the page as it is now, with the overlay's host taken out for the measurement. */
async function layoutMetricsWithoutOverlay(target: Page) {
  await target.evaluate(() => document.querySelector<HTMLElement>('[data-heatlens-overlay]')!.style.setProperty('display', 'none', 'important'));
  try {
    return await layoutMetrics(target);
  } finally {
    await target.evaluate(() => document.querySelector<HTMLElement>('[data-heatlens-overlay]')!.style.setProperty('display', 'block', 'important'));
  }
}

/** Share of sampled pixels that differ by more than 40 in some channel. */
function changedShare(a: Pixels, b: Pixels, rect: { x: number; y: number; width: number; height: number }, step = 4): number {
  let changed = 0;
  let total = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += step) {
    for (let x = rect.x; x < rect.x + rect.width; x += step) {
      total++;
      const p = a.at(x, y);
      const q = b.at(x, y);
      if (Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]), Math.abs(p[2] - q[2])) > 40) changed++;
    }
  }
  return changed / total;
}
