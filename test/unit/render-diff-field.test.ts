import { describe, expect, it } from 'vitest';
import { colourDiffSteps, computeDiffField, DIFF_COLOUR_CHUNK_CELLS, DIFF_DEAD_ZONE, diffFieldSteps, divergingColour } from '../../lib/render/diff-field';
import { BIN_CHUNK_POINTS } from '../../lib/render/density';
import type { HeatPoint } from '../../lib/render/types';

const size = { width: 400, height: 200, radius: 25 };

function pixel(field: { columns: number; cellSize: number; rgba: Uint8ClampedArray }, x: number, y: number): [number, number, number, number] {
  const index = (Math.floor(y / field.cellSize) * field.columns + Math.floor(x / field.cellSize)) * 4;
  const [r = 0, g = 0, b = 0, a = 0] = field.rgba.subarray(index, index + 4);
  return [r, g, b, a];
}

function scaled(points: HeatPoint[], divisor: number): HeatPoint[] {
  return points.map((point) => ({ ...point, weight: point.weight / divisor }));
}

describe('diverging colour', () => {
  it('is transparent inside the dead zone, warm for more in B, cool for fewer', () => {
    expect(divergingColour(0)).toEqual([0, 0, 0, 0]);
    expect(divergingColour(DIFF_DEAD_ZONE / 2)[3]).toBe(0);
    const [r, , b, a] = divergingColour(1);
    expect(r).toBeGreaterThan(b + 150);
    expect(a).toBeGreaterThan(200);
    const [r2, , b2] = divergingColour(-1);
    expect(b2).toBeGreaterThan(r2 + 150);
  });
  it('fades in from nothing at the dead zone, with no step a grid cell could show as a flat square (issue 20, item 10)', () => {
    // Just past the dead zone the colour is all but transparent, on both sides of the ramp.
    expect(divergingColour(DIFF_DEAD_ZONE + 0.001)[3]).toBeLessThan(0.05 * 255);
    expect(divergingColour(-(DIFF_DEAD_ZONE + 0.001))[3]).toBeLessThan(0.05 * 255);
    // Opacity never jumps: between neighbouring shares 1% apart it changes by less than a tenth.
    for (let share = 0; share < 1; share += 0.01) {
      expect(Math.abs(divergingColour(share + 0.01)[3] - divergingColour(share)[3])).toBeLessThan(0.1 * 255);
    }
    // A moderate move (a quarter of saturation) still shows clearly.
    expect(divergingColour(0.25)[3]).toBeGreaterThan(0.35 * 255);
  });
});

describe('computeDiffField', () => {
  // Side A: 10 clicks left, 10 right (20 total). Side B: 30 left, 10 right (40 total).
  // Normalised: left 0.5 → 0.75 (more in B), right 0.5 → 0.25 (fewer in B).
  const a: HeatPoint[] = [
    { x: 100, y: 100, weight: 10 },
    { x: 300, y: 100, weight: 10 },
  ];
  const b: HeatPoint[] = [
    { x: 100, y: 100, weight: 30 },
    { x: 300, y: 100, weight: 10 },
  ];

  it('paints warm where B has more and cool where it has fewer, after normalisation', () => {
    const field = computeDiffField(scaled(b, 40), scaled(a, 20), size);
    const [lr, , lb, la] = pixel(field, 100, 100);
    const [rr, , rb, ra] = pixel(field, 300, 100);
    expect(la).toBeGreaterThan(0);
    expect(lr).toBeGreaterThan(lb);
    expect(ra).toBeGreaterThan(0);
    expect(rb).toBeGreaterThan(rr);
    // Far from both spots: nothing.
    expect(pixel(field, 200, 10)[3]).toBe(0);
  });

  it('paints nothing at all when B is A with every count doubled', () => {
    const doubled = a.map((point) => ({ ...point, weight: point.weight * 2 }));
    const field = computeDiffField(scaled(doubled, 40), scaled(a, 20), size);
    expect(field.acceptedPoints).toBe(4);
    expect(field.rgba.some((value, index) => index % 4 === 3 && value > 0)).toBe(false);
  });

  it('a spot only in A is cool, even when B is empty', () => {
    const field = computeDiffField([], scaled(a, 20), size);
    const [r, , blue, alpha] = pixel(field, 100, 100);
    expect(alpha).toBeGreaterThan(0);
    expect(blue).toBeGreaterThan(r);
  });
});

describe('diffFieldSteps on the main thread', () => {
  const options = { width: 600, height: 3000, radius: 25 };
  const pointsFor = (count: number, weight: number): HeatPoint[] => Array.from({ length: count }, (_, index) => ({ x: (index * 37) % 600, y: (index * 101) % 3000, weight }));
  const stepsOf = (pointsB: HeatPoint[], pointsA: HeatPoint[]) => {
    const steps = diffFieldSteps(pointsB, pointsA, options);
    let count = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) count++;
    return { count, field: step.value };
  };

  it('bins both sides in chunks of BIN_CHUNK_POINTS (a page refusing the worker gets its turns), to the same field', () => {
    const few = stepsOf(pointsFor(1_000, 2), pointsFor(1_000, 1));
    const many = stepsOf(pointsFor(6 * BIN_CHUNK_POINTS, 2), pointsFor(6 * BIN_CHUNK_POINTS, 1));
    // Same grid, so the blur, scale and colour steps are the same: the extra steps are the binning's,
    // at least one per chunk of each side beyond the first.
    expect(many.count - few.count).toBeGreaterThanOrEqual(2 * 5);
    expect(many.field).toEqual(computeDiffField(pointsFor(6 * BIN_CHUNK_POINTS, 2), pointsFor(6 * BIN_CHUNK_POINTS, 1), options));
  });
});

describe('colourDiffSteps', () => {
  it('colours DIFF_COLOUR_CHUNK_CELLS cells per step (a tall page refusing the worker gets its turns), each cell as the diverging ramp says', () => {
    const cells = 3 * DIFF_COLOUR_CHUNK_CELLS + 5;
    const b = new Float32Array(cells);
    const a = new Float32Array(cells);
    for (let cell = 0; cell < cells; cell++) {
      b[cell] = (cell * 7) % 13;
      a[cell] = (cell * 5) % 11;
    }
    a[17] = Number.NaN;
    const saturation = 4;
    const rgba = new Uint8ClampedArray(cells * 4);
    const steps = colourDiffSteps(b, a, saturation, rgba);
    const colouredAtEachStep: number[] = [];
    const coloured = () => {
      // Cells are coloured in order; the last one a step has written is the last non-transparent one
      // at or before a chunk's end, so count the chunks whose last cell is written.
      let done = 0;
      for (let start = 0; start < cells; start += DIFF_COLOUR_CHUNK_CELLS) {
        const last = Math.min(cells, start + DIFF_COLOUR_CHUNK_CELLS) - 1;
        if (rgba[last * 4 + 3]! > 0) done++;
      }
      return done;
    };
    for (let step = steps.next(); !step.done; step = steps.next()) colouredAtEachStep.push(coloured());
    // One chunk more at every step: never more than DIFF_COLOUR_CHUNK_CELLS cells between two yields.
    expect(colouredAtEachStep).toEqual([1, 2, 3, 4]);
    for (const cell of [0, 1, 17, DIFF_COLOUR_CHUNK_CELLS, 2 * DIFF_COLOUR_CHUNK_CELLS + 3, cells - 1]) {
      const share = (b[cell]! - a[cell]!) / saturation;
      const expected = Number.isNaN(share) ? [0, 0, 0, 0] : divergingColour(Math.round(Math.max(-1, Math.min(1, share)) * 256) / 256);
      expect([...rgba.subarray(cell * 4, cell * 4 + 4)], `cell ${cell}`).toEqual(expected);
    }
  });
});
