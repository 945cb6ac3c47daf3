import { describe, expect, it, vi } from 'vitest';
import { KeptHeat, samePreferences } from '../../lib/overlay/kept-heat';
import { defaultPreferences, type Preferences } from '../../lib/settings/store';
import type { HeatmapPayload } from '../../lib/messaging/protocol';

const payload = { dataUrl: 'https://shop.example/pricing', layers: [], cache: 'network' } as unknown as HeatmapPayload;
const page = { pageUrl: 'https://shop.example/pricing', viewportWidth: 1440, viewportHeight: 900 };

function keeper(now: { value: number }) {
  const released: string[] = [];
  const kept = new KeptHeat<string>((fields) => released.push(fields), () => now.value, 1_000);
  return { kept, released };
}

describe('KeptHeat (the overlay shown again on the same page paints at once)', () => {
  it('gives the kept heat back once, marked as cached and being refreshed, with its fields', () => {
    const now = { value: 0 };
    const { kept, released } = keeper(now);
    kept.keep({ payload, fields: 'fields-1', preferences: defaultPreferences, ...page });
    const taken = kept.take({ ...page, preferences: structuredClone(defaultPreferences) });
    expect(taken?.payload.cache).toBe('revalidating');
    expect(taken?.payload.dataUrl).toBe(payload.dataUrl);
    expect(taken?.fields).toBe('fields-1');
    expect(released).toEqual([]); // handed over, not freed
    expect(kept.take({ ...page, preferences: defaultPreferences })).toBeNull();
  });

  it('refuses (and frees the fields) when the page, viewport or preferences differ, or the time is up', () => {
    const now = { value: 0 };
    const changedFilters: Preferences = { ...defaultPreferences, filters: { ...defaultPreferences.filters, dateFrom: '-30d' } };
    const cases: Array<[string, Parameters<KeptHeat<string>['take']>[0], number]> = [
      ['another page', { ...page, pageUrl: 'https://shop.example/', preferences: defaultPreferences }, 0],
      ['another width', { ...page, viewportWidth: 390, preferences: defaultPreferences }, 0],
      ['another height', { ...page, viewportHeight: 700, preferences: defaultPreferences }, 0],
      ['other filters', { ...page, preferences: changedFilters }, 0],
      ['too late', { ...page, preferences: defaultPreferences }, 1_000],
    ];
    for (const [label, current, later] of cases) {
      const { kept, released } = keeper(now);
      now.value = 0;
      kept.keep({ payload, fields: label, preferences: defaultPreferences, ...page });
      now.value = later;
      expect(kept.take(current), label).toBeNull();
      expect(released, label).toEqual([label]);
      expect(kept.holding, label).toBe(false);
    }
  });

  it('frees what it held when something newer is kept, and on its own after the keep time', () => {
    vi.useFakeTimers();
    try {
      const { kept, released } = keeper({ value: 0 });
      kept.keep({ payload, fields: 'old', preferences: defaultPreferences, ...page });
      kept.keep({ payload, fields: 'new', preferences: defaultPreferences, ...page });
      expect(released).toEqual(['old']);
      vi.advanceTimersByTime(1_000);
      expect(released).toEqual(['old', 'new']);
      expect(kept.holding).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('compares preferences by value', () => {
    expect(samePreferences(defaultPreferences, structuredClone(defaultPreferences))).toBe(true);
    expect(samePreferences(defaultPreferences, { ...defaultPreferences, layers: { ...defaultPreferences.layers, click: { ...defaultPreferences.layers.click, enabled: false } } })).toBe(false);
  });
});
