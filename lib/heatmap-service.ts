import { viewportBands } from './geometry';
import { buildHeatmapQuery, type PageContext } from './heatmap-query';
import { heatLayers } from './layers';
import type { HeatLayerData, HeatmapPayload, PackedSpots } from './messages';
import type { PostHogClient } from './posthog/client';
import { heatmapQueryKey, type HeatmapQuery } from './posthog/query';
import type { HeatmapSpot } from './posthog/schemas';
import { withRetries } from './retry';
import type { Preferences } from './settings';

/** PostHog answers with `Cache-Control: max-age=30`; Heatlens keeps answers as long. */
export const CACHE_MILLISECONDS = 30_000;

export function packSpots(spots: readonly HeatmapSpot[]): PackedSpots {
  const packed: PackedSpots = { relativeX: [], y: [], count: [], fixed: [] };
  for (const spot of spots) {
    packed.relativeX.push(spot.pointer_relative_x);
    packed.y.push(spot.pointer_y);
    packed.count.push(spot.count);
    packed.fixed.push(spot.pointer_target_fixed);
  }
  return packed;
}

/**
 * Asks PostHog at most once per distinct query per 30 s: concurrent asks for the same query share one
 * request, and answers are reused until they expire. Failed requests are not kept.
 */
export class QueryCache {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<unknown> }>();
  constructor(private readonly now: () => number = Date.now, private readonly ttlMs = CACHE_MILLISECONDS) {}

  /** `ttlMs` overrides the cache's default for this entry (HogQL answers are kept longer). */
  get<T>(key: string, load: () => Promise<T>, ttlMs = this.ttlMs): Promise<T> {
    const time = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > time) return cached.value as Promise<T>;
    const value = load();
    this.entries.set(key, { expiresAt: time + ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.prune(time);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(time: number): void {
    if (this.entries.size < 200) return;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= time) this.entries.delete(key);
  }
}

export interface LoadPayloadOptions {
  client: PostHogClient;
  /** Distinguishes the cache entries of different hosts, projects and keys. */
  connectionKey: string;
  cache: QueryCache;
  preferences: Preferences;
  page: PageContext;
  signal?: AbortSignal;
  /** Injected by tests; the real one waits. */
  sleep?: (ms: number) => Promise<void>;
}

/** Fetches every enabled layer for one page and shapes it for the content script. */
export async function loadHeatmapPayload(options: LoadPayloadOptions): Promise<HeatmapPayload> {
  const { client, cache, preferences, page, connectionKey, signal } = options;
  // Transient server failures are retried inside the cached load, so concurrent asks share the wait.
  const cached = <T>(query: HeatmapQuery, load: () => Promise<T>) =>
    cache.get(`${connectionKey}|${heatmapQueryKey(query)}`, () => withRetries(load, { sleep: options.sleep, signal }));

  const enabled = heatLayers.filter((layer) => preferences.layers[layer.id].enabled);
  // The fold line needs click data even when the click layer itself is off.
  const wanted = enabled.length > 0 || !preferences.layers.fold.enabled ? enabled : heatLayers.filter((l) => l.id === 'click');

  const layers: HeatLayerData[] = await Promise.all(
    wanted.map(async (layer) => {
      const query = buildHeatmapQuery(preferences.filters, page, layer.heatmapType);
      const response = await cached(query, () => client.fetchHeatmap(query, signal));
      return {
        id: layer.id,
        spots: packSpots(response.results),
        fold: response.fold,
        totalCount: response.results.reduce((sum, spot) => sum + spot.count, 0),
      };
    }),
  );

  const scrollDepth = preferences.layers.scrolldepth.enabled
    ? await (() => {
        const query = buildHeatmapQuery(preferences.filters, page, 'scrolldepth');
        return cached(query, () => client.fetchScrollDepth(query, signal));
      })()
    : null;

  const firstQuery = buildHeatmapQuery(preferences.filters, page, wanted[0]?.heatmapType ?? 'click');
  // Only when some layer was asked for and all came back empty (a caller may ask for none).
  const nothingHere = layers.length > 0 && layers.every((layer) => layer.spots.relativeX.length === 0);
  const elsewhere = nothingHere ? await countElsewhere(firstQuery, cached, client, signal) : null;

  return {
    dataUrl: page.dataUrl,
    summary: {
      dateFrom: firstQuery.dateFrom,
      dateTo: firstQuery.dateTo ?? null,
      viewportWidthMin: firstQuery.viewportWidthMin ?? null,
      viewportWidthMax: firstQuery.viewportWidthMax ?? null,
      aggregation: firstQuery.aggregation,
      urlPattern: preferences.filters.urlMatch.mode === 'pattern' ? preferences.filters.urlMatch.pattern : null,
    },
    layers,
    scrollDepth,
    elsewhere,
    fetchedAt: Date.now(),
  };
}

/** How many spots the same page has in each viewport band, when the chosen band has none. */
async function countElsewhere(
  query: HeatmapQuery,
  cached: <T>(query: HeatmapQuery, load: () => Promise<T>) => Promise<T>,
  client: PostHogClient,
  signal?: AbortSignal,
): Promise<HeatmapPayload['elsewhere']> {
  return Promise.all(
    viewportBands.map(async (band) => {
      const bandQuery: HeatmapQuery = { ...query, viewportWidthMin: band.min, viewportWidthMax: band.max ?? undefined };
      const response = await cached(bandQuery, () => client.fetchHeatmap(bandQuery, signal));
      return {
        id: band.id,
        label: band.label,
        min: band.min,
        max: band.max,
        count: response.results.reduce((sum, spot) => sum + spot.count, 0),
      };
    }),
  );
}
