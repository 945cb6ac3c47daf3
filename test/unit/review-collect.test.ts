import { afterEach, describe, expect, it } from 'vitest';
import { reviewPage, collectReviewInput } from '@/lib/review';
import type { HeatLayerData } from '@/lib/messaging/protocol';
import { typedSpots } from '../typed-spots';

afterEach(() => {
  document.body.innerHTML = '';
});

function layer(id: HeatLayerData['id'], spots: Array<[relativeX: number, y: number, count: number]>): HeatLayerData {
  const total = spots.reduce((sum, [, , count]) => sum + count, 0);
  return {
    id,
    spots: typedSpots({ relativeX: spots.map((s) => s[0]), y: spots.map((s) => s[1]), count: spots.map((s) => s[2]), fixed: spots.map(() => false) }),
    fold: { total_count: total, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: 800 },
    totalCount: total,
  };
}

describe('collectReviewInput', () => {
  it('clusters each layer, names the element under each cluster and feeds reviewPage', () => {
    document.body.innerHTML = '<main><button id="buy">Buy Pro</button><p id="intro">Welcome</p></main>';
    const buy = document.getElementById('buy')!;
    const intro = document.getElementById('intro')!;
    const asked: Array<[number, number]> = [];
    // Buy Pro sits around x 500, y 300 on a 1000 px wide viewport; everything else is the intro.
    const lookup = (x: number, y: number) => {
      asked.push([x, y]);
      return Math.abs(x - 500) < 40 && Math.abs(y - 300) < 30 ? [buy, document.body] : [intro, document.body];
    };
    const input = collectReviewInput(
      document,
      {
        layers: [layer('click', [[0.5, 300, 50], [0.2, 600, 8]]), layer('rageclick', [[0.5, 304, 12], [0.51, 304, 6], [0.1, 700, 1]])],
        scrollDepth: null,
      },
      { viewport: { width: 1000, height: 800 }, scroll: { x: 0, y: 0 }, lookup },
    );
    expect(input.layerTotals).toEqual({ click: 58, rageclick: 19, deadclick: 0, mousemove: 0 });
    expect(input.clusters.rageclick[0]!.count).toBe(18);
    expect(input.clusters.rageclick[0]!.element?.selector).toBe('#buy');
    expect(input.clusters.click.map((c) => c.element?.selector)).toEqual(['#buy', '#intro']);
    expect(asked.length).toBe(input.clusters.click.length + input.clusters.rageclick.length);

    const findings = reviewPage(input);
    expect(findings[0]?.rule).toBe('rage-clicks');
    expect(findings[0]?.evidence[0]).toBe('18 rage clicks (95% of all 19 rage clicks) land on “Buy Pro”.');
  });
});
