import { describe, expect, it } from 'vitest';
import { layoutBadges } from '@/lib/review/badge-layout';
import { overlapArea } from '@/lib/core/dock';

const viewport = { width: 1280, height: 800 };
const badge = { width: 70, height: 18 };

describe('layoutBadges', () => {
  it('puts a badge just above its element’s top-right corner, off the element', () => {
    const element = { x: 100, y: 300, width: 200, height: 40 };
    const [placement] = layoutBadges([element], [badge], viewport);
    expect(placement).toEqual({ kind: 'at', x: 230, y: 300 - 18 - 2 });
    expect(overlapArea({ ...(placement as { x: number; y: number }), ...badge }, element)).toBe(0);
  });

  it('goes below an element at the top of the viewport', () => {
    const [placement] = layoutBadges([{ x: 100, y: 5, width: 200, height: 40 }], [badge], viewport);
    expect(placement).toMatchObject({ kind: 'at', y: 5 + 40 + 2 });
  });

  it('never lets two badges overlap: the second takes another side, a crowd merges', () => {
    const elements = Array.from({ length: 6 }, (_, index) => ({ x: 100 + index * 4, y: 300, width: 200, height: 40 }));
    const placements = layoutBadges(elements, elements.map(() => badge), viewport);
    const rects = placements.flatMap((placement) => (placement.kind === 'at' ? [{ x: placement.x, y: placement.y, ...badge }] : []));
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlapArea(rects[i]!, rects[j]!)).toBe(0);
    expect(rects.length).toBe(4);
    expect(placements.filter((placement) => placement.kind === 'merged')).toHaveLength(2);
  });

  it('hides the badge of an element that is not rendered', () => {
    expect(layoutBadges([{ x: 0, y: 0, width: 0, height: 0 }], [badge], viewport)).toEqual([{ kind: 'hidden' }]);
  });
});
