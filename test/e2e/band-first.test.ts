// Band-first paint through the real extension: on a 40,000 px page with 60k spots, shown while the page
// is scrolled to its middle, the overlay draws the band around the viewport first and the whole page
// after (lib/render/band.ts); the heat lands where the clicks were in both places.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { HeatmapRowInput } from '../server/store';
import { seededRandom } from '../seeded-random';
import { startConfiguredSession, type ConfiguredSession } from './fixture';
import { showOverlay } from './hostile';
import { capture, hotShare } from './overlay';

const VIEWPORT = { width: 1440, height: 900 };
const PAGE_HEIGHT = 40_000;
const SCATTERED_SPOTS = 60_000;
const SCROLLED_TO = 20_000;
/** Two dense clusters: one in the viewport at SCROLLED_TO, one at the top of the page (outside the first band). */
const CLUSTERS = [
  { relativeX: 0.5, y: SCROLLED_TO + 400 },
  { relativeX: 0.3, y: 400 },
];

function rows(url: string): HeatmapRowInput[] {
  const random = seededRandom(0xba2d);
  const timestamp = new Date(Date.now() - 3_600_000).toISOString();
  const widthUnits = VIEWPORT.width / 16;
  const row = (relativeX: number, y: number, count: number): HeatmapRowInput[] =>
    Array.from({ length: count }, (_, index) => ({
      session_id: `s${index % 500}`,
      distinct_id: `p${index % 300}`,
      timestamp,
      x: relativeX * widthUnits,
      y: Math.floor(y / 16),
      viewport_width: widthUnits,
      viewport_height: VIEWPORT.height / 16,
      pointer_target_fixed: false,
      current_url: url,
      type: 'click',
    }));
  const scattered = new Set<string>();
  const result: HeatmapRowInput[] = [];
  while (scattered.size < SCATTERED_SPOTS) {
    // The right part of the page only: the clusters and the control squares (left) get no scattered heat.
    const relativeX = Math.round((0.6 + random() * 0.4) * 100) / 100;
    const y = Math.floor(random() * PAGE_HEIGHT);
    const key = `${relativeX}|${Math.floor(y / 16)}`;
    if (scattered.has(key)) continue;
    scattered.add(key);
    result.push(...row(relativeX, y, 1));
  }
  for (const cluster of CLUSTERS) result.push(...row(cluster.relativeX, cluster.y, 400));
  return result;
}

let session: ConfiguredSession;
let page: Page;

beforeAll(async () => {
  session = await startConfiguredSession({ viewport: VIEWPORT, prepare: (demo) => demo.postHog.store.addRows(rows(`${demo.siteUrl}/long`)) });
  page = session.page;
  expect(session.saved).toContain('Connected');
  await page.goto(`${session.environment.siteUrl}/long`, { waitUntil: 'load' });
});

afterAll(async () => {
  await session?.close();
});

/** A square around a cluster (or `shiftX` px beside it), in viewport coordinates at the page's scroll position `scrollY`. */
function around(cluster: (typeof CLUSTERS)[number], scrollY: number, shiftX = 0) {
  return { x: cluster.relativeX * VIEWPORT.width + shiftX - 20, y: cluster.y - scrollY - 20, width: 40, height: 40 };
}

describe('band-first paint on a tall page with many spots', () => {
  it('draws the viewport’s band first, then the whole page, each where the clicks were', async () => {
    await page.evaluate((y) => window.scrollTo(0, y), SCROLLED_TO);
    await page.evaluate(() => {
      const drawn: string[] = [];
      (window as unknown as { __drawn: string[] }).__drawn = drawn;
      new MutationObserver(() => {
        const stage = document.querySelector('[data-heatlens-overlay]')?.getAttribute('data-drawn');
        if (stage && drawn[drawn.length - 1] !== stage) drawn.push(stage);
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
    });
    await showOverlay(page, ['ready'], 30_000);
    expect(await page.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn)).toEqual(['band', 'whole']);
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLLED_TO);
    // Hot on the cluster, nothing 150 px to its left (the page there is white: any red is heat).
    const middle = await capture(page);
    expect(hotShare(middle, null, around(CLUSTERS[0]!, SCROLLED_TO))).toBeGreaterThan(0.5);
    expect(hotShare(middle, null, around(CLUSTERS[0]!, SCROLLED_TO, -150))).toBe(0);

    // The top of the page was outside the first band: its heat came with the whole page.
    await page.evaluate(() => window.scrollTo(0, 0));
    const top = await capture(page);
    expect(hotShare(top, null, around(CLUSTERS[1]!, 0))).toBeGreaterThan(0.5);
    expect(hotShare(top, null, around(CLUSTERS[1]!, 0, -150))).toBe(0);
  });
});
