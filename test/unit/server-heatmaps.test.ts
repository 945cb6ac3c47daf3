// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  clickhouseRound,
  parseHeatmapEventsQuery,
  parseHeatmapListQuery,
  parseQueryDate,
  pythonRound,
  queryElementStats,
  queryHeatmap,
  queryHeatmapEvents,
  urlPatternToRegexSource,
  ValidationError,
  type HeatmapListResponse,
  type ScrollDepthResponse,
} from '../../test/server/heatmaps';
import { emptyRegionAt, emptyRegionForTests, generateSampleData, hotTargets } from '../../test/server/sample-data';
import { HeatmapStore, scaleCapturedInteraction, type HeatmapRowInput } from '../../test/server/store';
import { demoLayout } from '../../test/site/layout';

const NOW = new Date('2026-03-15T12:00:00Z');
const PAGE = 'https://shop.example/landing';

function row(overrides: Partial<HeatmapRowInput> = {}): HeatmapRowInput {
  return {
    session_id: 's1',
    distinct_id: 'd1',
    timestamp: new Date('2026-03-14T10:00:00Z'),
    x: 45,
    y: 30,
    viewport_width: 90,
    viewport_height: 50,
    pointer_target_fixed: false,
    current_url: PAGE,
    type: 'click',
    ...overrides,
  };
}

function storeOf(rows: HeatmapRowInput[]): HeatmapStore {
  const store = new HeatmapStore();
  store.addRows(rows);
  return store;
}

function list(rows: HeatmapRowInput[], params: Record<string, string> = {}): HeatmapListResponse {
  const query = parseHeatmapListQuery(new URLSearchParams(params), NOW);
  return queryHeatmap(storeOf(rows).rows, query) as HeatmapListResponse;
}

function total(response: HeatmapListResponse): number {
  return response.results.reduce((sum, spot) => sum + spot.count, 0);
}

function validationErrorOf(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('rounding like ClickHouse and Python', () => {
  it('rounds floats half to even, as ClickHouse does', () => {
    expect(clickhouseRound(87.5)).toBe(88);
    expect(clickhouseRound(88.5)).toBe(88);
    expect(clickhouseRound(0.125, 2)).toBe(0.12);
    expect(clickhouseRound(0.135, 2)).toBe(0.14);
    expect(clickhouseRound(44 / 90, 2)).toBe(0.49);
  });

  it('rounds exact binary ties to even and everything else to nearest, as Python does', () => {
    expect(pythonRound(66.66666, 1)).toBe(66.7);
    expect(pythonRound(12.25, 1)).toBe(12.2);
    expect(pythonRound(12.75, 1)).toBe(12.8);
    expect(pythonRound(0.125, 2)).toBe(0.12);
  });
});

describe('dates', () => {
  it('parses relative forms to the start of a UTC day', () => {
    expect(parseQueryDate('-7d', NOW)?.toISOString()).toBe('2026-03-08T00:00:00.000Z');
    expect(parseQueryDate('-30d', NOW)?.toISOString()).toBe('2026-02-13T00:00:00.000Z');
    expect(parseQueryDate('-24h', NOW)?.toISOString()).toBe('2026-03-14T00:00:00.000Z');
    expect(parseQueryDate('-13h', NOW)?.toISOString()).toBe('2026-03-14T00:00:00.000Z');
    expect(parseQueryDate('dStart', NOW)?.toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(parseQueryDate('mStart', NOW)?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseQueryDate('-1mStart', NOW)?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(parseQueryDate('-1w', NOW)?.toISOString()).toBe('2026-03-08T00:00:00.000Z');
    // relativedelta clamps to the month's length.
    expect(parseQueryDate('-1m', new Date('2026-03-31T08:00:00Z'))?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('parses absolute dates and date-times, and rejects anything else', () => {
    expect(parseQueryDate('2026-03-01', NOW)?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseQueryDate('2026-3-1', NOW)?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseQueryDate('2026-03-01T23:30:00-02:00', NOW)?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(parseQueryDate('2026-02-30', NOW)).toBeNull();
    expect(parseQueryDate('yesterday', NOW)).toBeNull();
    expect(parseQueryDate('-7x', NOW)).toBeNull();
  });

  it('answers an unparsable date_from with the contract’s validation error', () => {
    const error = validationErrorOf(() => parseHeatmapListQuery(new URLSearchParams({ date_from: 'bogus' }), NOW));
    expect(error.toBody()).toEqual({ type: 'validation_error', code: 'invalid_input', detail: 'Error parsing provided date_from: bogus', attr: 'date_from' });
    expect(validationErrorOf(() => parseHeatmapListQuery(new URLSearchParams({ date_to: 'soon' }), NOW)).attr).toBe('date_to');
  });

  it('defaults to the last 7 days and treats date_to as an inclusive day', () => {
    const rows = [
      row({ timestamp: '2026-03-07T23:59:59Z', x: 1 }),
      row({ timestamp: '2026-03-08T00:00:00Z', x: 2 }),
      row({ timestamp: '2026-03-15T23:59:59Z', x: 3 }),
      row({ timestamp: '2026-03-16T00:00:00Z', x: 4 }), // PostHog's `<= date_to + 1 day` keeps midnight
      row({ timestamp: '2026-03-16T00:00:01Z', x: 5 }),
    ];
    expect(total(list(rows))).toBe(3);
    // date_to = 03-07 reaches up to and including 03-08 00:00:00, exactly as PostHog's predicate does.
    expect(total(list(rows, { date_from: '2026-03-01', date_to: '2026-03-07' }))).toBe(2);
    expect(total(list(rows, { date_from: '2026-03-01', date_to: '2026-03-06' }))).toBe(0);
    expect(total(list(rows, { date_from: '-30d' }))).toBe(4);
  });
});

describe('GET /heatmaps/ filters', () => {
  it('defaults to clicks and filters by type', () => {
    const rows = [row(), row({ type: 'rageclick' }), row({ type: 'mousemove' }), row({ type: 'mousemove' })];
    expect(total(list(rows))).toBe(1);
    expect(total(list(rows, { type: 'mousemove' }))).toBe(2);
    expect(total(list(rows, { type: 'unknown' }))).toBe(0);
  });

  it('compares url_exact with trailing slashes trimmed on both sides, query and hash included', () => {
    const rows = [
      row({ current_url: 'https://shop.example/landing/' }),
      row({ current_url: 'https://shop.example/landing' }),
      row({ current_url: 'https://shop.example/landing?utm=1' }),
      row({ current_url: 'https://shop.example/landing#faq' }),
      row({ current_url: 'https://shop.example/landing/more' }),
    ];
    expect(total(list(rows, { url_exact: 'https://shop.example/landing' }))).toBe(2);
    expect(total(list(rows, { url_exact: 'https://shop.example/landing//' }))).toBe(2);
    expect(total(list(rows, { url_exact: 'https://shop.example/landing?utm=1' }))).toBe(1);
    expect(total(list(rows, { url_exact: 'https://shop.example/landing#faq' }))).toBe(1);
  });

  it('anchors url_pattern and reads a bare * as “one or more characters”', () => {
    expect(urlPatternToRegexSource('https://s/product/*/reviews')).toBe('^https://s/product/.+/reviews$');
    expect(urlPatternToRegexSource('^https://s/.*$')).toBe('^https://s/.*$');
    const rows = [
      row({ current_url: 'https://s/product/123/reviews' }),
      row({ current_url: 'https://s/product//reviews' }),
      row({ current_url: 'https://s/product/123/reviews/extra' }),
    ];
    expect(total(list(rows, { url_pattern: 'https://s/product/*/reviews' }))).toBe(1);
    expect(total(list(rows, { url_pattern: 'https://s/product/.*/reviews' }))).toBe(2);
    expect(total(list(rows, { url_pattern: 'https://s/product' }))).toBe(0);
  });

  it('lets url_pattern win over a different url_exact, and url_exact win when both are equal', () => {
    const rows = [row({ current_url: 'https://s/a' }), row({ current_url: 'https://s/b' }), row({ current_url: 'https://s/a/' })];
    expect(total(list(rows, { url_exact: 'https://s/a', url_pattern: 'https://s/*' }))).toBe(3);
    // Equal: the exact match (with its slash trimming) is kept, not the regex.
    expect(total(list(rows, { url_exact: 'https://s/a', url_pattern: 'https://s/a' }))).toBe(2);
  });

  it('answers an invalid url_pattern with a validation error', () => {
    expect(validationErrorOf(() => parseHeatmapListQuery(new URLSearchParams({ url_pattern: 'https://s/(' }), NOW)).attr).toBe('url_pattern');
  });

  it('compares viewport bounds at 16 px granularity, rounding ties to even', () => {
    const rows = [1280, 1408, 1440, 1920].map((width) => scaleCapturedInteraction({ session_id: 's', distinct_id: 'd', timestamp: '2026-03-14T00:00:00Z', x: 100, y: 480, target_fixed: false, type: 'click', viewport_width: width, viewport_height: 800, current_url: PAGE })!);
    expect(rows.map((r) => r.viewport_width)).toEqual([80, 88, 90, 120]);
    expect(total(list(rows, { viewport_width_min: '1300' }))).toBe(3); // round(81.25) = 81
    // 1416 / 16 = 88.5 rounds to 88 (even), so a 1408 px visitor still matches.
    expect(total(list(rows, { viewport_width_min: '1416' }))).toBe(3);
    expect(total(list(rows, { viewport_width_min: '1432' }))).toBe(2); // 89.5 -> 90
    expect(total(list(rows, { viewport_width_max: '1287' }))).toBe(1); // 80.4375 -> 80
    expect(total(list(rows, { viewport_width_min: '1300', viewport_width_max: '1500' }))).toBe(2);
    expect(validationErrorOf(() => parseHeatmapListQuery(new URLSearchParams({ viewport_width_min: 'wide' }), NOW)).attr).toBe('viewport_width_min');
  });

  it('counts distinct visitors per spot with aggregation=unique_visitors', () => {
    const rows = [row({ distinct_id: 'a' }), row({ distinct_id: 'a' }), row({ distinct_id: 'b' })];
    expect(list(rows).results[0]!.count).toBe(3);
    expect(list(rows, { aggregation: 'unique_visitors' }).results[0]!.count).toBe(2);
    expect(validationErrorOf(() => parseHeatmapListQuery(new URLSearchParams({ aggregation: 'max' }), NOW)).code).toBe('invalid_choice');
  });

  it('drops test accounts only when filter_test_accounts is true', () => {
    const rows = [row(), row({ is_test_account: true })];
    expect(total(list(rows))).toBe(2);
    expect(total(list(rows, { filter_test_accounts: 'false' }))).toBe(2);
    expect(total(list(rows, { filter_test_accounts: 'true' }))).toBe(1);
  });

  it('hides (0,0) points unless hide_zero_coordinates=false', () => {
    const rows = [row(), row({ x: 0, y: 0 }), row({ x: 0, y: 5 })];
    expect(total(list(rows))).toBe(2);
    expect(total(list(rows, { hide_zero_coordinates: 'false' }))).toBe(3);
  });
});

describe('GET /heatmaps/ response', () => {
  it('reports pointer_y = y * 16 and pointer_relative_x = round(x / viewport_width, 2) of the stored values', () => {
    const response = list([row({ x: 44, y: 51, viewport_width: 90 }), row({ x: 10, y: 2, pointer_target_fixed: true })]);
    expect(response.results).toContainEqual({ count: 1, pointer_y: 816, pointer_relative_x: 0.49, pointer_target_fixed: false });
    expect(response.results).toContainEqual({ count: 1, pointer_y: 32, pointer_relative_x: 0.11, pointer_target_fixed: true });
  });

  it('pages hottest first with limit, offset and has_more; limit=0 returns everything', () => {
    const rows: HeatmapRowInput[] = [];
    for (let spot = 1; spot <= 5; spot++) for (let n = 0; n < spot; n++) rows.push(row({ y: spot * 10 }));
    expect(list(rows).results.map((spot) => spot.count)).toEqual([5, 4, 3, 2, 1]);
    const first = list(rows, { limit: '2' });
    expect(first.results.map((spot) => spot.count)).toEqual([5, 4]);
    expect(first.has_more).toBe(true);
    expect(list(rows, { limit: '2', offset: '2' }).results.map((spot) => spot.count)).toEqual([3, 2]);
    const last = list(rows, { limit: '2', offset: '4' });
    expect(last.results.map((spot) => spot.count)).toEqual([1]);
    expect(last.has_more).toBe(false);
    expect(list(rows, { limit: '5' }).has_more).toBe(false);
    const all = list(rows, { limit: '0' });
    expect(all.results).toHaveLength(5);
    expect(all.has_more).toBe(false);
    expect(list(rows, { limit: '0', offset: '3' }).results).toHaveLength(2);
  });

  it('defaults to 500 spots and caps limit at 1,000,000', () => {
    const rows = Array.from({ length: 501 }, (_, i) => row({ y: i + 1 }));
    const response = list(rows);
    expect(response.results).toHaveLength(500);
    expect(response.has_more).toBe(true);
    expect(validationErrorOf(() => parseHeatmapListQuery(new URLSearchParams({ limit: '1000001' }), NOW)).code).toBe('max_value');
    expect(validationErrorOf(() => parseHeatmapListQuery(new URLSearchParams({ offset: '-1' }), NOW)).code).toBe('min_value');
  });

  it('summarises the fold over every interaction, leaving fixed targets out of the counts', () => {
    const rows = [
      row({ y: 10, viewport_height: 40 }), // above its own fold (160 px < 640 px)
      row({ y: 41, viewport_height: 40 }), // below
      row({ y: 60, viewport_height: 50 }), // below
      row({ y: 60, viewport_height: 60, pointer_target_fixed: true }), // fixed: not counted
    ];
    const response = list(rows, { limit: '1' });
    expect(response.results).toHaveLength(1);
    // The median covers all four rows: heights 640, 640, 800, 960 -> (640 + 800) / 2.
    expect(response.fold).toEqual({ total_count: 3, below_fold_count: 2, pct_below_fold: 66.7, median_viewport_height: 720 });
  });

  it('returns the exact empty fold when nothing matches', () => {
    const response = list([row({ type: 'mousemove' })]);
    expect(response).toEqual({
      results: [],
      fold: { total_count: 0, below_fold_count: 0, pct_below_fold: 0.0, median_viewport_height: null },
      has_more: false,
    });
  });

  it('buckets scroll depth by deepest pixel seen, cumulative from the bottom up', () => {
    const rows = [
      row({ type: 'scrolldepth', x: 0, y: 0, viewport_height: 50 }), // 800 px
      row({ type: 'scrolldepth', x: 0, y: 0, viewport_height: 50, distinct_id: 'd2' }), // 800 px
      row({ type: 'scrolldepth', x: 0, y: 50, viewport_height: 50 }), // 1600 px
      row({ type: 'scrolldepth', x: 0, y: 57, viewport_height: 50 }), // 1712 px -> 1700
    ];
    const response = queryHeatmap(storeOf(rows).rows, parseHeatmapListQuery(new URLSearchParams({ type: 'scrolldepth', limit: '1' }), NOW)) as ScrollDepthResponse;
    expect(response).toEqual({
      results: [
        { scroll_depth_bucket: 800, bucket_count: 2, cumulative_count: 4 },
        { scroll_depth_bucket: 1600, bucket_count: 1, cumulative_count: 2 },
        { scroll_depth_bucket: 1700, bucket_count: 1, cumulative_count: 1 },
      ],
    });
    const unique = queryHeatmap(storeOf(rows).rows, parseHeatmapListQuery(new URLSearchParams({ type: 'scrolldepth', aggregation: 'unique_visitors' }), NOW)) as ScrollDepthResponse;
    expect(unique.results[0]).toEqual({ scroll_depth_bucket: 800, bucket_count: 2, cumulative_count: 4 });
    expect(unique.results[1]).toEqual({ scroll_depth_bucket: 1600, bucket_count: 1, cumulative_count: 2 });
  });
});

describe('GET /heatmaps/events/', () => {
  const rows = [
    row({ session_id: 'old', timestamp: '2026-03-10T10:00:00Z', x: 44, y: 51 }),
    row({ session_id: 'new', timestamp: '2026-03-14T10:00:00.250Z', x: 44, y: 51 }),
    row({ session_id: 'fixed', x: 44, y: 51, pointer_target_fixed: true }),
    row({ session_id: 'elsewhere', x: 10, y: 2 }),
    row({ session_id: '', x: 10, y: 3 }),
  ];
  const events = (params: Record<string, string>) => queryHeatmapEvents(storeOf(rows).rows, parseHeatmapEventsQuery(new URLSearchParams(params), NOW));

  it('returns the interactions behind a point, newest first, matching target_fixed (default false)', () => {
    const response = events({ points: JSON.stringify([{ x: 0.49, y: 816 }]) });
    expect(response.total_count).toBe(2);
    expect(response.has_more).toBe(false);
    expect(response.results.map((event) => event.session_id)).toEqual(['new', 'old']);
    expect(response.results[0]).toEqual({
      session_id: 'new',
      distinct_id: 'd1',
      timestamp: '2026-03-14T10:00:00.250000Z',
      pointer_relative_x: 0.49,
      pointer_y: 816,
      current_url: PAGE,
      type: 'click',
    });
    expect(events({ points: JSON.stringify([{ x: 0.49, y: 816, target_fixed: true }]) }).results.map((event) => event.session_id)).toEqual(['fixed']);
  });

  it('ORs several points and pages with limit/offset', () => {
    const points = JSON.stringify([
      { x: 0.49, y: 816 },
      { x: 0.11, y: 32 },
      { x: 0.11, y: 48 },
    ]);
    const page = events({ points, limit: '2' });
    expect(page.total_count).toBe(4);
    expect(page.results).toHaveLength(2);
    expect(page.has_more).toBe(true);
    const rest = events({ points, limit: '2', offset: '2' });
    expect(rest.has_more).toBe(false);
    expect(rest.results.some((event) => event.session_id === null)).toBe(true);
  });

  it('validates points and limit', () => {
    const parse = (params: Record<string, string>) => () => parseHeatmapEventsQuery(new URLSearchParams(params), NOW);
    expect(validationErrorOf(parse({})).code).toBe('required');
    expect(validationErrorOf(parse({ points: 'not json' })).attr).toBe('points');
    expect(validationErrorOf(parse({ points: '[]' })).attr).toBe('points');
    expect(validationErrorOf(parse({ points: '[{"x": 0.5}]' })).attr).toBe('points');
    expect(validationErrorOf(parse({ points: '[{"x": 0.5, "y": 1}]', limit: '0' })).code).toBe('min_value');
    expect(validationErrorOf(parse({ points: '[{"x": 0.5, "y": 1}]', limit: '101' })).code).toBe('max_value');
    expect(parseHeatmapEventsQuery(new URLSearchParams({ points: '[{"x": 0.5, "y": 1}]' }), NOW).limit).toBe(50);
  });
});

describe('GET /elements/stats/', () => {
  const chain = (text: string) => [{ text, tag_name: 'button', attr_class: null, href: null, attr_id: null, nth_child: 1, nth_of_type: 1, attributes: {}, order: 0 }];
  const store = new HeatmapStore();
  store.addElementEvents([
    { event: '$autocapture', timestamp: '2026-03-14T00:00:00Z', distinct_id: 'a', current_url: 'https://s/', elements: chain('Buy') },
    { event: '$autocapture', timestamp: '2026-03-14T00:00:00Z', distinct_id: 'b', current_url: 'https://s/', elements: chain('Buy') },
    { event: '$autocapture', timestamp: '2026-03-14T00:00:00Z', distinct_id: 'b', current_url: 'https://s/other', elements: chain('Other') },
    { event: '$rageclick', timestamp: '2026-03-14T00:00:00Z', distinct_id: 'c', current_url: 'https://s/', elements: chain('Buy') },
    { event: '$autocapture', timestamp: '2026-01-01T00:00:00Z', distinct_id: 'd', current_url: 'https://s/', elements: chain('Old') },
  ]);
  const stats = (params: Record<string, string>) => queryElementStats(store.elementEvents, new URLSearchParams(params), NOW, new URL('http://h/api/projects/1/elements/stats/'));

  it('counts autocapture clicks per element, most clicked first, in the date range', () => {
    const response = stats({});
    expect(response.results.map((item) => [item.type, item.elements[0]!.text, item.count])).toEqual([
      ['$autocapture', 'Buy', 2],
      ['$autocapture', 'Other', 1],
    ]);
  });

  it('filters by include and by $current_url exact or regex', () => {
    expect(stats({ include: '$rageclick' }).results.map((item) => item.type)).toEqual(['$rageclick']);
    const both = new URLSearchParams([['include', '$autocapture'], ['include', '$rageclick']]);
    expect(queryElementStats(store.elementEvents, both, NOW).results).toHaveLength(3);
    const exact = JSON.stringify([{ key: '$current_url', value: 'https://s/other', operator: 'exact', type: 'event' }]);
    expect(stats({ properties: exact }).results.map((item) => item.elements[0]!.text)).toEqual(['Other']);
    const regex = JSON.stringify([{ key: '$current_url', value: '^https://s/$', operator: 'regex', type: 'event' }]);
    expect(stats({ properties: regex }).results.map((item) => item.elements[0]!.text)).toEqual(['Buy']);
  });

  it('filters by $viewport_width with PostHog’s numeric operators; events without a width match none', () => {
    const widths = new HeatmapStore();
    widths.addElementEvents([390, 1280, 1440].map((width) => ({ event: '$autocapture' as const, timestamp: '2026-03-14T00:00:00Z', distinct_id: 'w', current_url: 'https://s/', viewport_width: width, elements: chain(`at ${width}`) })));
    widths.addElementEvents([{ event: '$autocapture', timestamp: '2026-03-14T00:00:00Z', distinct_id: 'w', current_url: 'https://s/', elements: chain('no width') }]);
    const texts = (filters: unknown[]) => queryElementStats(widths.elementEvents, new URLSearchParams({ properties: JSON.stringify(filters) }), NOW).results.map((item) => item.elements[0]!.text).sort();
    expect(texts([{ key: '$viewport_width', value: 1280, operator: 'gte', type: 'event' }])).toEqual(['at 1280', 'at 1440']);
    expect(texts([{ key: '$viewport_width', value: 1280, operator: 'gt', type: 'event' }])).toEqual(['at 1440']);
    expect(texts([{ key: '$viewport_width', value: 1280, operator: 'lt', type: 'event' }])).toEqual(['at 390']);
    expect(texts([{ key: '$viewport_width', value: 1280, operator: 'lte', type: 'event' }])).toEqual(['at 1280', 'at 390']);
    expect(texts([{ key: '$viewport_width', value: 1280, operator: 'exact', type: 'event' }])).toEqual(['at 1280']);
  });

  it('pages with next and previous links', () => {
    const first = stats({ limit: '1' });
    expect(first.results).toHaveLength(1);
    expect(first.previous).toBeNull();
    expect(new URL(first.next!).searchParams.get('offset')).toBe('1');
    const second = stats({ limit: '1', offset: '1' });
    expect(second.next).toBeNull();
    expect(second.previous).not.toBeNull();
  });
});

describe('sample data', () => {
  const siteUrl = 'http://127.0.0.1:8020';
  const sample = generateSampleData({ siteUrl, now: NOW });
  const store = storeOf(sample.rows);
  const allTime = { date_from: '-30d', limit: '0' };

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSampleData({ siteUrl, now: NOW }).rows).toEqual(sample.rows);
    expect(generateSampleData({ siteUrl, now: NOW, seed: 7 }).rows).not.toEqual(sample.rows);
  });

  it('holds thousands of clicks of every type over the last ten days', () => {
    const countOf = (type: string) => sample.rows.filter((r) => r.type === type).length;
    expect(countOf('click')).toBeGreaterThanOrEqual(5000);
    expect(countOf('mousemove')).toBeGreaterThan(countOf('click'));
    for (const type of ['rageclick', 'deadclick', 'scrolldepth']) expect(countOf(type)).toBeGreaterThan(0);
    const times = sample.rows.map((r) => new Date(r.timestamp).getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 10 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    expect(new Set(sample.rows.map((r) => r.viewport_width * 16))).toEqual(new Set([1440, 1920, 1360, 1280, 768, 384, 368]));
  });

  it('puts the hot targets’ clicks on those targets at the visitors’ width', () => {
    const layout = demoLayout(1440);
    const response = queryHeatmap(store.rows, parseHeatmapListQuery(new URLSearchParams({ ...allTime, url_exact: `${siteUrl}/`, viewport_width_min: '1440', viewport_width_max: '1440' }), NOW)) as HeatmapListResponse;
    const clicksIn = (name: (typeof hotTargets)[number]) => {
      const rect = layout[name];
      return response.results
        .filter((spot) => spot.pointer_target_fixed === rect.fixed)
        .filter((spot) => {
          const x = spot.pointer_relative_x * 1440;
          return x >= rect.x - 16 && x <= rect.x + rect.width + 16 && spot.pointer_y >= rect.y - 16 && spot.pointer_y <= rect.y + rect.height + 16;
        })
        .reduce((sum, spot) => sum + spot.count, 0);
    };
    const heroClicks = clicksIn('heroCta');
    expect(heroClicks).toBeGreaterThan(200);
    for (const name of hotTargets) expect(clicksIn(name), name).toBeGreaterThan(heroClicks / 4);
    expect(layout.navPricing.fixed).toBe(true);
  });

  it('records sticky-header clicks as fixed, in viewport coordinates', () => {
    const fixed = sample.rows.filter((r) => r.pointer_target_fixed);
    expect(fixed.length).toBeGreaterThan(500);
    expect(fixed.every((r) => r.y * 16 <= 104)).toBe(true);
  });

  it('leaves the empty region untouched at every desktop width', () => {
    expect(emptyRegionForTests.viewportWidth).toBe(1280);
    const response = queryHeatmap(store.rows, parseHeatmapListQuery(new URLSearchParams({ ...allTime, hide_zero_coordinates: 'false' }), NOW)) as HeatmapListResponse;
    for (const type of ['click', 'rageclick', 'deadclick', 'mousemove']) {
      const spots = (queryHeatmap(store.rows, parseHeatmapListQuery(new URLSearchParams({ ...allTime, type }), NOW)) as HeatmapListResponse).results;
      for (const width of [768, 1024, 1280, 1366, 1440, 1920]) {
        const region = emptyRegionAt(width);
        const inside = spots.filter((spot) => {
          const x = spot.pointer_relative_x * width;
          return !spot.pointer_target_fixed && x >= region.x && x <= region.x + region.width && spot.pointer_y >= region.y && spot.pointer_y <= region.y + region.height;
        });
        expect(inside, `${type} at ${width}`).toEqual([]);
      }
    }
    expect(response.results.length).toBeGreaterThan(100);
  });

  it('stores scroll depth the way PostHog derives it: x = 0, y = max scrollY', () => {
    const scroll = sample.rows.filter((r) => r.type === 'scrolldepth');
    expect(scroll.every((r) => r.x === 0 && !r.pointer_target_fixed)).toBe(true);
    expect(scroll.some((r) => r.y === 0)).toBe(true);
    const response = queryHeatmap(store.rows, parseHeatmapListQuery(new URLSearchParams({ ...allTime, type: 'scrolldepth', url_exact: `${siteUrl}/` }), NOW)) as ScrollDepthResponse;
    const counts = response.results.map((bucket) => bucket.cumulative_count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(response.results[0]!.scroll_depth_bucket).toBeGreaterThanOrEqual(600);
  });
});
