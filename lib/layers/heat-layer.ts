import { pointToPagePosition } from '../core/geometry';
import { runToCompletion } from '../core/schedule';
import type { HeatLayerInput, PackedPoints } from '../render/types';
import type { HeatLayerData, HeatLayerDefinition, LayerContext } from './types';

/**
 * Spots → renderer input, shared by every heat layer. Fixed-target spots go to their own point list
 * because they are in viewport coordinates and must not move when the page scrolls. Points are packed
 * [x, y, weight] triples (render/types.ts `PackedPoints`): no object per spot.
 */
export function toHeatLayerInput(definition: HeatLayerDefinition, data: HeatLayerData, context: LayerContext): HeatLayerInput {
  return runToCompletion(heatLayerInputSteps(definition, data, context));
}

/** `toHeatLayerInput` as steps: yields after every `chunk` spots, for a caller that gives the page a turn between them. */
export function* heatLayerInputSteps(definition: HeatLayerDefinition, data: HeatLayerData, context: LayerContext, chunk = Infinity): Generator<void, HeatLayerInput, void> {
  const { relativeX, y, count, fixed } = data.spots;
  const length = Math.min(relativeX.length, y.length, count.length, fixed.length);
  let fixedCount = 0;
  for (let i = 0; i < length; i++) if (fixed[i]) fixedCount++;
  const documentPoints: PackedPoints = new Float64Array((length - fixedCount) * 3);
  const fixedPoints: PackedPoints = new Float64Array(fixedCount * 3);
  let documentEnd = 0;
  let fixedEnd = 0;
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % chunk === 0) yield;
    const position = pointToPagePosition({ pointer_relative_x: relativeX[i]!, pointer_y: y[i]!, pointer_target_fixed: fixed[i] === 1 }, context.viewportWidth);
    // A share of 1e308 times the width is Infinity: such a spot is nowhere on the page.
    if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) continue;
    const target = position.fixed ? fixedPoints : documentPoints;
    const at = position.fixed ? fixedEnd : documentEnd;
    target[at] = position.x;
    target[at + 1] = position.y;
    target[at + 2] = count[i]!;
    if (position.fixed) fixedEnd += 3;
    else documentEnd += 3;
  }
  return {
    id: definition.id,
    palette: definition.palette,
    radius: context.preference.radius,
    opacity: context.preference.opacity,
    // Spots skipped above leave the arrays' ends unused.
    documentPoints: documentEnd < documentPoints.length ? documentPoints.subarray(0, documentEnd) : documentPoints,
    fixedPoints: fixedEnd < fixedPoints.length ? fixedPoints.subarray(0, fixedEnd) : fixedPoints,
  };
}
