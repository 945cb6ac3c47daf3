import { describe, expect, it } from 'vitest';
import { describeMove, MIN_MOVE_COUNT, twoProportionZ, whatMoved } from '../../lib/review/compare';

describe('twoProportionZ', () => {
  it('is 0 for equal shares and grows with the difference', () => {
    expect(twoProportionZ(10, 100, 20, 200)).toBeCloseTo(0, 10);
    expect(twoProportionZ(141, 439, 38, 439)).toBeLessThan(-8);
    expect(twoProportionZ(38, 439, 141, 439)).toBeGreaterThan(8);
  });
});

describe('whatMoved', () => {
  const totals = { a: 439, b: 439 };

  it('reports the swap of the pricing buttons, largest change first, and says it like a person would', () => {
    const moves = whatMoved(
      [
        { key: '#hero', label: 'Start free trial', a: 200, b: 200 },
        { key: '#pro', label: 'Choose Pro', a: 141, b: 38 },
        { key: '#starter', label: 'Choose Starter', a: 38, b: 141 },
        { key: '#nav', label: 'Pricing', a: 60, b: 60 },
      ],
      totals,
    );
    expect(moves.map((move) => move.key).sort()).toEqual(['#pro', '#starter']);
    expect(moves.map((move) => describeMove(move, 'clicks'))).toContain('Choose Pro: 141 → 38 clicks (share 32% → 8.7%, −73%)');
    expect(moves.map((move) => describeMove(move, 'clicks'))).toContain('Choose Starter: 38 → 141 clicks (share 8.7% → 32%, +271%)');
  });

  it('equal counts that are a real move name the shares, not only a percentage beside equal numbers (issue 20)', () => {
    // B had a third more traffic: 150 of 1,500 is 10%, 150 of 2,000 is 7.5%.
    const [move] = whatMoved([{ key: '#demo', label: 'Watch the demo', a: 150, b: 150 }], { a: 1500, b: 2000 });
    expect(describeMove(move!, 'clicks')).toBe('Watch the demo: 150 → 150 clicks (share 10% → 7.5%, −25%)');
    expect(describeMove(move!, 'clicks', 'visitors')).toBe('Watch the demo: 150 → 150 clicks (per visitor −25%)');
  });

  it('normalises: doubled traffic in B is no move at all', () => {
    expect(whatMoved([{ key: '#pro', label: 'Choose Pro', a: 90, b: 180 }], { a: 280, b: 560 })).toEqual([]);
  });

  it('never reports a change within noise: below the minimum count, or a z below the threshold', () => {
    // 3 → 15 is a big relative change but 15 clicks are under the minimum.
    expect(whatMoved([{ key: '#x', label: 'X', a: 3, b: MIN_MOVE_COUNT - 5 }], { a: 1000, b: 1000 })).toEqual([]);
    // 100 → 110 of 1,000 each: z ≈ 0.7.
    expect(whatMoved([{ key: '#y', label: 'Y', a: 100, b: 110 }], { a: 1000, b: 1000 })).toEqual([]);
    // 100 → 160 of 1,000 each: z ≈ 4, reported.
    expect(whatMoved([{ key: '#z', label: 'Z', a: 100, b: 160 }], { a: 1000, b: 1000 })).toHaveLength(1);
  });

  it('orders by the change of share, and a new element says "new"', () => {
    const moves = whatMoved(
      [
        { key: '#small', label: 'Small', a: 20, b: 60 },
        { key: '#big', label: 'Big', a: 300, b: 150 },
        { key: '#new', label: 'New', a: 0, b: 30 },
      ],
      { a: 1000, b: 1000 },
    );
    expect(moves.map((move) => move.key)).toEqual(['#big', '#small', '#new']);
    expect(describeMove(moves[2]!, 'clicks')).toBe('New: 0 → 30 clicks (share 0% → 3%, new)');
  });

  it('no totals, no moves', () => {
    expect(whatMoved([{ key: '#a', label: 'A', a: 50, b: 0 }], { a: 0, b: 10 })).toEqual([]);
  });
});
