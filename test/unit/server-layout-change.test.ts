// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildHeatmapQuery } from '../../lib/heatmaps/query';
import { bandsOfSpots, buildDailyBandsQuery, dailyBandsFromAnswer, DailyBandsAnswerError, dayGroups } from '../../lib/layout-change/load';
import { daysBetween } from '../../lib/layout-change/detect';
import { heatmapQueryParams } from '../../lib/posthog/query';
import { defaultFilters, type Filters } from '../../lib/settings/preferences';
import { parseHeatmapListQuery, queryHeatmap, type HeatmapListResponse } from '../server/heatmaps';
import { runHogQLQuery } from '../server/query';
import { generateSampleData } from '../server/sample-data';
import { HeatmapStore } from '../server/store';

const NOW = new Date('2026-03-15T12:00:00Z');
const SITE = 'http://127.0.0.1:8020';
const PAGE = { dataUrl: `${SITE}/`, viewportWidth: 1280 };

const store = new HeatmapStore();
store.addRows(generateSampleData({ siteUrl: SITE, now: NOW }).rows);
const data = { rows: store.rows, segments: store.segments };

function filtersWith(patch: Partial<Filters> = {}): Filters {
  return { ...defaultFilters, dateFrom: '2026-03-05', dateTo: '2026-03-15', ...patch };
}

/** The endpoint's answer for one day, as bands. */
function endpointDay(filters: Filters, day: string) {
  const params = heatmapQueryParams(buildHeatmapQuery({ ...filters, dateFrom: day, dateTo: day }, PAGE, 'click'));
  const answer = queryHeatmap(store.rows, parseHeatmapListQuery(params, NOW)) as HeatmapListResponse;
  return bandsOfSpots(day, answer.results.map((spot) => ({ ...spot })));
}

describe('the per-day band query (layout change) on the test server', () => {
  it.each([
    ['default filters', filtersWith()],
    ['desktop band, test accounts out', filtersWith({ viewport: { mode: 'band', band: 'desktop' }, filterTestAccounts: true })],
    ['a wildcard page', filtersWith({ urlMatch: { mode: 'pattern', pattern: `${SITE}/*` } })],
  ])('answers, day by day and band by band, what the heatmaps endpoint counts for each day without fixed targets (%s)', (_name, filters) => {
    const body = buildDailyBandsQuery(buildHeatmapQuery(filters, PAGE, 'click'));
    const answer = runHogQLQuery({ query: body }, data, NOW);
    expect(answer.columns).toEqual(['day', 'band', 'count']);
    const days = daysBetween('2026-03-05', '2026-03-15');
    const fromHogQL = dailyBandsFromAnswer({ ...answer, hasMore: answer.hasMore }, days);
    let total = 0;
    for (const day of fromHogQL) {
      const endpoint = endpointDay(filters, day.day);
      expect(Object.fromEntries(day.counts), day.day).toEqual(Object.fromEntries(endpoint.counts));
      for (const count of day.counts.values()) total += count;
    }
    expect(total).toBeGreaterThan(0);
    // Ordered by day, then band, as the query says.
    const keys = answer.results.map((row) => `${row[0]}|${String(row[1]).padStart(6, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('refuses a band height of zero as ClickHouse would fail, and an unknown condition', () => {
    const body = buildDailyBandsQuery(buildHeatmapQuery(filtersWith(), PAGE, 'click'));
    expect(() => runHogQLQuery({ query: { ...body, query: body.query.replace('/ 32)', '/ 0)') } }, data, NOW)).toThrow(/Division by zero/);
    expect(() => runHogQLQuery({ query: { ...body, query: body.query.replace('NOT pointer_target_fixed', 'NOT pointer_target_sticky') } }, data, NOW)).toThrow(/Unsupported condition/);
  });
});

describe('reading the answer', () => {
  const days = ['2026-03-01', '2026-03-02'];
  const answer = (results: unknown[][], columns = ['day', 'band', 'count'], hasMore = false) => ({ results, columns, hasMore });

  it('fills days without rows with empty bands and ignores days outside the range', () => {
    const read = dailyBandsFromAnswer(answer([['2026-03-02', 4, 7], ['2026-03-09', 1, 1]]), days);
    expect(read.map((day) => [day.day, Object.fromEntries(day.counts)])).toEqual([
      ['2026-03-01', {}],
      ['2026-03-02', { 4: 7 }],
    ]);
  });

  it('says clearly when the answer is malformed, never crashing', () => {
    expect(() => dailyBandsFromAnswer(answer([['2026-03-02', 'four', 7]]), days)).toThrow(DailyBandsAnswerError);
    expect(() => dailyBandsFromAnswer(answer([['2026-03-02', 4, -1]]), days)).toThrow(/not understood \(row 1/);
    expect(() => dailyBandsFromAnswer(answer([], ['d', 'band', 'count']), days)).toThrow(/columns/);
    expect(() => dailyBandsFromAnswer(answer([], undefined, true), days)).toThrow(/more than/);
  });

  it('groups long ranges into at most 14 endpoint reads', () => {
    expect(dayGroups(daysBetween('2026-03-01', '2026-03-04'))).toHaveLength(4);
    const groups = dayGroups(daysBetween('2026-01-01', '2026-03-01'));
    expect(groups.length).toBeLessThanOrEqual(14);
    expect(groups[0]!.dateFrom).toBe('2026-01-01');
    expect(groups[groups.length - 1]!.dateTo).toBe('2026-03-01');
  });
});
