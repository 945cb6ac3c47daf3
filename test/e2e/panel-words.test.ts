import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { PNG } from 'pngjs';
import { defaultPreferences, type Preferences } from '../../lib/settings/preferences';
import { compareClicks, type CompareWeeks } from '../server/compare-data';
import type { DemoEnvironment } from '../server/demo-environment';
import type { CapturedInteraction } from '../server/store';
import { startSessionWithCompareWeeks, type ConfiguredSession } from './fixture';
import { pressShortcut, type ExtensionBrowser } from './harness';
import { showOverlay } from './hostile';
import { nextDownload } from './downloads';
import { capture, captureWithoutOverlay, maxDifference, pixelsOf, readOverlay, setPanelHidden, waitForOverlayGone, waitForOverlayText } from './overlay';
import { CORNER_ACTION } from '../site/pages';
import { clickInOverlay, evaluateInOverlay, openDetails, openReview, shownFindings, waitInOverlay } from './overlay-shadow';

/**
 * Issue 20: every figure and label in the panel names what it counts, for the view that is shown. Each
 * test runs the real extension on data whose right answer is known: the compare weeks of
 * test/server/compare-data.ts, the demo's sample data, or interactions recorded here for one page.
 */

// Runs inside the extension's service worker, where `chrome` is the extension API.
declare const chrome: any;

const WIDTH = 1280;
const HEIGHT = 800;
const ALT_SHIFT_H = { key: 'H', code: 'KeyH', keyCode: 72 };

let session: ConfiguredSession;
let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;
let weeks: CompareWeeks;

type Layers = Preferences['layers'];

/** Default preferences with these layers on (every other layer off) and these changes. */
function preferencesWith(on: Array<keyof Layers>, change: Partial<Preferences> = {}): Preferences {
  const layers = Object.fromEntries(Object.entries(defaultPreferences.layers).map(([id, layer]) => [id, { ...layer, enabled: on.includes(id as keyof Layers) }])) as Layers;
  return { ...defaultPreferences, layers, ...change };
}

/** Stores the preferences as the popup would, then shows the overlay on `path`. */
async function showWith(preferences: Preferences, path: string, statuses = ['ready']): Promise<void> {
  const worker = await chromium.background();
  await worker.evaluate((value) => chrome.storage.local.set({ 'heatlens.preferences': value }), preferences as never);
  await page.goto(`${environment.siteUrl}${path}`, { waitUntil: 'load' });
  await showOverlay(page, statuses);
}

async function hideOverlay(): Promise<void> {
  if (!(await readOverlay(page)).present) return;
  await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
  await waitForOverlayGone(page);
}

/** Interactions of one kind, each at an exact spot (so PostHog's spot is that position), for one URL. */
function record(path: string, type: string, spots: Array<{ x: number; y: number; visitors: string[]; clicksEach: number }>, viewport = { width: WIDTH, height: HEIGHT }, at = new Date(Date.now() - 3600_000)): void {
  const url = `${environment.siteUrl}${path}`;
  const interactions: CapturedInteraction[] = [];
  for (const spot of spots) {
    for (const visitor of spot.visitors) {
      for (let i = 0; i < spot.clicksEach; i++) {
        interactions.push({
          session_id: `session-${visitor}`,
          distinct_id: visitor,
          timestamp: at,
          x: spot.x,
          y: spot.y,
          target_fixed: false,
          type,
          viewport_width: viewport.width,
          viewport_height: viewport.height,
          current_url: url,
        });
      }
    }
  }
  environment.postHog.store.addCapturedInteractions(interactions);
}

const visitors = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `v${from + index}`);

/** The bar's chips, as [layer, text]. */
async function barChips(): Promise<Array<[string, string]>> {
  return evaluateInOverlay(page, `function () { return [...this.querySelectorAll('.bar .chip')].map((chip) => [chip.dataset.layer, chip.textContent]); }`);
}

async function barText(selector: string): Promise<string | null> {
  return evaluateInOverlay(page, `function (selector) { const element = this.querySelector(selector); return element ? element.textContent : null; }`, selector);
}

function compareOn(view: 'a' | 'b' | 'diff'): Partial<Preferences> {
  return { compare: { ...defaultPreferences.compare, enabled: true, preset: 'custom', a: weeks.a, b: weeks.b, view } };
}

beforeAll(async () => {
  ({ session, weeks } = await startSessionWithCompareWeeks({ viewport: { width: WIDTH, height: HEIGHT } }));
  ({ environment, chromium, page } = session);
}, 300_000);

afterAll(async () => {
  await session?.close();
});

beforeEach(async () => {
  await hideOverlay();
  const worker = await chromium.background();
  await worker.evaluate(() => chrome.storage.local.remove(['heatlens.preferences', 'heatlens.panelLayout']));
  await page.setViewport({ width: WIDTH, height: HEIGHT });
});

const TOTAL_A = Object.values(compareClicks.a).reduce((sum, count) => sum + count, 0);
const TOTAL_B = Object.values(compareClicks.b).reduce((sum, count) => sum + count, 0);

describe('a comparison names the side that is shown (items 1, 2, 11)', () => {
  it('item 1: A shows A’s days in the bar and the legend, B shows B’s, A−B names both', async () => {
    await showWith(preferencesWith(['click'], compareOn('a')), '/');
    const range = `${weeks.a.dateFrom} → ${weeks.a.dateTo}`;
    expect(await barText('.bar .range')).toBe(range);
    await openDetails(page);
    const source = await barText('.source');
    expect(source).toContain(`A ${range} · All visitors`);
    expect(source).not.toContain(weeks.b.dateFrom);
    // A's own total in the chip: the compare week A's clicks at this width.
    expect((await barChips())[0]).toEqual(['click', expect.stringMatching(new RegExp(`^${TOTAL_A} clicks`))]);

    await evaluateInOverlay(page, `function () { this.querySelector('.compare-switch [data-view=b]').click(); }`);
    // The switch repaints, then the bar names B's days.
    await waitInOverlay(page, `function (range) { return this.querySelector('.bar .range')?.textContent === range; }`, 10_000, `${weeks.b.dateFrom} → ${weeks.b.dateTo}`);
    expect(await barText('.source')).toContain(`B ${weeks.b.dateFrom} → ${weeks.b.dateTo} · All visitors`);
    expect(await barText('.source')).not.toContain(weeks.a.dateFrom);

    await evaluateInOverlay(page, `function () { this.querySelector('.compare-switch [data-view=diff]').click(); }`);
    await waitInOverlay(page, `function () { return this.querySelector('.bar .range') === null; }`);
    expect(await barText('.source')).toContain(`A ${range} · All visitors vs B ${weeks.b.dateFrom} → ${weeks.b.dateTo} · All visitors`);
  });

  it('item 2: the compact A−B bar names both totals and the normalisation, and stays small at 390 px', async () => {
    await showWith(preferencesWith(['click'], compareOn('diff')), '/');
    const line = await barText('.compare-summary');
    expect(line).toBe(
      `A ${weeks.a.dateFrom} → ${weeks.a.dateTo} · All visitors · ${TOTAL_A} clicks vs B ${weeks.b.dateFrom} → ${weeks.b.dateTo} · All visitors · ${TOTAL_B} clicks · each side by its own total`,
    );
    // The compact panel: no legend details, no review open.
    expect(await evaluateInOverlay(page, `function () { return this.querySelector('.details') === null && this.querySelector('.review') === null; }`)).toBe(true);
    // Small at 390 px too: the panel stays inside the window and under a third of its height.
    await page.setViewport({ width: 390, height: 844 });
    await waitInOverlay(page, `function () { return this.querySelector('.compare-summary') !== null && document.readyState === 'complete'; }`);
    await waitForOverlayText(page, /each side by its own total/);
    const box = await evaluateInOverlay<{ left: number; right: number; height: number }>(page, `function () { const box = this.querySelector('.panel').getBoundingClientRect(); return { left: box.left, right: box.right, height: box.height }; }`);
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(390);
    expect(box.height).toBeLessThan(844 / 3);
  });

  it('item 11: "What moved" names the shares, so equal or odd-looking counts do not read as a contradiction', async () => {
    await showWith(preferencesWith(['click'], compareOn('diff')), '/');
    await openReview(page);
    const text = await waitForOverlayText(page, /What moved \(A → B\)(?!Reading)/);
    const pct = (count: number, total: number) => {
      const value = (count / total) * 100;
      return value >= 10 ? `${Math.round(value)}%` : `${value.toFixed(1).replace(/\.0$/, '')}%`;
    };
    const change = Math.round(Math.abs((38 / TOTAL_B / (141 / TOTAL_A) - 1) * 100));
    expect(text).toContain(`Choose Pro: 141 → 38 clicks (share ${pct(141, TOTAL_A)} → ${pct(38, TOTAL_B)}, −${change}%)`);
  });
});

describe('counts say their unit and their layer (items 3, 4, 5, 6, 7, 8)', () => {
  it('item 3: unique visitors are counted as visitors per spot, never as clicks', async () => {
    const path = '/product/9301/reviews';
    // 70 clicks by 19 people: v1–v10 click spot 1 three times each (30), v10–v19 spot 2 four times each (40).
    // v10 is in both spots, so the visitors per spot add up to 20: visitors, but not distinct ones.
    record(path, 'click', [
      { x: 300, y: 300, visitors: visitors(1, 10), clicksEach: 3 },
      { x: 700, y: 400, visitors: visitors(10, 19), clicksEach: 4 },
    ]);
    await showWith(preferencesWith(['click']), path);
    expect(await barChips()).toEqual([['click', expect.stringMatching(/^70 clicks≥/)]]);
    await hideOverlay();
    await showWith(preferencesWith(['click'], { filters: { ...defaultPreferences.filters, aggregation: 'unique_visitors' } }), path);
    const [chip] = await barChips();
    expect(chip![1]).toMatch(/^20 visitors per spot, summed≥/);
    await openDetails(page);
    const panel = (await readOverlay(page)).text;
    expect(panel).toContain('Clicks: 20 visitors per spot, summed');
    expect(panel).toContain('unique visitors per spot');
    expect(panel).not.toMatch(/\d+ clicks/);
  });

  it('item 4: the hottest-colour figure sits in its own layer’s chip, in that layer’s colour (pixels), and is that layer’s figure', async () => {
    const path = '/product/9302/reviews';
    record(path, 'click', [{ x: 400, y: 300, visitors: visitors(1, 50), clicksEach: 4 }]);
    record(path, 'mousemove', [{ x: 900, y: 500, visitors: visitors(1, 30), clicksEach: 3 }]);
    record(path, 'rageclick', [{ x: 600, y: 350, visitors: visitors(1, 12), clicksEach: 1 }]);

    const marker = async () =>
      evaluateInOverlay<{ layer: string; chip: string; text: string; colour: string; x: number; y: number }>(
        page,
        `function () {
          const marker = this.querySelector('.bar .hot-count');
          const dot = marker.querySelector('.hot-dot').getBoundingClientRect();
          return { layer: marker.dataset.layer, chip: marker.closest('.chip').dataset.layer, text: marker.textContent, colour: getComputedStyle(marker.querySelector('.hot-dot')).backgroundColor, x: dot.x + dot.width / 2, y: dot.y + dot.height / 2 };
        }`,
      );
    /** The dot's pixel once the panel rests (it glides off new heat after a paint). */
    const dotPixel = async (first: { x: number; y: number }) => {
      let at = first;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        const now = await marker();
        if (now.x === at.x && now.y === at.y) break;
        at = now;
      }
      return (await capture(page)).at(at.x, at.y);
    };
    const near = (pixel: [number, number, number], rgb: [number, number, number]) => pixel.every((value, index) => Math.abs(value - rgb[index]!) <= 12);

    await showWith(preferencesWith(['click', 'mousemove']), path);
    expect((await barChips()).map(([layer]) => layer)).toEqual(['mousemove', 'click']);
    const clicks = await marker();
    expect([clicks.layer, clicks.chip]).toEqual(['click', 'click']);
    expect(clicks.colour).toBe('rgb(255, 0, 0)');
    expect(await dotPixel(clicks)).toEqual([255, 0, 0]);
    // The figure is the click layer's hottest colour, as the legend details give it per layer.
    await openDetails(page);
    const hottest = await evaluateInOverlay<string>(page, `function () { return this.querySelector('.legend li[data-layer="click"] .hottest').textContent; }`);
    expect(clicks.text).toBe(`≥${hottest.replace(/\+$/, '').replace(/,/g, '')}`);

    await hideOverlay();
    await showWith(preferencesWith(['rageclick']), path);
    const rage = await marker();
    expect([rage.layer, rage.chip, rage.colour]).toEqual(['rageclick', 'rageclick', 'rgb(255, 40, 150)']);
    expect(near(await dotPixel(rage), [255, 40, 150])).toBe(true);

    await hideOverlay();
    await showWith(preferencesWith(['mousemove']), path);
    const moves = await marker();
    expect([moves.layer, moves.colour]).toEqual(['mousemove', 'rgb(46, 204, 113)']);
    expect(near(await dotPixel(moves), [46, 204, 113])).toBe(true);
  });

  it('item 5: the fold label names whose share it is (rage clicks, not clicks)', async () => {
    const path = '/product/9303/reviews';
    // Clicks: 10 above the 800 px fold, 10 below (50%). Rage clicks: 6, all above (0%).
    record(path, 'click', [
      { x: 300, y: 300, visitors: visitors(1, 10), clicksEach: 1 },
      { x: 300, y: 1200, visitors: visitors(11, 20), clicksEach: 1 },
    ]);
    record(path, 'rageclick', [{ x: 500, y: 300, visitors: visitors(1, 6), clicksEach: 1 }]);
    const foldLabel = () => waitInOverlay<string>(page, `function () { return this.querySelector('.fold-line span')?.textContent ?? null; }`);
    await showWith(preferencesWith(['click', 'fold']), path);
    expect(await foldLabel()).toBe('50% of clicks land below the fold at ~800px');
    await hideOverlay();
    await showWith(preferencesWith(['rageclick', 'fold']), path);
    expect(await foldLabel()).toBe('0% of rage clicks land below the fold at ~800px');
  });

  it('items 6 and 7: scroll depth alone has its chip with its visitors, no "clicks" anywhere, and lines at one depth share one readable label', async () => {
    const path = '/product/9304/reviews';
    // 10 visitors: 4 saw down to 800 px (no scroll), 6 to 900 px (scrolled 112 px). So everyone reached
    // 800 and only 60% went further: the 100% and 75% lines are both at 800, 50% and 25% both at 900.
    record(path, 'scrolldepth', [
      { x: 0, y: 0, visitors: visitors(1, 4), clicksEach: 1 },
      { x: 0, y: 112, visitors: visitors(5, 10), clicksEach: 1 },
    ]);
    await showWith(preferencesWith(['scrolldepth']), path);
    expect(await barChips()).toEqual([['scrolldepth', 'scroll depth · 10 visitors']]);
    await openDetails(page);
    const panel = (await readOverlay(page)).text;
    expect(panel).toContain('Scroll depth: 10 visitors');
    expect(panel).not.toMatch(/clicks/);

    const labels = await waitInOverlay<Array<{ text: string; top: number; bottom: number }>>(
      page,
      `function () {
        const spans = [...this.querySelectorAll('.scroll-marker span')];
        return spans.length > 0 && spans.map((span) => { const box = span.getBoundingClientRect(); return { text: span.textContent, top: box.top, bottom: box.bottom }; });
      }`,
    );
    expect(labels.map((label) => label.text)).toEqual(['100% of visitors scrolled this far (also the 75% line)', '50% of visitors scrolled this far (also the 25% line)']);
    // No label covers another.
    expect(labels[0]!.bottom).toBeLessThanOrEqual(labels[1]!.top);
  });

  it('item 8: ±10% of 1,440 px is 1296–1584 px wide, in the panel and in the query', async () => {
    await page.setViewport({ width: 1440, height: 900 });
    const since = Date.now();
    await showWith(preferencesWith(['click']), '/');
    await openDetails(page);
    expect(await barText('.source')).toContain('1296–1584 px wide');
    const asked = environment.postHog.requestLog.filter((request) => request.at >= since && /\/heatmaps\/$/.test(request.path) && request.query.url_exact);
    expect(asked.length).toBeGreaterThan(0);
    for (const request of asked) expect([request.query.viewport_width_min, request.query.viewport_width_max]).toEqual(['1296', '1584']);
  });
});

describe('the review says why two counts of one thing differ (item 12)', () => {
  it('autocapture’s rage count beside the heatmap’s names both and why they differ', async () => {
    await showWith(preferencesWith(['click']), '/');
    await openReview(page);
    const findings = await shownFindings(page);
    const lines = findings.flatMap((finding) => finding.evidence.map((line) => ({ finding, line }))).filter(({ line }) => line.startsWith('PostHog autocapture counted'));
    expect(lines.length).toBeGreaterThan(0);
    for (const { finding, line } of lines) {
      const heatmapCount = Number(/^([\d,]+) (rage|dead) clicks/.exec(finding.evidence[0]!)![1]!.replace(/,/g, ''));
      const autocaptured = Number(/counted ([\d,]+) /.exec(line)![1]!.replace(/,/g, ''));
      if (autocaptured === heatmapCount) expect(line).toMatch(/, the same as the heatmap\.$/);
      else expect(line).toContain(`against the heatmap's ${heatmapCount.toLocaleString('en-US')}: autocapture counts events on the element at every window width, the heatmap counts click positions at the filtered widths only.`);
    }
  });
});

describe('the saved image shows the panel as it was, not the capture in progress (item 9)', () => {
  const backgroundUrl = () => `chrome-extension://${chromium.extensionId}/background.js`;
  const backgroundTargets = () => chromium.browser.targets().filter((candidate) => candidate.type() === 'service_worker' && candidate.url() === backgroundUrl());

  /** Evaluates in the background worker through a fresh CDP session (a stopped worker's old handle is stale). */
  async function inBackground(expression: string): Promise<unknown> {
    const session = await backgroundTargets()[0]!.createCDPSession();
    try {
      return (await session.send('Runtime.evaluate', { expression, returnByValue: true })).result.value;
    } finally {
      await session.detach().catch(() => undefined);
    }
  }

  /**
   * Stops the extension's background worker (CDP ServiceWorker.stopAllWorkers, sent from one of its
   * pages, in its storage partition), as Chrome stops an idle one. Chrome starts it again on the next
   * message, but puppeteer auto-attaches to workers with "wait for the debugger", so the new instance
   * would wait forever (Save image hung at "capturing"): until `stop()`, every instance is told to run.
   */
  async function stopBackgroundWorker(): Promise<{ stop(): void }> {
    const extensionPage = await chromium.browser.newPage();
    try {
      await extensionPage.goto(`chrome-extension://${chromium.extensionId}/sessions.html`);
      const cdp = await extensionPage.createCDPSession();
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
    } finally {
      await extensionPage.close();
    }
    await page.bringToFront();
    let running = true;
    void (async () => {
      while (running) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        for (const target of backgroundTargets()) {
          const session = await target.createCDPSession().catch(() => null);
          await session?.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
          await session?.detach().catch(() => undefined);
        }
      }
    })();
    return { stop: () => (running = false) };
  }

  it('Save image with the background worker stopped (as Chrome stops an idle one): the export row in the PNG is the row before the click (pixels)', async () => {
    const downloads = mkdtempSync(join(tmpdir(), 'heatlens-words-downloads-'));
    try {
      const browserSession = await chromium.browser.target().createCDPSession();
      await browserSession.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      await showWith(preferencesWith(['click']), '/');
      await openDetails(page);
      const row = async () =>
        evaluateInOverlay<{ x: number; y: number; width: number; height: number }>(page, `function () { const box = this.querySelector('.export-menu').getBoundingClientRect(); return { x: box.x, y: box.y, width: box.width, height: box.height }; }`);
      // Where the panel rests (it glides off new heat after a paint).
      let rect = await row();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        const now = await row();
        if (now.x === rect.x && now.y === rect.y && now.height === rect.height) break;
        rect = now;
      }
      const before = await capture(page);
      // The background worker stopped, as Chrome stops an idle MV3 worker: Save image's message starts it
      // again, cold, and the picture is taken late.
      // A mark in the running worker's global scope: gone once a new instance answers.
      await inBackground('globalThis.heatlensTestMark = true');
      const resumer = await stopBackgroundWorker();
      const existing = new Set(readdirSync(downloads));
      await clickInOverlay(page, '.export-menu button', 'Save image');
      const file = await nextDownload(downloads, '.png', existing, 30_000)
        .catch(async (error) => {
          throw new Error(`${error}; the export row says: ${await evaluateInOverlay<string>(page, 'function () { const menu = this.querySelector(".export-menu"); return menu.getAttribute("data-export") + " " + menu.textContent; }')}`);
        })
        .finally(() => resumer.stop());
      expect(await inBackground('globalThis.heatlensTestMark === true'), 'a new worker instance took the picture').toBe(false);
      const saved = pixelsOf(PNG.sync.read(readFileSync(file)));
      // The export row in the image: the same pixels as before the click (no "Capturing the page…", no greyed buttons).
      expect(maxDifference(saved, before, { x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2 }, 1)).toBeLessThanOrEqual(8);
      await waitInOverlay(page, `function () { return this.querySelector('.export-menu')?.getAttribute('data-export') === 'done'; }`);
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }
  });
});


describe('the opened panel never sits on the heat its findings are about (item 13)', () => {
  type Box = { x: number; y: number; width: number; height: number };
  const overlaps = (a: Box, b: Box) => Math.min(a.x + a.width, b.x + b.width) > Math.max(a.x, b.x) && Math.min(a.y + a.height, b.y + b.height) > Math.max(a.y, b.y);
  const panelBox = () =>
    evaluateInOverlay<Box & { dock: string; mode: string; shrunk: string | null }>(
      page,
      `function () { const panel = this.querySelector('.panel'); const box = panel.getBoundingClientRect(); return { x: box.x, y: box.y, width: box.width, height: box.height, dock: panel.dataset.dock, mode: panel.dataset.dockMode, shrunk: panel.dataset.shrunk ?? null }; }`,
    );
  /** The panel's box once it has come to rest (it glides between docks). */
  const restingPanelBox = async () => {
    let last = await panelBox();
    for (let tries = 0; tries < 30; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const next = await panelBox();
      const still = next.x === last.x && next.y === last.y && next.width === last.width && next.height === last.height;
      last = next;
      if (still) break;
    }
    return last;
  };

  const recordedWidths = new Set<number>();
  for (const viewport of [
    { width: 1440, height: 900, shrunk: false },
    { width: 390, height: 844, shrunk: false },
    // A short phone window (landscape, or the keyboard up): no dock clear of the element at the opened
    // panel's height, so the panel is cut to the room below the element and scrolls inside.
    { width: 390, height: 440, shrunk: true },
  ]) {
    it(`${viewport.width}×${viewport.height}, docked top-right with the legend and the review open: the panel keeps off the hottest element, the first finding's (boxes and pixels)`, async () => {
      const path = '/corner';
      // "Get started" in the top-right corner is the page's hottest element (60 clicks, 12 rage clicks);
      // 10 clicks elsewhere. The rage clicks on it are the review's first finding.
      const action = { x: viewport.width - CORNER_ACTION.right - CORNER_ACTION.width / 2, y: CORNER_ACTION.top + CORNER_ACTION.height / 2 };
      if (!recordedWidths.has(viewport.width)) {
        recordedWidths.add(viewport.width);
        record(path, 'click', [{ ...action, visitors: visitors(1, 30), clicksEach: 2 }, { x: 120, y: 600, visitors: visitors(31, 40), clicksEach: 1 }], viewport);
        record(path, 'rageclick', [{ ...action, visitors: visitors(1, 12), clicksEach: 1 }], viewport);
      }
      await page.setViewport(viewport);
      // The user docked the panel top-right on this site and left the legend and the review open.
      const worker = await chromium.background();
      const origin = new URL(environment.siteUrl).origin;
      await worker.evaluate((layout) => chrome.storage.local.set({ 'heatlens.panelLayout': layout }), { detailsOpen: true, reviewOpen: true, docks: { [origin]: 'top-right' } } as never);
      await showWith(preferencesWith(['click', 'rageclick']), path);
      await waitInOverlay(page, `function () { const review = this.querySelector('.review'); return review && review.dataset.review === 'ready' && this.querySelector('.details') !== null; }`, 30_000);
      const [first] = await shownFindings(page);
      expect(first!.title).toMatch(/Rage clicks on .*Get started/);

      const panel = await restingPanelBox();
      const element = await page.evaluate(() => {
        const box = document.getElementById('corner-action')!.getBoundingClientRect();
        return { x: box.x, y: box.y, width: box.width, height: box.height };
      });
      // Still the opened panel: the legend details and the review are in it.
      expect(await evaluateInOverlay<boolean>(page, `function () { return this.querySelector('.panel .details') !== null && this.querySelector('.panel .review') !== null; }`)).toBe(true);
      expect(overlaps(panel, element), `panel ${JSON.stringify(panel)} on “Get started” ${JSON.stringify(element)}`).toBe(false);
      expect(panel.x >= 0 && panel.y >= 0 && panel.x + panel.width <= viewport.width && panel.y + panel.height <= viewport.height, JSON.stringify(panel)).toBe(true);
      expect(panel.shrunk, JSON.stringify(panel)).toBe(viewport.shrunk ? 'clear-of-finding' : null);

      // Pixels: the heat on "Get started" is painted and is what the screen shows there, panel and all.
      const shown = await capture(page);
      await setPanelHidden(page, true);
      const heatOnly = await capture(page);
      await setPanelHidden(page, false);
      const bare = await captureWithoutOverlay(page);
      const inside = { x: Math.ceil(element.x) + 2, y: Math.ceil(element.y) + 2, width: Math.floor(element.width) - 4, height: Math.floor(element.height) - 4 };
      expect(maxDifference(heatOnly, bare, inside, 1)).toBeGreaterThan(60);
      expect(maxDifference(shown, heatOnly, inside, 1)).toBeLessThanOrEqual(8);
      // At 1440 px there is room clear of all the heat: the panel moved off "Get started" onto none of the
      // other spot's heat either. (At 390 px every place clear of the element crosses the other spot.)
      if (viewport.width === 1440) {
        expect(maxDifference(heatOnly, bare, { x: 120 - 4, y: 600 - 4, width: 8, height: 8 }, 1), 'the other spot is painted').toBeGreaterThan(40);
        expect(maxDifference(heatOnly, bare, { x: Math.ceil(panel.x), y: Math.ceil(panel.y), width: Math.floor(panel.width), height: Math.floor(panel.height) }, 2)).toBeLessThanOrEqual(8);
      }
      if (process.env.HEATLENS_WORDS_SHOTS) await page.screenshot({ path: `${process.env.HEATLENS_WORDS_SHOTS}/item13-${viewport.width}x${viewport.height}.png` });
    }, 90_000);
  }
});

describe('a faint A−B difference is painted as a soft blob, not a flat grid square (item 10)', () => {
  /** Per-pixel strength of the paint: the largest channel change from the bare page. */
  function paintStrength(heat: ReturnType<typeof pixelsOf>, bare: ReturnType<typeof pixelsOf>, rect: { x: number; y: number; width: number; height: number }): number[][] {
    const rows: number[][] = [];
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      const row: number[] = [];
      for (let x = rect.x; x < rect.x + rect.width; x++) {
        const a = heat.at(x, y);
        const b = bare.at(x, y);
        row.push(Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])));
      }
      rows.push(row);
    }
    return rows;
  }

  /** The least spread of paint strength in any wholly painted `size`×`size` window (Infinity: none). */
  function flattestWindow(strength: number[][], size: number): number {
    let least = Infinity;
    for (let y = 0; y + size <= strength.length; y++) {
      for (let x = 0; x + size <= strength[0]!.length; x++) {
        const window = strength.slice(y, y + size).flatMap((row) => row.slice(x, x + size));
        if (Math.min(...window) > 4) least = Math.min(least, Math.max(...window) - Math.min(...window));
      }
    }
    return least;
  }

  it('compare on, A−B view, two faint differences (one warm, one cool): each fades from its centre, with no flat square plateau at the lightest colour (pixels)', async () => {
    const path = '/corner';
    // Week A and week B: the same 200 clicks on one spot; a second spot gets 10 clicks in A and 20 in B.
    // Each side by its own total, both spots differ faintly, just past the dead zone: the second is a
    // little warmer in B (20/220 against 10/210), the first a little cooler (200/220 against 200/210).
    const inWeek = (week: { dateFrom: string }) => new Date(Date.parse(`${week.dateFrom}T12:00:00Z`) + 2 * 86_400_000);
    const cooler = { x: 400, y: 300 };
    const warmer = { x: 800, y: 500 };
    record(path, 'click', [{ ...cooler, visitors: visitors(1, 100), clicksEach: 2 }, { ...warmer, visitors: visitors(101, 110), clicksEach: 1 }], undefined, inWeek(weeks.a));
    record(path, 'click', [{ ...cooler, visitors: visitors(1, 100), clicksEach: 2 }, { ...warmer, visitors: visitors(101, 120), clicksEach: 1 }], undefined, inWeek(weeks.b));
    await showWith(preferencesWith(['click'], compareOn('diff')), path);
    await setPanelHidden(page, true);
    const heat = await capture(page);
    await setPanelHidden(page, false);
    const bare = await captureWithoutOverlay(page);
    for (const [name, spot] of Object.entries({ cooler, warmer })) {
      const strength = paintStrength(heat, bare, { x: spot.x - 40, y: spot.y - 40, width: 80, height: 80 });
      const painted = strength.flat().filter((value) => value > 4);
      const peak = Math.max(...painted);
      // The difference is painted, faintly.
      expect(peak, name).toBeGreaterThan(8);
      // A flat tile of the density grid is a block of one colour: with the old opacity floor every
      // 12×12 window inside it varied by 1 and over a quarter of the painted pixels sat within 2 of the
      // peak. A soft blob changes all the way to its centre.
      expect(flattestWindow(strength, 12), name).toBeGreaterThan(4);
      expect(painted.filter((value) => value >= peak - 2).length / painted.length, name).toBeLessThan(0.15);
    }
  });
});
