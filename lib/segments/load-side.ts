import { buildHeatmapQuery, type PageContext } from '../heatmaps/query';
import type { QueryCache } from '../heatmaps/service';
import { layerData } from '../heatmaps/layer-data';
import type { HeatLayerDefinition } from '../layers';
import type { HeatLayerData } from '../messaging/protocol';
import type { HogQLQueryBody, PostHogClient } from '../posthog/client';
import { InvalidSettingsError } from '../posthog/errors';
import type { HeatmapQuery } from '../posthog/query';
import type { ClickLikeHeatmapType, HogQLResponse, ScrollDepthResponse } from '../posthog/schemas';
import type { DateRange, Filters, Segment } from '../settings/preferences';
import { withRetries } from '../posthog/retry';
import {
  buildSegmentScrollDepthQuery,
  buildSegmentSpotsQuery,
  buildSegmentSummaryQuery,
  UnsupportedDateError,
  UnsupportedIdentifierError,
  type QuerySegment,
} from './hogql';
import { scrollDepthFromRows, spotsByType, summaryByType } from './results';

/**
 * HogQL answers are kept 10 minutes, not the heatmaps endpoint's 30 s: PostHog allows a personal key
 * 120 queries an hour (2 a minute), a segmented view costs two (spots + fold/visitors, three with
 * scroll depth), and the data behind it moves by the day. With 10 minutes a user flipping between
 * a few segments, layers and the overlay's repaints stays far inside the budget; toggling, scrolling,
 * resizing and repainting never send a query at all once the answer is held.
 */
export const HOGQL_CACHE_MILLISECONDS = 10 * 60_000;

export interface SegmentLoadContext {
  client: PostHogClient;
  cache: QueryCache;
  /** Distinguishes the cache entries of different hosts, projects and keys. */
  connectionKey: string;
  signal?: AbortSignal;
  /** Injected by tests; the real one waits. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Called before a query is sent (a cache miss), once per query; throws (QueryPacedError) when the
   * tab that asked has no query left in its budget (query-budget.ts). Absent: no budget.
   */
  spendQuery?: () => void;
}

/** A device segment is the heatmap at that device's band of viewport widths (it replaces the viewport filter). */
export function filtersForSegment(filters: Filters, segment: Segment): Filters {
  return segment.kind === 'device' ? { ...filters, viewport: { mode: 'band', band: segment.device } } : filters;
}

/** One HogQL query through the background's cache (shared in flight, kept 10 min, failures not kept). */
export function cachedHogQL(context: SegmentLoadContext, body: HogQLQueryBody): Promise<HogQLResponse> {
  const key = `${context.connectionKey}|hogql|${JSON.stringify(body)}`;
  return context.cache.get(
    key,
    () => {
      context.spendQuery?.();
      return withRetries(() => context.client.query(body, context.signal), { sleep: context.sleep, signal: context.signal });
    },
    HOGQL_CACHE_MILLISECONDS,
  );
}

/** The endpoint's filters for the range; the HogQL builders read everything but `type` from it. */
function heatmapQueryFor(filters: Filters, range: DateRange, page: PageContext): HeatmapQuery {
  return buildHeatmapQuery({ ...filters, dateFrom: range.dateFrom, dateTo: range.dateTo }, page, 'click');
}

/** A date HogQL cannot express is the user's setting to fix, not PostHog's failure. */
function buildOrExplain<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw error instanceof UnsupportedDateError || error instanceof UnsupportedIdentifierError ? new InvalidSettingsError(error.message) : error;
  }
}

/**
 * The click-like layers of one segment over one range through HogQL: one query for every type's
 * spots, one for every type's fold and visitors. `visitors` is the distinct visitors behind the
 * first wanted layer (clicks, normally).
 */
export async function loadQuerySegmentLayers(
  context: SegmentLoadContext,
  request: { filters: Filters; page: PageContext; range: DateRange; segment: QuerySegment; layers: readonly HeatLayerDefinition[] },
): Promise<{ layers: HeatLayerData[]; visitors: number | null }> {
  if (request.layers.length === 0) return { layers: [], visitors: null };
  const heatmap = heatmapQueryFor(request.filters, request.range, request.page);
  const types = request.layers.map((layer) => layer.heatmapType as ClickLikeHeatmapType);
  const input = { heatmap, types, segment: request.segment };
  const [spotsAnswer, summaryAnswer] = await Promise.all([
    cachedHogQL(context, buildOrExplain(() => buildSegmentSpotsQuery(input))),
    cachedHogQL(context, buildOrExplain(() => buildSegmentSummaryQuery(input))),
  ]);
  const spots = spotsByType(spotsAnswer);
  const summaries = summaryByType(summaryAnswer, types);
  const layers = request.layers.map((layer, index) => layerData(layer, spots.get(types[index]!) ?? [], summaries.get(types[index]!)!.fold));
  return { layers, visitors: summaries.get(types[0]!)!.visitors };
}

/** Scroll depth of one segment through HogQL, shaped as the endpoint answers it. */
export async function loadQuerySegmentScrollDepth(
  context: SegmentLoadContext,
  request: { filters: Filters; page: PageContext; range: DateRange; segment: QuerySegment },
): Promise<ScrollDepthResponse> {
  const heatmap = heatmapQueryFor(request.filters, request.range, request.page);
  return scrollDepthFromRows(await cachedHogQL(context, buildOrExplain(() => buildSegmentScrollDepthQuery({ heatmap, segment: request.segment }))));
}
