// Demo and test data for Compare (issue 9): the landing page in four older weeks, well before the
// sample data's last ten days, so the default "last 7 days" heatmap never sees it.
//
// - Weeks A → B, a redesign: "Choose Pro" falls from 141 clicks to 38 while "Choose Starter" rises from
//   38 to 141; the hero button and the nav's Pricing link keep exactly the same clicks at the same
//   spots. Both weeks total the same, so after normalisation only the two pricing buttons differ.
// - Weeks C → D, growth only: D holds every click of C twice. Normalised, nothing differs.
// Every click is recorded at 1280×800 and at 1440×900 (the e2e tests' and the demo's windows) on the
// demo layout of that width, so the heat sits on the buttons.

import { demoLayout, type TargetName } from '../site/layout';
import { seededRandom } from '../seeded-random';
import { scaleCapturedInteraction, type HeatmapRowInput } from './store';

const DAY_MS = 86_400_000;

/** Clicks per target in week A and week B (per viewport width). */
export const compareClicks: Readonly<Record<'a' | 'b', Partial<Record<TargetName, number>>>> = {
  a: { pricingPro: 141, pricingStarter: 38, heroCta: 200, navPricing: 60 },
  b: { pricingPro: 38, pricingStarter: 141, heroCta: 200, navPricing: 60 },
};
/** Week C's clicks; week D has each of them twice. */
export const growthClicks: Readonly<Partial<Record<TargetName, number>>> = { pricingPro: 90, heroCta: 150, navFeatures: 40 };

export const COMPARE_VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

export interface CompareWeeks {
  a: { dateFrom: string; dateTo: string };
  b: { dateFrom: string; dateTo: string };
  c: { dateFrom: string; dateTo: string };
  d: { dateFrom: string; dateTo: string };
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The four weeks as YYYY-MM-DD ranges (both ends inclusive), counted back from `now`. */
export function compareWeeks(now: Date): CompareWeeks {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const week = (startDaysAgo: number) => ({ dateFrom: day(today - startDaysAgo * DAY_MS), dateTo: day(today - (startDaysAgo - 6) * DAY_MS) });
  return { a: week(45), b: week(38), c: week(60), d: week(53) };
}

/** Positions inside each target's box, fixed per seed so weeks can repeat them exactly. */
function clickSpots(width: number, clicks: Partial<Record<TargetName, number>>, seed: number): Array<{ x: number; y: number; fixed: boolean; target: TargetName }> {
  const random = seededRandom(seed);
  const layout = demoLayout(width);
  const spots: Array<{ x: number; y: number; fixed: boolean; target: TargetName }> = [];
  for (const [target, count] of Object.entries(clicks) as Array<[TargetName, number]>) {
    const rect = layout[target];
    for (let index = 0; index < count; index++) {
      spots.push({
        x: Math.round(rect.x + rect.width * (0.2 + 0.6 * random())),
        y: Math.round(rect.y + rect.height * (0.25 + 0.5 * random())),
        fixed: rect.fixed,
        target,
      });
    }
  }
  return spots;
}

function rowsFor(
  siteUrl: string,
  weekStart: string,
  viewport: { width: number; height: number },
  spots: ReturnType<typeof clickSpots>,
  tag: string,
): HeatmapRowInput[] {
  const start = Date.parse(`${weekStart}T00:00:00Z`);
  return spots.flatMap((spot, index) => {
    const row = scaleCapturedInteraction({
      session_id: `compare-${tag}-${viewport.width}-${index}`,
      distinct_id: `compare-visitor-${tag}-${index % 97}`,
      // Spread over the week's seven days, always inside one of them.
      timestamp: new Date(start + (index % 7) * DAY_MS + 3_600_000 + (index % 600) * 60_000),
      x: spot.x,
      y: spot.y,
      target_fixed: spot.fixed,
      type: 'click',
      viewport_width: viewport.width,
      viewport_height: viewport.height,
      current_url: `${siteUrl.replace(/\/+$/, '')}/`,
    });
    return row ? [row] : [];
  });
}

/** All rows of the four weeks for the landing page of `siteUrl`. */
export function generateCompareData(options: { siteUrl: string; now?: Date }): { rows: HeatmapRowInput[]; weeks: CompareWeeks } {
  const weeks = compareWeeks(options.now ?? new Date());
  const rows: HeatmapRowInput[] = [];
  for (const viewport of COMPARE_VIEWPORTS) {
    // Unchanged targets get the same spots in A and B (same seed): only the pricing buttons differ.
    const unchanged = (clicks: Partial<Record<TargetName, number>>) =>
      Object.fromEntries(Object.entries(clicks).filter(([target]) => target !== 'pricingPro' && target !== 'pricingStarter'));
    const moved = (clicks: Partial<Record<TargetName, number>>) =>
      Object.fromEntries(Object.entries(clicks).filter(([target]) => target === 'pricingPro' || target === 'pricingStarter'));
    const shared = clickSpots(viewport.width, unchanged(compareClicks.a), 9001);
    rows.push(...rowsFor(options.siteUrl, weeks.a.dateFrom, viewport, [...shared, ...clickSpots(viewport.width, moved(compareClicks.a), 9002)], 'a'));
    rows.push(...rowsFor(options.siteUrl, weeks.b.dateFrom, viewport, [...shared, ...clickSpots(viewport.width, moved(compareClicks.b), 9003)], 'b'));
    const growth = clickSpots(viewport.width, growthClicks, 9004);
    rows.push(...rowsFor(options.siteUrl, weeks.c.dateFrom, viewport, growth, 'c'));
    rows.push(...rowsFor(options.siteUrl, weeks.d.dateFrom, viewport, [...growth, ...growth], 'd'));
  }
  return { rows, weeks };
}
