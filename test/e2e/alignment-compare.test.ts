import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { generateLayoutChangeScenario, SCENARIO_VIEWPORT, type LayoutChangeScenarioData } from '../server/scenario-data';
import { KEY_NO_ANNOTATIONS, KEY_NO_ELEMENTS } from '../server/keys';
import { scaleCapturedInteraction, SCALE_FACTOR, type ElementEventInput, type HeatmapRowInput } from '../server/store';
import { layoutChangedScenario } from '../site/scenarios';
import { startConfiguredSession, type ConfiguredSession } from './fixture';
import { waitForOverlayStatus, waitForOverlayText } from './overlay';
import { clickInOverlay, evaluateInOverlay, openDetails, openReview, waitInOverlay } from './overlay-shadow';
import { FiltersPopup } from './pages/popup';

// Issue 19, items 3 and 4, on the layout-change scenario (test/server/scenario-data.ts): 14 days of
// /scenarios/layout-changed, a notice bar inserted under the header on the 8th day (annotation "New
// pricing hero"), clicks before it recorded with the content 96 px higher. Added here: phone visitors
// (autocapture counts them, the desktop heat does not) and an "Old promo" button that is gone.

let session: ConfiguredSession;
let page: Page;
let data: LayoutChangeScenarioData;

const PHONE = { width: 390, height: 844 };
const PHONE_CLICKS = 15;
const OLD_PROMO_CLICKS = 8;
const OLD_PROMO = 'Old promo';
const TRIAL = 'Start free trial';
const NAV = 'Pricing';

async function withPopup<T>(action: (popup: FiltersPopup) => Promise<T>): Promise<T> {
  const popup = new FiltersPopup(await session.chromium.openPopup(page));
  try {
    return await action(popup);
  } finally {
    await popup.page.close();
    await page.bringToFront();
  }
}

/** The review's alignment block once it matches `pattern`. */
async function alignmentText(pattern: RegExp): Promise<{ kind: string; text: string }> {
  return waitInOverlay<{ kind: string; text: string }>(
    page,
    `function (source) {
      const block = this.querySelector('.review[data-review="ready"] [data-alignment]');
      return block && new RegExp(source).test(block.textContent) ? { kind: block.dataset.alignment, text: block.textContent } : null;
    }`,
    30_000,
    pattern.source,
  ).catch(async (error: unknown) => {
    // Say what the review shows instead: the figure that did not match is the clue.
    const shown = await evaluateInOverlay<string | null>(page, `function () { return this.querySelector('[data-alignment]')?.textContent ?? null; }`).catch(() => null);
    throw new Error(`${String(error)}; the review shows: ${shown}`);
  });
}

const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

/** The desktop autocapture events of the range, per clicked element's text, split at the change. */
function autocaptureByElement(): Map<string, { before: number; after: number }> {
  const changeStart = Date.parse(`${data.changeDay!}T00:00:00Z`);
  const byText = new Map<string, { before: number; after: number }>();
  for (const event of data.elementEvents) {
    if (event.event !== '$autocapture' || event.viewport_width !== SCENARIO_VIEWPORT.width) continue;
    const text = event.elements[0]!.text!;
    // Gone from the page: counted apart, never measured.
    if (text === OLD_PROMO) continue;
    const entry = byText.get(text) ?? { before: 0, after: 0 };
    if (new Date(event.timestamp).getTime() < changeStart) entry.before++;
    else entry.after++;
    byText.set(text, entry);
  }
  return byText;
}

/** The desktop click rows before and after the change: each side's total, what shares are of. */
function clickTotals(): { before: number; after: number } {
  const changeStart = Date.parse(`${data.changeDay!}T00:00:00Z`);
  const totals = { before: 0, after: 0 };
  for (const row of data.rows) {
    if (row.type !== 'click' || row.viewport_width !== Math.round(SCENARIO_VIEWPORT.width / SCALE_FACTOR)) continue;
    if (new Date(row.timestamp).getTime() < changeStart) totals.before++;
    else totals.after++;
  }
  return totals;
}

/** Phone visitors on "Start free trial", and clicks on an "Old promo" button the page no longer has. */
function extraData(siteUrl: string): { rows: HeatmapRowInput[]; events: ElementEventInput[] } {
  const url = `${siteUrl}${layoutChangedScenario.path}`;
  const trial = data.elementEvents.find((event) => event.elements[0]?.text === TRIAL)!;
  const at = new Date(`${data.days[10]}T12:00:00Z`);
  const rows: HeatmapRowInput[] = [];
  const events: ElementEventInput[] = [];
  const click = (index: number, viewport: { width: number; height: number }, x: number, y: number) =>
    scaleCapturedInteraction({ session_id: `extra-${index}`, distinct_id: `extra-${index}`, timestamp: at, x, y, target_fixed: false, type: 'click', viewport_width: viewport.width, viewport_height: viewport.height, current_url: url })!;
  for (let index = 0; index < PHONE_CLICKS; index++) {
    rows.push(click(index, PHONE, 195, 600));
    events.push({ ...trial, timestamp: at, distinct_id: `extra-${index}`, viewport_width: PHONE.width });
  }
  const oldPromo = [{ ...trial.elements[0]!, text: OLD_PROMO, attr_id: 'old-promo', attributes: { attr__id: 'old-promo', attr__class: 'box' } }, ...trial.elements.slice(1)];
  for (let index = 0; index < OLD_PROMO_CLICKS; index++) {
    rows.push(click(100 + index, SCENARIO_VIEWPORT, 900, 760));
    events.push({ ...trial, timestamp: new Date(`${data.days[2]}T12:00:00Z`), distinct_id: `extra-${100 + index}`, elements: oldPromo });
  }
  return { rows, events };
}

beforeAll(async () => {
  session = await startConfiguredSession({
    viewport: SCENARIO_VIEWPORT,
    prepare: (environment) => {
      data = generateLayoutChangeScenario(environment.siteUrl);
      const extra = extraData(environment.siteUrl);
      // The old promo's clicks count in the "before" side's total too.
      data = { ...data, rows: [...data.rows, ...extra.rows], elementEvents: [...data.elementEvents, ...extra.events] };
      environment.postHog.store.addRows(data.rows);
      environment.postHog.store.addElementEvents(data.elementEvents);
      environment.postHog.store.addAnnotation({ ...data.annotation!, creation_type: 'GIT' });
    },
  });
  page = session.page;
  await page.goto(`${session.environment.siteUrl}${layoutChangedScenario.path}`, { waitUntil: 'load' });
  await withPopup(async (popup) => {
    await popup.select('heatlens-date', 'custom');
    await popup.setValue('From date', data.days[0]!);
    await popup.setValue('To date', data.days.at(-1)!);
    expect(await popup.toggleOverlay()).toBe('Hide heatmap');
  });
  await waitForOverlayStatus(page, ['ready'], 60_000);
  await openDetails(page);
  await openReview(page);
}, 300_000);

afterAll(async () => {
  await session?.close();
});

describe('heat alignment: how well the heat matches the page now', () => {
  it('as recorded, gives the share of autocaptured clicks whose heat falls on their element, as the data says, and names the elements whose clicks are elsewhere', async () => {
    await waitInOverlay(page, `function () { return this.querySelector('input[name="as-recorded"]:not([disabled])') !== null; }`, 30_000);
    await clickInOverlay(page, 'input[name="as-recorded"]');
    // Clicks since the change are on their elements; earlier ones on content the bar moved are 96 px
    // above it (no autocaptured element is taller than 56 px: none holds its own old clicks), the nav's
    // are where it still is. Phone visitors are in neither count: another window width.
    const counts = autocaptureByElement();
    let autocaptured = 0;
    let onElement = 0;
    const elsewhere: string[] = [];
    for (const [text, { before, after }] of counts) {
      const inside = after + (text === NAV ? before : 0);
      autocaptured += before + after;
      onElement += Math.min(before + after, inside);
      if (inside < (before + after) / 2) elsewhere.push(text);
    }
    expect(elsewhere.length).toBeGreaterThan(0);
    const headline = `Heat matches the page: ${pct(onElement, autocaptured)} of autocaptured clicks fall on their element (${onElement} of ${autocaptured}, ${counts.size} elements).`;
    const { kind, text } = await alignmentText(new RegExp(headline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    expect(kind).toBe('measured');
    for (const [name, { before, after }] of counts) {
      const line = `“${name}”: ${after} of its ${before + after} autocaptured clicks are on it`;
      if (elsewhere.includes(name)) expect(text).toContain(line);
      else expect(text).not.toContain(`“${name}”:`);
    }
    expect(text).toContain(`1 autocaptured element (${OLD_PROMO_CLICKS} clicks) is not on the page now, so it is not measured.`);
  });

  it('re-anchored, the heat matches better than as recorded', async () => {
    const recorded = Number(await evaluateInOverlay<string>(page, `function () { return this.querySelector('[data-alignment="measured"]').dataset.share; }`));
    await clickInOverlay(page, 'input[name="as-recorded"]');
    const reanchored = await waitInOverlay<number>(
      page,
      `function (before) { const block = this.querySelector('.review[data-review="ready"] [data-alignment="measured"]'); const share = block && Number(block.dataset.share); return share && share !== before ? share : null; }`,
      30_000,
      recorded,
    );
    expect(reanchored).toBeGreaterThan(recorded);
  });
});

describe('compare before / after a change', () => {
  it('offers the detected change and the annotation as split points; splitting at the annotation names the element the bar pushed down, with the data’s shares', async () => {
    const points = await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.setCheckbox('Compare two ranges', true);
      await popup.select('heatlens-compare-preset', 'split');
      await popup.page.waitForSelector('.split-points[data-loading="false"]', { timeout: 60_000 });
      const listed = await popup.page.$$eval('.split-points label[data-day]', (labels) => labels.map((label) => ({ day: label.getAttribute('data-day')!, sources: label.getAttribute('data-sources')!, text: label.textContent ?? '' })));
      await popup.page.click(`.split-points label[data-day="${data.changeDay!}"] input`);
      await popup.page.waitForFunction((day) => (document.querySelector('input[aria-label="Split date"]') as HTMLInputElement | null)?.value === day, {}, data.changeDay!);
      return listed;
    });
    expect(points.find((point) => point.day === data.changeDay!)?.text).toContain(`annotation: ${data.annotation!.content}`);
    // The detected change, within a day of the annotation.
    const detected = points.find((point) => point.sources.includes('detected'));
    expect(detected).toBeDefined();
    expect(Math.abs(Date.parse(detected!.day) - Date.parse(data.changeDay!))).toBeLessThanOrEqual(86_400_000);

    const dayBefore = data.days[data.days.indexOf(data.changeDay!) - 1]!;
    await waitForOverlayText(page, new RegExp(`A ${data.days[0]} → ${dayBefore}`), 60_000);
    const text = await waitForOverlayText(page, /What moved \(A → B\)(?!Reading)/, 60_000);
    // Before the bar, "Start free trial" was 96 px higher: none of A's clicks are on it where it is now.
    const trial = autocaptureByElement().get(TRIAL)!.after;
    const totals = clickTotals();
    expect(totals.before).toBeGreaterThan(0);
    expect(text).toContain(`${TRIAL}: 0 → ${trial} clicks (share 0% → ${pct(trial, totals.after)}, new)`);
  });

  it('without annotation:read, the split list says why, and the detected change is still offered', async () => {
    await withPopup(async (popup) => {
      await popup.openSection('PostHog connection');
      expect(await popup.configure({ host: session.environment.postHogUrl, projectId: session.environment.projectId, apiKey: KEY_NO_ANNOTATIONS })).toContain('Connected');
    });
    const shown = await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.page.waitForSelector('.split-points[data-loading="false"]', { timeout: 60_000 });
      return popup.page.$eval('.split-points', (list) => ({
        note: list.querySelector('[data-annotations="unavailable"]')?.textContent ?? null,
        sources: [...list.querySelectorAll('label[data-day]')].map((label) => label.getAttribute('data-sources')),
      }));
    });
    expect(shown.note).toMatch(/annotations are not listed: .*annotation:read/);
    expect(shown.sources).toEqual(['detected']);
  });
});

describe('heat alignment without element:read', () => {
  it('says the measure needs that scope, and claims no figure', async () => {
    await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.setCheckbox('Compare two ranges', false);
      await popup.openSection('PostHog connection');
      expect(await popup.configure({ host: session.environment.postHogUrl, projectId: session.environment.projectId, apiKey: KEY_NO_ELEMENTS })).toContain('Connected');
    });
    const { text } = await alignmentText(/element:read/);
    expect(text).toContain("needs the 'element:read' scope");
    expect(await evaluateInOverlay<string | null>(page, `function () { return this.querySelector('[data-alignment="measured"]') ? 'measured' : null; }`)).toBeNull();
  });
});
