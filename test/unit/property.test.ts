// @vitest-environment node
/**
 * Generated API payloads, valid, edge and malformed, through everything an answer from PostHog goes
 * through: the client's parsing and schemas, the geometry that places spots on the page, and the
 * renderer's field computation. Whatever comes in: no uncaught error (every refusal is a typed
 * PostHogError), no NaN or infinite coordinate, no grid beyond its cap.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { packSpots } from '../../lib/heatmaps/service';
import { heatLayers, toHeatLayerInput } from '../../lib/layers';
import { foldLine } from '../../lib/layers/fold';
import { scrollDepthBands, scrollDepthMarkers, scrollDepthProfile } from '../../lib/layers/scroll-depth';
import { createPostHogClient } from '../../lib/posthog/client';
import { PostHogError } from '../../lib/posthog/errors';
import type { HeatmapQuery } from '../../lib/posthog/query';
import { clickLikeResponseSchema, scrollDepthResponseSchema } from '../../lib/posthog/schemas';
import { gridGeometry, MAX_GRID_CELLS, MAX_GRID_DIMENSION } from '../../lib/render/density';
import { computeHeatField } from '../../lib/render/field';
import { defaultLayers } from '../../lib/settings/store';
import { unpackPoints } from '../heat-points';
import { PROPERTY_TEST_TIMEOUT_MS } from './fast-check-setup';

// Property runs take the time their work takes: no load-dependent timeout (test/unit/fast-check-setup.ts).
vi.setConfig({ testTimeout: PROPERTY_TEST_TIMEOUT_MS });

const query: HeatmapQuery = { type: 'click', dateFrom: '-7d', urlExact: 'https://shop.example/', aggregation: 'total_count', filterTestAccounts: false };

// ---------------------------------------------------------------------------------------------
// Payloads

/** Numbers a server could plausibly or implausibly send (JSON has no NaN or Infinity). */
const anyNumber = fc.oneof(
  fc.integer({ min: -10, max: 50_000 }),
  fc.double({ min: -1, max: 2, noNaN: true }),
  fc.constantFrom(0, -0, 1, 0.5, 1e-300, 1e15, -1e15, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Any JSON value at all, for fields that should have been something else. */
const junk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));

const validSpot = fc.record({
  count: fc.integer({ min: 1, max: 5000 }),
  pointer_y: fc.integer({ min: 0, max: 3000 }).map((y) => y * 16),
  pointer_relative_x: fc.integer({ min: 0, max: 100 }).map((x) => x / 100),
  pointer_target_fixed: fc.boolean(),
});
const edgeSpot = fc.record({
  count: fc.oneof(anyNumber, fc.constant(0)),
  pointer_y: anyNumber,
  pointer_relative_x: anyNumber,
  pointer_target_fixed: fc.boolean(),
});
const malformedSpot = fc.oneof(
  junk,
  fc.record({ count: junk, pointer_y: junk, pointer_relative_x: junk, pointer_target_fixed: junk }, { requiredKeys: [] }),
);
const fold = fc.oneof(
  fc.record({
    total_count: fc.nat(),
    below_fold_count: fc.nat(),
    pct_below_fold: fc.double({ min: 0, max: 100, noNaN: true }),
    median_viewport_height: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 5000 })),
  }),
  fc.record({ total_count: anyNumber, below_fold_count: anyNumber, pct_below_fold: anyNumber, median_viewport_height: fc.oneof(anyNumber, fc.constant(null)) }),
  junk,
);
const clickLikeBody = fc.record(
  {
    results: fc.oneof(
      { weight: 4, arbitrary: fc.array(validSpot, { maxLength: 60 }) },
      { weight: 3, arbitrary: fc.array(fc.oneof(validSpot, edgeSpot), { maxLength: 60 }) },
      { weight: 2, arbitrary: fc.array(fc.oneof(validSpot, edgeSpot, malformedSpot), { maxLength: 20 }) },
      { weight: 1, arbitrary: junk },
    ),
    fold,
    has_more: fc.oneof(fc.boolean(), junk),
  },
  { requiredKeys: [] },
);
const bucket = fc.record({
  scroll_depth_bucket: fc.oneof(fc.integer({ min: 0, max: 500 }).map((b) => b * 100), anyNumber),
  bucket_count: fc.oneof(fc.nat(), anyNumber),
  cumulative_count: fc.oneof(fc.nat(), anyNumber),
});
const scrollDepthBody = fc.record({ results: fc.oneof(fc.array(bucket, { maxLength: 40 }), fc.array(fc.oneof(bucket, junk), { maxLength: 10 }), junk) }, { requiredKeys: [] });

/** What the wire carries: JSON of a payload, or something that is not JSON at all. */
const body = fc.oneof(
  { weight: 8, arbitrary: clickLikeBody.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: junk.map((value) => JSON.stringify(value) ?? '') },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('<!doctype html><h1>Log in</h1>', '{"results": [', '', 'null', '{"results":[{"count":1e999}]}')) },
);

const viewportWidth = fc.oneof(fc.integer({ min: 1, max: 4000 }), fc.constantFrom(320, 1280, 1440, 1e-3, 1e6));

// ---------------------------------------------------------------------------------------------
// Checks

function expectFinitePoints(points: ReadonlyArray<{ x: number; y: number; weight: number }>): void {
  for (const point of points) {
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y) || !Number.isFinite(point.weight)) {
      throw new Error(`non-finite point ${JSON.stringify([point.x, point.y, point.weight])}`);
    }
  }
}

/** A small page (rendering 10,000 fields must stay fast); the caps are checked separately below. */
const renderArea = fc.record({ width: fc.integer({ min: 1, max: 400 }), height: fc.integer({ min: 1, max: 600 }), radius: fc.integer({ min: 4, max: 120 }) });

describe('generated PostHog answers through schemas, geometry and rendering', () => {
  it('10,000 heatmap answers: a typed error or finite points and a bounded field, never anything else', async () => {
    let parsed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(200, 200, 200, 201), viewportWidth, renderArea, async (text, status, width, area) => {
        const client = createPostHogClient(
          { host: 'https://us.posthog.com', projectId: 1, apiKey: 'phx_property' },
          { fetch: async () => new Response(text, { status, headers: { 'Content-Type': 'application/json' } }), maxPages: 2 },
        );
        let response;
        try {
          response = await client.fetchHeatmap(query);
        } catch (error) {
          if (!(error instanceof PostHogError)) throw error;
          expect(error.kind).toBe('schema');
          expect(error.message.length).toBeGreaterThan(0);
          refused++;
          return;
        }
        parsed++;
        const definition = heatLayers[parsed % heatLayers.length]!;
        const layer = toHeatLayerInput(
          definition,
          { id: definition.id, spots: packSpots(response.results), fold: response.fold, totalCount: 0 },
          { viewportWidth: width, preference: { ...defaultLayers.click, radius: area.radius } },
        );
        const documentPoints = unpackPoints(layer.documentPoints);
        const fixedPoints = unpackPoints(layer.fixedPoints);
        expectFinitePoints(documentPoints);
        expectFinitePoints(fixedPoints);
        const line = response.fold ? foldLine(response.fold) : null;
        if (line) expect(Object.values(line).every((value) => typeof value !== 'number' || Number.isFinite(value))).toBe(true);
        const field = computeHeatField([...documentPoints, ...fixedPoints], { width: area.width, height: area.height, radius: area.radius, palette: layer.palette });
        expect(field.columns * field.rows).toBeLessThanOrEqual(MAX_GRID_CELLS);
        expect(field.rgba.length).toBe(field.columns * field.rows * 4);
        expect(Number.isFinite(field.maxCount) && Number.isFinite(field.scaleMaximum)).toBe(true);
        expect(field.acceptedPoints).toBeLessThanOrEqual(documentPoints.length + fixedPoints.length);
      }),
      { numRuns: 10_000 },
    );
    // Both sides were exercised: answers that were drawn and answers refused with a reason.
    expect(parsed).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(1000);
  });

  it('2,000 scroll-depth answers: a profile with finite markers and bands, or a refusal', () => {
    fc.assert(
      fc.property(scrollDepthBody, fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(-1, 1e12)), (value, documentHeight) => {
        const parsed = scrollDepthResponseSchema.safeParse(value);
        if (!parsed.success) return;
        const profile = scrollDepthProfile(parsed.data);
        if (!profile) return;
        for (const marker of scrollDepthMarkers(profile)) expect(Object.values(marker).every((v) => typeof v !== 'number' || Number.isFinite(v))).toBe(true);
        for (const band of scrollDepthBands(profile, documentHeight)) expect(Object.values(band).every((v) => typeof v !== 'number' || Number.isFinite(v))).toBe(true);
        for (const y of [0, 100, documentHeight, 1e9]) expect(Number.isFinite(profile.shareAt(y))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('the schema alone never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.oneof(clickLikeBody, junk), (value) => {
        expect(typeof clickLikeResponseSchema.safeParse(value).success).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });

  it('any page size, however absurd, gives a grid within the caps', () => {
    const extent = fc.oneof(fc.double(), fc.integer({ min: -10, max: 10_000_000 }), fc.constantFrom(Infinity, -Infinity, NaN, 0, 1e308));
    fc.assert(
      fc.property(extent, extent, fc.oneof(fc.double(), fc.integer({ min: 0, max: 64 })), (width, height, cell) => {
        const grid = gridGeometry(width, height, cell);
        expect(Number.isInteger(grid.columns) && Number.isInteger(grid.rows)).toBe(true);
        expect(grid.columns).toBeLessThanOrEqual(MAX_GRID_DIMENSION);
        expect(grid.rows).toBeLessThanOrEqual(MAX_GRID_DIMENSION);
        expect(grid.columns * grid.rows).toBeLessThanOrEqual(MAX_GRID_CELLS);
        expect(Number.isFinite(grid.cellSize) && grid.cellSize >= 1).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
