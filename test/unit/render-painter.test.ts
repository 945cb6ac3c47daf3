import { describe, expect, it } from 'vitest';
import { pointsFingerprint, visibleSlice } from '../../lib/render/painter';

describe('visibleSlice', () => {
  const field = { cellSize: 4, columns: 360, rows: 2500 }; // 1440 × 10000 CSS px

  it('maps the viewport to field pixels and canvas pixels at DPR 2', () => {
    expect(visibleSlice(field, 0, 1000, 1440, 900, 2)).toEqual({
      sourceX: 0,
      sourceY: 250,
      sourceWidth: 360,
      sourceHeight: 225,
      destinationX: 0,
      destinationY: 0,
      destinationWidth: 2880,
      destinationHeight: 1800,
    });
  });

  it('clips at the end of the document', () => {
    const slice = visibleSlice(field, 0, 9500, 1440, 900, 1);
    expect(slice?.sourceHeight).toBe(125);
    expect(slice?.destinationHeight).toBe(500);
  });

  it('handles negative scroll (overscroll) and sub-pixel offsets', () => {
    const slice = visibleSlice(field, -10, -20.5, 1440, 900, 1)!;
    expect(slice.sourceX).toBe(0);
    expect(slice.destinationX).toBe(10);
    expect(slice.destinationY).toBe(20.5);
    expect(slice.destinationHeight).toBeCloseTo(879.5);
  });

  it('is null when nothing is visible', () => {
    expect(visibleSlice(field, 0, 20_000, 1440, 900, 1)).toBeNull();
    expect(visibleSlice({ cellSize: 1, columns: 0, rows: 0 }, 0, 0, 1440, 900, 1)).toBeNull();
  });
});

describe('pointsFingerprint', () => {
  it('is equal for equal content and differs when a point moves', () => {
    const points = [
      { x: 1, y: 2, weight: 3 },
      { x: 4, y: 5, weight: 6 },
    ];
    expect(pointsFingerprint(points)).toBe(pointsFingerprint(points.map((point) => ({ ...point }))));
    expect(pointsFingerprint(points)).not.toBe(pointsFingerprint([points[0]!, { x: 4, y: 6, weight: 6 }]));
    expect(pointsFingerprint([])).toBe(pointsFingerprint([]));
  });
});
