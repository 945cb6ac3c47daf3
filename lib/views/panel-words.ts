import { describeRange } from '../compare/ranges';
import type { CompareView } from '../compare/view';
import type { Comparison, ComparisonSide, HeatmapPayload } from '../messaging/protocol';
import type { LegendEntry } from './overlay';

/**
 * The words around the heat (issue 20): every figure in the bar, the legend and the caption says what it
 * counts, for the layer and the comparison side that are shown. Pure, so each phrase is unit-tested.
 */

type Summary = HeatmapPayload['summary'];
type Aggregation = Summary['aggregation'];

/** What one count of a layer is under the chosen aggregation. */
export function countUnit(unit: string, aggregation: Aggregation): string {
  // With "unique visitors" PostHog counts distinct visitors per spot; the bar's total sums those
  // spots, so one person who clicked in two places counts twice: visitors, but not distinct ones.
  return aggregation === 'unique_visitors' ? 'visitors per spot, summed' : unit;
}

/** What the panel shows, for its filters line: the comparison view and the unit of the layer the counts are about. */
export interface ShownData {
  view: CompareView | null;
  /** The counted unit of the main painted heat layer; null when only scroll depth or the fold is shown. */
  unit: string | null;
}

/** Which painted layer the bar's single figures (the hottest colour) describe: clicks first, moves last. */
const PRIMARY_ORDER = ['click', 'rageclick', 'deadclick', 'mousemove'];

export function primaryEntry<T extends { id: string }>(entries: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    const rank = PRIMARY_ORDER.indexOf(entry.id);
    if (rank < 0) continue;
    if (!best || rank < PRIMARY_ORDER.indexOf(best.id)) best = entry;
  }
  return best;
}

/** The side a comparison view paints; null for the difference (both) or without a comparison. */
export function shownSide(comparison: Comparison | null | undefined, view: CompareView | null): ComparisonSide | null {
  if (!comparison || view === null || view === 'diff') return null;
  return view === 'a' ? comparison.a : comparison.b;
}

function sideWords(name: 'A' | 'B', side: ComparisonSide): string {
  return `${name} ${describeRange({ dateFrom: side.dateFrom, dateTo: side.dateTo })} · ${side.segmentLabel}`;
}

/** The bar's short range: the shown side's days in A or B; null in A−B, where the compare line names both. */
export function shownRangeShort(summary: Summary, comparison: Comparison | null | undefined, view: CompareView | null, long = false): string | null {
  if (comparison) {
    const side = shownSide(comparison, view);
    return side ? describeRange({ dateFrom: side.dateFrom, dateTo: side.dateTo }) : null;
  }
  return describeDates(summary, !long);
}

const UNITS = { h: ['h', 'hour'], d: ['d', 'day'], w: ['w', 'week'], m: ['mo', 'month'], y: ['y', 'year'] } as const;

/** "2026-11-01 → 2026-11-07", or a relative start: "7d" short, "last 7 days" long. */
function describeDates(summary: Pick<Summary, 'dateFrom' | 'dateTo'>, short: boolean): string {
  if (summary.dateTo) return `${summary.dateFrom} → ${summary.dateTo}`;
  const relative = /^-(\d+)([hdwmy])$/.exec(summary.dateFrom);
  if (!relative) return `since ${summary.dateFrom}`;
  const [shortUnit, unit] = UNITS[relative[2] as keyof typeof UNITS];
  const count = Number(relative[1]);
  return short ? `${count}${shortUnit}` : `last ${count} ${unit}${count === 1 ? '' : 's'}`;
}

export function describeWidths(summary: Pick<Summary, 'viewportWidthMin' | 'viewportWidthMax'>): string {
  const min = summary.viewportWidthMin;
  const max = summary.viewportWidthMax;
  return min === null && max === null ? 'all widths' : max === null ? `≥ ${min} px wide` : `${min ?? 0}–${max} px wide`;
}

/**
 * How the shown counts are counted, or null when no click-like layer is shown (scroll depth and the
 * fold alone count visitors their own way, and say so themselves).
 */
export function describeAggregation(aggregation: Aggregation, shownUnit: string | null): string | null {
  if (shownUnit === null) return null;
  return aggregation === 'unique_visitors' ? 'unique visitors per spot' : `total ${shownUnit}`;
}

/**
 * The filters line of the legend and the screen-reader text: the days and segment of what is shown
 * (a comparison's shown side, or both sides in A−B), the widths, and how the shown layer is counted.
 */
export function describeShownFilters(
  summary: Summary,
  shown: { comparison?: Comparison | null; view?: CompareView | null; unit: string | null },
): string {
  const comparison = shown.comparison ?? null;
  const side = shownSide(comparison, shown.view ?? null);
  let who: string;
  if (comparison && side) who = sideWords(side === comparison.a ? 'A' : 'B', side);
  else if (comparison) who = `${sideWords('A', comparison.a)} vs ${sideWords('B', comparison.b)}`;
  else {
    const dates = describeDates(summary, false);
    who = summary.segmentLabel && summary.segmentLabel !== 'All visitors' ? `${dates} · ${summary.segmentLabel}` : dates;
  }
  const aggregation = describeAggregation(summary.aggregation, shown.unit);
  return [who, describeWidths(summary), aggregation].filter((part) => part !== null).join(' · ');
}

/** A side's total for one layer, in words ("540 clicks"), or its days alone when it lacks that layer. */
function sideTotal(side: ComparisonSide, layerId: string | null, unit: string | null): string {
  const layer = layerId ? side.layers.find((candidate) => candidate.id === layerId) : undefined;
  return layer && unit ? ` · ${layer.totalCount.toLocaleString('en-US')} ${unit}` : '';
}

/**
 * The comparison line under the bar, always shown: both sides with their days, segments and totals of the
 * compared layer, and in A−B what each side is divided by, so the compact panel alone says what the
 * colours compare.
 */
export function compareSummaryLine(comparison: Comparison, view: CompareView, layer: { id: string; unit: string } | null, normalisation: string | null): string {
  const a = `${sideWords('A', comparison.a)}${sideTotal(comparison.a, layer?.id ?? null, layer?.unit ?? null)}`;
  const b = `${sideWords('B', comparison.b)}${sideTotal(comparison.b, layer?.id ?? null, layer?.unit ?? null)}`;
  const divided = view === 'diff' && normalisation ? ` · ${normalisation}` : '';
  return `${a} vs ${b}${divided}`;
}

/** What a ready panel shows, for its words. */
export function shownData(status: { legend: LegendEntry[]; view: CompareView | null }): ShownData {
  return { view: status.view, unit: primaryEntry(status.legend)?.unit ?? null };
}
