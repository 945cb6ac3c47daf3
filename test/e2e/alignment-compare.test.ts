import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  ALIGNMENT_PATH,
  ALIGNMENT_VIEWPORT,
  alignmentClicks,
  alignmentLabels,
  BAR_ANNOTATION,
  generateAlignmentData,
  movedByBar,
  type AlignmentData,
} from '../server/alignment-data';
import { KEY_NO_ANNOTATIONS, KEY_NO_ELEMENTS } from '../server/keys';
import { startConfiguredSession, type ConfiguredSession } from './fixture';
import { waitForOverlayStatus, waitForOverlayText } from './overlay';
import { evaluateInOverlay, openReview, waitInOverlay } from './overlay-shadow';
import { FiltersPopup } from './pages/popup';

// Issue 19, items 3 and 4, on data whose right answers are known (test/server/alignment-data.ts):
// a notice bar pushed the page's content 120 px down three days ago, with an annotation that day.

let session: ConfiguredSession;
let page: Page;
let data: AlignmentData;

/** Elements of the page autocapture counted at the desktop window (the old promo is gone). */
const onPage = ['getStarted', 'guide', 'examples', 'ordinaryNavPricing'] as const;

async function withPopup<T>(action: (popup: FiltersPopup) => Promise<T>): Promise<T> {
  const popup = new FiltersPopup(await session.chromium.openPopup(page));
  try {
    return await action(popup);
  } finally {
    await popup.page.close();
    await page.bringToFront();
  }
}

/** The review's alignment block as text, once it has one. */
async function alignmentText(): Promise<{ kind: string; text: string }> {
  return waitInOverlay<{ kind: string; text: string }>(
    page,
    `function () { const block = this.querySelector('.review[data-review="ready"] [data-alignment]'); return block ? { kind: block.dataset.alignment, text: block.textContent } : null; }`,
    30_000,
  );
}

const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

beforeAll(async () => {
  session = await startConfiguredSession({
    viewport: ALIGNMENT_VIEWPORT,
    prepare: (environment) => {
      data = generateAlignmentData(environment.siteUrl);
      environment.postHog.store.addRows(data.rows);
      environment.postHog.store.addElementEvents(data.elementEvents);
      environment.postHog.store.addAnnotation({ content: BAR_ANNOTATION, date_marker: data.annotationAt, creation_type: 'GIT' });
    },
  });
  page = session.page;
  await page.goto(`${session.environment.siteUrl}${ALIGNMENT_PATH}`, { waitUntil: 'load' });
  await withPopup(async (popup) => {
    expect(await popup.toggleOverlay()).toBe('Hide heatmap');
  });
  await waitForOverlayStatus(page, ['ready']);
  await openReview(page);
}, 300_000);

afterAll(async () => {
  await session?.close();
});

describe('heat alignment: how well the heat matches the page now', () => {
  it('gives the share of autocaptured clicks whose heat falls on their element, as the data says', async () => {
    // Clicks since the change are on their elements; those before it on an element the bar moved are
    // 120 px above it (no element is taller than 56 px), on the nav (not moved) they are on it.
    // Phone visitors are in neither count.
    const autocaptured = onPage.reduce((sum, name) => sum + alignmentClicks[name].before + alignmentClicks[name].after, 0);
    const heatOn = (name: (typeof onPage)[number]) => alignmentClicks[name].after + (movedByBar[name] ? 0 : alignmentClicks[name].before);
    const onElement = onPage.reduce((sum, name) => sum + Math.min(alignmentClicks[name].before + alignmentClicks[name].after, heatOn(name)), 0);
    const { kind, text } = await alignmentText();
    expect(kind).toBe('measured');
    expect(text).toContain(`Heat matches the page: ${pct(onElement, autocaptured)} of autocaptured clicks fall on their element (${onElement} of ${autocaptured}, ${onPage.length} elements).`);
  });

  it('names the element whose clicks are elsewhere, and only it', async () => {
    const { text } = await alignmentText();
    // "Read the guide": 10 of its 40 clicks on it (under half); "Get started" holds 60 of 80 (over half).
    const guide = alignmentClicks.guide;
    expect(text).toContain(`“${alignmentLabels.guide}”: ${guide.after} of its ${guide.before + guide.after} autocaptured clicks are on it`);
    for (const name of ['getStarted', 'examples', 'ordinaryNavPricing'] as const) expect(text).not.toContain(`“${alignmentLabels[name]}”:`);
  });

  it('counts and says what autocapture counted that is not on the page, instead of dropping it', async () => {
    const { text } = await alignmentText();
    expect(text).toContain(`1 autocaptured element (${alignmentClicks.oldPromo.before} clicks) is not on the page now, so it is not measured.`);
  });
});

describe('compare before / after a change', () => {
  it('offers the annotation’s day as a split point, and splitting there says what moved with the data’s shares', async () => {
    const pointText = await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.setCheckbox('Compare two ranges', true);
      await popup.select('heatlens-compare-preset', 'split');
      const point = await popup.page.waitForSelector(`.split-points label[data-day="${data.changeDay}"] input`, { timeout: 20_000 });
      const text = await popup.page.$eval(`.split-points label[data-day="${data.changeDay}"]`, (label) => label.textContent ?? '');
      await point!.click();
      await popup.page.waitForFunction((day) => (document.querySelector('input[aria-label="Split date"]') as HTMLInputElement | null)?.value === day, {}, data.changeDay);
      return text;
    });
    expect(pointText).toContain(`${data.changeDay} · `);
    expect(pointText).toContain(`annotation: ${BAR_ANNOTATION}`);

    // A: the range's first day to the day before the change; B: from the change on.
    const before = new Date(Date.parse(`${data.changeDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await waitForOverlayText(page, new RegExp(`A [\\d-]+ → ${before}`), 30_000);
    const text = await waitForOverlayText(page, /What moved \(A → B\)(?!Reading)/, 30_000);
    // Every desktop click of each side is counted (the old promo's too): the shares' denominators.
    const totalA = Object.values(alignmentClicks).reduce((sum, counts) => sum + counts.before, 0);
    const totalB = Object.values(alignmentClicks).reduce((sum, counts) => sum + counts.after, 0);
    // Before the bar, "Get started" was 120 px higher: none of A's clicks are on it where it is now.
    const getStarted = alignmentClicks.getStarted.after;
    expect(text).toContain(`${alignmentLabels.getStarted}: 0 → ${getStarted} clicks (share 0% → ${pct(getStarted, totalB)}, new)`);
    expect(totalA).toBeGreaterThan(0);
  });

  it('without annotation:read, the split list says why', async () => {
    await withPopup(async (popup) => {
      await popup.openSection('PostHog connection');
      expect(await popup.configure({ host: session.environment.postHogUrl, projectId: session.environment.projectId, apiKey: KEY_NO_ANNOTATIONS })).toContain('Connected');
    });
    const note = await withPopup(async (popup) => {
      await popup.openSection('Compare');
      const element = await popup.page.waitForSelector('.split-points [data-annotations="unavailable"]', { timeout: 20_000 });
      return element!.evaluate((node) => node.textContent ?? '');
    });
    expect(note).toMatch(/annotations are not listed: .*annotation:read/);
  });
});

describe('heat alignment without element:read', () => {
  it('says the measure needs that scope', async () => {
    await withPopup(async (popup) => {
      await popup.openSection('Compare');
      await popup.setCheckbox('Compare two ranges', false);
      await popup.openSection('PostHog connection');
      expect(await popup.configure({ host: session.environment.postHogUrl, projectId: session.environment.projectId, apiKey: KEY_NO_ELEMENTS })).toContain('Connected');
    });
    await waitInOverlay(page, `function () { const block = this.querySelector('.review[data-review="ready"] [data-alignment="unavailable"]'); return block ? block.textContent : null; }`, 30_000).then((text) =>
      expect(text).toContain("needs the 'element:read' scope"),
    );
    expect(await evaluateInOverlay<string | null>(page, `function () { return this.querySelector('[data-alignment="measured"]') ? 'measured' : null; }`)).toBeNull();
  });
});
