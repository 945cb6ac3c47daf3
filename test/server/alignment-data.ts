// Data for the alignment measure and "compare before / after a change" (issue 19, items 3 and 4), on
// /scenarios/ordinary (test/site/scenarios.ts: every element at a fixed document position).
//
// The story: three days ago a 120 px notice bar was put under the header (annotation "Notice bar
// added" that day). The page as served is the layout since the change (the bar itself is not drawn:
// only where things are matters), so every element below the header sits 120 px lower than it did;
// the header's nav did not move. Clicks recorded before the change are at the old
// positions, 120 px above their element now (no element there is taller than 56 px, so with the
// measure's 16 px padding none of them lands on its own element); clicks since are on the elements.
// Autocapture names the clicked element whatever its position. An "Old promo" button of the old page
// is gone. Phone visitors (390 px) click "Get started" too: autocapture counts them, the heat at the
// desktop window does not, and the measure must leave them out on both sides.

import { ordinaryScenario, scenarioBox } from '../site/scenarios';
import { seededRandom } from '../seeded-random';
import { scaleCapturedInteraction, type ElementDescription, type ElementEventInput, type HeatmapRowInput } from './store';

const DAY_MS = 86_400_000;
export const ALIGNMENT_PATH = ordinaryScenario.path;
export const ALIGNMENT_VIEWPORT = { width: 1280, height: 800 } as const;
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;
/** How far the notice bar pushed everything below the header down. */
export const BAR_HEIGHT = 120;
export const BAR_ANNOTATION = 'Notice bar added';

export type AlignmentTarget = 'getStarted' | 'guide' | 'examples' | 'ordinaryNavPricing' | 'oldPromo';

/** Desktop clicks per element before the change (recorded at the old layout) and since. */
export const alignmentClicks: Readonly<Record<AlignmentTarget, { before: number; after: number }>> = {
  getStarted: { before: 20, after: 60 },
  guide: { before: 30, after: 10 },
  examples: { before: 0, after: 20 },
  ordinaryNavPricing: { before: 30, after: 30 },
  oldPromo: { before: 8, after: 0 },
};
/** Whether the bar moved the element (everything in <main>; the header's nav stayed where it was). */
export const movedByBar: Readonly<Record<AlignmentTarget, boolean>> = {
  getStarted: true,
  guide: true,
  examples: true,
  ordinaryNavPricing: false,
  oldPromo: true,
};
/** Phone visitors' clicks on "Get started" since the change (another window width: not in the desktop heat). */
export const PHONE_GET_STARTED = 15;

/** What the live page calls each element (its accessible name), as the panel names it. */
export const alignmentLabels: Readonly<Record<Exclude<AlignmentTarget, 'oldPromo'>, string>> = {
  getStarted: 'Get started',
  guide: 'Read the guide',
  examples: 'See examples',
  ordinaryNavPricing: 'Pricing',
};

/** The old page's promo button: gone from the page served now. */
const OLD_PROMO = { x: 600, y: 420, width: 200, height: 48 };

export interface AlignmentData {
  rows: HeatmapRowInput[];
  elementEvents: ElementEventInput[];
  /** The first day of the new layout (YYYY-MM-DD): the annotation's day. */
  changeDay: string;
  /** The annotation's moment (ISO). */
  annotationAt: string;
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function chain(target: AlignmentTarget): ElementDescription[] {
  const plain = (tag: string, classes: string[] = []): ElementDescription => ({
    text: null,
    tag_name: tag,
    attr_class: classes.length > 0 ? classes : null,
    href: null,
    attr_id: null,
    nth_child: null,
    nth_of_type: null,
    attributes: classes.length > 0 ? { attr__class: classes.join(' ') } : {},
    order: 0,
  });
  let leaf: ElementDescription;
  let above: ElementDescription[];
  if (target === 'oldPromo') {
    leaf = { ...plain('button', ['box']), text: 'Old promo', attr_id: 'old-promo', attributes: { attr__class: 'box', attr__id: 'old-promo' } };
    above = [plain('main'), plain('div', ['frame']), plain('body')];
  } else {
    const box = scenarioBox(ordinaryScenario, target);
    const classes = ['box', ...(box.className ? [box.className] : [])];
    leaf = {
      ...plain(box.tag, classes),
      text: box.text,
      href: box.href ?? null,
      attr_id: box.id ?? null,
      attributes: { attr__class: classes.join(' '), ...(box.id ? { attr__id: box.id } : {}), ...(box.href ? { attr__href: box.href } : {}) },
    };
    above = box.region === 'nav' ? [plain('nav'), plain('header', ['top']), plain('div', ['frame']), plain('body')] : [plain('main'), plain('div', ['frame']), plain('body')];
  }
  return [leaf, ...above].map((element, order) => ({ ...element, order }));
}

/** The element's box now; before the change, everything below the header was BAR_HEIGHT higher. */
function boxAt(target: AlignmentTarget, when: 'before' | 'after'): { x: number; y: number; width: number; height: number } {
  if (target === 'oldPromo') return OLD_PROMO;
  const box = scenarioBox(ordinaryScenario, target);
  const moved = movedByBar[target] && when === 'before' ? BAR_HEIGHT : 0;
  return { x: box.x, y: box.y - moved, width: box.width, height: box.height };
}

/** All rows and autocapture events, the change three days before `now`. */
export function generateAlignmentData(siteUrl: string, now = new Date()): AlignmentData {
  const url = `${siteUrl.replace(/\/+$/, '')}${ALIGNMENT_PATH}`;
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const change = today - 3 * DAY_MS;
  const random = seededRandom(19);
  const rows: HeatmapRowInput[] = [];
  const elementEvents: ElementEventInput[] = [];
  let visit = 0;
  const record = (target: AlignmentTarget, when: 'before' | 'after', viewport: { width: number; height: number }) => {
    visit++;
    // Before: the three days before the change; after: the change's day and the two after it (never in the future).
    const dayStart = when === 'before' ? change - (1 + (visit % 3)) * DAY_MS : change + (visit % 3) * DAY_MS;
    const timestamp = new Date(Math.min(dayStart + 10 * 3_600_000 + (visit % 50) * 60_000, now.getTime() - 60_000));
    const box = boxAt(target, when);
    // Phones lay the page out their own way: where exactly does not matter, only that it is another width.
    const x = box.x + box.width / 2 + (random() * 2 - 1) * (box.width / 4);
    const y = box.y + box.height / 2 + (random() * 2 - 1) * (box.height / 6);
    const row = scaleCapturedInteraction({
      session_id: `alignment-session-${visit}`,
      distinct_id: `alignment-visitor-${visit}`,
      timestamp,
      x,
      y,
      target_fixed: false,
      type: 'click',
      viewport_width: viewport.width,
      viewport_height: viewport.height,
      current_url: url,
    });
    if (row) rows.push(row);
    elementEvents.push({ event: '$autocapture', timestamp, distinct_id: `alignment-visitor-${visit}`, current_url: url, viewport_width: viewport.width, elements: chain(target) });
  };
  for (const [target, counts] of Object.entries(alignmentClicks) as Array<[AlignmentTarget, { before: number; after: number }]>) {
    for (let i = 0; i < counts.before; i++) record(target, 'before', ALIGNMENT_VIEWPORT);
    for (let i = 0; i < counts.after; i++) record(target, 'after', ALIGNMENT_VIEWPORT);
  }
  for (let i = 0; i < PHONE_GET_STARTED; i++) record('getStarted', 'after', PHONE_VIEWPORT);
  return { rows, elementEvents, changeDay: day(change), annotationAt: new Date(change + 9 * 3_600_000).toISOString() };
}
