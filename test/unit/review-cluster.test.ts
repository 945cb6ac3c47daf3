import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { clusterSpots, spotsToPoints, type SpotPoint } from '@/lib/review/cluster';
import { PROPERTY_TEST_TIMEOUT_MS } from './fast-check-setup';

// Property runs take the time their work takes: no load-dependent timeout (test/unit/fast-check-setup.ts).
vi.setConfig({ testTimeout: PROPERTY_TEST_TIMEOUT_MS });

const spot = (x: number, y: number, count: number, fixed = false): SpotPoint => ({ x, y, count, fixed });

describe('clusterSpots', () => {
  it('groups neighbouring spots and keeps separate targets apart, hottest first', () => {
    const points = [
      // A button around (100, 200): three spots in touching cells.
      spot(100, 200, 30),
      spot(110, 216, 20),
      spot(126, 200, 10),
      // A link far away.
      spot(600, 900, 40),
    ];
    const clusters = clusterSpots(points, { cellSize: 24 });
    expect(clusters).toHaveLength(2);
    const [first, second] = clusters;
    expect(first!.count).toBe(60);
    expect(second!.count).toBe(40);
    expect(first!.share).toBeCloseTo(0.6);
    expect(second!.share).toBeCloseTo(0.4);
    // Count-weighted centroid: (100*30 + 110*20 + 126*10) / 60.
    expect(first!.centroid.x).toBeCloseTo((100 * 30 + 110 * 20 + 126 * 10) / 60);
    expect(first!.centroid.y).toBeCloseTo((200 * 30 + 216 * 20 + 200 * 10) / 60);
    expect(first!.bounds).toEqual({ x: 100, y: 200, width: 26, height: 16 });
    expect(second!.bounds).toEqual({ x: 600, y: 900, width: 0, height: 0 });
  });

  it('clusters fixed and document spots separately even at the same coordinates', () => {
    const clusters = clusterSpots([spot(50, 20, 10, true), spot(52, 22, 10, false)]);
    expect(clusters).toHaveLength(2);
    expect(clusters.map((c) => c.fixed).sort()).toEqual([false, true]);
    expect(new Set(clusters.map((c) => c.id)).size).toBe(2);
  });

  it('drops cells colder than the threshold relative to the hottest cell', () => {
    const points = [spot(10, 10, 100), spot(500, 500, 4), spot(900, 900, 6)];
    const clusters = clusterSpots(points, { cellThreshold: 0.05 });
    expect(clusters.map((c) => c.count)).toEqual([100, 6]);
    // Shares stay shares of the whole layer, cold spots included.
    expect(clusters[0]!.share).toBeCloseTo(100 / 110);
  });

  it('does not bridge two targets through a cold cell', () => {
    const points = [spot(10, 10, 50), spot(34, 10, 1), spot(58, 10, 50)];
    expect(clusterSpots(points, { cellSize: 24, cellThreshold: 0.1 })).toHaveLength(2);
    expect(clusterSpots(points, { cellSize: 24, cellThreshold: 0 })).toHaveLength(1);
  });

  it('applies minShare and an external total', () => {
    const points = [spot(10, 10, 50), spot(500, 500, 5)];
    expect(clusterSpots(points, { minShare: 0.2 }).map((c) => c.count)).toEqual([50]);
    const withTotal = clusterSpots(points, { total: 1000 });
    expect(withTotal[0]!.share).toBeCloseTo(0.05);
    // A total smaller than the spots themselves is not believable: the spots' sum wins.
    expect(clusterSpots(points, { total: 10 })[0]!.share).toBeCloseTo(50 / 55);
  });

  it('ignores NaN, infinite and non-positive input, and answers [] for nothing', () => {
    expect(clusterSpots([])).toEqual([]);
    expect(clusterSpots([spot(Number.NaN, 10, 5), spot(10, Infinity, 5), spot(10, 10, 0), spot(10, 10, -3), spot(10, 10, Number.NaN)])).toEqual([]);
    const clusters = clusterSpots([spot(Number.NaN, 1, 99), spot(10, 10, 5)], { cellSize: Number.NaN });
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.count).toBe(5);
    expect(clusters[0]!.share).toBe(1);
  });

  it('is stable: the same data gives the same ids and order', () => {
    const points = [spot(10, 10, 5), spot(400, 10, 5), spot(800, 10, 5)];
    expect(clusterSpots(points)).toEqual(clusterSpots([...points].reverse()));
  });

  it('conserves counts: clusters never hold more than the layer and shares match counts', () => {
    const pointArb = fc.record({
      x: fc.integer({ min: 0, max: 2000 }),
      y: fc.integer({ min: 0, max: 5000 }),
      count: fc.integer({ min: 1, max: 50 }),
      fixed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(pointArb, { maxLength: 200 }), (points) => {
        const total = points.reduce((sum, p) => sum + p.count, 0);
        const clusters = clusterSpots(points, { cellThreshold: 0 });
        const clustered = clusters.reduce((sum, c) => sum + c.count, 0);
        // With no threshold every spot belongs to exactly one cluster.
        expect(clustered).toBe(total);
        for (let i = 1; i < clusters.length; i++) expect(clusters[i - 1]!.count).toBeGreaterThanOrEqual(clusters[i]!.count);
        for (const c of clusters) {
          expect(c.share).toBeCloseTo(c.count / total);
          expect(c.centroid.x).toBeGreaterThanOrEqual(c.bounds.x - 1e-9);
          expect(c.centroid.x).toBeLessThanOrEqual(c.bounds.x + c.bounds.width + 1e-9);
        }
      }),
    );
  });

  // How long it takes is a timing (npm run bench measures the review at 100k spots and 500k events);
  // this holds what is true at that size whatever the machine's load.
  it('clusters 200k spots, keeping no more than the layer holds', () => {
    const points: SpotPoint[] = [];
    for (let i = 0; i < 200_000; i++) points.push(spot((i * 37) % 1440, (i * 91) % 20_000, 1 + (i % 7), i % 13 === 0));
    const clusters = clusterSpots(points);
    expect(clusters.length).toBeGreaterThan(0);
    const total = points.reduce((sum, point) => sum + point.count, 0);
    expect(clusters.reduce((sum, cluster) => sum + cluster.count, 0)).toBeLessThanOrEqual(total);
  });
});

describe('spotsToPoints', () => {
  it('scales relative x by the viewport width and keeps y and the fixed flag', () => {
    expect(spotsToPoints({ relativeX: [0.5, 0.25], y: [816, 32], count: [3, 1], fixed: [false, true] }, 1000)).toEqual([
      { x: 500, y: 816, count: 3, fixed: false },
      { x: 250, y: 32, count: 1, fixed: true },
    ]);
  });
});

describe('clusterSpots on a dense and a sparse grid', () => {
  it('gives the same clusters whether the spots fit a dense grid or are spread millions of px apart', () => {
    const near = [
      { x: 100, y: 100, count: 10, fixed: false },
      { x: 110, y: 105, count: 5, fixed: false },
      { x: 600, y: 900, count: 8, fixed: false },
      { x: 100, y: 20, count: 7, fixed: true },
    ];
    // One far spot forces the sparse path; it is too cold to form a cluster of its own.
    const far = [...near, { x: 100, y: 9_000_000, count: 0.1, fixed: false }];
    const dense = clusterSpots(near, { total: 40 });
    const sparse = clusterSpots(far, { total: 40 });
    expect(dense.length).toBe(3);
    expect(sparse).toEqual(dense);
  });
});
