import { describe, expect, it } from 'vitest';
import { describeSplit, detectedSplit, rangeDays, splitPickerView, splitPoints } from '../../lib/compare/split-points';
import { resolveComparison } from '../../lib/compare/ranges';
import { defaultCompare } from '../../lib/settings/preferences';

const NOW = Date.parse('2026-12-08T12:00:00Z');
const LAST_7 = { dateFrom: '-7d', dateTo: null };

describe('splitPoints', () => {
  it('offers the detected change and the annotations inside the range, one point per day, oldest first', () => {
    const list = splitPoints({
      range: LAST_7,
      now: NOW,
      annotations: [
        { content: 'Notice bar added', date: '2026-12-05T09:30:00Z' },
        { content: 'Pricing copy', date: '2026-12-03T16:00:00Z' },
      ],
      detected: { day: '2026-12-05', label: 'layout change detected' },
    });
    expect(list.points).toEqual([
      { day: '2026-12-03', labels: ['annotation: Pricing copy'], sources: ['annotation'] },
      { day: '2026-12-05', labels: ['layout change detected', 'annotation: Notice bar added'], sources: ['detected', 'annotation'] },
    ]);
    expect(list.outside).toEqual([]);
  });

  it('leaves out days that cannot split the range (its first day, before it, after it) and names the annotations so left out', () => {
    // -7d on 8 Dec is 1 Dec .. 8 Dec.
    const list = splitPoints({
      range: LAST_7,
      now: NOW,
      annotations: [
        { content: 'On the first day', date: '2026-12-01T10:00:00Z' },
        { content: 'Last month', date: '2026-11-20T10:00:00Z' },
        { content: 'Today', date: '2026-12-08T08:00:00Z' },
      ],
      detected: { day: '2026-12-01', label: 'layout change detected' },
    });
    expect(list.points.map((point) => point.day)).toEqual(['2026-12-08']);
    expect(list.outside).toEqual(['Last month', 'On the first day']);
  });

  it('still offers the detected change when there are no annotations (no annotation:read)', () => {
    const list = splitPoints({ range: { dateFrom: '2026-11-20', dateTo: '2026-12-04' }, now: NOW, annotations: [], detected: { day: '2026-11-27', label: 'layout change detected' } });
    expect(list.points).toEqual([{ day: '2026-11-27', labels: ['layout change detected'], sources: ['detected'] }]);
  });

  it('choosing a point is the split preset: A = range start .. the day before, B = that day .. range end', () => {
    const range = { dateFrom: '2026-11-20', dateTo: '2026-12-04' };
    const [point] = splitPoints({ range, now: NOW, annotations: [{ content: 'Deploy', date: '2026-11-27T14:05:00Z' }], detected: null }).points;
    const resolved = resolveComparison({ ...defaultCompare, enabled: true, preset: 'split', splitDate: point!.day }, range, NOW);
    expect(resolved.a.range).toEqual({ dateFrom: '2026-11-20', dateTo: '2026-11-26' });
    expect(resolved.b.range).toEqual({ dateFrom: '2026-11-27', dateTo: '2026-12-04' });
    expect(describeSplit(range, point!.day, NOW)).toBe('A 2026-11-20 → 2026-11-26 · B 2026-11-27 → 2026-12-04');
  });

  it('names the range as days for annotations.list', () => {
    expect(rangeDays(LAST_7, NOW)).toEqual({ dateFrom: '2026-12-01', dateTo: '2026-12-08' });
    expect(rangeDays({ dateFrom: 'soon', dateTo: null }, NOW)).toBeNull();
  });
});

describe('detectedSplit', () => {
  it('offers the detected day, or says in the look’s own words why there is none', () => {
    expect(detectedSplit({ status: 'changed', day: '2026-12-01' })).toEqual({ kind: 'day', day: '2026-12-01', label: 'layout change detected' });
    expect(detectedSplit({ status: 'unchanged', words: 'No layout change in these 14 days.' })).toEqual({ kind: 'none', note: 'No layout change in these 14 days.' });
    expect(detectedSplit({ status: 'not-checked', reason: 'Too few clicks.' })).toEqual({ kind: 'none', note: 'No layout change looked for: Too few clicks.' });
  });

  it('the picker keeps the detected day when annotations cannot be read, and says why they are missing', () => {
    const view = splitPickerView({ dateFrom: '2026-11-20', dateTo: '2026-12-04' }, NOW, { available: false, message: "API key missing required scope 'annotation:read'" }, { kind: 'day', day: '2026-11-27', label: 'layout change detected' });
    expect(view.points).toEqual([{ day: '2026-11-27', labels: ['layout change detected'], sources: ['detected'] }]);
    expect(view.annotationsNote).toBe("API key missing required scope 'annotation:read'");
    expect(view.detectionNote).toBeNull();
  });
});
