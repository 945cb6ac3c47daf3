import { pointToPagePosition } from '../geometry';
import type { HeatLayerInput, HeatPoint } from '../render/types';
import type { HeatLayerData, HeatLayerDefinition, LayerContext } from './types';

/**
 * Spots → renderer input, shared by every heat layer. Fixed-target spots go to their own point list
 * because they are in viewport coordinates and must not move when the page scrolls.
 */
export function toHeatLayerInput(definition: HeatLayerDefinition, data: HeatLayerData, context: LayerContext): HeatLayerInput {
  const documentPoints: HeatPoint[] = [];
  const fixedPoints: HeatPoint[] = [];
  const { relativeX, y, count, fixed } = data.spots;
  for (let i = 0; i < relativeX.length; i++) {
    const position = pointToPagePosition(
      { pointer_relative_x: relativeX[i]!, pointer_y: y[i]!, pointer_target_fixed: fixed[i]! },
      context.viewportWidth,
    );
    // A share of 1e308 times the width is Infinity: such a spot is nowhere on the page.
    if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) continue;
    const point = { x: position.x, y: position.y, weight: count[i]! };
    (position.fixed ? fixedPoints : documentPoints).push(point);
  }
  return {
    id: definition.id,
    palette: definition.palette,
    radius: context.preference.radius,
    opacity: context.preference.opacity,
    documentPoints,
    fixedPoints,
  };
}
