import { describe, expect, it, vi } from 'vitest';
import { buildHeatmapQuery, dataUrlFor } from '@/lib/heatmaps/query';
import { buildHeatmapPayload, type LoadPayloadOptions } from '@/lib/payload/build';
import { CACHE_MAX_WEIGHT, packSpots, QueryCache, STALE_KEEP_MILLISECONDS, type AnswerPersistence, type PersistedAnswer } from '@/lib/heatmaps/service';
import type { PostHogClient } from '@/lib/posthog/client';
import type { HeatmapQuery } from '@/lib/posthog/query';
import { EMPTY_FOLD, type ClickLikeResponse } from '@/lib/posthog/schemas';
import { defaultPreferences, type Preferences } from '@/lib/settings/store';

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

describe('QueryCache freshness (Cache-Control) and stale-while-revalidate', () => {
  const answer = (label: string, maxAgeSeconds: number | null) => ({ label, maxAgeSeconds });
  const options = (clock: { now: number }) => ({ now: () => clock.now, maxAgeSecondsOf: (value: unknown) => (value as ReturnType<typeof answer>).maxAgeSeconds });

  it("keeps an answer fresh for the server's max-age, not a fixed 30 s", async () => {
    const clock = { now: 0 };
    const cache = new QueryCache(options(clock));
    const load = vi.fn(async () => answer('a', 120));
    await cache.get('k', load);
    clock.now = 119_000;
    expect(cache.read('k', load, { allowStale: true }).state).toBe('cached');
    expect(load).toHaveBeenCalledTimes(1);
    clock.now = 120_000;
    expect(cache.read('k', load, { allowStale: true }).state).toBe('stale');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep an answer the server marked no-store (max-age 0)', async () => {
    const clock = { now: 0 };
    const cache = new QueryCache(options(clock));
    const load = vi.fn(async () => answer('a', 0));
    await cache.get('k', load);
    await cache.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('hands out a stale answer at once while fetching a fresh one, which the next fresh ask waits for', async () => {
    const clock = { now: 0 };
    const cache = new QueryCache(options(clock));
    await cache.get('k', async () => answer('old', 30));
    clock.now = 31_000;
    let finish: (value: ReturnType<typeof answer>) => void = () => undefined;
    const load = vi.fn(() => new Promise<ReturnType<typeof answer>>((resolve) => (finish = resolve)));
    const stale = cache.read('k', load, { allowStale: true });
    expect(stale.state).toBe('stale');
    expect((await stale.value).label).toBe('old');
    // The overlay's second ask (fresh) shares the revalidation instead of starting another request.
    const fresh = cache.read('k', load, { allowStale: false });
    expect(fresh.state).toBe('network');
    finish(answer('new', 30));
    expect((await fresh.value).label).toBe('new');
    expect(load).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    expect(cache.read('k', load, { allowStale: true }).state).toBe('cached');
    expect((await cache.get('k', load)).label).toBe('new');
  });

  it('keeps the stale answer when revalidating fails, and forgets it after the stale window', async () => {
    const clock = { now: 0 };
    const cache = new QueryCache(options(clock));
    await cache.get('k', async () => answer('old', 30));
    clock.now = 31_000;
    const failing = vi.fn(async (): Promise<ReturnType<typeof answer>> => {
      throw new Error('offline');
    });
    const first = cache.read('k', failing, { allowStale: true });
    expect((await first.value).label).toBe('old');
    await expect(cache.get('k', failing)).rejects.toThrow('offline');
    expect(cache.read('k', failing, { allowStale: true }).state).toBe('stale');
    clock.now = 31_000 + STALE_KEEP_MILLISECONDS;
    const load = vi.fn(async () => answer('new', 30));
    expect(cache.read('k', load, { allowStale: true }).state).toBe('network');
  });

  it('restores answers from persistence after the service worker restarted: stale at once, then revalidated', async () => {
    const clock = { now: 0 };
    const saved = new Map<string, PersistedAnswer>();
    const persistence: AnswerPersistence = {
      load: async (key) => saved.get(key) ?? null,
      save: async (key, entry) => void saved.set(key, entry),
      remove: async (key) => void saved.delete(key),
      clear: async () => saved.clear(),
    };
    const before = new QueryCache({ ...options(clock), persistence });
    await before.get('k', async () => answer('old', 30));
    await Promise.resolve();
    expect(saved.get('k')?.freshUntil).toBe(30_000);
    // A new worker: empty memory, same persistence.
    clock.now = 45_000;
    const after = new QueryCache({ ...options(clock), persistence });
    const load = vi.fn(async () => answer('new', 30));
    const read = await after.lookup('k', load, { allowStale: true });
    expect(read.state).toBe('stale');
    expect((await read.value).label).toBe('old');
    expect(load).toHaveBeenCalledTimes(1);
    expect((await after.get('k', load)).label).toBe('new');
    after.clear();
    await Promise.resolve();
    expect(saved.size).toBe(0);
  });

  it('drops the least recently used answers past its weight in spots', async () => {
    const cache = new QueryCache({ now: () => 0, maxAgeSecondsOf: () => 30 });
    const big = (label: string) => async () => ({ label, results: new Array(CACHE_MAX_WEIGHT / 3) });
    await cache.get('a', big('a'));
    await cache.get('b', big('b'));
    await cache.get('a', big('a')); // a used more recently than b
    await cache.get('c', big('c'));
    await Promise.resolve();
    const reloaded = vi.fn(big('again'));
    await cache.get('a', reloaded);
    expect(reloaded).not.toHaveBeenCalled();
    await cache.get('b', reloaded);
    expect(reloaded).toHaveBeenCalledTimes(1);
  });
});

/** The payload of every visitor over the filters' days. */
const loadHeatmapPayload = (options: LoadPayloadOptions) => buildHeatmapPayload(options, { kind: 'plain' });

describe('buildHeatmapPayload, plain', () => {
  it('says where the heat came from: network, cached, or cached past its max-age while revalidating', async () => {
    const clock = { now: 0 };
    const client = fakeClient(() => ({ results: [spot(0.5, 100, 3)], fold: EMPTY_FOLD, has_more: false }));
    const cache = new QueryCache({ now: () => clock.now, maxAgeSecondsOf: () => 30 });
    const load = (allowStale: boolean) => loadHeatmapPayload({ client, cache, connectionKey: 'c', preferences: defaultPreferences, page, allowStale });
    expect((await load(true)).cache).toBe('network');
    clock.now = 10_000;
    expect((await load(true)).cache).toBe('cached');
    clock.now = 40_000;
    const stale = await load(true);
    expect(stale.cache).toBe('revalidating');
    expect(Array.from(stale.layers[0]!.spots.count)).toEqual([3]);
    // The revalidation (already answered here) is what the overlay's second, fresh ask gets.
    expect((await load(false)).cache).toBe('cached');
    expect(client.calls).toHaveLength(2);
  });

  it('packs the spots of each enabled layer and totals their counts', async () => {
    const client = fakeClient(() => ({ results: [spot(0.5, 100, 3), spot(0.1, 20, 2, true)], fold: EMPTY_FOLD, has_more: false }));
    const payload = await loadHeatmapPayload({ client, cache: new QueryCache(), connectionKey: 'c', preferences: defaultPreferences, page });
    expect(client.calls.map((query) => query.type)).toEqual(['click']);
    expect(payload.layers).toHaveLength(1);
    expect(payload.layers[0]).toMatchObject({ id: 'click', totalCount: 5, spots: { relativeX: Float64Array.of(0.5, 0.1), y: Float64Array.of(100, 20), count: Float64Array.of(3, 2), fixed: Uint8Array.of(0, 1) } });
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
    // Typed columns straight from the parsed answer: nothing downstream copies them back into lists.
    expect(packSpots([spot(0.2, 32, 1), spot(0.3, 48, 4, true)])).toEqual({ relativeX: Float64Array.of(0.2, 0.3), y: Float64Array.of(32, 48), count: Float64Array.of(1, 4), fixed: Uint8Array.of(0, 1) });
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
