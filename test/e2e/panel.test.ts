import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startConfiguredSession, type ConfiguredSession } from './fixture';
import { capture, maxDifference, setPanelHidden, waitForOverlayGone, waitForOverlayStatus, type Pixels } from './overlay';
import { clickInOverlay, evaluateInOverlay, openReview, overlayBoxes, waitInOverlay } from './overlay-shadow';
import { PopupPage } from './pages/popup';
import { axeViolationsInClosedShadow, describeViolations, seriousOrCritical } from './axe';
import { scaleCapturedInteraction, type HeatmapRowInput } from '../server/store';
import { generateReviewScenario, SCENARIO_VIEWPORT } from '../server/scenario-data';

/**
 * The overlay stays out of the way of the page it describes (issue 10): compact by default, within a
 * coverage budget at desktop and phone sizes, movable and docked where the user leaves it (per origin),
 * by default in the corner with the least heat, moving off heat scrolled under it and off an element a
 * finding shows, readable in dark mode, and operable from the keyboard.
 */

const ARTIFACTS = resolve(import.meta.dirname, '../../artifacts');

let session: ConfiguredSession;

/**
 * /long gets two blobs of clicks from 1440×900 windows: one in the first screen's bottom-right corner,
 * one a screen further down on the left. So at the top the panel must avoid the bottom-right corner, and
 * one screen down the left blob scrolls under the bottom-left corner it then sits in.
 */
const BLOBS = [
  { x: 1300, y: 850 },
  { x: 120, y: 1750 },
];

function fileCornerBlobs(environment: ConfiguredSession['environment']): void {
  const rows: HeatmapRowInput[] = [];
  for (const [index, blob] of BLOBS.entries()) {
    for (let click = 0; click < 300; click++) {
      const row = scaleCapturedInteraction({
        session_id: `corner-${index}-${click % 30}`,
        distinct_id: `corner-person-${click % 30}`,
        timestamp: new Date(Date.now() - 3_600_000),
        x: blob.x + ((click * 7) % 40) - 20,
        y: blob.y + ((click * 13) % 30) - 15,
        target_fixed: false,
        type: 'click',
        viewport_width: 1440,
        viewport_height: 900,
        current_url: `${environment.siteUrl}/long`,
      });
      if (row) rows.push(row);
    }
  }
  environment.postHog.store.addRows(rows);
}

beforeAll(async () => {
  session = await startConfiguredSession({
    viewport: { width: 1440, height: 900 },
    prepare: (environment) => {
      fileCornerBlobs(environment);
      const review = generateReviewScenario(environment.siteUrl);
      environment.postHog.store.addRows(review.rows);
      environment.postHog.store.addElementEvents(review.elementEvents);
    },
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await session?.close();
});

type Rect = { x: number; y: number; width: number; height: number };

async function openOn(page: Page, path = '/'): Promise<void> {
  await page.goto(`${session.environment.siteUrl}${path}`, { waitUntil: 'load' });
  await page.bringToFront();
  const popup = new PopupPage(await session.chromium.openPopup(page));
  expect(await popup.toggleOverlay()).toBe('Hide heatmap');
  await popup.page.close();
  await page.bringToFront();
  await waitForOverlayStatus(page, ['ready']);
  // The panel takes its corner once the heat is painted; let the dock settle.
  await new Promise((done) => setTimeout(done, 300));
}

async function closeOverlay(page: Page): Promise<void> {
  await clickInOverlay(page, 'button[aria-label="Hide heatmap"]');
  await waitForOverlayGone(page);
}

/** The panel's box once it has come to rest (it glides between docks unless reduced motion is asked for). */
async function panelRect(page: Page): Promise<Rect & { dock: string; mode: string }> {
  let last = await readPanelRect(page);
  for (let tries = 0; tries < 20; tries++) {
    await new Promise((done) => setTimeout(done, 50));
    const next = await readPanelRect(page);
    const settled = Math.abs(next.x - last.x) < 0.5 && Math.abs(next.y - last.y) < 0.5;
    last = next;
    if (settled) break;
  }
  return last;
}

async function readPanelRect(page: Page): Promise<Rect & { dock: string; mode: string }> {
  return evaluateInOverlay(
    page,
    `function () {
      const panel = this.querySelector('.panel');
      const box = panel.getBoundingClientRect();
      return { x: box.x, y: box.y, width: box.width, height: box.height, dock: panel.dataset.dock, mode: panel.dataset.dockMode };
    }`,
  );
}

/**
 * Share of viewport points (every 8 px) whose topmost thing is Heatlens's own UI: the panel, badges and
 * guide labels. The overlay's host is the topmost layer of the page (highest z-index), so a point is
 * Heatlens's exactly when it lies inside one of those visible boxes.
 */
async function ownUiCoverage(page: Page): Promise<number> {
  const boxes = await overlayBoxes(page, '.panel, .badge, .guide-line span, .guide-line label, .hover-line span');
  const visible = boxes.filter((box) => box.width > 0 && box.height > 0);
  const { width, height } = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: window.innerHeight }));
  let inside = 0;
  let total = 0;
  for (let y = 4; y < height; y += 8) {
    for (let x = 4; x < width; x += 8) {
      total++;
      if (visible.some((box) => x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height)) inside++;
    }
  }
  return inside / total;
}

/** Heat under each corner's panel-sized rectangle, from pixels (panel hidden, compared with the bare page). */
function hotByCorner(withHeat: Pixels, bare: Pixels, panel: { width: number; height: number }, viewport: { width: number; height: number }) {
  const margin = 12;
  const size = { width: panel.width, height: panel.height };
  const rects: Record<string, Rect> = {
    'top-left': { x: margin, y: margin, ...size },
    'top-right': { x: viewport.width - size.width - margin, y: margin, ...size },
    'bottom-left': { x: margin, y: viewport.height - size.height - margin, ...size },
    'bottom-right': { x: viewport.width - size.width - margin, y: viewport.height - size.height - margin, ...size },
  };
  return Object.fromEntries(Object.entries(rects).map(([dock, rect]) => [dock, heatShare(withHeat, bare, rect)]));
}

/** Share of pixels in a rectangle that the heat changed visibly. */
function heatShare(withHeat: Pixels, bare: Pixels, rect: Rect): number {
  let changed = 0;
  let total = 0;
  for (let y = Math.max(0, rect.y); y < Math.min(withHeat.height, rect.y + rect.height); y += 2) {
    for (let x = Math.max(0, rect.x); x < Math.min(withHeat.width, rect.x + rect.width); x += 2) {
      total++;
      const a = withHeat.at(x, y);
      const b = bare.at(x, y);
      if (Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])) > 24) changed++;
    }
  }
  return total === 0 ? 0 : changed / total;
}

async function captureHeatAndBare(page: Page): Promise<{ withHeat: Pixels; bare: Pixels }> {
  await setPanelHidden(page, true);
  try {
    const withHeat = await capture(page);
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-heatlens-overlay]')?.style.setProperty('visibility', 'hidden', 'important'));
    const bare = await capture(page);
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-heatlens-overlay]')?.style.removeProperty('visibility'));
    return { withHeat, bare };
  } finally {
    await setPanelHidden(page, false);
  }
}

describe('compact by default', () => {
  for (const viewport of [
    { width: 1440, height: 900, limit: 0.06 },
    { width: 390, height: 844, limit: 0.15 },
  ]) {
    it(`covers at most ${viewport.limit * 100}% of a ${viewport.width}×${viewport.height} window with its own UI, with the review and legend on demand`, async () => {
      const page = await session.chromium.newPage({ width: viewport.width, height: viewport.height });
      try {
        await openOn(page);
        const coverage = await ownUiCoverage(page);
        console.log(`Heatlens's own UI covers ${(coverage * 100).toFixed(1)}% of ${viewport.width}×${viewport.height}`);
        expect(coverage).toBeGreaterThan(0); // the bar is there
        expect(coverage).toBeLessThanOrEqual(viewport.limit);
        // The bar says what is painted: a chip per layer, the range, the review button.
        const bar = await evaluateInOverlay<string>(page, `function () { return this.querySelector('.bar').textContent; }`);
        expect(bar).toMatch(/clicks/);
        expect(bar).toMatch(/7d/);
        expect(bar).toMatch(/Review/);
        // No findings and no legend details until asked for.
        expect(await overlayBoxes(page, '.review')).toEqual([]);
        expect(await overlayBoxes(page, '.details')).toEqual([]);
        await page.screenshot({ path: resolve(ARTIFACTS, `panel-compact-${viewport.width}.png`) });
        await closeOverlay(page);
      } finally {
        await page.close();
      }
    }, 90_000);
  }

  it('opens the legend details and the review on demand, closes them with Escape, and gives the keyboard back to the page', async () => {
    const page = await session.chromium.newPage({ width: 1440, height: 900 });
    try {
      await openOn(page);
      // Focus something on the page first, as a keyboard user would be.
      await page.evaluate(() => {
        const target = document.querySelector<HTMLElement>('a, button, input');
        target?.setAttribute('data-focus-probe', '1');
        target?.focus();
      });
      // Into the panel by keyboard: Tab from the last focusable on the page reaches the panel's handle eventually.
      await evaluateInOverlay(page, `function () { this.querySelector('button.details-toggle').focus(); }`);
      await page.keyboard.press('Enter');
      await waitInOverlay(page, `function () { return this.querySelector('.details .legend li') !== null; }`);
      expect(await evaluateInOverlay<string>(page, `function () { return this.querySelector('.details').textContent; }`)).toMatch(/Clicks: [\d,]+ clicks/);
      await openReview(page);
      await page.keyboard.press('Escape');
      await waitInOverlay(page, `function () { return this.querySelector('.details') === null && this.querySelector('.review') === null; }`);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-focus-probe'))).toBe('1');
      await closeOverlay(page);
    } finally {
      await page.close();
    }
  }, 90_000);
});

describe('out of the way of the heat', () => {
  it('docks by default in the corner with the least heat under it, and moves off heat a scroll brings under it (pixels)', async () => {
    const page = await session.chromium.newPage({ width: 1440, height: 900 });
    try {
      await openOn(page, '/long');
      const viewport = { width: 1440, height: 900 };
      const first = await panelRect(page);
      expect(first.mode).toBe('auto');
      let { withHeat, bare } = await captureHeatAndBare(page);
      let corners = hotByCorner(withHeat, bare, first, viewport);
      // The blob makes the bottom-right corner (where such panels usually sit) the hottest.
      expect(corners['bottom-right']).toBeGreaterThan(0.05);
      expect(first.dock).not.toBe('bottom-right');
      expect(corners[first.dock]).toBe(Math.min(...Object.values(corners)));

      // One screen down the other blob is under the panel's corner: it moves to a cooler one.
      await page.evaluate(() => window.scrollTo(0, 900));
      await new Promise((done) => setTimeout(done, 600));
      const moved = await panelRect(page);
      ({ withHeat, bare } = await captureHeatAndBare(page));
      corners = hotByCorner(withHeat, bare, moved, viewport);
      expect(corners[first.dock], `the blob is now under the ${first.dock} corner`).toBeGreaterThan(0.05);
      expect(moved.dock).not.toBe(first.dock);
      expect(corners[moved.dock]).toBe(Math.min(...Object.values(corners)));
      await closeOverlay(page);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('is dragged to a corner, stays there for the origin after a reload, and is auto on another origin (pixels)', async () => {
    const page = await session.chromium.newPage({ width: 1440, height: 900 });
    try {
      await openOn(page);
      const before = await panelRect(page);
      const grip = (await overlayBoxes(page, 'button.grip'))[0]!;
      // Drag the handle towards the top-left corner with the real mouse.
      await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
      await page.mouse.down();
      for (let step = 1; step <= 10; step++) {
        await page.mouse.move(grip.x + grip.width / 2 - (step * (grip.x - 60)) / 10, grip.y + grip.height / 2 - (step * (grip.y - 40)) / 10);
      }
      await page.mouse.up();
      await new Promise((done) => setTimeout(done, 300));
      const docked = await panelRect(page);
      expect(docked.dock, JSON.stringify({ before, grip, docked })).toBe('top-left');
      expect(docked.mode).toBe('user');
      expect(docked.x).toBeLessThan(20);
      expect(docked.y).toBeLessThan(20);
      // Pixels: the panel is drawn at the top-left now, and no longer where it was.
      const shown = await capture(page);
      await setPanelHidden(page, true);
      const hidden = await capture(page);
      await setPanelHidden(page, false);
      expect(maxDifference(shown, hidden, { x: docked.x + 4, y: docked.y + 4, width: docked.width - 8, height: docked.height - 8 })).toBeGreaterThan(60);
      if (before.dock !== 'top-left') {
        expect(maxDifference(shown, hidden, { x: before.x + 4, y: before.y + 4, width: before.width - 8, height: before.height - 8 })).toBeLessThanOrEqual(2);
      }

      // The same origin after a reload: still top-left.
      await page.reload({ waitUntil: 'load' });
      await openOn(page);
      expect((await panelRect(page)).dock).toBe('top-left');
      await closeOverlay(page);

      // Another origin (127.0.0.1 is the site under another name): auto again.
      const otherOrigin = session.environment.siteUrl.replace('127.0.0.1', 'localhost');
      if (otherOrigin !== session.environment.siteUrl) {
        await page.goto(`${otherOrigin}/`, { waitUntil: 'load' });
        const popup = new PopupPage(await session.chromium.openPopup(page));
        await popup.toggleOverlay();
        await popup.page.close();
        await page.bringToFront();
        await waitForOverlayStatus(page, ['ready', 'empty']);
        await new Promise((done) => setTimeout(done, 300));
        expect((await panelRect(page)).mode).toBe('auto');
        await closeOverlay(page);
      }
    } finally {
      await page.close();
    }
  }, 120_000);

  it('docks with the arrow keys on its handle', async () => {
    const page = await session.chromium.newPage({ width: 1440, height: 900 });
    try {
      await openOn(page);
      await evaluateInOverlay(page, `function () { this.querySelector('button.grip').focus(); }`);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      const panel = await panelRect(page);
      expect(panel.dock).toBe('bottom-right');
      await page.keyboard.press('ArrowUp');
      expect((await panelRect(page)).dock).toBe('right');
      await closeOverlay(page);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('gets out of the way when a finding shows an element under it', async () => {
    const page = await session.chromium.newPage(SCENARIO_VIEWPORT);
    try {
      await openOn(page, '/scenarios/review');
      await openReview(page);
      await waitInOverlay(page, `function () { const review = this.querySelector('.review'); return review && review.dataset.review === 'ready'; }`, 30_000);
      // Dock the open (tall) panel on the left edge, where this page's elements are.
      await evaluateInOverlay(page, `function () { this.querySelector('button.grip').focus(); }`);
      for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowDown', 'ArrowDown', 'ArrowUp'] as const) await page.keyboard.press(key);
      expect((await panelRect(page)).dock).toBe('left');
      const titles = await overlayBoxes(page, 'button.finding-title');
      expect(titles.length).toBeGreaterThan(0);
      let movedAside = 0;
      for (const title of titles.map((box) => box.text)) {
        await clickInOverlay(page, 'button.finding-title', title);
        await new Promise((done) => setTimeout(done, 250));
        const [highlight] = await overlayBoxes(page, '.highlight');
        const panel = await panelRect(page);
        if (panel.mode === 'avoiding') movedAside++;
        if (!highlight) continue;
        const overlapX = Math.min(highlight.x + highlight.width, panel.x + panel.width) - Math.max(highlight.x, panel.x);
        const overlapY = Math.min(highlight.y + highlight.height, panel.y + panel.height) - Math.max(highlight.y, panel.y);
        expect(overlapX > 0 && overlapY > 0, `panel ${JSON.stringify(panel)} over the highlighted “${title}” ${JSON.stringify(highlight)}`).toBe(false);
      }
      // At least one finding's element would have been under the docked panel: it moved aside for it.
      expect(movedAside).toBeGreaterThan(0);
      await closeOverlay(page);
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe('badges', () => {
  it('never cover each other nor the element they count', async () => {
    const page = await session.chromium.newPage(SCENARIO_VIEWPORT);
    try {
      await openOn(page, '/scenarios/review');
      await openReview(page);
      await waitInOverlay(page, `function () { return this.querySelectorAll('.badge').length > 1; }`, 30_000);
      for (const scrollY of [0, 600, 1200]) {
        await page.evaluate((top) => window.scrollTo(0, top), scrollY);
        await new Promise((done) => setTimeout(done, 200));
        const badges = (await evaluateInOverlay<Array<Rect & { selector: string; shown: boolean }>>(
          page,
          `function () {
            return Array.from(this.querySelectorAll('.badge')).map((badge) => {
              const box = badge.getBoundingClientRect();
              return { x: box.x, y: box.y, width: box.width, height: box.height, selector: badge.dataset.selector, shown: getComputedStyle(badge).display !== 'none' };
            });
          }`,
        )).filter((badge) => badge.shown);
        expect(badges.length).toBeGreaterThan(0);
        const overlap = (a: Rect, b: Rect) =>
          Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
        for (let i = 0; i < badges.length; i++) {
          for (let j = i + 1; j < badges.length; j++) expect(overlap(badges[i]!, badges[j]!), `${badges[i]!.selector} and ${badges[j]!.selector}`).toBe(0);
          const element = await page.$eval(badges[i]!.selector, (node) => node.getBoundingClientRect().toJSON() as Rect);
          expect(overlap(badges[i]!, element), `badge over ${badges[i]!.selector}`).toBe(0);
        }
      }
      await closeOverlay(page);
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe('readable over any page', () => {
  it('has no serious or critical accessibility violation (axe), compact, with the legend and with the review open', async () => {
    const page = await session.chromium.newPage(SCENARIO_VIEWPORT);
    try {
      await openOn(page, '/scenarios/review');
      const compact = seriousOrCritical(await axeViolationsInClosedShadow(page, 'data-heatlens-overlay'));
      expect(compact, describeViolations(compact)).toEqual([]);
      await clickInOverlay(page, 'button.details-toggle');
      await openReview(page);
      await waitInOverlay(page, `function () { const review = this.querySelector('.review'); return review && review.dataset.review === 'ready'; }`, 30_000);
      const open = seriousOrCritical(await axeViolationsInClosedShadow(page, 'data-heatlens-overlay'));
      expect(open, describeViolations(open)).toEqual([]);
      // The names a screen reader gives: a landmark for the panel, a list of findings, a text for the scale.
      const roles = await evaluateInOverlay<{ region: string | null; list: string | null; scale: string | null }>(
        page,
        `function () {
          const panel = this.querySelector('.panel');
          return {
            region: panel.getAttribute('role') + ':' + panel.getAttribute('aria-label'),
            list: this.querySelector('.findings') ? this.querySelector('.findings').tagName : null,
            scale: this.querySelector('.bar-scale[role="img"]') ? this.querySelector('.bar-scale[role="img"]').getAttribute('aria-label') : null,
          };
        }`,
      );
      expect(roles.region).toBe('region:Heatlens heatmap');
      expect(roles.list).toBe('OL');
      expect(roles.scale).toMatch(/^Colour scale: from no clicks .* to [\d,]+ or more clicks in one spot/);
      await closeOverlay(page);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('is opaque, and dark when the system asks for a dark colour scheme (pixels)', async () => {
    const page = await session.chromium.newPage({ width: 1440, height: 900 });
    try {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      await openOn(page);
      const panel = await panelRect(page);
      const shot = await capture(page);
      // The panel's background at its inside edge: dark, and the same whatever the page has under it.
      const [r, g, b] = shot.at(panel.x + panel.width / 2, panel.y + panel.height - 3);
      expect(Math.max(r, g, b)).toBeLessThan(60);
      await setPanelHidden(page, true);
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
      await setPanelHidden(page, false);
      const light = await capture(page);
      const [lr, lg, lb] = light.at(panel.x + panel.width / 2, panel.y + panel.height - 3);
      expect(Math.min(lr, lg, lb)).toBeGreaterThan(240);
      await closeOverlay(page);
    } finally {
      await page.close();
    }
  }, 90_000);
});
