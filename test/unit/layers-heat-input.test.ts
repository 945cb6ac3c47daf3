import { describe, expect, it } from 'vitest';
import { heatLayerById, heatLayerInputSteps, toHeatLayerInput } from '../../lib/layers';
import { defaultPreferences } from '../../lib/settings/preferences';
import { unpackPoints } from '../heat-points';
import { typedSpots } from '../typed-spots';

const context = { viewportWidth: 1_000, preference: defaultPreferences.layers.click };
const layerData = (spots: { relativeX: number[]; y: number[]; count: number[]; fixed: boolean[] }) => ({ id: 'click' as const, spots: typedSpots(spots), fold: { total_count: 0, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: null }, totalCount: 0 });

describe('spots → the painter’s packed points', () => {
  it('splits document and fixed spots into packed [x, y, weight] triples, skipping spots nowhere on the page', () => {
    const input = toHeatLayerInput(
      heatLayerById('click'),
      layerData({ relativeX: [0.5, 0.25, 1e308, 0.1], y: [100, 20, 300, Number.NaN], count: [3, 7, 1, 2], fixed: [false, true, false, false] }),
      context,
    );
    expect(input.documentPoints).toBeInstanceOf(Float64Array);
    expect(unpackPoints(input.documentPoints)).toEqual([{ x: 500, y: 100, weight: 3 }]);
    expect(unpackPoints(input.fixedPoints)).toEqual([{ x: 250, y: 20, weight: 7 }]);
    // The skipped spots leave no trailing zeros that the painter would bin at (0, 0).
    expect(input.documentPoints.length).toBe(3);
  });

  it('yields once per chunk of spots, with the same points as in one go', () => {
    const count = 10_000;
    const spots = {
      relativeX: Array.from({ length: count }, (_, index) => (index % 100) / 100),
      y: Array.from({ length: count }, (_, index) => index * 4),
      count: Array.from({ length: count }, (_, index) => 1 + (index % 5)),
      fixed: Array.from({ length: count }, (_, index) => index % 7 === 0),
    };
    const steps = heatLayerInputSteps(heatLayerById('click'), layerData(spots), context, 2_500);
    let yields = 0;
    let step = steps.next();
    while (!step.done) {
      yields++;
      step = steps.next();
    }
    expect(yields).toBe(3);
    const whole = toHeatLayerInput(heatLayerById('click'), layerData(spots), context);
    expect([...step.value.documentPoints]).toEqual([...whole.documentPoints]);
    expect([...step.value.fixedPoints]).toEqual([...whole.fixedPoints]);
    expect(unpackPoints(whole.fixedPoints).length + unpackPoints(whole.documentPoints).length).toBe(count);
  });
});
