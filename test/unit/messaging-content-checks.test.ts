import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { backgroundProtocol } from '@/lib/protocol/background';
import { contentProtocol, heatmapPayloadSchema, panelLayoutForPageSchema, type HeatmapPayload } from '@/lib/messaging/protocol';
import { checker } from '@/lib/messaging/checks';
import { contentReplyChecks, contentRequestChecks, heatmapPayloadCheck, overlayPreferencesCheck, panelLayoutCheck } from '@/lib/protocol/content-protocol';
import { defaultPreferences, preferencesSchema } from '@/lib/settings/store';
import { typedSpots } from '../typed-spots';
import { PROPERTY_TEST_TIMEOUT_MS } from './fast-check-setup';

// Property runs take the time their work takes: no load-dependent timeout (test/unit/fast-check-setup.ts).
vi.setConfig({ testTimeout: PROPERTY_TEST_TIMEOUT_MS });

/**
 * The content script checks its messages without zod (lib/messaging/checks.ts). These tests hold its
 * checks to the zod schemas of lib/messaging/protocol.ts: every sample that zod accepts unchanged passes, and
 * every corruption of one field (removed, wrong type, out of range) is refused by both or by neither.
 */

const layer = (id: 'click' | 'rageclick', n: number) => ({
  id,
  spots: typedSpots({ relativeX: Array.from({ length: n }, (_, i) => i / n), y: Array.from({ length: n }, (_, i) => i * 3), count: Array.from({ length: n }, () => 2), fixed: Array.from({ length: n }, (_, i) => i % 2 === 0) }),
  fold: { total_count: 10, below_fold_count: 3, pct_below_fold: 30, median_viewport_height: 800 },
  totalCount: 2 * n,
});

const samplePayload: HeatmapPayload = {
  dataUrl: 'https://example.com/',
  summary: { dateFrom: '-7d', dateTo: null, viewportWidthMin: 1152, viewportWidthMax: 1408, aggregation: 'total_count', urlPattern: null, segmentLabel: 'All visitors' },
  layers: [layer('click', 4), layer('rageclick', 2)],
  comparison: {
    a: { label: 'A', dateFrom: '-14d', dateTo: '-7d', segmentLabel: 'All visitors', layers: [layer('click', 3)], visitors: 12 },
    b: { label: 'B', dateFrom: '-7d', dateTo: null, segmentLabel: 'All visitors', layers: [layer('click', 5)], visitors: null },
    normalisation: 'total',
    view: 'diff',
  },
  scrollDepth: { results: [{ scroll_depth_bucket: 100, bucket_count: 4, cumulative_count: 9 }] },
  elsewhere: [{ id: 'mobile', label: 'Mobile', min: 0, max: 767, count: 3 }],
  fetchedAt: 1_700_000_000_000,
};

/** Every path to a value inside `value` (objects and arrays, first two items of an array; a spot column is one value). */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return [];
  const entries = Array.isArray(value) ? value.slice(0, 2).map((item, index) => [index, item] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

function withChange(value: unknown, path: Array<string | number>, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path[path.length - 1]!);
  return copy;
}

const corruptions: Array<[string, (parent: Record<string | number, unknown>, key: string | number) => void]> = [
  ['removed', (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1, undefined) : delete parent[key])],
  ['a string', (parent, key) => (parent[key] = 'x')],
  ['a number', (parent, key) => (parent[key] = -1.5)],
  ['null', (parent, key) => (parent[key] = null)],
  ['Infinity', (parent, key) => (parent[key] = Infinity)],
  ['true', (parent, key) => (parent[key] = true)],
  ['just over 100', (parent, key) => (parent[key] = 101)],
  ['a fraction', (parent, key) => (parent[key] = 0.5)],
  ['huge', (parent, key) => (parent[key] = 1e17)],
  ['an object', (parent, key) => (parent[key] = {})],
];

function agree(schema: { safeParse(value: unknown): { success: boolean; data?: unknown } }, check: ReturnType<typeof checker>, value: unknown, label: string) {
  const zod = schema.safeParse(value);
  const mine = check.safeParse(value);
  // Accepted by the checker ⇒ accepted by zod, unchanged (zod strips unknown keys, which the checker leaves).
  if (mine.success) expect(zod.success, `${label}: the checker accepts what zod refuses`).toBe(true);
  // Accepted by zod unchanged ⇒ accepted by the checker.
  if (zod.success && JSON.stringify(zod.data) === JSON.stringify(value)) expect(mine.success, `${label}: the checker refuses what zod accepts`).toBe(true);
}

describe('content-side checks agree with the zod schemas', () => {
  it('the heatmap payload: the sample and every one-field corruption of it', () => {
    const payloadChecker = checker(heatmapPayloadCheck);
    expect(heatmapPayloadSchema.safeParse(samplePayload).success).toBe(true);
    expect(payloadChecker.safeParse(samplePayload).success).toBe(true);
    let refused = 0;
    for (const path of paths(samplePayload)) {
      for (const [name, corrupt] of corruptions) {
        const value = withChange(samplePayload, path, corrupt);
        agree(heatmapPayloadSchema, payloadChecker, value, `${path.join('.')} ${name}`);
        if (!payloadChecker.safeParse(value).success) refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('a spot column corrupted inside is judged alike by both', () => {
    const columnCorruptions: Array<[string, string, unknown]> = [
      ['relativeX', 'NaN', Float64Array.of(0, Number.NaN, 0.5, 0.75)],
      ['y', 'Infinity', Float64Array.of(0, 3, Number.POSITIVE_INFINITY, 9)],
      ['count', 'a plain list', [2, 2, 2, 2]],
      ['count', 'signed', Int16Array.of(2, 2, 2, 2)],
      ['fixed', 'a byte of 2', Uint8Array.of(1, 0, 2, 0)],
      ['fixed', 'booleans', [true, false, true, false]],
      ['y', 'Uint32', Uint32Array.of(0, 3, 6, 9)],
      ['fixed', 'valid', Uint8Array.of(0, 0, 1, 1)],
    ];
    for (const [column, name, replacement] of columnCorruptions) {
      const value = withChange(samplePayload, ['layers', 0, 'spots', column], (parent, key) => (parent[key] = replacement));
      const zod = heatmapPayloadSchema.safeParse(value).success;
      expect(checker(heatmapPayloadCheck).safeParse(value).success, `${column} ${name}`).toBe(zod);
      expect(zod, `${column} ${name}`).toBe(name === 'Uint32' || name === 'valid');
    }
  });

  it('columns of different lengths are refused by both', () => {
    const value = withChange(samplePayload, ['layers', 0, 'spots', 'y'], (parent, key) => (parent[key] = Float64Array.of(1)));
    expect(heatmapPayloadSchema.safeParse(value).success).toBe(false);
    expect(checker(heatmapPayloadCheck).safeParse(value).success).toBe(false);
  });

  it('the panel layout, on generated values', () => {
    fc.assert(
      fc.property(fc.record({ detailsOpen: fc.anything(), reviewOpen: fc.anything(), dock: fc.oneof(fc.constantFrom('top-left', 'left', 'bottom', 'middle', null), fc.anything()) }), (value) => {
        agree(panelLayoutForPageSchema, checker(panelLayoutCheck), value, JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('preferences: whatever the background sends (a parsed value) passes, broken layers do not', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const parsed = preferencesSchema.safeParse(raw);
        if (parsed.success) expect(checker(overlayPreferencesCheck).safeParse(parsed.data).success).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(checker(overlayPreferencesCheck).safeParse(defaultPreferences).success).toBe(true);
    const broken = structuredClone(defaultPreferences) as unknown as { layers: { click: { opacity: number } } };
    broken.layers.click.opacity = 7;
    expect(checker(overlayPreferencesCheck).safeParse(broken).success).toBe(false);
  });

  it('covers every reply the content script reads and every request it answers, with the same verdicts on samples', () => {
    const ok = { ok: true };
    for (const type of ['filters.useViewportBand', 'overlay.closedInPage', 'review.inject', 'panel.saveLayout', 'export.captureFullPage', 'export.expectStrips', 'export.abortFullPage'] as const) {
      agree(backgroundProtocol[type].response, contentReplyChecks[type].response, ok, type);
      agree(backgroundProtocol[type].response, contentReplyChecks[type].response, { ok: false }, type);
    }
    // Export's image replies.
    for (const value of [{ dataUrl: 'data:image/png;base64,AA==' }, { dataUrl: 1 }, {}]) agree(backgroundProtocol['export.captureVisible'].response, contentReplyChecks['export.captureVisible'].response, value, 'export.captureVisible');
    for (const value of [{ dataUrl: 'data:image/png;base64,AA==', scaledDown: true }, { dataUrl: 'x', scaledDown: 'no' }, { dataUrl: 'x' }]) {
      agree(backgroundProtocol['export.finishFullPage'].response, contentReplyChecks['export.finishFullPage'].response, value, 'export.finishFullPage');
    }
    for (const value of [{ mode: 'scroll', salt: 3 }, { mode: 'beyond-viewport', salt: 0 }, { mode: 'video', salt: 1 }, { mode: 'scroll', salt: -1 }, { mode: 'scroll' }]) {
      agree(backgroundProtocol['export.beginFullPage'].response, contentReplyChecks['export.beginFullPage'].response, value, `export.beginFullPage ${JSON.stringify(value)}`);
    }
    for (const value of [{ missing: [] }, { missing: [3, 9] }, { missing: [1.5] }, { missing: ['3'] }, {}]) {
      agree(backgroundProtocol['export.awaitStrips'].response, contentReplyChecks['export.awaitStrips'].response, value, `export.awaitStrips ${JSON.stringify(value)}`);
    }
    for (const type of Object.keys(contentProtocol) as Array<keyof typeof contentProtocol>) {
      for (const value of [{}, { extra: 1 }, null, 'x', { view: 'diff' }, { view: 'z' }]) {
        agree(contentProtocol[type].request, contentRequestChecks[type].request, value, `${type} ${JSON.stringify(value)}`);
      }
    }
  });
});
