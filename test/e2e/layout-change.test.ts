import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startDemoEnvironment, type DemoEnvironment } from '../server/demo-environment';
import { KEY_NO_ANNOTATIONS, KEY_NO_QUERY } from '../server/keys';
import { generateLayoutChangeScenario, generateSteadyTrafficScenario, SCENARIO_VIEWPORT, type LayoutChangeScenarioData } from '../server/scenario-data';
import { layoutChangedScenario, layoutSteadyScenario, NOTICE_BAR_HEIGHT, scenarioBox } from '../site/scenarios';
import { launchWithExtension, type ExtensionBrowser } from './harness';
import { capture, captureWithoutOverlay, evaluateInOverlay, readOverlay, setPanelHidden, waitForOverlayStatus, waitForOverlayText, type Pixels } from './overlay';
import { clickInOverlay, openDetails, waitInOverlay } from './overlay-shadow';
import { FiltersPopup, PopupPage } from './pages/popup';

let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;
let changed: LayoutChangeScenarioData;
let steady: LayoutChangeScenarioData;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The day a sentence "The layout changed around 30 Nov" names, as YYYY-MM-DD within the range's year(s). */
function namedDay(text: string, days: readonly string[]): string | null {
  const match = /The layout changed around (\d{1,2}) ([A-Z][a-z]{2})/.exec(text);
  if (!match) return null;
  return days.find((day) => Number(day.slice(8, 10)) === Number(match[1]) && MONTHS[Number(day.slice(5, 7)) - 1] === match[2]) ?? null;
}

const dayDistance = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

async function withPopup<T>(action: (popup: FiltersPopup) => Promise<T>): Promise<T> {
  const popup = new FiltersPopup(await chromium.openPopup(page));
  try {
    return await action(popup);
  } finally {
    await popup.page.close();
    await page.bringToFront();
  }
}

/** Opens a scenario page with the overlay shown and loaded. */
async function openScenario(path: string): Promise<void> {
  if ((await readOverlay(page)).present) await withPopup((popup) => popup.toggleOverlay());
  await page.goto(`${environment.siteUrl}${path}`, { waitUntil: 'load' });
  expect(await withPopup((popup) => popup.toggleOverlay())).toBe('Hide heatmap');
  await waitForOverlayStatus(page, ['ready'], 30_000);
}

async function useKey(apiKey: string): Promise<void> {
  await withPopup(async (popup) => {
    await popup.openSection('PostHog connection');
    const result = await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey });
    expect(result).toContain('Connected');
  });
}

type Rect = { x: number; y: number; width: number; height: number };

/** The middle of a box (where its clicks land), in viewport px at scroll 0, moved down by `shiftY`. */
function middleOf(name: string, shiftY = 0): Rect {
  const box = scenarioBox(layoutChangedScenario, name);
  return { x: box.x + box.width / 2 - 50, y: box.y + box.height / 2 - 12 + shiftY, width: 100, height: 24 };
}

/** Share of sampled pixels in `rect` the overlay changed (by more than a trace) from the bare page. */
function paintedShare(withHeat: Pixels, bare: Pixels, rect: Rect): number {
  let painted = 0;
  let total = 0;
  for (let y = Math.round(rect.y); y < rect.y + rect.height; y += 2) {
    for (let x = Math.round(rect.x); x < rect.x + rect.width; x += 2) {
      const p = withHeat.at(x, y);
      const q = bare.at(x, y);
      total++;
      if (Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]), Math.abs(p[2] - q[2])) > 12) painted++;
    }
  }
  return total === 0 ? 0 : painted / total;
}

/** The heat layer alone over the page, and the page without it. */
async function heatPixels(): Promise<{ withHeat: Pixels; bare: Pixels }> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await setPanelHidden(page, true);
  try {
    await page.waitForFunction(() => document.querySelector('[data-heatlens-overlay]')?.getAttribute('data-drawn') === 'whole', { timeout: 20_000 });
    return { withHeat: await capture(page), bare: await captureWithoutOverlay(page) };
  } finally {
    await setPanelHidden(page, false);
  }
}

async function barText(): Promise<string> {
  return (await evaluateInOverlay<string>(page, 'function () { return this.querySelector(".bar")?.parentElement?.textContent ?? ""; }')) ?? '';
}

beforeAll(async () => {
  environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  changed = generateLayoutChangeScenario(environment.siteUrl);
  steady = generateSteadyTrafficScenario(environment.siteUrl);
  for (const data of [changed, steady]) {
    environment.postHog.store.addRows(data.rows);
    environment.postHog.store.addElementEvents(data.elementEvents);
  }
  environment.postHog.store.addAnnotation(changed.annotation!);
  // An annotation far from the change, which must not be named.
  environment.postHog.store.addAnnotation({ content: 'Blog redesign', date_marker: `${changed.days[1]}T12:00:00Z` });
  chromium = await launchWithExtension();
  await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
  page = await chromium.newPage(SCENARIO_VIEWPORT);
  await page.goto(`${environment.siteUrl}${layoutChangedScenario.path}`, { waitUntil: 'load' });
  const popup = new FiltersPopup(await chromium.openPopup(page));
  expect(await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey })).toContain('Connected');
  // The scenarios' 14 whole days, as a person picks a custom range.
  await popup.openSection('Layers and filters');
  await popup.select('heatlens-date', 'custom');
  await popup.setValue('From date', changed.days[0]!);
  await popup.setValue('To date', changed.days[changed.days.length - 1]!);
  await popup.page.close();
  await page.bringToFront();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await environment?.close();
});

describe('a layout change through the real extension (issue 19)', () => {
  it('names the day of the change (±1 day) with the annotation of that day, and re-anchors the earlier clicks', async () => {
    await openScenario(layoutChangedScenario.path);
    const text = await waitForOverlayText(page, /The layout changed around/, 30_000);
    const day = namedDay(text, changed.days);
    expect(day, text).not.toBeNull();
    expect(dayDistance(day!, changed.changeDay!)).toBeLessThanOrEqual(1);
    expect(text).toContain('(annotation: New pricing hero)');
    expect(text).not.toContain('Blog redesign');
    // Every click before the change moved (the nav, above the bar, kept its place): none left out.
    const clicksBefore = changed.rows.filter((row) => row.type === 'click' && new Date(row.timestamp).toISOString().slice(0, 10) < changed.changeDay!).length;
    expect(text).toContain(`${clicksBefore} earlier clicks moved ${NOTICE_BAR_HEIGHT} px down to their content (those above the change kept in place)`);
    expect(text).not.toContain('left out');
  });

  it('paints no ghost heat where the old coordinates now hold other content, and heat on the elements', async () => {
    const { withHeat, bare } = await heatPixels();
    for (const name of ['changedTrial', 'changedPlans']) {
      const element = middleOf(name);
      // Where the element was before the bar: the intro paragraph and the screenshot sit there now.
      const ghost = middleOf(name, -NOTICE_BAR_HEIGHT);
      expect(paintedShare(withHeat, bare, element), `${name} on its element`).toBeGreaterThan(0.3);
      expect(paintedShare(withHeat, bare, ghost), `${name} at its old place`).toBeLessThan(0.02);
    }
  });

  it('"as recorded" shows the earlier clicks at their recorded coordinates, ghosts included, and says so', async () => {
    await openDetails(page);
    await waitInOverlay(page, `function () { const box = this.querySelector('input[name="as-recorded"]'); return box && !box.disabled; }`);
    await clickInOverlay(page, 'input[name="as-recorded"]');
    await waitForOverlayText(page, /earlier clicks shown as recorded/, 30_000);
    await waitForOverlayStatus(page, ['ready'], 30_000);
    const { withHeat, bare } = await heatPixels();
    const ghost = middleOf('changedTrial', -NOTICE_BAR_HEIGHT);
    expect(paintedShare(withHeat, bare, ghost)).toBeGreaterThan(0.3);
    // Back to re-anchored, as the later tests expect.
    await clickInOverlay(page, 'input[name="as-recorded"]');
    await waitForOverlayText(page, /earlier clicks moved/, 30_000);
  });

  it('reports no change on the control page, whose traffic only doubled', async () => {
    await openScenario(layoutSteadyScenario.path);
    await openDetails(page);
    const notice = await waitInOverlay<string>(page, `function () { const notice = this.querySelector('[data-layout-change]'); return notice ? notice.getAttribute('data-layout-change') + '|' + notice.textContent : null; }`, 30_000);
    expect(notice).toMatch(/^none\|No layout change found in these 14 days/);
    expect(await barText()).not.toContain('The layout changed');
    expect(steady.rows.length).toBeGreaterThan(0);
  });

  it('without annotation:read it still finds the change and says annotations could not be read', async () => {
    await useKey(KEY_NO_ANNOTATIONS);
    try {
      await openScenario(layoutChangedScenario.path);
      const text = await waitForOverlayText(page, /The layout changed around/, 30_000);
      expect(dayDistance(namedDay(text, changed.days)!, changed.changeDay!)).toBeLessThanOrEqual(1);
      expect(text).toMatch(/annotations could not be read: This personal API key lacks the 'annotation:read' scope/);
    } finally {
      await useKey(environment.apiKey);
    }
  });

  it('without query:read it finds the change from the heatmaps endpoint, day by day', async () => {
    // Saving the key repaints the overlay already open on this page: its reads count too.
    const since = Date.now();
    await useKey(KEY_NO_QUERY);
    try {
      await openScenario(layoutChangedScenario.path);
      const text = await waitForOverlayText(page, /The layout changed around/, 30_000);
      expect(dayDistance(namedDay(text, changed.days)!, changed.changeDay!)).toBeLessThanOrEqual(1);
      const dayReads = environment.postHog.requestLog.filter((request) => request.at >= since && request.path.endsWith('/heatmaps/') && request.query.type === 'click' && request.query.date_from === request.query.date_to);
      expect(dayReads.length).toBeGreaterThanOrEqual(changed.days.length);
    } finally {
      await useKey(environment.apiKey);
    }
  });
});
