// @vitest-environment node
/**
 * computeHeatField takes shortcuts (the blur hands its maximum to the colour scale; cells are
 * coloured in place, the RGBA pixels overwriting the floats they came from): its pixels must equal
 * the plain pipeline's, step by step with separate buffers, and an empty field must stay transparent.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { blurGrid } from '@/lib/render/blur';
import { colorizeGrid } from '@/lib/render/colorize';
import { binPoints, createDensityGrid, gridGeometry } from '@/lib/render/density';
import { cellSizeForRadius, computeHeatField, sigmaForRadius } from '@/lib/render/field';
import { scaleMaximum } from '@/lib/render/normalize';
import { paletteLookup } from '@/lib/render/palette';
import type { HeatPoint, PaletteName } from '@/lib/render/types';
import { PROPERTY_TEST_TIMEOUT_MS } from './fast-check-setup';

// Property runs take the time their work takes: no load-dependent timeout (test/unit/fast-check-setup.ts).
vi.setConfig({ testTimeout: PROPERTY_TEST_TIMEOUT_MS });

function plainPipeline(points: HeatPoint[], width: number, height: number, radius: number, palette: PaletteName): Uint8ClampedArray {
  const grid = createDensityGrid(gridGeometry(width, height, cellSizeForRadius(radius)));
  const accepted = binPoints(grid, points);
  blurGrid(grid.values, grid.columns, grid.rows, sigmaForRadius(radius) / grid.cellSize);
  const scale = accepted > 0 ? scaleMaximum(grid.values) : 0;
  return scale > 0 ? colorizeGrid(grid.values, scale, paletteLookup(palette)) : new Uint8ClampedArray(grid.values.length * 4);
}

const point = fc.record({
  x: fc.oneof(fc.integer({ min: -20, max: 400 }), fc.double({ min: 0, max: 400, noNaN: true })),
  y: fc.oneof(fc.integer({ min: -20, max: 300 }), fc.double({ min: 0, max: 300, noNaN: true })),
  weight: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(0, -1, 1e12, 0.25)),
});

describe('computeHeatField pixels', () => {
  it('equal the step-by-step pipeline with separate buffers', () => {
    fc.assert(
      fc.property(
        fc.array(point, { maxLength: 300 }),
        fc.constantFrom(8, 25, 40),
        fc.constantFrom<PaletteName>('heat', 'move'),
        (points, radius, palette) => {
          const field = computeHeatField(points, { width: 380, height: 290, radius, palette });
          expect(Array.from(field.rgba)).toEqual(Array.from(plainPipeline(points, 380, 290, radius, palette)));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('are all transparent when no point is usable', () => {
    const field = computeHeatField([{ x: 50, y: 50, weight: 0 }, { x: -5, y: 10, weight: 3 }], { width: 300, height: 200, radius: 25, palette: 'heat' });
    expect(field.rgba.length).toBe(field.columns * field.rows * 4);
    expect(field.rgba.every((byte) => byte === 0)).toBe(true);
  });
});
