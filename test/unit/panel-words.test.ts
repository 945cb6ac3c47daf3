import { describe, expect, it } from 'vitest';
import { compareSummaryLine, countUnit, describeShownFilters, primaryEntry, shownRangeShort } from '@/lib/views/panel-words';
import { paletteHottestCss } from '@/lib/render/palette';
import { autocaptureLine } from '@/lib/review/rules/context';
import type { Comparison, HeatLayerData, HeatmapPayload } from '@/lib/messaging/protocol';

/** A layer whose total is `total` (the spots do not matter to the words). */
function layer(id: HeatLayerData['id'], total: number): HeatLayerData {
  return {
    id,
    spots: { relativeX: new Float64Array(0), y: new Float64Array(0), count: new Float64Array(0), fixed: new Uint8Array(0) },
    fold: { total_count: 0, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: null },
    totalCount: total,
  };
}

const summary: HeatmapPayload['summary'] = {
  dateFrom: '2026-11-30',
  dateTo: '2026-12-07',
  viewportWidthMin: 1296,
  viewportWidthMax: 1584,
  aggregation: 'total_count',
  urlPattern: null,
  segmentLabel: 'All visitors',
};

const comparison: Comparison = {
  a: { label: 'A', dateFrom: '2026-11-23', dateTo: '2026-11-29', segmentLabel: 'All visitors', layers: [layer('click', 540)], visitors: null },
  b: { label: 'B', dateFrom: '2026-11-30', dateTo: '2026-12-07', segmentLabel: 'plan = paid', layers: [layer('click', 610)], visitors: null },
  normalisation: 'total',
  view: 'diff',
};

describe('the panel names what it counts, for the view shown (issue 20)', () => {
  it('item 1: A shows A’s days, B shows B’s, A−B leaves the days to the compare line', () => {
    expect(shownRangeShort(summary, comparison, 'a')).toBe('2026-11-23 → 2026-11-29');
    expect(shownRangeShort(summary, comparison, 'b')).toBe('2026-11-30 → 2026-12-07');
    expect(shownRangeShort(summary, comparison, 'diff')).toBeNull();
    expect(shownRangeShort({ ...summary, dateFrom: '-7d', dateTo: null }, null, null)).toBe('7d');
    expect(shownRangeShort({ ...summary, dateFrom: '-7d', dateTo: null }, null, null, true)).toBe('last 7 days');
  });

  it('item 1: the filters line names the shown side’s days and segment, or both sides under A−B', () => {
    expect(describeShownFilters(summary, { comparison, view: 'a', unit: 'clicks' })).toBe('A 2026-11-23 → 2026-11-29 · All visitors · 1296–1584 px wide · total clicks');
    expect(describeShownFilters(summary, { comparison, view: 'b', unit: 'clicks' })).toBe('B 2026-11-30 → 2026-12-07 · plan = paid · 1296–1584 px wide · total clicks');
    expect(describeShownFilters(summary, { comparison, view: 'diff', unit: null })).toBe(
      'A 2026-11-23 → 2026-11-29 · All visitors vs B 2026-11-30 → 2026-12-07 · plan = paid · 1296–1584 px wide',
    );
  });

  it('item 2: the compare line has both totals, and A−B its normalisation', () => {
    expect(compareSummaryLine(comparison, 'diff', { id: 'click', unit: 'clicks' }, 'each side by its own total')).toBe(
      'A 2026-11-23 → 2026-11-29 · All visitors · 540 clicks vs B 2026-11-30 → 2026-12-07 · plan = paid · 610 clicks · each side by its own total',
    );
    expect(compareSummaryLine(comparison, 'a', { id: 'click', unit: 'clicks' }, 'each side by its own total')).toMatch(/^A .* 540 clicks vs B .* 610 clicks$/);
  });

  it('item 3: unique visitors are never called clicks', () => {
    expect(countUnit('clicks', 'total_count')).toBe('clicks');
    expect(countUnit('clicks', 'unique_visitors')).toBe('visitors per spot, summed');
    expect(countUnit('rage clicks', 'unique_visitors')).not.toMatch(/click/);
    const unique = { ...summary, aggregation: 'unique_visitors' as const };
    expect(describeShownFilters(unique, { unit: countUnit('clicks', 'unique_visitors') })).toBe('2026-11-30 → 2026-12-07 · 1296–1584 px wide · unique visitors per spot');
  });

  it('item 4: the hottest-colour marker describes clicks when shown, else rage, dead, then moves, in that layer’s colour', () => {
    const move = { id: 'mousemove' };
    const click = { id: 'click' };
    const rage = { id: 'rageclick' };
    expect(primaryEntry([move, click])).toBe(click);
    expect(primaryEntry([move, rage])).toBe(rage);
    expect(primaryEntry([move])).toBe(move);
    expect(primaryEntry([])).toBeUndefined();
    expect(paletteHottestCss('heat')).toBe('rgb(255, 0, 0)');
    expect(paletteHottestCss('rage')).toBe('rgb(255, 40, 150)');
    expect(paletteHottestCss('dead')).toBe('rgb(0, 150, 136)');
    expect(paletteHottestCss('move')).toBe('rgb(46, 204, 113)');
  });

  it('item 6: with no click-like layer shown the filters line says no "total clicks"', () => {
    expect(describeShownFilters({ ...summary, dateFrom: '-7d', dateTo: null }, { unit: null })).toBe('last 7 days · 1296–1584 px wide');
    expect(describeShownFilters(summary, { unit: 'rage clicks' })).toBe('2026-11-30 → 2026-12-07 · 1296–1584 px wide · total rage clicks');
  });

  it('item 12: autocapture’s count beside the heatmap’s says why they differ, or that they agree', () => {
    expect(autocaptureLine(72, 32, 'rage click', 'rage clicks')).toBe(
      "PostHog autocapture counted 72 rage click events on this element, against the heatmap's 32: autocapture counts events on the element at every window width, the heatmap counts click positions at the filtered widths only.",
    );
    expect(autocaptureLine(5, 5, 'dead click', 'dead clicks')).toBe('PostHog autocapture counted 5 dead click events on this element, the same as the heatmap.');
  });
});
