import { describe, expect, it } from 'vitest';
import { BAND_FIRST_MIN_SAVING, firstBand, pointsInBand } from '../../lib/render/band';
import { computeHeatField, runToCompletion } from '../../lib/render';
import { coarseScaleDensitySteps } from '../../lib/render/field';
import { generatePoints } from '../../scripts/bench-render';

describe('firstBand', () => {
  it('is the viewport plus the margin on both sides, clamped to the document', () => {
    expect(firstBand(5_000, 900, 12_000, 100)).toEqual({ top: 4_900, height: 1_100 });
    expect(firstBand(0, 900, 12_000, 100)).toEqual({ top: 0, height: 1_000 });
    expect(firstBand(11_100, 900, 12_000, 100)).toEqual({ top: 11_000, height: 1_000 });
  });

  it('is null when the document is not several bands tall (nothing to save)', () => {
    expect(firstBand(1_000, 900, 1_100 * BAND_FIRST_MIN_SAVING - 1, 100)).toBeNull();
    expect(firstBand(1_000, 900, 1_100 * BAND_FIRST_MIN_SAVING, 100)).toEqual({ top: 900, height: 1_100 });
    expect(firstBand(0, 900, 0, 100)).toBeNull();
    expect(firstBand(0, 0, 10_000, 100)).toBeNull();
  });
});

describe('pointsInBand', () => {
  it('keeps the points inside the band, moved to its coordinates, from objects or packed triples', () => {
    const points = [
      { x: 1, y: 99, weight: 1 },
      { x: 2, y: 100, weight: 2 },
      { x: 3, y: 199, weight: 3 },
      { x: 4, y: 200, weight: 4 },
    ];
    const expected = [2, 0, 2, 3, 99, 3];
    expect([...pointsInBand(points, { top: 100, height: 100 })]).toEqual(expected);
    expect([...pointsInBand(new Float64Array(points.flatMap((point) => [point.x, point.y, point.weight])), { top: 100, height: 100 })]).toEqual(expected);
  });
});

describe('a band computed first', () => {
  const width = 1440;
  const height = 12_000;
  const points = generatePoints(60_000, 0xba2d, height);

  it('has, where the viewport is, exactly the pixels of the whole document’s field in the same colours', () => {
    const whole = computeHeatField(points, { width, height, radius: 25, palette: 'heat' });
    const band = computeHeatField(points, { width, height, radius: 25, palette: 'heat', band: { top: 4_903, height: 1_300 }, scaleDensity: whole.scaleDensity });
    expect(band.cellSize).toBe(whole.cellSize);
    expect(band.originY % band.cellSize).toBe(0);
    expect(band.originY).toBeLessThanOrEqual(4_903);
    // The viewport: 200 px below the band's top to 200 px above its bottom (the blur's reach is inside that margin).
    const firstRow = Math.ceil((4_903 + 200 - band.originY) / band.cellSize);
    const lastRow = Math.floor((4_903 + 1_300 - 200 - band.originY) / band.cellSize);
    const rowBytes = band.columns * 4;
    const offset = band.originY / band.cellSize;
    let differing = 0;
    let painted = 0;
    for (let row = firstRow; row < lastRow; row++) {
      for (let byte = 0; byte < rowBytes; byte++) {
        const a = band.rgba[row * rowBytes + byte]!;
        const b = whole.rgba[(row + offset) * rowBytes + byte]!;
        if (Math.abs(a - b) > 1) differing++;
        if (byte % 4 === 3 && b > 0) painted++;
      }
    }
    expect(painted).toBeGreaterThan(1_000);
    expect(differing).toBe(0);
  });

  it('takes its colour scale from a coarse pass within a few percent of the whole field’s own scale', () => {
    for (const [count, seed] of [
      [100_000, 1],
      [150_000, 4],
    ] as const) {
      const sample = generatePoints(count, seed, height);
      const exact = computeHeatField(sample, { width, height, radius: 25, palette: 'heat' });
      const estimated = runToCompletion(coarseScaleDensitySteps(sample, { width, height, radius: 25, palette: 'heat' }));
      expect(Math.abs(estimated / exact.scaleDensity - 1), `${count} points`).toBeLessThan(0.06);
    }
  });
});
