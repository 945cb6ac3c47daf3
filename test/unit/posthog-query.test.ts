// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { heatmapEventsParams, heatmapQueryKey, heatmapQueryParams, type HeatmapQuery } from '../../lib/posthog/query';

const base: HeatmapQuery = { type: 'click', dateFrom: '-7d', aggregation: 'total_count', filterTestAccounts: false };

describe('heatmapQueryParams', () => {
  it('sends the minimum with PostHog names and limit=0', () => {
    expect(Object.fromEntries(heatmapQueryParams(base))).toEqual({
      type: 'click',
      date_from: '-7d',
      aggregation: 'total_count',
      filter_test_accounts: 'false',
      limit: '0',
    });
  });

  it('sends every filter, viewport widths rounded to integers', () => {
    const params = heatmapQueryParams({
      type: 'rageclick',
      dateFrom: '2026-01-01',
      dateTo: '2026-01-31',
      urlExact: 'https://site/page?a=1#b',
      urlPattern: 'https://site/*',
      viewportWidthMin: 1279.6,
      viewportWidthMax: 1440.2,
      aggregation: 'unique_visitors',
      filterTestAccounts: true,
    });
    expect(Object.fromEntries(params)).toEqual({
      type: 'rageclick',
      date_from: '2026-01-01',
      date_to: '2026-01-31',
      url_exact: 'https://site/page?a=1#b',
      url_pattern: 'https://site/*',
      viewport_width_min: '1280',
      viewport_width_max: '1440',
      aggregation: 'unique_visitors',
      filter_test_accounts: 'true',
      limit: '0',
    });
    // URL characters survive the round trip through the query string.
    expect(new URLSearchParams(params.toString()).get('url_exact')).toBe('https://site/page?a=1#b');
  });

  it('omits undefined and non-finite viewport bounds', () => {
    const params = heatmapQueryParams({ ...base, viewportWidthMin: Number.NaN, viewportWidthMax: undefined });
    expect(params.has('viewport_width_min')).toBe(false);
    expect(params.has('viewport_width_max')).toBe(false);
    expect(params.has('date_to')).toBe(false);
    expect(params.has('url_exact')).toBe(false);
  });

  it('pages with limit and offset', () => {
    const params = heatmapQueryParams(base, { limit: 500, offset: 1000 });
    expect(params.get('limit')).toBe('500');
    expect(params.get('offset')).toBe('1000');
    expect(heatmapQueryParams(base, { limit: -3, offset: 0 }).get('limit')).toBe('0');
  });
});

describe('heatmapEventsParams', () => {
  it('sends points as JSON and clamps the limit to 1..100', () => {
    const params = heatmapEventsParams(base, [{ x: 0.42, y: 816, target_fixed: false }], { limit: 500, offset: 0 });
    expect(JSON.parse(params.get('points')!)).toEqual([{ x: 0.42, y: 816, target_fixed: false }]);
    expect(params.get('limit')).toBe('100');
    expect(heatmapEventsParams(base, []).get('limit')).toBe('50');
    expect(heatmapEventsParams(base, [], { limit: 0, offset: 0 }).get('limit')).toBe('1');
  });
});

describe('heatmapQueryKey', () => {
  it('is the same whatever order the fields were written in', () => {
    const a: HeatmapQuery = { ...base, urlExact: 'https://site/', viewportWidthMin: 1000 };
    const b: HeatmapQuery = { viewportWidthMin: 1000, urlExact: 'https://site/', filterTestAccounts: false, aggregation: 'total_count', dateFrom: '-7d', type: 'click' };
    expect(heatmapQueryKey(a)).toBe(heatmapQueryKey(b));
  });

  it('differs when any filter differs, and ignores sub-pixel widths PostHog would round away', () => {
    const key = heatmapQueryKey(base);
    expect(heatmapQueryKey({ ...base, type: 'mousemove' })).not.toBe(key);
    expect(heatmapQueryKey({ ...base, filterTestAccounts: true })).not.toBe(key);
    expect(heatmapQueryKey({ ...base, urlPattern: 'x' })).not.toBe(key);
    expect(heatmapQueryKey({ ...base, viewportWidthMin: 800.2 })).toBe(heatmapQueryKey({ ...base, viewportWidthMin: 800 }));
  });
});
