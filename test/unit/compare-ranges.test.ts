import { describe, expect, it } from 'vitest';
import { CompareRangeError, resolveComparison, resolveDay } from '../../lib/compare/ranges';
import { segmentLabel } from '../../lib/segments/labels';
import { defaultCompare, type Compare } from '../../lib/settings/preferences';

const NOW = Date.parse('2026-12-01T10:30:00Z');
const compare = (patch: Partial<Compare>): Compare => ({ ...defaultCompare, enabled: true, ...patch });

describe('resolveDay', () => {
  it('reads the values the popup produces, truncated to the UTC day', () => {
    expect(new Date(resolveDay(null, NOW)!).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(new Date(resolveDay('-7d', NOW)!).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(new Date(resolveDay('-24h', NOW)!).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(new Date(resolveDay('2026-02-03', NOW)!).toISOString()).toBe('2026-02-03T00:00:00.000Z');
    expect(resolveDay('next tuesday', NOW)).toBeNull();
  });
});

describe('resolveComparison', () => {
  it('previous period: A is the same number of days just before B, no day in both', () => {
    const result = resolveComparison(compare({ preset: 'previous-period' }), { dateFrom: '-7d', dateTo: null }, NOW);
    // -7d → today is 8 calendar days (PostHog counts both ends): A is the 8 days before.
    expect(result.b.range).toEqual({ dateFrom: '2026-11-24', dateTo: '2026-12-01' });
    expect(result.a.range).toEqual({ dateFrom: '2026-11-16', dateTo: '2026-11-23' });
  });

  it('previous period of a custom range', () => {
    const result = resolveComparison(compare({ preset: 'previous-period' }), { dateFrom: '2026-10-10', dateTo: '2026-10-19' }, NOW);
    expect(result.a.range).toEqual({ dateFrom: '2026-09-30', dateTo: '2026-10-09' });
  });

  it('split: A ends the day before the split date, B starts on it', () => {
    const result = resolveComparison(compare({ preset: 'split', splitDate: '2026-11-20' }), { dateFrom: '-30d', dateTo: null }, NOW);
    expect(result.a.range).toEqual({ dateFrom: '2026-11-01', dateTo: '2026-11-19' });
    expect(result.b.range).toEqual({ dateFrom: '2026-11-20', dateTo: '2026-12-01' });
  });

  it('split outside the range, or missing, is a clear settings error', () => {
    expect(() => resolveComparison(compare({ preset: 'split', splitDate: '2026-01-01' }), { dateFrom: '-7d', dateTo: null }, NOW)).toThrow(CompareRangeError);
    expect(() => resolveComparison(compare({ preset: 'split', splitDate: null }), { dateFrom: '-7d', dateTo: null }, NOW)).toThrow(/choose the date/);
  });

  it('custom: the two ranges as given; an open end is today', () => {
    const result = resolveComparison(
      compare({ preset: 'custom', a: { dateFrom: '2026-10-01', dateTo: '2026-10-07' }, b: { dateFrom: '2026-11-01', dateTo: null } }),
      { dateFrom: '-7d', dateTo: null },
      NOW,
    );
    expect(result.a.range).toEqual({ dateFrom: '2026-10-01', dateTo: '2026-10-07' });
    expect(result.b.range).toEqual({ dateFrom: '2026-11-01', dateTo: '2026-12-01' });
  });

  it('segments: one range, the two segments', () => {
    const result = resolveComparison(
      compare({ preset: 'segments', segmentA: { kind: 'flag', key: 'pricing', variant: 'control' }, segmentB: { kind: 'flag', key: 'pricing', variant: 'test' } }),
      { dateFrom: '-14d', dateTo: null },
      NOW,
    );
    expect(result.a.range).toEqual(result.b.range);
    expect(segmentLabel(result.a.segment)).toBe('pricing = control');
    expect(segmentLabel(result.b.segment)).toBe('pricing = test');
  });
});
