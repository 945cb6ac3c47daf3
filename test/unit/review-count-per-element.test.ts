import { describe, expect, it } from 'vitest';
import { countPerElement, type ClusterWithElement } from '@/lib/review';

const element = (selector: string, rect: { x: number; y: number; width: number; height: number }) => ({
  label: selector,
  tag: 'img',
  selector,
  interactive: false,
  interactiveReason: null,
  rect,
  region: 'main' as const,
  treePath: `0/${selector}`,
});

const cluster = (id: string, count: number, fixed: boolean, el: ReturnType<typeof element> | null): ClusterWithElement => ({
  id,
  fixed,
  count,
  share: 0,
  centroid: { x: 0, y: 0 },
  bounds: { x: 0, y: 0, width: 1, height: 1 },
  element: el,
});

describe('countPerElement', () => {
  it('counts every spot inside the element, not only the clustered hot cells', () => {
    const image = element('#hero-image', { x: 100, y: 500, width: 400, height: 300 });
    const points = [
      { x: 150, y: 520, count: 5, fixed: false },
      { x: 480, y: 790, count: 3, fixed: false },
      { x: 300, y: 650, count: 12, fixed: false },
      { x: 700, y: 650, count: 40, fixed: false }, // outside the image
    ];
    const [result] = countPerElement([cluster('a', 12, false, image)], points, 100, { x: 0, y: 0 });
    expect(result!.count).toBe(20);
    expect(result!.share).toBeCloseTo(0.2);
  });

  it('merges clusters on the same element so nothing is counted twice', () => {
    const button = element('#buy', { x: 0, y: 0, width: 100, height: 40 });
    const points = [
      { x: 10, y: 10, count: 6, fixed: false },
      { x: 90, y: 30, count: 4, fixed: false },
    ];
    const result = countPerElement([cluster('a', 6, false, button), cluster('b', 4, false, button)], points, 10, { x: 0, y: 0 });
    expect(result).toHaveLength(1);
    expect(result[0]!.count).toBe(10);
  });

  it('compares fixed spots in viewport coordinates with the element’s document box', () => {
    const nav = element('#nav-pricing', { x: 400, y: 1010, width: 80, height: 30 });
    const points = [
      { x: 420, y: 20, count: 7, fixed: true },
      { x: 420, y: 1020, count: 9, fixed: false }, // a document spot at the same place on the page is another layer
    ];
    const [result] = countPerElement([cluster('a', 2, true, nav)], points, 16, { x: 0, y: 1000 });
    expect(result!.count).toBe(7);
  });

  it('keeps clusters with no element untouched', () => {
    const lone = cluster('a', 3, false, null);
    expect(countPerElement([lone], [{ x: 1, y: 1, count: 99, fixed: false }], 10, { x: 0, y: 0 })).toEqual([lone]);
  });
});
