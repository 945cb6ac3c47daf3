import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { compareClicks, type CompareWeeks } from '../server/compare-data';
import { demoLayout } from '../site/layout';
import { startSessionWithCompareWeeks, type ConfiguredSession } from './fixture';
import { pressShortcut } from './harness';
import { capture, captureWithoutOverlay, evaluateInOverlay, maxDifference, waitForOverlayStatus, waitForOverlayText, type Pixels } from './overlay';
import { openDetails, openReview } from './overlay-shadow';
import { FiltersPopup } from './pages/popup';

const WIDTH = 1280;
const HEIGHT = 800;
const ALT_SHIFT_H = { key: 'H', code: 'KeyH', keyCode: 72 };
const ALT_SHIFT_D = { key: 'D', code: 'KeyD', keyCode: 68 };
type Rect = { x: number; y: number; width: number; height: number };

let session: ConfiguredSession;
let page: Page;
let weeks: CompareWeeks;
const layout = demoLayout(WIDTH);

/** The pricing row in the viewport, 200 px from the top (far from the panel in the bottom-right corner). */
const PRICING_SCROLL = layout.pricingPro.y - 200;

async function withPopup(action: (popup: FiltersPopup) => Promise<void>): Promise<void> {
  const popup = new FiltersPopup(await session.chromium.openPopup(page));
  try {
    await action(popup);
  } finally {
    await popup.page.close();
    await page.bringToFront();
  }
}

async function setRanges(popup: FiltersPopup, a: { dateFrom: string; dateTo: string }, b: { dateFrom: string; dateTo: string }): Promise<void> {
  await popup.setValue('Range A from', a.dateFrom);
  await popup.setValue('Range A to', a.dateTo);
  await popup.setValue('Range B from', b.dateFrom);
  await popup.setValue('Range B to', b.dateTo);
}

async function scrollTo(y: number): Promise<void> {
  await page.evaluate((top) => window.scrollTo(0, top), y);
  await page.waitForFunction((top) => Math.abs(window.scrollY - top) < 1, {}, y);
}

/** A target's box in viewport px at the current scroll, shrunk to its middle where the clicks are. */
function inViewport(target: 'pricingPro' | 'pricingStarter' | 'heroCta', scrollY: number): Rect {
  const rect = layout[target];
  return { x: rect.x + rect.width * 0.25, y: rect.y - scrollY + rect.height * 0.3, width: rect.width * 0.5, height: rect.height * 0.4 };
}

/**
 * How far the overlay pushed `rect` towards red and away from blue, on average over sampled pixels:
 * positive is warmer than the page, negative cooler, 0 untouched.
 */
function meanWarmth(withHeat: Pixels, page: Pixels, rect: Rect): number {
  let sum = 0;
  let total = 0;
  for (let y = Math.round(rect.y); y < rect.y + rect.height; y += 2) {
    for (let x = Math.round(rect.x); x < rect.x + rect.width; x += 2) {
      const [r, , b] = withHeat.at(x, y);
      const [r0, , b0] = page.at(x, y);
      total++;
      sum += r - r0 - (b - b0);
    }
  }
  return total === 0 ? 0 : sum / total;
}

/**
 * The review's clickmap badges (autocapture counts of the last days, not part of the comparison)
 * would differ from the bare page: hide them for pixel comparisons.
 */
async function hideReviewBadges(): Promise<void> {
  await evaluateInOverlay(page, 'function () { const style = document.createElement("style"); style.textContent = ".badge { visibility: hidden !important; }"; this.appendChild(style); }');
}

async function shownView(): Promise<string | null> {
  return evaluateInOverlay<string>(page, 'function () { return this.querySelector(".compare")?.getAttribute("data-view") ?? null; }');
}

describe('Compare: A, B and A−B through the real extension', () => {
  beforeAll(async () => {
    ({ session, weeks } = await startSessionWithCompareWeeks({ viewport: { width: WIDTH, height: HEIGHT } }));
    page = session.page;
    await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.setCheckbox('Compare two ranges', true);
      await popup.select('heatlens-compare-preset', 'custom');
      await setRanges(popup, weeks.a, weeks.b);
      await popup.clickRadio('A−B');
    });
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    await waitForOverlayStatus(page, ['ready']);
    // The sides and totals are in the legend details, what moved is in the review: open both, as a
    // person would (the panel remembers them for the later loads).
    await openDetails(page);
    await openReview(page);
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  it('says which ranges are compared, with both totals', async () => {
    const text = await waitForOverlayText(page, new RegExp(`B ${weeks.b.dateFrom} → ${weeks.b.dateTo}`));
    const total = Object.values(compareClicks.a).reduce((sum, count) => sum + count, 0);
    expect(text).toContain(`A ${weeks.a.dateFrom} → ${weeks.a.dateTo} · All visitors · ${total} clicks`);
    expect(text).toContain(`B ${weeks.b.dateFrom} → ${weeks.b.dateTo} · All visitors · ${total} clicks`);
    expect(text).toMatch(/normalised each side by its own total/);
    expect(await shownView()).toBe('diff');
  });

  it('says what moved, beyond noise only: the two pricing buttons, not the unchanged hero and nav', async () => {
    const text = await waitForOverlayText(page, /What moved \(A → B\)(?!Reading)/);
    expect(text).toMatch(/Choose Pro: 141 → 38 clicks \(share [\d.]+% → [\d.]+%, −73%\)/);
    expect(text).toMatch(/Choose Starter: 38 → 141 clicks \(share [\d.]+% → [\d.]+%, \+271%\)/);
    expect(text).not.toMatch(/Start free trial: \d/);
    expect(text).not.toMatch(/Pricing: \d/);
  });

  it('A−B paints warm where B has more clicks, cool where it has fewer, nothing where they are equal', async () => {
    await hideReviewBadges();
    await scrollTo(PRICING_SCROLL);
    const withHeat = await capture(page);
    const bare = await captureWithoutOverlay(page);
    // "Choose Starter" went 38 → 141: warm. "Choose Pro" went 141 → 38: cool.
    expect(meanWarmth(withHeat, bare, inViewport('pricingStarter', PRICING_SCROLL))).toBeGreaterThan(60);
    // Cool over the blue button: the blue channel has little room to grow, red drops.
    expect(meanWarmth(withHeat, bare, inViewport('pricingPro', PRICING_SCROLL))).toBeLessThan(-20);

    // The hero button has the same 200 clicks at the same spots in both weeks: not a pixel changes.
    const heroScroll = Math.max(0, layout.heroCta.y - 200);
    await scrollTo(heroScroll);
    const heroWithHeat = await capture(page);
    const heroBare = await captureWithoutOverlay(page);
    const hero = layout.heroCta;
    expect(maxDifference(heroWithHeat, heroBare, { x: hero.x - 40, y: hero.y - heroScroll - 40, width: hero.width + 80, height: hero.height + 80 })).toBeLessThanOrEqual(2);
  });

  it('Alt+Shift+D cycles A → B → A−B, and A paints Choose Pro hot', async () => {
    await scrollTo(PRICING_SCROLL);
    await pressShortcut(page, ALT_SHIFT_D, { alt: true, shift: true });
    await page.waitForFunction(() => true);
    await expect.poll(shownView, { timeout: 10_000 }).toBe('a');
    const aHeat = await capture(page);
    const bare = await captureWithoutOverlay(page);
    // In week A Choose Pro has 141 clicks, the most on this row: the heat palette's warm end.
    expect(meanWarmth(aHeat, bare, inViewport('pricingPro', PRICING_SCROLL))).toBeGreaterThan(60);
    await pressShortcut(page, ALT_SHIFT_D, { alt: true, shift: true });
    await expect.poll(shownView, { timeout: 10_000 }).toBe('b');
    await pressShortcut(page, ALT_SHIFT_D, { alt: true, shift: true });
    await expect.poll(shownView, { timeout: 10_000 }).toBe('diff');
  });

  it('the panel switch and the d key change the view too', async () => {
    await evaluateInOverlay(page, 'function () { this.querySelector(".compare-switch [data-view=b]").click(); }');
    await expect.poll(shownView, { timeout: 10_000 }).toBe('b');
    await evaluateInOverlay(page, 'function () { this.querySelector(".compare-switch [data-view=b]").focus(); }');
    await page.keyboard.press('d');
    await expect.poll(shownView, { timeout: 10_000 }).toBe('diff');
  });

  it('doubling all traffic in B paints nothing', async () => {
    await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await setRanges(popup, weeks.c, weeks.d);
    });
    await waitForOverlayText(page, new RegExp(`B ${weeks.d.dateFrom} → ${weeks.d.dateTo}`));
    // Week D really holds twice week C's clicks (the legend's two sides; the line under the bar says the same)...
    const text = (await evaluateInOverlay<string>(page, 'function () { return this.querySelector(".sides")?.textContent ?? ""; }'))!;
    const totals = [...text.matchAll(/· ([\d,]+) clicks/g)].map((match) => Number(match[1]!.replace(/,/g, '')));
    expect(totals).toHaveLength(2);
    expect(totals[1]).toBe(totals[0]! * 2);
    expect(await shownView()).toBe('diff');
    // ...and once each side is divided by its own total, nothing is left to paint anywhere.
    for (const scrollY of [0, PRICING_SCROLL]) {
      await scrollTo(scrollY);
      const withHeat = await capture(page);
      const bare = await captureWithoutOverlay(page);
      // Everything left of the panel and its 24 px shadow.
      const panelLeft = (await evaluateInOverlay<number>(page, 'function () { return this.querySelector(".panel").getBoundingClientRect().left; }'))!;
      expect(panelLeft).toBeGreaterThan(WIDTH / 2);
      expect(maxDifference(withHeat, bare, { x: 0, y: 0, width: panelLeft - 32, height: HEIGHT })).toBeLessThanOrEqual(2);
    }
  });

  it('a view chosen in the popup wins over an earlier switch in the page', async () => {
    await pressShortcut(page, ALT_SHIFT_D, { alt: true, shift: true });
    await expect.poll(shownView, { timeout: 10_000 }).toBe('a');
    await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.clickRadio('B');
    });
    await expect.poll(shownView, { timeout: 15_000 }).toBe('b');
  });

  it('a split date missing or outside the date range is said plainly in the panel, not blamed on PostHog', async () => {
    await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.select('heatlens-compare-preset', 'split');
    });
    const text = await waitForOverlayText(page, /choose the date that splits before from after/);
    expect(text).not.toMatch(/PostHog/);
    await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.setValue('Split date', weeks.a.dateFrom);
    });
    // The filters' range is the last 7 days: a split weeks before it cannot split it.
    await waitForOverlayText(page, new RegExp(`split date ${weeks.a.dateFrom} must fall after`));
  });
});
