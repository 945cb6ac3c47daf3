// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { buildHeatmapPayload, payloadRequestFor, type LoadPayloadOptions, type PayloadRequest } from '@/lib/payload/build';
import { wantedHeatLayers } from '@/lib/heatmaps/layer-data';
import { QueryCache } from '@/lib/heatmaps/service';
import type { HogQLQueryBody, PostHogClient } from '@/lib/posthog/client';
import { heatmapQueryParams, type HeatmapQuery } from '@/lib/posthog/query';
import { defaultPreferences, type Preferences, type Segment } from '@/lib/settings/preferences';
import { parseHeatmapListQuery, queryHeatmap, type HeatmapListResponse } from '../server/heatmaps';
import type { ScrollDepthResponse } from '@/lib/posthog/schemas';
import { runHogQLQuery } from '../server/query';
import { generateSampleData } from '../server/sample-data';
import { generateSegmentData, PRICING_FLAG } from '../server/segment-data';
import { HeatmapStore } from '../server/store';

/**
 * The one payload builder (lib/payload/build.ts) against the test server's own functions, in
 * process: which requests each kind of payload makes, and what it answers.
 */

const NOW = new Date('2026-03-15T12:00:00Z');
const SITE = 'http://127.0.0.1:8020';
const page = { dataUrl: `${SITE}/`, viewportWidth: 1280 };

const store = new HeatmapStore();
store.addRows(generateSampleData({ siteUrl: SITE, now: NOW }).rows);
store.segments.load(generateSegmentData(store.rows));

/** A client answering from the test server, recording every request by endpoint. */
function serverClient() {
  const heatmaps: HeatmapQuery[] = [];
  const scrollDepths: HeatmapQuery[] = [];
  const hogql: HogQLQueryBody[] = [];
  const client = {
    fetchHeatmap: vi.fn(async (query: HeatmapQuery) => {
      heatmaps.push(query);
      return queryHeatmap(store.rows, parseHeatmapListQuery(heatmapQueryParams(query), NOW)) as HeatmapListResponse;
    }),
    fetchScrollDepth: vi.fn(async (query: HeatmapQuery) => {
      scrollDepths.push(query);
      return queryHeatmap(store.rows, parseHeatmapListQuery(heatmapQueryParams(query), NOW)) as ScrollDepthResponse;
    }),
    query: vi.fn(async (body: HogQLQueryBody) => {
      hogql.push(body);
      return runHogQLQuery({ query: body }, { rows: store.rows, segments: store.segments }, NOW);
    }),
  };
  return { client: client as unknown as PostHogClient, heatmaps, scrollDepths, hogql };
}

const withScrollDepth: Preferences['layers'] = { ...defaultPreferences.layers, scrolldepth: { enabled: true, opacity: 0.5, radius: 0 } };
const paid: Segment = { kind: 'person', key: 'plan', operator: 'exact', value: 'paid' };
const mobile: Segment = { kind: 'device', device: 'mobile' };
const flagTest: Segment = { kind: 'flag', key: PRICING_FLAG, variant: 'test' };

/** Compare on two segments over the filters' days (the `segments` preset), scroll depth painted. */
function comparing(segmentA: Segment, segmentB: Segment): Preferences {
  return { ...defaultPreferences, layers: withScrollDepth, compare: { ...defaultPreferences.compare, enabled: true, preset: 'segments', segmentA, segmentB } };
}

function options(client: PostHogClient, preferences: Preferences, cache = new QueryCache(() => NOW.getTime())): LoadPayloadOptions {
  return { client, cache, connectionKey: 'c', preferences, page };
}

const request = (preferences: Preferences): PayloadRequest => payloadRequestFor(preferences, NOW.getTime());
const total = (payload: { layers: Array<{ totalCount: number }> }) => payload.layers[0]!.totalCount;

describe('payloadRequestFor', () => {
  it('plain for all visitors, segment for any other, compare with both sides resolved to days', () => {
    expect(request(defaultPreferences)).toEqual({ kind: 'plain' });
    expect(request({ ...defaultPreferences, segment: paid })).toEqual({ kind: 'segment', segment: paid });
    expect(request(comparing(mobile, paid))).toEqual({
      kind: 'compare',
      a: { range: { dateFrom: '2026-03-08', dateTo: '2026-03-15' }, segment: mobile },
      b: { range: { dateFrom: '2026-03-08', dateTo: '2026-03-15' }, segment: paid },
    });
  });
});

describe('wantedHeatLayers', () => {
  it('the enabled click-like layers, or clicks alone when only the fold line is on', () => {
    const off = Object.fromEntries(Object.entries(defaultPreferences.layers).map(([id, layer]) => [id, { ...layer, enabled: false }])) as Preferences['layers'];
    expect(wantedHeatLayers(defaultPreferences.layers).map((layer) => layer.id)).toEqual(['click']);
    expect(wantedHeatLayers(off)).toEqual([]);
    expect(wantedHeatLayers({ ...off, fold: { ...off.fold, enabled: true } }).map((layer) => layer.id)).toEqual(['click']);
    expect(wantedHeatLayers({ ...off, rageclick: { ...off.rageclick, enabled: true }, fold: { ...off.fold, enabled: true } }).map((layer) => layer.id)).toEqual(['rageclick']);
  });
});

describe('buildHeatmapPayload', () => {
  it('plain: one endpoint request per layer and one for scroll depth, one HogQL query for the layout-change look (issue 19); a repeat is cached', async () => {
    const { client, heatmaps, scrollDepths, hogql } = serverClient();
    const preferences = { ...defaultPreferences, layers: withScrollDepth };
    const cache = new QueryCache(() => NOW.getTime());
    const payload = await buildHeatmapPayload(options(client, preferences, cache), request(preferences));
    expect(heatmaps.map((query) => [query.type, query.dateFrom, query.viewportWidthMin])).toEqual([['click', '-7d', 1152]]);
    expect(scrollDepths).toHaveLength(1);
    expect(hogql.map((body) => /GROUP BY day, band/.test(JSON.stringify(body)))).toEqual([true]);
    expect(payload.summary.segmentLabel).toBe('All visitors');
    expect(payload.comparison).toBeUndefined();
    expect(payload.cache).toBe('network');
    expect(total(payload)).toBeGreaterThan(0);
    expect(payload.scrollDepth!.results.length).toBeGreaterThan(0);
    expect((await buildHeatmapPayload(options(client, preferences, cache), request(preferences))).cache).toBe('cached');
    expect(heatmaps).toHaveLength(1);
  });

  it('segment, device: the endpoint at the device band (layers and scroll depth), no HogQL', async () => {
    const { client, heatmaps, scrollDepths, hogql } = serverClient();
    const preferences = { ...defaultPreferences, layers: withScrollDepth, segment: mobile };
    const payload = await buildHeatmapPayload(options(client, preferences), request(preferences));
    expect(heatmaps.map((query) => [query.viewportWidthMin, query.viewportWidthMax])).toEqual([[0, 767]]);
    expect(scrollDepths.map((query) => [query.viewportWidthMin, query.viewportWidthMax])).toEqual([[0, 767]]);
    expect(hogql).toEqual([]);
    expect(payload.summary).toMatchObject({ segmentLabel: 'Mobile', viewportWidthMin: 0, viewportWidthMax: 767 });
  });

  it('segment, person: HogQL only (spots, summary, scroll depth), nothing from the plain endpoint', async () => {
    const { client, heatmaps, scrollDepths, hogql } = serverClient();
    const preferences = { ...defaultPreferences, layers: withScrollDepth, segment: paid };
    const payload = await buildHeatmapPayload(options(client, preferences), request(preferences));
    expect(heatmaps).toEqual([]);
    expect(scrollDepths).toEqual([]);
    expect(hogql).toHaveLength(3);
    expect(payload.summary.segmentLabel).toBe('plan = paid');
    expect(payload.elsewhere).toBeNull();
    expect(total(payload)).toBeGreaterThan(0);
  });

  it('compare, plain sides: one endpoint request per side, B is the payload, scroll depth only for B', async () => {
    const { client, heatmaps, scrollDepths, hogql } = serverClient();
    const preferences: Preferences = { ...defaultPreferences, layers: withScrollDepth, compare: { ...defaultPreferences.compare, enabled: true } };
    const payload = await buildHeatmapPayload(options(client, preferences), request(preferences));
    // previous-period: B is the filters' 8 days, A the 8 before.
    expect(heatmaps.map((query) => [query.dateFrom, query.dateTo]).sort()).toEqual([
      ['2026-02-28', '2026-03-07'],
      ['2026-03-08', '2026-03-15'],
    ]);
    expect(scrollDepths.map((query) => [query.dateFrom, query.dateTo])).toEqual([['2026-03-08', '2026-03-15']]);
    expect(hogql).toEqual([]);
    expect(payload.layers).toBe(payload.comparison!.b.layers);
    expect(payload.summary).toMatchObject({ dateFrom: '2026-03-08', dateTo: '2026-03-15', segmentLabel: 'All visitors' });
  });

  it('compare, B a HogQL segment: no plain-endpoint request for B, and scroll depth is the segment\'s', async () => {
    const { client, heatmaps, scrollDepths, hogql } = serverClient();
    const preferences = comparing({ kind: 'all' }, paid);
    const payload = await buildHeatmapPayload(options(client, preferences), request(preferences));
    // The only endpoint request is side A's clicks; B's layers and scroll depth are HogQL.
    expect(heatmaps.map((query) => query.type)).toEqual(['click']);
    expect(scrollDepths).toEqual([]);
    expect(hogql).toHaveLength(3);
    expect(payload.summary.segmentLabel).toBe('plan = paid');
    expect(payload.layers).toBe(payload.comparison!.b.layers);
    expect(payload.comparison!.b.visitors).toBeGreaterThan(0);
    expect(total(payload)).toBeLessThan(payload.comparison!.a.layers[0]!.totalCount);

    // The same segment over the same days, without Compare: the same scroll depth, and not everybody's.
    const days = { ...defaultPreferences.filters, dateFrom: '2026-03-08', dateTo: '2026-03-15' };
    const segmentOnly: Preferences = { ...defaultPreferences, layers: withScrollDepth, filters: days, segment: paid };
    const everybody: Preferences = { ...segmentOnly, segment: { kind: 'all' } };
    const other = serverClient();
    const segmented = await buildHeatmapPayload(options(other.client, segmentOnly), request(segmentOnly));
    const unsegmented = await buildHeatmapPayload(options(other.client, everybody), request(everybody));
    expect(payload.scrollDepth).toEqual(segmented.scrollDepth);
    expect(payload.scrollDepth!.results.length).toBeGreaterThan(2);
    expect(payload.scrollDepth).not.toEqual(unsegmented.scrollDepth);
  });

  it('compare over two periods, both sides a HogQL segment: not one plain-endpoint request', async () => {
    const { client, heatmaps, scrollDepths, hogql } = serverClient();
    const preferences: Preferences = { ...defaultPreferences, layers: withScrollDepth, compare: { ...defaultPreferences.compare, enabled: true, segmentA: paid, segmentB: paid } };
    const payload = await buildHeatmapPayload(options(client, preferences), request(preferences));
    expect(heatmaps).toEqual([]);
    expect(scrollDepths).toEqual([]);
    // Spots and summary for each side, scroll depth for B.
    expect(hogql).toHaveLength(5);
    expect(payload.scrollDepth!.results.length).toBeGreaterThan(0);
  });

  it('compare, A a HogQL segment and B a device: HogQL for A only, the endpoint at B\'s band only', async () => {
    const { client, heatmaps, scrollDepths, hogql } = serverClient();
    const preferences = comparing(flagTest, mobile);
    const payload = await buildHeatmapPayload(options(client, preferences), request(preferences));
    expect(heatmaps.map((query) => [query.type, query.viewportWidthMin, query.viewportWidthMax])).toEqual([['click', 0, 767]]);
    expect(scrollDepths.map((query) => [query.viewportWidthMin, query.viewportWidthMax])).toEqual([[0, 767]]);
    // Side A's spots and summary; no scroll depth for A.
    expect(hogql).toHaveLength(2);
    expect(hogql.every((body) => body.query.includes(PRICING_FLAG))).toBe(true);
    expect(payload.summary).toMatchObject({ segmentLabel: 'Mobile', viewportWidthMin: 0, viewportWidthMax: 767 });
    expect(payload.comparison!.a.segmentLabel).toBe(`${PRICING_FLAG} = test`);
  });

  it('compare: a side cached past its max-age is shown at once and the payload says it is revalidating', async () => {
    let now = NOW.getTime();
    const { client, heatmaps } = serverClient();
    const cache = new QueryCache({ now: () => now, maxAgeSecondsOf: () => 30 });
    const preferences: Preferences = { ...defaultPreferences, compare: { ...defaultPreferences.compare, enabled: true } };
    const load = (allowStale: boolean) => buildHeatmapPayload({ ...options(client, preferences, cache), allowStale }, request(preferences));
    expect((await load(true)).cache).toBe('network');
    expect((await load(true)).cache).toBe('cached');
    now += 40_000;
    expect((await load(true)).cache).toBe('revalidating');
    expect((await load(false)).cache).toBe('cached');
    // Two sides, fetched twice each: at first, and once more to revalidate.
    expect(heatmaps).toHaveLength(4);
  });
});
