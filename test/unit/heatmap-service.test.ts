import { describe, expect, it, vi } from 'vitest';
import { buildHeatmapQuery, dataUrlFor } from '@/lib/heatmap-query';
import { loadHeatmapPayload, packSpots, QueryCache } from '@/lib/heatmap-service';
import type { PostHogClient } from '@/lib/posthog/client';
import type { HeatmapQuery } from '@/lib/posthog/query';
import { EMPTY_FOLD, type ClickLikeResponse } from '@/lib/posthog/schemas';
import { defaultPreferences, type Preferences } from '@/lib/settings';

const page = { dataUrl: 'https://example.com/pricing', viewportWidth: 1280 };

function fakeClient(answer: (query: HeatmapQuery) => ClickLikeResponse): PostHogClient & { calls: HeatmapQuery[] } {
  const calls: HeatmapQuery[] = [];
  return {
    calls,
    fetchHeatmap: vi.fn(async (query: HeatmapQuery) => {
      calls.push(query);
      return answer(query);
    }),
    fetchScrollDepth: vi.fn(async () => ({ results: [] })),
  } as unknown as PostHogClient & { calls: HeatmapQuery[] };
}

const spot = (x: number, y: number, count: number, fixed = false) => ({ pointer_relative_x: x, pointer_y: y, count, pointer_target_fixed: fixed });

describe('buildHeatmapQuery', () => {
  it('uses the defaults PostHog users expect: last 7 days, exact URL, window ±10%', () => {
    expect(buildHeatmapQuery(defaultPreferences.filters, page, 'click')).toEqual({
      type: 'click',
      dateFrom: '-7d',
      dateTo: undefined,
      urlExact: 'https://example.com/pricing',
      urlPattern: undefined,
      viewportWidthMin: 1152,
      viewportWidthMax: 1408,
      aggregation: 'total_count',
      filterTestAccounts: false,
    });
  });

  it('maps viewport bands and custom ranges', () => {
    const filters = { ...defaultPreferences.filters, viewport: { mode: 'band' as const, band: 'desktop' as const } };
    expect(buildHeatmapQuery(filters, page, 'click')).toMatchObject({ viewportWidthMin: 1280, viewportWidthMax: undefined });
    const custom = { ...defaultPreferences.filters, viewport: { mode: 'custom' as const, min: 300, max: 500 } };
    expect(buildHeatmapQuery(custom, page, 'rageclick')).toMatchObject({ type: 'rageclick', viewportWidthMin: 300, viewportWidthMax: 500 });
  });
});

describe('QueryCache', () => {
  it('shares one request between concurrent asks and reuses it for 30 s', async () => {
    let now = 0;
    const cache = new QueryCache(() => now);
    const load = vi.fn(async () => 'answer');
    await Promise.all([cache.get('k', load), cache.get('k', load)]);
    now = 29_999;
    await cache.get('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    now = 30_000;
    await cache.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('forgets failures so the next ask retries', async () => {
    const cache = new QueryCache(() => 0);
    const load = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce('ok');
    await expect(cache.get('k', load)).rejects.toThrow('offline');
    await expect(cache.get('k', load)).resolves.toBe('ok');
  });
});

describe('loadHeatmapPayload', () => {
  it('packs the spots of each enabled layer and totals their counts', async () => {
    const client = fakeClient(() => ({ results: [spot(0.5, 100, 3), spot(0.1, 20, 2, true)], fold: EMPTY_FOLD, has_more: false }));
    const payload = await loadHeatmapPayload({ client, cache: new QueryCache(), connectionKey: 'c', preferences: defaultPreferences, page });
    expect(client.calls.map((query) => query.type)).toEqual(['click']);
    expect(payload.layers).toHaveLength(1);
    expect(payload.layers[0]).toMatchObject({ id: 'click', totalCount: 5, spots: { relativeX: [0.5, 0.1], y: [100, 20], count: [3, 2], fixed: [false, true] } });
    expect(payload.elsewhere).toBeNull();
    expect(payload.summary).toMatchObject({ dateFrom: '-7d', viewportWidthMin: 1152, viewportWidthMax: 1408 });
  });

  it('says where data exists when the chosen width has none', async () => {
    const client = fakeClient((query) =>
      query.viewportWidthMin === 0 ? { results: [spot(0.5, 10, 7)], fold: EMPTY_FOLD, has_more: false } : { results: [], fold: EMPTY_FOLD, has_more: false },
    );
    const payload = await loadHeatmapPayload({ client, cache: new QueryCache(), connectionKey: 'c', preferences: defaultPreferences, page });
    expect(payload.elsewhere?.map((band) => band.count)).toEqual([7, 0, 0]);
  });

  it('asks once per layer and reuses the cache on a repeat', async () => {
    const preferences: Preferences = {
      ...defaultPreferences,
      layers: { ...defaultPreferences.layers, rageclick: { ...defaultPreferences.layers.rageclick, enabled: true } },
    };
    const client = fakeClient(() => ({ results: [spot(0.5, 100, 1)], fold: EMPTY_FOLD, has_more: false }));
    const cache = new QueryCache();
    await loadHeatmapPayload({ client, cache, connectionKey: 'c', preferences, page });
    await loadHeatmapPayload({ client, cache, connectionKey: 'c', preferences, page });
    expect(client.calls.map((query) => query.type).sort()).toEqual(['click', 'rageclick']);
  });

  it('packSpots keeps columns aligned', () => {
    expect(packSpots([spot(0.2, 32, 1), spot(0.3, 48, 4, true)])).toEqual({ relativeX: [0.2, 0.3], y: [32, 48], count: [1, 4], fixed: [false, true] });
  });
});

describe('dataUrlFor', () => {
  const sources = [{ fromOrigin: 'http://localhost:3000', toOrigin: 'https://example.com' }];
  it('maps a staging or local origin to production, keeping path and query', () => {
    expect(dataUrlFor('http://localhost:3000/pricing?plan=pro', sources)).toBe('https://example.com/pricing?plan=pro');
  });
  it('leaves other origins alone', () => {
    expect(dataUrlFor('http://localhost:3001/pricing', sources)).toBe('http://localhost:3001/pricing');
    expect(dataUrlFor('https://example.com/pricing', sources)).toBe('https://example.com/pricing');
  });
});

describe('wildcard URL filter', () => {
  it('sends the pattern in PostHog syntax instead of the exact URL', () => {
    const filters = { ...defaultPreferences.filters, urlMatch: { mode: 'pattern' as const, pattern: 'https://example.com/product/*/reviews' } };
    const query = buildHeatmapQuery(filters, page, 'click');
    expect(query.urlExact).toBeUndefined();
    expect(query.urlPattern).toBe('https://example\\.com/product/*/reviews');
  });
});

describe('asking for no heat layer', () => {
  it('asks PostHog nothing and does not look for data elsewhere', async () => {
    const client = fakeClient(() => ({ results: [], fold: EMPTY_FOLD, has_more: false }));
    const layers = Object.fromEntries(Object.entries(defaultPreferences.layers).map(([id, layer]) => [id, { ...layer, enabled: false }])) as Preferences['layers'];
    const payload = await loadHeatmapPayload({ client, cache: new QueryCache(), connectionKey: 'c', preferences: { ...defaultPreferences, layers }, page });
    expect(payload.layers).toEqual([]);
    expect(payload.elsewhere).toBeNull();
    expect(client.calls).toEqual([]);
  });
});
