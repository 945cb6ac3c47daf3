import { describe, expect, it } from 'vitest';
import { buildHeatmapQuery } from '@/lib/heatmaps/query';
import { defaultFilters, type Filters } from '@/lib/settings/preferences';
import { SchemaError } from '@/lib/posthog/errors';
import {
  buildSegmentScrollDepthQuery,
  buildSegmentSessionsQuery,
  buildSegmentSpotsQuery,
  buildSegmentSummaryQuery,
  dateRangeConditions,
  dayStartExpression,
  hogqlIdentifier,
  hogqlString,
  isQuerySegment,
  segmentCondition,
  UnsupportedDateError,
  UnsupportedIdentifierError,
  HogQLValues,
  urlPatternToRegex,
} from '@/lib/segments/hogql';
import { maskLiterals } from '../server/query';
import { deviceForViewport, segmentLabel } from '@/lib/segments/labels';
import { scrollDepthFromRows, spotsByType, summaryByType } from '@/lib/segments/results';

const page = { dataUrl: 'https://shop.example/pricing/', viewportWidth: 1280 };
const range = { dateFrom: '-7d', dateTo: null };
const filters = (patch: Partial<Filters> = {}): Filters => ({ ...defaultFilters, ...patch });

describe('HogQL literals', () => {
  it('escapes backslashes, quotes and control characters in strings', () => {
    expect(hogqlString("it's")).toBe("'it\\'s'");
    expect(hogqlString('a\\b')).toBe("'a\\\\b'");
    expect(hogqlString("\\' OR 1=1 --")).toBe("'\\\\\\' OR 1=1 --'");
    expect(hogqlString('line\nbreak\ttab')).toBe("'line\\nbreak\\ttab'");
  });

  it('quotes identifiers in backticks and escapes backticks inside', () => {
    expect(hogqlIdentifier('$feature/pricing-test')).toBe('`$feature/pricing-test`');
    expect(() => hogqlIdentifier('')).toThrow();
  });

  it("doubles a backtick inside an identifier, as PostHog's lexer reads it (issue 17, item 8), and escapes backslashes", () => {
    expect(hogqlIdentifier('a`b')).toBe('`a``b`');
    expect(hogqlIdentifier('a\\`) OR 1=1 --')).toBe('`a\\\\``) OR 1=1 --`');
    expect(hogqlIdentifier('line\nbreak')).toBe('`line\\nbreak`');
  });

  it('refuses a `%` in an identifier, as PostHog does, with a message to act on', () => {
    expect(() => hogqlIdentifier('50%off')).toThrow(UnsupportedIdentifierError);
  });

  it("every identifier reads back as itself through a lexer that follows PostHog's grammar (the test server's)", () => {
    for (const key of ['plan', 'a`b', '``', '\\`', '\\', 'x\ty\rz\0', "it's", '`) OR 1=1 --', '$feature/x`y']) {
      const masked = maskLiterals(`person.properties.${hogqlIdentifier(key)} = 1`);
      expect(masked.identifiers).toEqual([key]);
      expect(masked.text).toBe('person.properties.«0» = 1');
    }
  });

  it('the old backslash escape of a backtick is not valid HogQL', () => {
    expect(() => maskLiterals('person.properties.`a\\`b` = 1')).toThrow(/unexpected escape/);
  });
});

describe('dates, as the heatmaps endpoint reads date_from / date_to', () => {
  it.each([
    ['-7d', 'toStartOfDay(now() - INTERVAL 7 DAY)'],
    ['-24h', 'toStartOfDay(now() - INTERVAL 24 HOUR)'],
    ['-2w', 'toStartOfDay(now() - INTERVAL 2 WEEK)'],
    ['-1mStart', 'toStartOfMonth(now() - INTERVAL 1 MONTH)'],
    ['-1yStart', 'toStartOfYear(now() - INTERVAL 1 YEAR)'],
    ['dStart', 'toStartOfDay(now())'],
    ['2026-11-01', "toDateTime('2026-11-01 00:00:00')"],
  ])('%s → %s', (value, expression) => expect(dayStartExpression(value)).toBe(expression));

  it('refuses what it cannot express instead of guessing', () => {
    expect(() => dayStartExpression("2026-11-01' OR 1=1")).toThrow(UnsupportedDateError);
    expect(() => dayStartExpression('yesterday')).toThrow(UnsupportedDateError);
  });

  it('ends at the end of the last day (inclusive), today when open', () => {
    expect(dateRangeConditions(range)).toEqual(['timestamp >= toStartOfDay(now() - INTERVAL 7 DAY)', 'timestamp <= toStartOfDay(now()) + INTERVAL 1 DAY']);
    expect(dateRangeConditions({ dateFrom: '-14d', dateTo: '-7d' })[1]).toBe('timestamp <= toStartOfDay(now() - INTERVAL 7 DAY) + INTERVAL 1 DAY');
  });
});

describe('segment conditions', () => {
  it('person properties join persons by distinct_id; the value is a placeholder, passed in `values`', () => {
    const values = new HogQLValues();
    expect(segmentCondition({ kind: 'person', key: 'plan', operator: 'exact', value: 'paid' }, range, values)).toBe(
      'distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE person.properties.`plan` = {v0})',
    );
    expect(segmentCondition({ kind: 'person', key: '$initial_utm_source', operator: 'is_not', value: 'google' }, range, values)).toBe(
      "distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE ifNull(person.properties.`$initial_utm_source`, '') != {v1})",
    );
    expect(segmentCondition({ kind: 'person', key: 'email', operator: 'icontains', value: '50%_off' }, range, values)).toContain('ILIKE {v2}');
    expect(values.values).toEqual({ v0: 'paid', v1: 'google', v2: '%50\\%\\_off%' });
  });

  it('cohorts use IN COHORT on person_id; flags use the session\'s $feature/<key> within the range', () => {
    expect(segmentCondition({ kind: 'cohort', id: 12, name: 'Paying' }, range)).toBe(
      'distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE person_id IN COHORT 12)',
    );
    expect(segmentCondition({ kind: 'flag', key: 'pricing-test', variant: 'test' }, range)).toBe(
      "session_id IN (SELECT $session_id FROM events WHERE properties.`$feature/pricing-test` = {v0} AND timestamp >= toStartOfDay(now() - INTERVAL 7 DAY) - INTERVAL 1 DAY AND timestamp <= toStartOfDay(now()) + INTERVAL 2 DAY)",
    );
  });

  it('all and device are not HogQL segments', () => {
    expect(isQuerySegment({ kind: 'all' })).toBe(false);
    expect(isQuerySegment({ kind: 'device', device: 'mobile' })).toBe(false);
    expect(isQuerySegment({ kind: 'cohort', id: 1, name: 'x' })).toBe(true);
  });
});

describe('the spots query', () => {
  const paid = { kind: 'person', key: 'plan', operator: 'exact', value: 'paid' } as const;

  it('applies the endpoint\'s coordinate rules: /16 scale, viewport bound round(px / 16), trailing slash trimmed, no (0,0)', () => {
    const body = buildSegmentSpotsQuery({ heatmap: buildHeatmapQuery(filters(), page, 'click'), types: ['click', 'rageclick'], segment: paid });
    expect(body).toEqual({
      kind: 'HogQLQuery',
      query: [
        'SELECT type, round(x / viewport_width, 2) AS pointer_relative_x, y * scale_factor AS pointer_y, pointer_target_fixed, count() AS count',
        'FROM heatmaps',
        "WHERE type IN ('click', 'rageclick')",
        '  AND timestamp >= toStartOfDay(now() - INTERVAL 7 DAY)',
        '  AND timestamp <= toStartOfDay(now()) + INTERVAL 1 DAY',
        "  AND replaceRegexpAll(current_url, '/+$', '') = {v0}",
        '  AND viewport_width >= round(1152 / 16)',
        '  AND viewport_width <= round(1408 / 16)',
        '  AND NOT (x = 0 AND y = 0)',
        '  AND distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE person.properties.`plan` = {v1})',
        'GROUP BY type, pointer_relative_x, pointer_y, pointer_target_fixed',
        'ORDER BY count DESC',
        'LIMIT 50000',
      ].join('\n'),
      values: { v0: 'https://shop.example/pricing', v1: 'paid' },
    });
  });

  it('uses url patterns as PostHog does, counts distinct visitors, and hands test accounts to {filters}', () => {
    const heatmap = buildHeatmapQuery(
      filters({ urlMatch: { mode: 'pattern', pattern: 'https://shop.example/product/*' }, aggregation: 'unique_visitors', filterTestAccounts: true, viewport: { mode: 'band', band: 'desktop' } }),
      page,
      'click',
    );
    const body = buildSegmentSpotsQuery({ heatmap, types: ['click'], segment: paid });
    expect(body.filters).toEqual({ filterTestAccounts: true });
    expect(body.query).toContain('count(DISTINCT distinct_id) AS count');
    expect(body.query).toContain("type = 'click'");
    expect(body.query).toContain('{filters}');
    expect(body.query).toContain('viewport_width >= round(1280 / 16)');
    expect(body.query).not.toContain('viewport_width <=');
    // The wildcard's dots arrive escaped (lib/core/url-pattern); the regex is a value, not query text.
    expect(body.query).toContain('match(current_url, {v0})');
    expect(body.values?.v0).toBe('^https://shop\\.example/product/.+$');
    expect(body.query).not.toContain('replaceRegexpAll');
  });

  it('keeps a hostile page URL out of the query text: it is a `values` placeholder (issue 17, item 8)', () => {
    const body = buildSegmentSpotsQuery({ heatmap: buildHeatmapQuery(filters(), { dataUrl: "https://x.example/?q=' OR 1=1 --", viewportWidth: 1280 }, 'click'), types: ['click'], segment: paid });
    expect(body.query).not.toContain('OR 1=1');
    expect(body.query).toContain("replaceRegexpAll(current_url, '/+$', '') = {v0}");
    expect(body.values?.v0).toBe("https://x.example/?q=' OR 1=1 --");
  });

  it('summary and scroll depth share the filters; scroll depth keeps rows at (0, 0)', () => {
    const heatmap = buildHeatmapQuery(filters(), page, 'click');
    expect(buildSegmentSummaryQuery({ heatmap, types: ['click'], segment: paid }).query).toMatch(/^SELECT type, countIf\(NOT pointer_target_fixed\) AS total_count/);
    const scroll = buildSegmentScrollDepthQuery({ heatmap, segment: paid }).query;
    expect(scroll).toContain("type = 'scrolldepth'");
    expect(scroll).not.toContain('NOT (x = 0 AND y = 0)');
  });

  it('the sessions query matches spots exactly as the heatmap returned them, OR-ed, and refuses non-numbers', () => {
    const heatmap = buildHeatmapQuery(filters(), page, 'rageclick');
    const query = buildSegmentSessionsQuery({ heatmap, segment: paid, points: [{ x: 0.42, y: 816, target_fixed: false }, { x: 0.5, y: 32, target_fixed: true }], limit: 100 }).query;
    expect(query).toContain("type = 'rageclick'");
    expect(query).toContain(
      '((round(x / viewport_width, 2) = 0.42 AND y * scale_factor = 816 AND pointer_target_fixed = false) OR (round(x / viewport_width, 2) = 0.5 AND y * scale_factor = 32 AND pointer_target_fixed = true))',
    );
    expect(query).toMatch(/GROUP BY session_id, distinct_id\nORDER BY last_seen DESC\nLIMIT 100$/);
    expect(() => buildSegmentSessionsQuery({ heatmap, segment: paid, points: [{ x: Number.NaN, y: 1, target_fixed: false }], limit: 100 })).toThrow();
    expect(() => buildSegmentSessionsQuery({ heatmap, segment: paid, points: [], limit: 100 })).toThrow();
  });

  it('PostHog\'s url_pattern rule: anchored, * not after . is .+', () => {
    expect(urlPatternToRegex('https://a.example/p/*/x')).toBe('^https://a.example/p/.+/x$');
    expect(urlPatternToRegex('^https://a.example/.*$')).toBe('^https://a.example/.*$');
  });
});

describe('labels and devices', () => {
  it.each([
    [{ kind: 'all' }, 'All visitors'],
    [{ kind: 'person', key: 'plan', operator: 'exact', value: 'paid' }, 'plan = paid'],
    [{ kind: 'person', key: 'plan', operator: 'is_not', value: 'paid' }, 'plan ≠ paid'],
    [{ kind: 'person', key: '$initial_utm_source', operator: 'icontains', value: 'news' }, '$initial_utm_source contains news'],
    [{ kind: 'cohort', id: 2, name: 'Paying customers' }, 'Cohort: Paying customers'],
    [{ kind: 'flag', key: 'pricing-test', variant: 'test' }, 'pricing-test = test'],
    [{ kind: 'device', device: 'mobile' }, 'Mobile'],
  ] as const)('%j → %s', (segment, label) => expect(segmentLabel(segment)).toBe(label));

  it('derives the device from the viewport width with the viewport filter\'s bands', () => {
    expect(deviceForViewport(390)).toBe('mobile');
    expect(deviceForViewport(767)).toBe('mobile');
    expect(deviceForViewport(768)).toBe('tablet');
    expect(deviceForViewport(1279)).toBe('tablet');
    expect(deviceForViewport(1280)).toBe('desktop');
  });
});

describe('rows → the endpoint\'s shapes', () => {
  const columns = ['type', 'pointer_relative_x', 'pointer_y', 'pointer_target_fixed', 'count'];

  it('groups spots by type, hottest first, reading booleans as true/false or 1/0 and columns by name', () => {
    const byType = spotsByType({
      columns: ['count', ...columns.slice(0, 4)],
      results: [
        [2, 'click', 0.5, 800, false],
        [7, 'click', 0.25, 32, 1],
        [1, 'rageclick', 0.5, 800, 0],
      ],
      hasMore: false,
    });
    expect(byType.get('click')).toEqual([
      { count: 7, pointer_relative_x: 0.25, pointer_y: 32, pointer_target_fixed: true },
      { count: 2, pointer_relative_x: 0.5, pointer_y: 800, pointer_target_fixed: false },
    ]);
    expect(byType.get('rageclick')).toHaveLength(1);
  });

  it('names the bad cell of a malformed row, and a missing column', () => {
    expect(() => spotsByType({ columns, results: [['click', 0.5, 'x', false, 1]], hasMore: false })).toThrow(SchemaError);
    expect(() => spotsByType({ columns, results: [['click', 0.5, 'x', false, 1]], hasMore: false })).toThrow(/results\[0\]\.pointer_y/);
    expect(() => spotsByType({ columns: columns.slice(1), results: [], hasMore: false })).toThrow(/no column "type"/);
  });

  it('builds the fold per type and leaves absent types empty', () => {
    const summary = summaryByType(
      { columns: ['type', 'total_count', 'below_fold_count', 'median_viewport_height', 'visitors'], results: [['click', 3, 2, 640.5, 2]], hasMore: false },
      ['click', 'deadclick'],
    );
    expect(summary.get('click')).toEqual({ fold: { total_count: 3, below_fold_count: 2, pct_below_fold: 66.7, median_viewport_height: 641 }, visitors: 2 });
    expect(summary.get('deadclick')!.fold.median_viewport_height).toBeNull();
  });

  it('accumulates scroll depth from the deepest bucket up', () => {
    expect(scrollDepthFromRows({ columns: ['bucket', 'bucket_count'], results: [[1600, 9], [800, 5]], hasMore: false }).results).toEqual([
      { scroll_depth_bucket: 800, bucket_count: 5, cumulative_count: 14 },
      { scroll_depth_bucket: 1600, bucket_count: 9, cumulative_count: 9 },
    ]);
  });
});
