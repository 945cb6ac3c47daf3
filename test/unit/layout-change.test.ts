import { describe, expect, it } from 'vitest';
import { daysBetween, detectLayoutChange, LAYOUT_CHANGE_RULE, totalVariation, type DayBands } from '../../lib/layout-change/detect';
import { describeOffsets, planReanchoring, reanchorSpots } from '../../lib/layout-change/re-anchor';
import { changeWords, nearestAnnotation, shortDay, unchangedWords } from '../../lib/layout-change/words';
import type { HeatmapSpot } from '../../lib/posthog/schemas';
import { seededRandom } from '../seeded-random';

/** A page's clickable elements: top (px) and share of the clicks. */
const ELEMENTS = [
  { top: 96, height: 40, weight: 3 },
  { top: 320, height: 48, weight: 5 },
  { top: 560, height: 40, weight: 2 },
  { top: 880, height: 64, weight: 4 },
  { top: 1300, height: 40, weight: 1 },
];

/** Clicks on the elements, `shift` px lower than ELEMENTS says, y in 16-px steps as PostHog stores it. */
function clickYs(random: () => number, count: number, shift: number): number[] {
  const total = ELEMENTS.reduce((sum, element) => sum + element.weight, 0);
  const ys: number[] = [];
  for (let index = 0; index < count; index++) {
    let pick = random() * total;
    const element = ELEMENTS.find((candidate) => (pick -= candidate.weight) < 0) ?? ELEMENTS[0]!;
    ys.push(Math.round((element.top + shift + random() * element.height) / 16) * 16);
  }
  return ys;
}

function day(index: number): string {
  return new Date(Date.UTC(2026, 10, 17 + index)).toISOString().slice(0, 10);
}

function dayBands(index: number, ys: number[]): DayBands {
  const counts = new Map<number, number>();
  for (const y of ys) {
    const band = Math.floor(y / LAYOUT_CHANGE_RULE.bandPx);
    counts.set(band, (counts.get(band) ?? 0) + 1);
  }
  return { day: day(index), counts };
}

/** 14 days; `perDay(i)` clicks on day i; from `changeAt` on, the page is `shift` px lower. */
function range(seed: number, perDay: (index: number) => number, changeAt: number | null, shift = 48): DayBands[] {
  const random = seededRandom(seed);
  return Array.from({ length: 14 }, (_, index) => dayBands(index, clickYs(random, perDay(index), changeAt !== null && index >= changeAt ? shift : 0)));
}

describe('detectLayoutChange', () => {
  it('names the day a 48 px bar was inserted above the content', () => {
    const result = detectLayoutChange(range(1, () => 120, 7));
    expect(result).toMatchObject({ kind: 'changed', day: day(7), index: 7 });
    if (result.kind === 'changed') expect(result.distance).toBeGreaterThanOrEqual(LAYOUT_CHANGE_RULE.minDistance);
  });

  it('finds changes on other days and of other sizes, within a day', () => {
    for (const [changeAt, shift, seed] of [
      [3, 48, 2],
      [10, 200, 3],
      [5, -64, 4],
      [12, 96, 5],
    ] as const) {
      const result = detectLayoutChange(range(seed, () => 150, changeAt, shift));
      expect(result.kind, `change on day ${changeAt} by ${shift}`).toBe('changed');
      if (result.kind === 'changed') expect(Math.abs(result.index - changeAt)).toBeLessThanOrEqual(1);
    }
  });

  it('finds no change when traffic only doubles (or halves) on an unchanged layout', () => {
    expect(detectLayoutChange(range(6, (index) => (index < 7 ? 100 : 200), null)).kind).toBe('unchanged');
    expect(detectLayoutChange(range(7, (index) => (index < 7 ? 300 : 60), null)).kind).toBe('unchanged');
    // Growing every day.
    expect(detectLayoutChange(range(8, (index) => 40 + index * 30, null)).kind).toBe('unchanged');
  });

  it('finds no change in noise: small counts are too few, and many seeds of unchanged pages never report one', () => {
    expect(detectLayoutChange(range(9, () => 8, 7)).kind).toBe('too-little');
    for (let seed = 100; seed < 140; seed++) {
      expect(detectLayoutChange(range(seed, () => 40, null)).kind, `seed ${seed}`).not.toBe('changed');
    }
  });

  it('reports a slow drift (a little lower every day) as no single change', () => {
    const random = seededRandom(11);
    const days = Array.from({ length: 14 }, (_, index) => dayBands(index, clickYs(random, 150, index * 12)));
    const result = detectLayoutChange(days);
    expect(result.kind).toBe('unchanged');
  });

  it('cannot tell a change on the first or last day, nor look in ranges under four days', () => {
    expect(detectLayoutChange(range(12, () => 150, 13)).kind).not.toBe('changed');
    expect(detectLayoutChange(range(13, () => 150, 7).slice(0, 3))).toMatchObject({ kind: 'too-little' });
  });

  it('never throws on bad counts and skips them', () => {
    const days: DayBands[] = Array.from({ length: 6 }, (_, index) => ({ day: day(index), counts: new Map([[3, Number.NaN], [4, -5], [5, Infinity]]) }));
    expect(detectLayoutChange(days).kind).toBe('too-little');
    expect(detectLayoutChange([]).kind).toBe('too-little');
  });

  it('measures shape by total-variation distance', () => {
    expect(totalVariation(new Map([[1, 10]]), 10, new Map([[1, 40]]), 40)).toBe(0);
    expect(totalVariation(new Map([[1, 10]]), 10, new Map([[2, 40]]), 40)).toBe(1);
    expect(totalVariation(new Map([[1, 5], [2, 5]]), 10, new Map([[2, 10]]), 10)).toBe(0.5);
  });

  it('lists the days of a range', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(daysBetween('2026-12-02', '2026-11-29')).toEqual([]);
    expect(daysBetween('nope', '2026-11-29')).toEqual([]);
  });
});

function spotsOf(ys: number[], x = 0.5): HeatmapSpot[] {
  const counts = new Map<number, number>();
  for (const y of ys) counts.set(y, (counts.get(y) ?? 0) + 1);
  return [...counts].map(([y, count]) => ({ count, pointer_y: y, pointer_relative_x: x, pointer_target_fixed: false }));
}

describe('re-anchoring the clicks before a change', () => {
  it('moves every region by the bar’s height when a bar was inserted above the content', () => {
    const random = seededRandom(21);
    const before = spotsOf(clickYs(random, 800, 0));
    const after = spotsOf(clickYs(random, 900, 48));
    const plan = planReanchoring(before, after);
    const shifts = describeOffsets(plan).map((offset) => offset.shift);
    expect(shifts.length).toBeGreaterThan(0);
    expect(new Set(shifts)).toEqual(new Set([48]));
    const result = reanchorSpots(before, plan);
    expect(result.moved + result.leftOut).toBe(800);
    expect(result.leftOut).toBe(0);
    // Every re-anchored click now sits on an element's current box (shifted 48 px).
    for (const spot of result.spots) {
      expect(ELEMENTS.some((element) => spot.pointer_y >= element.top + 48 - 16 && spot.pointer_y <= element.top + 48 + element.height + 16), `y ${spot.pointer_y}`).toBe(true);
    }
  });

  it('moves regions by different amounts when only the lower part moved, keeping their order', () => {
    const random = seededRandom(22);
    const before = spotsOf(clickYs(random, 800, 0));
    // A 160 px section grew between the second element (320) and the third (560).
    const after = spotsOf(clickYs(random, 800, 0).map((y) => (y >= 540 ? y + 160 : y)));
    const plan = planReanchoring(before, after);
    for (const region of plan.regions) {
      const top = region.from * 16;
      if (region.shift === null) continue;
      expect(region.shift * 16, `region at ${top}`).toBe(top >= 540 ? 160 : 0);
    }
    const result = reanchorSpots(before, plan);
    expect(result.leftOut).toBeLessThan(40);
  });

  it('leaves out clicks on content that is gone, and counts them', () => {
    const random = seededRandom(23);
    const before = [...spotsOf(clickYs(random, 600, 0)), ...spotsOf([2000, 2000, 2016, 2000], 0.3)];
    const after = spotsOf(clickYs(random, 600, 0));
    const result = reanchorSpots(before, planReanchoring(before, after));
    expect(result.leftOut).toBeGreaterThanOrEqual(4);
    expect(result.spots.some((spot) => spot.pointer_y >= 1990 && spot.pointer_y <= 2030)).toBe(false);
  });

  it('keeps fixed-position clicks as recorded, and survives empty or bad input', () => {
    const fixed: HeatmapSpot = { count: 3, pointer_y: 20, pointer_relative_x: 0.9, pointer_target_fixed: true };
    const bad: HeatmapSpot = { count: Number.NaN, pointer_y: 40, pointer_relative_x: 0.1, pointer_target_fixed: false };
    const plan = planReanchoring([fixed, bad], []);
    expect(reanchorSpots([fixed, bad], plan)).toEqual({ spots: [fixed], moved: 3, leftOut: 0 });
    expect(planReanchoring([], []).regions).toEqual([]);
  });
});

describe('the panel’s words', () => {
  const annotations = { available: true as const, items: [{ id: 1, content: 'New pricing hero', date: '2026-11-30T09:00:00Z' }] };

  it('names the day and the annotation within a day', () => {
    expect(shortDay('2026-11-30')).toBe('30 Nov');
    expect(changeWords('2026-12-01', annotations, null)).toBe('The layout changed around 1 Dec (annotation: New pricing hero)');
    expect(nearestAnnotation(annotations.items, '2026-12-02')).toBeNull();
    expect(changeWords('2026-12-03', annotations, null)).toBe('The layout changed around 3 Dec (no annotation within a day)');
  });

  it('says when annotations could not be read, and what became of the earlier clicks', () => {
    const words = changeWords('2026-11-30', { available: false, message: 'This key lacks the annotation:read scope.' }, {
      kind: 're-anchored',
      moved: 412,
      leftOut: 12,
      offsets: [{ from: 0, to: 640, shift: 48 }],
    });
    expect(words).toBe(
      'The layout changed around 30 Nov (annotations could not be read: This key lacks the annotation:read scope.) · 412 earlier clicks moved 48 px down to their content · 12 earlier clicks left out: no place on the page now matches where they were clicked',
    );
    expect(changeWords('2026-11-30', annotations, { kind: 'as-recorded', count: 5 })).toContain('5 earlier clicks shown as recorded');
    const header = { from: 0, to: 64, shift: 0 };
    const content = { from: 64, to: 900, shift: 96 };
    expect(changeWords('2026-11-30', annotations, { kind: 're-anchored', moved: 7, leftOut: 0, offsets: [header, content] })).toBe(
      'The layout changed around 30 Nov (annotation: New pricing hero) · 7 earlier clicks moved 96 px down to their content (those above the change kept in place)',
    );
    expect(changeWords('2026-11-30', annotations, { kind: 're-anchored', moved: 7, leftOut: 0, offsets: [header, content, { from: 900, to: 990, shift: -32 }] })).toContain(
      '7 earlier clicks moved to where their content is now (by up to 96 px)',
    );
    expect(unchangedWords(14, 'the clicks kept their shape')).toBe('No layout change found in these 14 days: the clicks kept their shape.');
  });
});
