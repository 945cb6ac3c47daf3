import { viewportBands } from '../core/geometry';
import { describeComparison } from '../compare/load';
import { resolveComparison, type ResolvedSide } from '../compare/ranges';
import type { HeatLayerData, HeatmapPayload } from '../messaging/protocol';
import type { PostHogClient } from '../posthog/client';
import { heatmapQueryKey, type HeatmapQuery } from '../posthog/query';
import { withRetries } from '../posthog/retry';
import type { ScrollDepthResponse } from '../posthog/schemas';
import { isQuerySegment } from '../segments/hogql';
import { segmentLabel } from '../segments/labels';
import { filtersForSegment, loadQuerySegmentLayers, loadQuerySegmentScrollDepth } from '../segments/load-side';
import type { DateRange, Filters, NearLive, Preferences, Segment } from '../settings/preferences';
import { loadNearLiveLayers, type NearLiveContext } from '../near-live/load';
import { utcDateTimeText } from '../near-live/query';
import { layerData, wantedHeatLayers } from '../heatmaps/layer-data';
import { buildHeatmapQuery, type PageContext } from '../heatmaps/query';
import type { CacheState, QueryCache } from '../heatmaps/service';
import { describeLook, layersWithoutGhosts, unpackSpots } from '../layout-change/apply';
import { lookForLayoutChange, type Look } from '../layout-change/load';
import type { DayRange } from '../layout-change/messages';

/**
 * What a heatmap payload shows:
 * - plain: every visitor over the filters' days (the heatmaps endpoint);
 * - segment: one segment over the filters' days (a device is the endpoint at that device's viewport
 *   band; person properties, cohorts and flag variants are HogQL, lib/segments);
 * - compare: two sides, each a (days, segment) pair; the payload's layers, scroll depth and
 *   "data elsewhere" are side B's, side A brings its layers only.
 */
export type PayloadRequest =
  | { kind: 'plain' }
  | { kind: 'segment'; segment: Segment }
  | { kind: 'compare'; a: ResolvedSide; b: ResolvedSide }
  | { kind: 'near-live'; since: NearLive };

/**
 * The request the preferences stand for on `now` (Compare's presets resolve to concrete days).
 * Near-live (the last hour, lib/near-live) replaces the filters' days and Compare while it is chosen.
 */
export function payloadRequestFor(preferences: Preferences, now = Date.now()): PayloadRequest {
  if (preferences.nearLive) return { kind: 'near-live', since: preferences.nearLive };
  if (preferences.compare.enabled) return { kind: 'compare', ...resolveComparison(preferences.compare, preferences.filters, now) };
  return preferences.segment.kind === 'all' ? { kind: 'plain' } : { kind: 'segment', segment: preferences.segment };
}

export interface LoadPayloadOptions {
  client: PostHogClient;
  /** Distinguishes the cache entries of different hosts, projects and keys. */
  connectionKey: string;
  cache: QueryCache;
  /** The filters (the days of plain and segment requests) and the layers wanted. */
  preferences: Preferences;
  page: PageContext;
  signal?: AbortSignal;
  /** Injected by tests; the real one waits. */
  sleep?: (ms: number) => Promise<void>;
  /** Before each HogQL query sent for a segment (see SegmentLoadContext.spendQuery). */
  spendQuery?: () => void;
  /**
   * Answer at once with cached endpoint answers past their max-age (the payload's `cache` says
   * 'revalidating' and fresh ones are being fetched; ask again without it to get them). Default false.
   * HogQL answers are kept by their own rule (lib/segments/load-side.ts) and never handed out stale.
   */
  allowStale?: boolean;
  /** Injected by tests: the time the range's relative days are read at. */
  now?: number;
  /** Near-live's query context for the asking tab; without it a near-live request cannot be loaded. */
  nearLive?: NearLiveContext;
}

/** Reads the heatmaps endpoint through the cache, remembering where each answer came from. */
interface EndpointReader {
  read<T>(query: HeatmapQuery, load: () => Promise<T>): Promise<T>;
  states: CacheState[];
}

function endpointReader(options: LoadPayloadOptions): EndpointReader {
  const states: CacheState[] = [];
  return {
    states,
    async read(query, load) {
      // Transient server failures are retried inside the cached load, so concurrent asks share the wait.
      const key = `${options.connectionKey}|${heatmapQueryKey(query)}`;
      const answer = await options.cache.lookup(key, () => withRetries(load, { sleep: options.sleep, signal: options.signal }), { allowStale: options.allowStale ?? false });
      states.push(answer.state);
      return answer.value;
    },
  };
}

/** One (days, segment) pair; `full` also asks for scroll depth and where else data exists. */
interface View {
  range: DateRange;
  segment: Segment;
  full: boolean;
}

interface LoadedView {
  /** The filters the view's queries were built from (its days, a device's viewport band). */
  filters: Filters;
  layers: HeatLayerData[];
  /** Distinct visitors behind the first layer, when the source says (HogQL does, the endpoint not). */
  visitors: number | null;
  scrollDepth: ScrollDepthResponse | null;
  elsewhere: HeatmapPayload['elsewhere'];
}

async function loadView(options: LoadPayloadOptions, endpoint: EndpointReader, view: View): Promise<LoadedView> {
  const { client, preferences, page, signal } = options;
  const filters = filtersForSegment({ ...preferences.filters, dateFrom: view.range.dateFrom, dateTo: view.range.dateTo }, view.segment);
  const wanted = wantedHeatLayers(preferences.layers);
  const scrollDepthWanted = view.full && preferences.layers.scrolldepth.enabled;

  if (isQuerySegment(view.segment)) {
    const request = { filters, page, range: view.range, segment: view.segment };
    const [{ layers, visitors }, scrollDepth] = await Promise.all([
      loadQuerySegmentLayers(options, { ...request, layers: wanted }),
      scrollDepthWanted ? loadQuerySegmentScrollDepth(options, request) : Promise.resolve(null),
    ]);
    // "Where else is there data" is a count per viewport band: for a segment that would cost three
    // more HogQL queries of the hourly 120, so it is not offered.
    return { filters, layers, visitors, scrollDepth, elsewhere: null };
  }

  // Scroll depth is asked for alongside the layers, not after them: one server wait, not two.
  const scrollDepthAnswer = scrollDepthWanted
    ? (() => {
        const query = buildHeatmapQuery(filters, page, 'scrolldepth');
        return endpoint.read(query, () => client.fetchScrollDepth(query, signal));
      })()
    : Promise.resolve(null);
  scrollDepthAnswer.catch(() => undefined); // awaited below; a layer's failure must not leave it unhandled

  const layers = await Promise.all(
    wanted.map(async (layer) => {
      const query = buildHeatmapQuery(filters, page, layer.heatmapType);
      const response = await endpoint.read(query, () => client.fetchHeatmap(query, signal));
      return layerData(layer, response.results, response.fold);
    }),
  );
  const scrollDepth = await scrollDepthAnswer;
  // Only when some layer was asked for and all came back empty (a caller may ask for none).
  const nothingHere = view.full && layers.length > 0 && layers.every((layer) => layer.spots.relativeX.length === 0);
  const elsewhere = nothingHere ? await countElsewhere(options, endpoint, buildHeatmapQuery(filters, page, wanted[0]!.heatmapType)) : null;
  return { filters, layers, visitors: null, scrollDepth, elsewhere };
}

/** How many spots the same page has in each viewport band, when the chosen band has none. */
async function countElsewhere(options: LoadPayloadOptions, endpoint: EndpointReader, query: HeatmapQuery): Promise<HeatmapPayload['elsewhere']> {
  return Promise.all(
    viewportBands.map(async (band) => {
      const bandQuery: HeatmapQuery = { ...query, viewportWidthMin: band.min, viewportWidthMax: band.max ?? undefined };
      const response = await endpoint.read(bandQuery, () => options.client.fetchHeatmap(bandQuery, options.signal));
      return { id: band.id, label: band.label, min: band.min, max: band.max, count: response.results.reduce((sum, spot) => sum + spot.count, 0) };
    }),
  );
}

/** The overlay's caption: the filters as sent to PostHog, and which segment is shown. */
function summaryOf(filters: Filters, page: PageContext, segment: Segment): HeatmapPayload['summary'] {
  const query = buildHeatmapQuery(filters, page, 'click');
  return {
    dateFrom: query.dateFrom,
    dateTo: query.dateTo ?? null,
    viewportWidthMin: query.viewportWidthMin ?? null,
    viewportWidthMax: query.viewportWidthMax ?? null,
    aggregation: query.aggregation,
    urlPattern: filters.urlMatch.mode === 'pattern' ? filters.urlMatch.pattern : null,
    segmentLabel: segmentLabel(segment),
  };
}

function cacheOf(states: readonly CacheState[]): HeatmapPayload['cache'] {
  if (states.includes('stale')) return 'revalidating';
  return states.length > 0 && states.every((state) => state === 'cached') ? 'cached' : 'network';
}

/**
 * The one way a heatmap payload is built, for the overlay (`heatmap.load`) and the page review:
 * every wanted layer of the request's view(s), each answer read once through the background's cache.
 * With Compare, side B's layers are the payload's layers (nothing is fetched twice or thrown away),
 * and its scroll depth is side B's own, segment and days.
 */
export async function buildHeatmapPayload(options: LoadPayloadOptions, request: PayloadRequest): Promise<HeatmapPayload> {
  if (request.kind === 'near-live') return buildNearLivePayload(options, request.since);
  const endpoint = endpointReader(options);
  const { dateFrom, dateTo } = options.preferences.filters;
  const shown: { range: DateRange; segment: Segment } =
    request.kind === 'compare' ? request.b : { range: { dateFrom, dateTo }, segment: request.kind === 'segment' ? request.segment : { kind: 'all' } };
  // The look is about clicks: with none shown (scroll depth alone) it would spend a query and speak of clicks.
  const clicksShown = wantedHeatLayers(options.preferences.layers).length > 0;
  const shownView = loadView(options, endpoint, { ...shown, full: true });
  shownView.catch(() => undefined); // awaited below
  const look = request.kind === 'plain' && clicksShown ? lookForChange(options, endpoint, shownView) : Promise.resolve(null);
  look.catch(() => undefined); // awaited below; the view's failure must not leave it unhandled
  const [view, sideA] = await Promise.all([
    shownView,
    request.kind === 'compare' ? loadView(options, endpoint, { ...request.a, full: false }) : Promise.resolve(null),
  ]);
  const layoutChange = await withoutGhosts(options, endpoint, view, await look);
  return {
    dataUrl: options.page.dataUrl,
    summary: summaryOf(view.filters, options.page, shown.segment),
    layers: layoutChange?.layers ?? view.layers,
    ...(request.kind === 'compare' && sideA ? { comparison: describeComparison(options.preferences, request, sideA, view) } : {}),
    scrollDepth: view.scrollDepth,
    elsewhere: view.elsewhere,
    fetchedAt: Date.now(),
    cache: cacheOf(endpoint.states),
    ...(layoutChange ? { layoutChange: layoutChange.notice } : {}),
  };
}

/**
 * The last hour (or since an annotation) through near-live's one HogQL query: the layers only (no
 * scroll depth, fold or "data elsewhere", each of which would cost more of the hourly 120). The
 * caption's dates say the window: `-1h`, or the annotation's moment (UTC).
 */
async function buildNearLivePayload(options: LoadPayloadOptions, since: NearLive): Promise<HeatmapPayload> {
  if (!options.nearLive) throw new Error('near-live needs its query context');
  const { layers, filters } = await loadNearLiveLayers(options.nearLive, { preferences: options.preferences, since, page: options.page });
  const summary = summaryOf(filters, options.page, options.preferences.segment);
  const from = since.from === 'hour' ? '-1h' : `${utcDateTimeText(since.date) ?? since.date} UTC`;
  return {
    dataUrl: options.page.dataUrl,
    summary: { ...summary, dateFrom: from, dateTo: null },
    layers,
    scrollDepth: null,
    elsewhere: null,
    fetchedAt: Date.now(),
    cache: 'network',
  };
}

/**
 * Issue 19: a layout change in the plain heatmap's range (lib/layout-change), its day ranges' clicks
 * read through the same cache as every other answer.
 */
function lookForChange(options: LoadPayloadOptions, endpoint: EndpointReader, shownView: Promise<unknown>): Promise<Look> {
  const { preferences, page, client, signal } = options;
  return lookForLayoutChange(
    {
      ...options,
      readClicks: async (range: DayRange) => {
        // Without HogQL the look reads the endpoint day by day: only once the shown view's own reads
        // succeeded, so a failing PostHog (quota, a bad filter, an answer that is not JSON) costs one
        // request, not one per day (the view's failure fails these reads and the look with them).
        await shownView;
        const query = buildHeatmapQuery({ ...preferences.filters, dateFrom: range.dateFrom, dateTo: range.dateTo }, page, 'click');
        return (await endpoint.read(query, () => client.fetchHeatmap(query, signal))).results;
      },
    },
    { filters: preferences.filters, page },
  );
}

/**
 * The shown layers after a detected change: the after-days' spots plus the before-days' re-anchored
 * (or, "as recorded", the whole range's spots as PostHog has them), and the panel's notice.
 */
async function withoutGhosts(
  options: LoadPayloadOptions,
  endpoint: EndpointReader,
  view: LoadedView,
  look: Look | null,
): Promise<{ layers: HeatLayerData[]; notice: NonNullable<HeatmapPayload['layoutChange']> } | null> {
  if (look === null) return null;
  if (look.status !== 'changed' || view.layers.length === 0) return { layers: view.layers, notice: describeLook(look, null).notice };
  const all: Segment = { kind: 'all' };
  if (options.preferences.layoutChange.asRecorded) {
    const before = await loadView(options, endpoint, { range: look.before, segment: all, full: false });
    const guide = before.layers.find((layer) => layer.id === 'click') ?? before.layers[0];
    const count = guide ? unpackSpots(guide.spots).reduce((sum, spot) => sum + spot.count, 0) : 0;
    return { layers: view.layers, notice: describeLook(look, { kind: 'as-recorded', count }).notice };
  }
  const [before, after] = await Promise.all([
    loadView(options, endpoint, { range: look.before, segment: all, full: false }),
    loadView(options, endpoint, { range: look.after, segment: all, full: false }),
  ]);
  const { layers, beforeClicks } = layersWithoutGhosts(view.layers, before.layers, after.layers);
  return { layers, notice: describeLook(look, beforeClicks).notice };
}
