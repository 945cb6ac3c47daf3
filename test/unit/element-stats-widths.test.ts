import { describe, expect, it } from 'vitest';
import { viewportWidthProperties } from '../../lib/posthog/client';
import { clickhouseRound } from '../../test/server/heatmaps';
import { SCALE_FACTOR } from '../../test/server/store';

/**
 * The alignment measure compares autocapture's counts with the heat of the same visitors: the
 * `$viewport_width` filters must select exactly the windows the heatmaps endpoint's
 * viewport_width_min / max select (stored width = round(w / 16) against round(bound / 16)).
 */
describe('viewportWidthProperties', () => {
  const heatmapsKeeps = (width: number, min: number, max: number) => {
    const stored = Math.round(width / SCALE_FACTOR);
    return stored >= clickhouseRound(min / SCALE_FACTOR) && stored <= clickhouseRound(max / SCALE_FACTOR);
  };
  const propertiesKeep = (width: number, filters: ReturnType<typeof viewportWidthProperties>) =>
    filters.every((filter) => (filter.operator === 'gte' ? width >= filter.value : width < filter.value));

  it('selects the same windows as the heatmaps endpoint, for every width and bound', () => {
    for (const [min, max] of [[1152, 1408], [0, 767], [768, 1279], [1280, 1920], [1000, 1000], [1160, 1176], [1144, 1416]] as const) {
      const filters = viewportWidthProperties(min, max);
      for (let width = 1; width <= 2200; width++) expect([width, min, max, propertiesKeep(width, filters)]).toEqual([width, min, max, heatmapsKeeps(width, min, max)]);
    }
  });

  it('leaves out an open end', () => {
    expect(viewportWidthProperties(1280, undefined)).toEqual([{ key: '$viewport_width', value: 1272, operator: 'gte', type: 'event' }]);
    expect(viewportWidthProperties(undefined, undefined)).toEqual([]);
  });
});
