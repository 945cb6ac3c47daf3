import { describe, expect, it, vi } from 'vitest';
import { reviewPreferences } from '../../lib/compare/load';
import { buildHeatmapPayload, payloadRequestFor } from '../../lib/payload/build';
import { QueryCache } from '../../lib/heatmaps/service';
import type { PostHogClient } from '../../lib/posthog/client';
import type { HeatmapQuery } from '../../lib/posthog/query';
import { EMPTY_FOLD } from '../../lib/posthog/schemas';
import { compareLayerInputs, diffLayerId, diffLayerInputSteps, nextCompareView } from '../../lib/compare/view';
import type { HeatLayerData } from '../../lib/messaging/protocol';
import { defaultPreferences, type Preferences } from '../../lib/settings/preferences';
import { unpackPoints } from '../heat-points';
import { typedSpots } from '../typed-spots';

const NOW = Date.parse('2026-12-01T10:00:00Z');

function layer(id: HeatLayerData['id'], spots: Array<[number, number, number]>): HeatLayerData {
  return {
    id,
    spots: typedSpots({ relativeX: spots.map((s) => s[0]), y: spots.map((s) => s[1]), count: spots.map((s) => s[2]), fixed: spots.map(() => false) }),
    fold: { pct_below_fold: 0, median_viewport_height: null } as never,
    totalCount: spots.reduce((sum, s) => sum + s[2], 0),
  };
}

const preferences: Preferences = { ...defaultPreferences, compare: { ...defaultPreferences.compare, enabled: true, preset: 'previous-period' } };

/** A heatmaps endpoint answering one click of `count(query)` at the same spot, recording what it is asked. */
function endpoint(count: (query: HeatmapQuery) => number) {
  const asked: HeatmapQuery[] = [];
  const client = {
    fetchHeatmap: vi.fn(async (query: HeatmapQuery) => {
      asked.push(query);
      return { results: [{ pointer_relative_x: 0.5, pointer_y: 10, count: count(query), pointer_target_fixed: false }], fold: EMPTY_FOLD, has_more: false };
    }),
    fetchScrollDepth: vi.fn(async () => ({ results: [] })),
  };
  return { client: client as unknown as PostHogClient, asked };
}

const page = { dataUrl: 'https://example.com/', viewportWidth: 1280 };

describe('buildHeatmapPayload, compare', () => {
  it('asks once per side with the resolved days and segments, labels each side, and paints B', async () => {
    const { client, asked } = endpoint((query) => (query.dateFrom === '2026-11-24' ? 4 : 2));
    const payload = await buildHeatmapPayload({ client, cache: new QueryCache(), connectionKey: 'c', preferences, page }, payloadRequestFor(preferences, NOW));
    expect(asked.map((query) => [query.dateFrom, query.dateTo, query.type]).sort()).toEqual([
      ['2026-11-16', '2026-11-23', 'click'],
      ['2026-11-24', '2026-12-01', 'click'],
    ]);
    const comparison = payload.comparison!;
    expect(comparison.a.label).toBe('A · 2026-11-16 → 2026-11-23 · All visitors');
    expect(comparison.b.layers[0]!.totalCount).toBe(4);
    expect(payload.layers).toBe(comparison.b.layers);
    expect(comparison.normalisation).toBe('total');
    expect(comparison.view).toBe('diff');
  });

  it('per visitor when the count is unique visitors', async () => {
    const { client } = endpoint(() => 1);
    const perVisitor: Preferences = { ...preferences, filters: { ...preferences.filters, aggregation: 'unique_visitors' } };
    const payload = await buildHeatmapPayload({ client, cache: new QueryCache(), connectionKey: 'c', preferences: perVisitor, page }, payloadRequestFor(perVisitor, NOW));
    expect(payload.comparison!.normalisation).toBe('visitors');
  });
});

describe('reviewPreferences', () => {
  it("puts the review on side B's days and segment when Compare is on, and leaves everything alone otherwise", () => {
    expect(reviewPreferences(preferences, NOW).filters).toMatchObject({ dateFrom: '2026-11-24', dateTo: '2026-12-01' });
    const segmentB = { kind: 'device', device: 'mobile' } as const;
    const twoSegments: Preferences = { ...preferences, compare: { ...preferences.compare, preset: 'segments', segmentA: { kind: 'all' }, segmentB } };
    expect(reviewPreferences(twoSegments, NOW).segment).toEqual(segmentB);
    expect(reviewPreferences(defaultPreferences, NOW)).toBe(defaultPreferences);
    const broken: Preferences = { ...preferences, compare: { ...preferences.compare, preset: 'split', splitDate: null } };
    expect(reviewPreferences(broken, NOW)).toBe(broken);
  });
});

describe('compareLayerInputs', () => {
  const comparison = {
    a: { label: 'A', dateFrom: '2026-10-01', dateTo: '2026-10-07', segmentLabel: 'All visitors', layers: [layer('click', [[0.5, 100, 10], [0.25, 50, 10]])], visitors: null },
    b: { label: 'B', dateFrom: '2026-10-08', dateTo: '2026-10-14', segmentLabel: 'All visitors', layers: [layer('click', [[0.5, 100, 30], [0.25, 50, 10]])], visitors: null },
    normalisation: 'total' as const,
    view: 'diff' as const,
  };

  it('A−B: one layer, B weights divided by B total, A weights by A total as the baseline', () => {
    const [input, ...rest] = compareLayerInputs(comparison, 'diff', defaultPreferences, 1000);
    expect(rest).toEqual([]);
    expect(input!.id).toBe('diff:click');
    expect(unpackPoints(input!.documentPoints)).toEqual([
      { x: 500, y: 100, weight: 30 / 40 },
      { x: 250, y: 50, weight: 10 / 40 },
    ]);
    expect(unpackPoints(input!.baseline!.documentPoints)).toEqual([
      { x: 500, y: 100, weight: 0.5 },
      { x: 250, y: 50, weight: 0.5 },
    ]);
  });

  it('A and B paint that side as an ordinary heatmap', () => {
    const [inputA] = compareLayerInputs(comparison, 'a', defaultPreferences, 1000);
    expect(inputA!.baseline).toBeUndefined();
    expect(unpackPoints(inputA!.documentPoints).map((point) => point.weight)).toEqual([10, 10]);
  });

  it('A−B converts both sides in steps of `chunk` spots (the overlay yields to the page between them), to the same input', () => {
    const spots = (count: number, weight: number) => Array.from({ length: count }, (_, index): [number, number, number] => [(index % 100) / 100, index, weight]);
    const big = { ...comparison, a: { ...comparison.a, layers: [layer('click', spots(2_500, 1))] }, b: { ...comparison.b, layers: [layer('click', spots(2_000, 3))] } };
    const steps = diffLayerInputSteps(big, defaultPreferences, 1000, 500);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    // 2,500 spots in chunks of 500 yield 4 times within side A, 2,000 spots 3 times within B, plus
    // one turn after each side's conversion: no step converts more than one chunk.
    expect(yields).toBe(4 + 1 + 3 + 1);
    expect(step.value).toEqual(compareLayerInputs(big, 'diff', defaultPreferences, 1000));
    expect(unpackPoints(step.value[0]!.documentPoints)).toHaveLength(2_000);
  });

  it('no painted click-like layer: nothing to diff', () => {
    const off: Preferences = { ...defaultPreferences, layers: { ...defaultPreferences.layers, click: { ...defaultPreferences.layers.click, enabled: false } } };
    expect(diffLayerId(comparison, off)).toBeNull();
    expect(compareLayerInputs(comparison, 'diff', off, 1000)).toEqual([]);
  });

  it('the view cycles A → B → A−B → A', () => {
    expect([nextCompareView('a'), nextCompareView('b'), nextCompareView('diff')]).toEqual(['b', 'diff', 'a']);
  });
});
