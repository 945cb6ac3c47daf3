import { loadHeatmapPayload, type LoadPayloadOptions } from '../payload/service';
import type { HeatmapPayload, SegmentOptions } from '../messaging/protocol';
import { serializePostHogError } from '../posthog/errors';
import { ACCESS_PROBE, isQuerySegment } from './hogql';
import { segmentLabel } from './labels';
import { filtersForSegment, loadQuerySegmentLayers, loadQuerySegmentScrollDepth, wantedHeatLayers } from './load-side';
import { buildHeatmapQuery } from '../payload/query';
import type { QueryCache } from '../payload/service';
import type { PostHogClient } from '../posthog/client';

/**
 * The overlay's heatmap honouring `preferences.segment` (issue 9). `all` is the plain heatmaps
 * endpoint as before; a device segment is the endpoint at that device's viewport band; person,
 * cohort and flag segments are HogQL (lib/segments). The payload's `summary.segmentLabel` always
 * says which segment is shown.
 */
export async function loadSegmentedPayload(options: LoadPayloadOptions): Promise<HeatmapPayload> {
  const { preferences } = options;
  const segment = preferences.segment;
  const label = segmentLabel(segment);
  if (!isQuerySegment(segment)) {
    const payload = await loadHeatmapPayload({ ...options, preferences: { ...preferences, filters: filtersForSegment(preferences.filters, segment) } });
    return { ...payload, summary: { ...payload.summary, segmentLabel: label } };
  }

  const { filters } = preferences;
  const range = { dateFrom: filters.dateFrom, dateTo: filters.dateTo };
  const request = { filters, page: options.page, range, segment };
  const [{ layers }, scrollDepth] = await Promise.all([
    loadQuerySegmentLayers(options, { ...request, layers: wantedHeatLayers(preferences) }),
    preferences.layers.scrolldepth.enabled ? loadQuerySegmentScrollDepth(options, request) : Promise.resolve(null),
  ]);
  const query = buildHeatmapQuery(filters, options.page, 'click');
  return {
    dataUrl: options.page.dataUrl,
    summary: {
      dateFrom: query.dateFrom,
      dateTo: query.dateTo ?? null,
      viewportWidthMin: query.viewportWidthMin ?? null,
      viewportWidthMax: query.viewportWidthMax ?? null,
      aggregation: query.aggregation,
      urlPattern: filters.urlMatch.mode === 'pattern' ? filters.urlMatch.pattern : null,
      segmentLabel: label,
    },
    layers,
    scrollDepth,
    // "Where else is there data" is a count per viewport band: for a segment that would cost three
    // more HogQL queries of the hourly 120, so it is not offered.
    elsewhere: null,
    fetchedAt: Date.now(),
  };
}

/** The query endpoint answers "SELECT 1" for any key with `query:read`; kept an hour per connection. */
const PROBE_CACHE_MILLISECONDS = 60 * 60_000;
const LIST_CACHE_MILLISECONDS = 5 * 60_000;

/** Person properties worth suggesting when PostHog's list of them is not readable. */
export const FALLBACK_PERSON_PROPERTIES = ['plan', 'email', '$initial_utm_source', '$initial_referring_domain', '$initial_browser'];

function failure(error: unknown): { available: false; message: string } {
  return { available: false, message: serializePostHogError(error).message };
}

/**
 * What the segment picker offers: whether the key may query at all (`query:read`), the cohorts, the
 * flags with their variants (boolean flags: `true` / `false`), and person property names. Each part
 * fails on its own, with its own message (e.g. a key without `cohort:read` still offers flags).
 */
export async function loadSegmentOptions(context: { client: PostHogClient; cache: QueryCache; connectionKey: string }): Promise<SegmentOptions> {
  const list = <T>(name: string, load: () => Promise<T>) => context.cache.get(`${context.connectionKey}|segment-options|${name}`, load, LIST_CACHE_MILLISECONDS);
  const [probe, cohorts, flags, properties] = await Promise.allSettled([
    context.cache.get(`${context.connectionKey}|hogql-probe`, () => context.client.query(ACCESS_PROBE), PROBE_CACHE_MILLISECONDS),
    list('cohorts', () => context.client.listCohorts()),
    list('flags', () => context.client.listFeatureFlags()),
    list('person-properties', () => context.client.listPersonProperties()),
  ]);
  return {
    query: probe.status === 'fulfilled' ? { available: true } : failure(probe.reason),
    cohorts:
      cohorts.status === 'fulfilled'
        ? { available: true, items: cohorts.value.map((cohort) => ({ id: cohort.id, name: cohort.name || `Cohort ${cohort.id}`, count: cohort.count })) }
        : failure(cohorts.reason),
    flags:
      flags.status === 'fulfilled'
        ? {
            available: true,
            items: flags.value.map((flag) => ({
              key: flag.key,
              name: flag.name ?? null,
              variants: flag.filters?.multivariate?.variants.map((variant) => variant.key) ?? ['true', 'false'],
            })),
          }
        : failure(flags.reason),
    personProperties:
      properties.status === 'fulfilled' && properties.value.length > 0
        ? { available: true, items: properties.value.filter((name) => name.length > 0).slice(0, 200) }
        : { available: true, items: FALLBACK_PERSON_PROPERTIES },
  };
}
