import type { ClickLikeLayerId } from '../messaging/protocol';
import { clickLayer } from './click';
import { deadClickLayer } from './dead';
import { mouseMoveLayer } from './move';
import { rageClickLayer } from './rage';
import type { HeatLayerDefinition } from './types';

/** Paint order: moves underneath, then clicks, dead clicks, and rage clicks on top. */
export const heatLayers: readonly HeatLayerDefinition[] = [mouseMoveLayer, clickLayer, deadClickLayer, rageClickLayer];

export function heatLayerById(id: ClickLikeLayerId): HeatLayerDefinition {
  const layer = heatLayers.find((candidate) => candidate.id === id);
  if (!layer) throw new Error(`unknown heat layer ${id}`);
  return layer;
}

export { heatLayerInputSteps, toHeatLayerInput } from './heat-layer';
export type { HeatLayerDefinition, LayerContext } from './types';
