import { describeRange } from '../compare/ranges';
import { diffLayerId, type CompareView } from '../compare/view';
import { buildHeatmapQuery } from '../heatmaps/query';
import { heatLayerById } from '../layers';
import type { ClickLikeLayerId, HeatLayerData, HeatmapPayload } from '../messaging/protocol';
import { heatmapQueryParams } from '../posthog/query';
import type { Preferences } from '../settings/store';

/** One aggregate as PostHog returned it and Heatlens painted it. */
export interface ExportRow {
  layer: ClickLikeLayerId;
  /** 'A' or 'B' in a comparison, '' otherwise. */
  side: 'A' | 'B' | '';
  /** PostHog's pointer_relative_x: a share of the viewport width. */
  x: number;
  /** Where that is painted on this page, CSS px (x × the window's width; viewport px when fixed). */
  pageX: number;
  /** PostHog's pointer_y, CSS px. */
  y: number;
  count: number;
  /** PostHog's pointer_target_fixed: on a fixed/sticky element, in viewport coordinates. */
  fixed: boolean;
}

export interface ExportQuery {
  layer: ClickLikeLayerId;
  side: 'A' | 'B' | '';
  /** The heatmaps endpoint's query string for these rows, as Heatlens sends it. */
  query: string;
}

export interface ExportData {
  pageUrl: string;
  dataUrl: string;
  /** What is painted: "heatmap", "A", "B" or "A−B". */
  view: string;
  segment: string;
  queries: ExportQuery[];
  rows: ExportRow[];
}

function rowsOf(layer: HeatLayerData, side: ExportRow['side'], viewportWidth: number): ExportRow[] {
  const { relativeX, y, count, fixed } = layer.spots;
  const rows: ExportRow[] = [];
  for (let index = 0; index < relativeX.length; index++) {
    rows.push({ layer: layer.id, side, x: relativeX[index]!, pageX: relativeX[index]! * viewportWidth, y: y[index]!, count: count[index]!, fixed: fixed[index] === 1 });
  }
  return rows;
}

/**
 * The aggregates behind what the overlay paints right now: the painted layers of the heatmap, of
 * side A or B, or for A−B both sides of the compared layer; with the query each came from.
 */
export function exportDataFor(payload: HeatmapPayload, preferences: Preferences, view: CompareView | null, page: { pageUrl: string; viewportWidth: number }): ExportData {
  const comparison = payload.comparison ?? null;
  const parts: Array<{ layer: HeatLayerData; side: ExportRow['side']; dateFrom: string; dateTo: string | null }> = [];
  if (!comparison) {
    for (const layer of payload.layers) if (preferences.layers[layer.id].enabled) parts.push({ layer, side: '', dateFrom: payload.summary.dateFrom, dateTo: payload.summary.dateTo });
  } else {
    const sides = view === 'a' ? (['A'] as const) : view === 'b' ? (['B'] as const) : (['A', 'B'] as const);
    const only = view === 'diff' || view === null ? diffLayerId(comparison, preferences) : null;
    for (const name of sides) {
      const side = name === 'A' ? comparison.a : comparison.b;
      for (const layer of side.layers) {
        if (!preferences.layers[layer.id].enabled || (only && layer.id !== only)) continue;
        parts.push({ layer, side: name, dateFrom: side.dateFrom, dateTo: side.dateTo });
      }
    }
  }
  const queries = parts.map(({ layer, side, dateFrom, dateTo }) => {
    const query = buildHeatmapQuery({ ...preferences.filters, dateFrom, dateTo }, { dataUrl: payload.dataUrl, viewportWidth: page.viewportWidth }, heatLayerById(layer.id).heatmapType);
    const params = heatmapQueryParams(query);
    params.delete('limit');
    params.delete('offset');
    return { layer: layer.id, side, query: params.toString() };
  });
  return {
    pageUrl: page.pageUrl,
    dataUrl: payload.dataUrl,
    view: !comparison ? 'heatmap' : view === 'diff' || view === null ? 'A−B' : view.toUpperCase(),
    segment: payload.summary.segmentLabel ?? 'All visitors',
    queries,
    rows: parts.flatMap(({ layer, side }) => rowsOf(layer, side, page.viewportWidth)),
  };
}

/** Human-readable ranges of a payload: "2026-10-17 → 2026-10-23" or "A … / B …". */
export function describePayloadRanges(payload: HeatmapPayload): string {
  const comparison = payload.comparison;
  if (!comparison) {
    const relative = /^-(\d+)([hdwmy])$/.exec(payload.summary.dateFrom);
    if (relative && payload.summary.dateTo === null) {
      const units: Record<string, string> = { h: 'hour', d: 'day', w: 'week', m: 'month', y: 'year' };
      const count = Number(relative[1]);
      return `last ${count} ${units[relative[2]!]}${count === 1 ? '' : 's'}`;
    }
    return describeRange({ dateFrom: payload.summary.dateFrom, dateTo: payload.summary.dateTo });
  }
  return `A ${describeRange(comparison.a)} · B ${describeRange(comparison.b)}`;
}
