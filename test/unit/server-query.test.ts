// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHeatmapQuery } from '../../lib/heatmaps/query';
import { defaultFilters, type Filters, type Segment } from '../../lib/settings/preferences';
import { buildSegmentSessionsQuery, buildSegmentSpotsQuery, buildSegmentSummaryQuery, type QuerySegment } from '../../lib/segments/hogql';
import { sessionsFromRows } from '../../lib/segments/results';
import { parseHeatmapEventsQuery, parseHeatmapListQuery, queryHeatmap, queryHeatmapEvents, ValidationError, type HeatmapListResponse } from '../server/heatmaps';
import { heatmapQueryParams } from '../../lib/posthog/query';
import { runHogQLQuery } from '../server/query';
import { generateSampleData } from '../server/sample-data';
import { generateSegmentData, PAYING_COHORT_ID, PRICING_FLAG } from '../server/segment-data';
import { HeatmapStore } from '../server/store';
import { DEMO_KEY_ALL_SCOPES, KEY_NO_QUERY } from '../server/keys';
import { startPostHogServer, type PostHogTestServer } from '../server/server';
import { demoLayout } from '../site/layout';

const NOW = new Date('2026-03-15T12:00:00Z');
const SITE = 'http://127.0.0.1:8020';
const PAGE = { dataUrl: `${SITE}/`, viewportWidth: 1280 };

const store = new HeatmapStore();
store.addRows(generateSampleData({ siteUrl: SITE, now: NOW }).rows);
store.segments.load(generateSegmentData(store.rows));
const data = { rows: store.rows, segments: store.segments };

function filtersWith(patch: Partial<Filters> = {}): Filters {
  return { ...defaultFilters, ...patch };
}

/** Total clicks the segment query answers, by running the builder's own HogQL on the server. */
function segmentTotal(segment: QuerySegment, filters = filtersWith(), type: 'click' | 'rageclick' = 'click'): number {
  const body = buildSegmentSpotsQuery({ heatmap: buildHeatmapQuery(filters, PAGE, type), types: [type], segment });
  const answer = runHogQLQuery({ query: body }, data, NOW);
  return answer.results.reduce((sum, row) => sum + Number(row[4]), 0);
}

function endpointTotal(filters = filtersWith(), type: 'click' | 'rageclick' = 'click'): number {
  const params = heatmapQueryParams(buildHeatmapQuery(filters, PAGE, type));
  const answer = queryHeatmap(store.rows, parseHeatmapListQuery(params, NOW)) as HeatmapListResponse;
  return answer.results.reduce((sum, spot) => sum + spot.count, 0);
}

const paid: Segment = { kind: 'person', key: 'plan', operator: 'exact', value: 'paid' };
const free: Segment = { kind: 'person', key: 'plan', operator: 'exact', value: 'free' };

describe('HogQL over the test server: segments are subsets of the heatmaps endpoint', () => {
  it.each([
    ['default filters', filtersWith()],
    ['desktop band, 30 days, test accounts out', filtersWith({ dateFrom: '-30d', viewport: { mode: 'band', band: 'desktop' }, filterTestAccounts: true })],
    ['unique visitors, wildcard page', filtersWith({ aggregation: 'unique_visitors', urlMatch: { mode: 'pattern', pattern: `${SITE}/*` } })],
    ['absolute days', filtersWith({ dateFrom: '2026-03-09', dateTo: '2026-03-12' })],
  ])('plan = paid plus plan = free is everything the endpoint counts (%s)', (_name, filters) => {
    const all = endpointTotal(filters);
    expect(all).toBeGreaterThan(0);
    const paidTotal = segmentTotal(paid as QuerySegment, filters);
    const freeTotal = segmentTotal(free as QuerySegment, filters);
    expect(paidTotal).toBeGreaterThan(0);
    expect(freeTotal).toBeGreaterThan(0);
    if (filters.aggregation === 'total_count') expect(paidTotal + freeTotal).toBe(all);
    else expect(paidTotal + freeTotal).toBeGreaterThanOrEqual(all);
  });

  it('spot by spot, a segment never exceeds the endpoint', () => {
    const params = heatmapQueryParams(buildHeatmapQuery(filtersWith(), PAGE, 'click'));
    const endpoint = queryHeatmap(store.rows, parseHeatmapListQuery(params, NOW)) as HeatmapListResponse;
    const byKey = new Map(endpoint.results.map((spot) => [`${spot.pointer_relative_x}|${spot.pointer_y}|${spot.pointer_target_fixed}`, spot.count]));
    const body = buildSegmentSpotsQuery({ heatmap: buildHeatmapQuery(filtersWith(), PAGE, 'click'), types: ['click'], segment: paid as QuerySegment });
    const answer = runHogQLQuery({ query: body }, data, NOW);
    expect(answer.results.length).toBeGreaterThan(10);
    for (const [, x, y, fixed, count] of answer.results) expect(count).toBeLessThanOrEqual(byKey.get(`${x}|${y}|${fixed}`) ?? 0);
  });

  it('the cohort "Paying customers" is exactly plan = paid; is_not paid is plan = free', () => {
    expect(segmentTotal({ kind: 'cohort', id: PAYING_COHORT_ID, name: 'Paying customers' })).toBe(segmentTotal(paid as QuerySegment));
    expect(segmentTotal({ kind: 'person', key: 'plan', operator: 'is_not', value: 'paid' })).toBe(segmentTotal(free as QuerySegment));
    expect(segmentTotal({ kind: 'person', key: 'plan', operator: 'icontains', value: 'AI' })).toBe(segmentTotal(paid as QuerySegment));
  });

  it('the pricing-test variants split every click, and test clicks "Choose Pro" far less than control', () => {
    const control = { kind: 'flag', key: PRICING_FLAG, variant: 'control' } as const;
    const test = { kind: 'flag', key: PRICING_FLAG, variant: 'test' } as const;
    expect(segmentTotal(control) + segmentTotal(test)).toBe(endpointTotal());
    const proClicks = (segment: QuerySegment) => {
      const body = buildSegmentSpotsQuery({ heatmap: buildHeatmapQuery(filtersWith(), PAGE, 'click'), types: ['click'], segment });
      const rect = demoLayout(1280).pricingPro;
      return runHogQLQuery({ query: body }, data, NOW)
        .results.filter(([, x, y]) => Number(x) * 1280 >= rect.x - 16 && Number(x) * 1280 <= rect.x + rect.width + 16 && Number(y) >= rect.y - 16 && Number(y) <= rect.y + rect.height + 16)
        .reduce((sum, row) => sum + Number(row[4]), 0);
    };
    expect(proClicks(control)).toBeGreaterThan(2 * proClicks(test));
  });

  it('a session that began the evening before the range still counts for its flag variant by its clicks in the range', () => {
    const straddling = new HeatmapStore();
    const row = { distinct_id: 'd1', session_id: 's1', x: 40, y: 20, viewport_width: 80, viewport_height: 50, pointer_target_fixed: false, current_url: `${SITE}/`, type: 'click' };
    straddling.addRows([
      { ...row, timestamp: '2026-03-07T23:30:00Z' },
      { ...row, timestamp: '2026-03-08T00:20:00Z' },
    ]);
    straddling.segments.load(generateSegmentData(straddling.rows));
    const variant = String(straddling.segments.events[0]!.properties[`$feature/${PRICING_FLAG}`]);
    const body = buildSegmentSpotsQuery({
      heatmap: buildHeatmapQuery(filtersWith({ viewport: { mode: 'custom', min: 0, max: 4000 } }), PAGE, 'click'),
      types: ['click'],
      segment: { kind: 'flag', key: PRICING_FLAG, variant },
    });
    // -7d from 2026-03-15 starts at 2026-03-08: the first click is outside, the second inside.
    const answer = runHogQLQuery({ query: body }, { rows: straddling.rows, segments: straddling.segments }, NOW);
    expect(answer.results.reduce((sum, spot) => sum + Number(spot[4]), 0)).toBe(1);
  });

  it('one spots query answers several types, grouped by type', () => {
    const body = buildSegmentSpotsQuery({ heatmap: buildHeatmapQuery(filtersWith(), PAGE, 'click'), types: ['click', 'rageclick'], segment: paid as QuerySegment });
    const answer = runHogQLQuery({ query: body }, data, NOW);
    const types = new Set(answer.results.map((row) => row[0]));
    expect(types).toEqual(new Set(['click', 'rageclick']));
    expect(answer.columns).toEqual(['type', 'pointer_relative_x', 'pointer_y', 'pointer_target_fixed', 'count']);
  });

  it('the summary query gives the endpoint\'s fold for the same rows', () => {
    const heatmap = buildHeatmapQuery(filtersWith(), PAGE, 'click');
    const everybody = runHogQLQuery({ query: buildSegmentSummaryQuery({ heatmap, types: ['click'], segment: { kind: 'person', key: 'plan', operator: 'icontains', value: '' } }) }, data, NOW);
    const endpoint = queryHeatmap(store.rows, parseHeatmapListQuery(heatmapQueryParams(heatmap), NOW)) as HeatmapListResponse;
    const [type, total, below, median, visitors] = everybody.results[0]!;
    expect(type).toBe('click');
    expect(total).toBe(endpoint.fold.total_count);
    expect(below).toBe(endpoint.fold.below_fold_count);
    expect(median).toBe(endpoint.fold.median_viewport_height);
    expect(visitors).toBeGreaterThan(0);
  });

  it('the sessions behind a spot for a segment are the endpoint\'s sessions there, narrowed to the segment', () => {
    const heatmap = buildHeatmapQuery(filtersWith(), PAGE, 'click');
    const endpoint = queryHeatmap(store.rows, parseHeatmapListQuery(heatmapQueryParams(heatmap), NOW)) as HeatmapListResponse;
    const points = endpoint.results.slice(0, 3).map((spot) => ({ x: spot.pointer_relative_x, y: spot.pointer_y, target_fixed: spot.pointer_target_fixed }));
    const everyone = queryHeatmapEvents(store.rows, parseHeatmapEventsQuery(new URLSearchParams([...heatmapQueryParams(heatmap), ['points', JSON.stringify(points)], ['limit', '100']]), NOW));
    const answer = runHogQLQuery({ query: buildSegmentSessionsQuery({ heatmap, segment: paid as QuerySegment, points, limit: 100 }) }, data, NOW);
    expect(answer.columns).toEqual(['session_id', 'distinct_id', 'last_seen', 'interactions']);
    const sessions = sessionsFromRows({ ...answer });
    expect(sessions.length).toBeGreaterThan(0);
    const paidIds = new Set(store.segments.persons.filter((person) => person.properties.plan === 'paid').flatMap((person) => person.distinctIds));
    for (const session of sessions) expect(paidIds.has(session.distinct_id)).toBe(true);
    const interactions = sessions.reduce((sum, session) => sum + session.interactions, 0);
    const everyonePaid = everyone.results.filter((event) => paidIds.has(event.distinct_id)).length;
    // The endpoint lists at most 100 interactions; all of the segment's among them are found.
    expect(interactions).toBeGreaterThanOrEqual(everyonePaid);
    expect(interactions).toBeLessThanOrEqual(everyone.total_count);
  });

  it('a value that tries to break out of its string is only a value', () => {
    const sneaky = { kind: 'person', key: 'plan', operator: 'exact', value: "paid' OR 1 = 1 OR plan = '" } as const;
    expect(segmentTotal(sneaky)).toBe(0);
    const sneakyKey = { kind: 'person', key: 'plan` = `plan', operator: 'is_not', value: 'x' } as const;
    expect(segmentTotal(sneakyKey)).toBe(endpointTotal());
  });

  it('refuses other queries with PostHog\'s error shape', () => {
    const refuse = (query: string, values?: Record<string, string>) => {
      try {
        runHogQLQuery({ query: { kind: 'HogQLQuery', query, values } }, data, NOW);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).toBody();
      }
      throw new Error(`accepted ${query}`);
    };
    expect(refuse('SELECT event FROM events LIMIT 10')).toMatchObject({ type: 'validation_error', code: 'invalid_input', attr: null });
    expect(refuse("SELECT type, count() FROM heatmaps WHERE type = 'click' GROUP BY type").detail).toMatch(/Unsupported SELECT/);
    const body = buildSegmentSpotsQuery({ heatmap: buildHeatmapQuery(filtersWith(), PAGE, 'click'), types: ['click'], segment: paid as QuerySegment });
    expect(refuse(body.query.replace("type = 'click'", "type = 'click' OR 1 = 1"), body.values).detail).toMatch(/Unsupported condition/);
    expect(refuse(body.query.replace('person.properties.`plan`', 'person.properties.`plan'), body.values).detail).toMatch(/unterminated/);
    const cohort = buildSegmentSpotsQuery({ heatmap: buildHeatmapQuery(filtersWith(), PAGE, 'click'), types: ['click'], segment: { kind: 'cohort', id: 999, name: 'x' } });
    expect(refuse(cohort.query, cohort.values).detail).toMatch(/cohort with ID 999/);
    // A placeholder without its value is refused, as PostHog refuses it.
    expect(refuse(body.query).detail).toMatch(/Placeholder \{v0\} is not available/);
    expect(() => runHogQLQuery({ query: { kind: 'EventsQuery', query: 'SELECT 1' } }, data, NOW)).toThrow(/kind/);
  });
});

describe('the query endpoint over HTTP', () => {
  let server: PostHogTestServer;
  beforeAll(async () => {
    server = await startPostHogServer({ port: 0, store });
  });
  afterAll(() => server.close());

  const post = (key: string, body: unknown) =>
    fetch(`${server.url}/api/projects/1/query/`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('needs query:read, and says so like the other scopes', async () => {
    const response = await post(KEY_NO_QUERY, { query: { kind: 'HogQLQuery', query: 'SELECT 1' } });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'query:read'", attr: null });
  });

  it('answers {results, columns, types, hasMore} and logs the body it was asked', async () => {
    server.clearLog();
    const response = await post(DEMO_KEY_ALL_SCOPES, { query: { kind: 'HogQLQuery', query: 'SELECT 1' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ results: [[1]], columns: ['1'], hasMore: false });
    expect(server.requestLog[0]!.body).toEqual({ query: { kind: 'HogQLQuery', query: 'SELECT 1' } });
  });

  it('lists cohorts, flags with variants and person properties', async () => {
    const get = async (path: string) => (await fetch(`${server.url}/api/projects/1${path}`, { headers: { Authorization: `Bearer ${DEMO_KEY_ALL_SCOPES}` } })).json();
    const cohorts = await get('/cohorts/');
    expect(cohorts.results.map((cohort: { name: string }) => cohort.name)).toEqual(['Paying customers', 'Newsletter readers']);
    const flags = await get('/feature_flags/');
    expect(flags.results[0].filters.multivariate.variants.map((variant: { key: string }) => variant.key)).toEqual(['control', 'test']);
    expect(flags.results[1].filters.multivariate).toBeNull();
    const properties = await get('/property_definitions/?type=person');
    expect(properties.results.map((definition: { name: string }) => definition.name)).toEqual(expect.arrayContaining(['plan', '$initial_utm_source']));
  });
});
