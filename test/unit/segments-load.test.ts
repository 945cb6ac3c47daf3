// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { loadSegmentOptions } from '@/lib/segments/options';
import { buildHeatmapPayload, payloadRequestFor, type LoadPayloadOptions } from '@/lib/payload/build';
import { QueryCache } from '@/lib/heatmaps/service';
import { segmentOptionsSchema } from '@/lib/messaging/protocol';
import type { HogQLQueryBody, PostHogClient } from '@/lib/posthog/client';
import { MissingScopeError, NoProjectAccessError } from '@/lib/posthog/errors';
import { heatmapQueryParams, type HeatmapQuery } from '@/lib/posthog/query';
import { defaultPreferences, type Preferences, type Segment } from '@/lib/settings/preferences';
import { HOGQL_CACHE_MILLISECONDS } from '@/lib/segments/load-side';
import { parseHeatmapListQuery, queryHeatmap, scrollDepth as endpointScrollDepth, filterRows, type HeatmapListResponse } from '../server/heatmaps';
import { runHogQLQuery } from '../server/query';
import { generateSampleData } from '../server/sample-data';
import { generateSegmentData, PRICING_FLAG } from '../server/segment-data';
import { HeatmapStore } from '../server/store';

const NOW = new Date('2026-03-15T12:00:00Z');
const SITE = 'http://127.0.0.1:8020';
const page = { dataUrl: `${SITE}/`, viewportWidth: 1280 };

const store = new HeatmapStore();
store.addRows(generateSampleData({ siteUrl: SITE, now: NOW }).rows);
store.segments.load(generateSegmentData(store.rows));

/** A client answering from the test server's own functions, in process, counting what it is asked. */
function serverClient(options: { denyQuery?: boolean } = {}) {
  const queries: HogQLQueryBody[] = [];
  const client = {
    query: vi.fn(async (body: HogQLQueryBody) => {
      if (options.denyQuery) throw new MissingScopeError('query:read');
      queries.push(body);
      return runHogQLQuery({ query: body }, { rows: store.rows, segments: store.segments }, NOW);
    }),
    fetchHeatmap: vi.fn(async (query: HeatmapQuery) => queryHeatmap(store.rows, parseHeatmapListQuery(heatmapQueryParams(query), NOW)) as HeatmapListResponse),
    fetchScrollDepth: vi.fn(async () => ({ results: [] })),
    listCohorts: vi.fn(async () => [{ id: 2, name: 'Paying customers', count: 10 }]),
    listFeatureFlags: vi.fn(async () => [
      { key: PRICING_FLAG, name: 'Pricing', filters: { multivariate: { variants: [{ key: 'control' }, { key: 'test' }] } } },
      { key: 'new-nav', name: null, filters: { multivariate: null } },
    ]),
    listPersonProperties: vi.fn(async () => ['plan', '$initial_utm_source']),
  };
  return { client: client as unknown as PostHogClient & typeof client, queries };
}

const withSegment = (segment: Segment, patch: Partial<Preferences> = {}): Preferences => ({ ...defaultPreferences, ...patch, segment });
const paid: Segment = { kind: 'person', key: 'plan', operator: 'exact', value: 'paid' };

function clickTotal(payload: { layers: Array<{ id: string; totalCount: number }> }): number {
  return payload.layers.find((layer) => layer.id === 'click')!.totalCount;
}

/** The payload of the preferences' segment (all visitors, a device, or HogQL's person, cohort and flag). */
const loadSegmentedPayload = (options: LoadPayloadOptions) => buildHeatmapPayload(options, payloadRequestFor(options.preferences));

describe('buildHeatmapPayload, segment', () => {
  it('paints a person segment from HogQL, with the label, and its counts are part of the plain heatmap', async () => {
    const { client, queries } = serverClient();
    const cache = new QueryCache(() => NOW.getTime());
    const options = { client, cache, connectionKey: 'c', page };
    const segmented = await loadSegmentedPayload({ ...options, preferences: withSegment(paid) });
    const plain = await loadSegmentedPayload({ ...options, preferences: withSegment({ kind: 'all' }) });
    expect(segmented.summary.segmentLabel).toBe('plan = paid');
    expect(plain.summary.segmentLabel).toBe('All visitors');
    // The segment's spots and summary; the plain heatmap's one is its layout-change look (issue 19).
    expect(queries.map((body) => /GROUP BY day, band/.test(JSON.stringify(body)))).toEqual([false, false, true]);
    expect(clickTotal(segmented)).toBeGreaterThan(0);
    expect(clickTotal(segmented)).toBeLessThan(clickTotal(plain));
    const free = await loadSegmentedPayload({ ...options, preferences: withSegment({ ...paid, value: 'free' } as Segment) });
    expect(clickTotal(segmented) + clickTotal(free)).toBe(clickTotal(plain));
    // The fold comes from the summary query and agrees with the spots.
    const fold = segmented.layers[0]!.fold;
    expect(fold.total_count).toBeGreaterThan(0);
    expect(fold.total_count).toBeLessThanOrEqual(clickTotal(segmented));
  });

  it('asks HogQL once per distinct query for 10 minutes: repaints and reloads reuse the answer', async () => {
    let now = NOW.getTime();
    const { client, queries } = serverClient();
    const cache = new QueryCache(() => now);
    const options = { client, cache, connectionKey: 'c', page, preferences: withSegment(paid) };
    await Promise.all([loadSegmentedPayload(options), loadSegmentedPayload(options)]);
    await loadSegmentedPayload(options);
    now += HOGQL_CACHE_MILLISECONDS - 1000;
    await loadSegmentedPayload(options);
    expect(queries).toHaveLength(2);
    now += 2000;
    await loadSegmentedPayload(options);
    expect(queries).toHaveLength(4);
  });

  it('a device segment is the plain endpoint at that band, without HogQL', async () => {
    const { client, queries } = serverClient();
    const payload = await loadSegmentedPayload({ client, cache: new QueryCache(), connectionKey: 'c', page, preferences: withSegment({ kind: 'device', device: 'mobile' }) });
    expect(queries).toHaveLength(0);
    expect(payload.summary).toMatchObject({ viewportWidthMin: 0, viewportWidthMax: 767, segmentLabel: 'Mobile' });
    expect(client.fetchHeatmap.mock.calls[0]![0]).toMatchObject({ viewportWidthMin: 0, viewportWidthMax: 767 });
  });

  it('segments scroll depth through HogQL like the endpoint buckets it', async () => {
    const { client } = serverClient();
    const preferences = withSegment({ kind: 'cohort', id: 2, name: 'Paying customers' }, { layers: { ...defaultPreferences.layers, scrolldepth: { enabled: true, opacity: 0.5, radius: 0 } } });
    const payload = await loadSegmentedPayload({ client, cache: new QueryCache(() => NOW.getTime()), connectionKey: 'c', page, preferences });
    const paidIds = new Set(store.segments.persons.filter((person) => person.properties.plan === 'paid').flatMap((person) => person.distinctIds));
    const rows = filterRows(store.rows, {
      ...parseHeatmapListQuery(heatmapQueryParams({ type: 'scrolldepth', dateFrom: '-7d', urlExact: page.dataUrl, viewportWidthMin: 1152, viewportWidthMax: 1408, aggregation: 'total_count', filterTestAccounts: false }), NOW),
    }).filter((row) => paidIds.has(row.distinct_id));
    expect(payload.scrollDepth!.results).toEqual(endpointScrollDepth(rows, 'total_count').results);
    expect(payload.scrollDepth!.results.length).toBeGreaterThan(2);
  });

  it('a key without query:read fails with the scope named; the plain heatmap still loads', async () => {
    const { client } = serverClient({ denyQuery: true });
    const options = { client, cache: new QueryCache(), connectionKey: 'c', page };
    await expect(loadSegmentedPayload({ ...options, preferences: withSegment(paid) })).rejects.toThrow(/'query:read'/);
    expect(clickTotal(await loadSegmentedPayload({ ...options, preferences: withSegment({ kind: 'all' }) }))).toBeGreaterThan(0);
  });

  it('a date HogQL cannot express is reported as a setting to fix', async () => {
    const { client } = serverClient();
    const preferences = withSegment(paid, { filters: { ...defaultPreferences.filters, dateFrom: '-1q' } });
    await expect(loadSegmentedPayload({ client, cache: new QueryCache(), connectionKey: 'c', page, preferences })).rejects.toMatchObject({ kind: 'invalid-settings' });
  });
});

/** One side of a comparison: side A of a compare request whose sides are the same. */
async function loadSideLayers(options: Omit<LoadPayloadOptions, 'preferences'> & { preferences: Preferences; range: { dateFrom: string; dateTo: string }; segment: Segment }) {
  const side = { range: options.range, segment: options.segment };
  const payload = await buildHeatmapPayload(options, { kind: 'compare', a: side, b: side });
  return payload.comparison!.a;
}

describe('buildHeatmapPayload, one side of a segment comparison', () => {
  it('loads control and test over one range; their clicks add up to everybody\'s, with visitors', async () => {
    const { client } = serverClient();
    const common = { client, cache: new QueryCache(() => NOW.getTime()), connectionKey: 'c', page, preferences: defaultPreferences, range: { dateFrom: '2026-03-08', dateTo: '2026-03-15' } };
    const control = await loadSideLayers({ ...common, segment: { kind: 'flag', key: PRICING_FLAG, variant: 'control' } });
    const test = await loadSideLayers({ ...common, segment: { kind: 'flag', key: PRICING_FLAG, variant: 'test' } });
    const all = await loadSideLayers({ ...common, segment: { kind: 'all' } });
    expect(all.visitors).toBeNull();
    expect(control.visitors).toBeGreaterThan(0);
    expect(test.visitors).toBeGreaterThan(0);
    expect(control.layers[0]!.totalCount + test.layers[0]!.totalCount).toBe(all.layers[0]!.totalCount);
  });

  it('uses the range it is given, not the filters\' range', async () => {
    const { client, queries } = serverClient();
    await loadSideLayers({ client, cache: new QueryCache(), connectionKey: 'c', page, preferences: defaultPreferences, range: { dateFrom: '-14d', dateTo: '-7d' }, segment: paid });
    expect(queries[0]!.query).toContain('timestamp >= toStartOfDay(now() - INTERVAL 14 DAY)');
    expect(queries[0]!.query).toContain('timestamp <= toStartOfDay(now() - INTERVAL 7 DAY) + INTERVAL 1 DAY');
  });
});

describe('loadSegmentOptions', () => {
  it('offers cohorts, flags with variants (boolean flags: true/false) and person properties', async () => {
    const { client } = serverClient();
    const options = await loadSegmentOptions({ client, cache: new QueryCache(), connectionKey: 'c' });
    expect(options.query).toEqual({ available: true });
    expect(options.cohorts).toEqual({ available: true, items: [{ id: 2, name: 'Paying customers', count: 10 }] });
    expect(options.flags).toEqual({
      available: true,
      items: [
        { key: PRICING_FLAG, name: 'Pricing', variants: ['control', 'test'] },
        { key: 'new-nav', name: null, variants: ['true', 'false'] },
      ],
    });
    expect(options.personProperties).toEqual({ available: true, items: ['plan', '$initial_utm_source'] });
    // What crosses to the popup passes the message protocol's own schema.
    expect(segmentOptionsSchema.safeParse(options).success).toBe(true);
  });

  it('says what is missing, part by part', async () => {
    const { client } = serverClient({ denyQuery: true });
    client.listCohorts.mockRejectedValueOnce(new NoProjectAccessError(1));
    const options = await loadSegmentOptions({ client, cache: new QueryCache(), connectionKey: 'c' });
    expect(options.query).toMatchObject({ available: false, message: expect.stringContaining("'query:read'") });
    expect(options.cohorts).toMatchObject({ available: false, message: expect.stringContaining('no access to project 1') });
    expect(options.flags.available).toBe(true);
  });
});
