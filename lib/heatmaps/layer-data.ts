import { heatLayers, type HeatLayerDefinition } from '../layers';
import type { HeatLayerData } from '../messaging/protocol';
import type { Fold, HeatmapSpot } from '../posthog/schemas';
import type { Preferences } from '../settings/preferences';
import { packSpots } from './service';

/**
 * The click-like layers a load asks for: the enabled ones, or clicks alone when only the fold line
 * is on (the fold line needs click data even when the click layer itself is off).
 */
export function wantedHeatLayers(layers: Preferences['layers']): HeatLayerDefinition[] {
  const enabled = heatLayers.filter((layer) => layers[layer.id].enabled);
  return enabled.length > 0 || !layers.fold.enabled ? enabled : heatLayers.filter((layer) => layer.id === 'click');
}

/**
 * One layer's spots (the endpoint's answer, or HogQL rows shaped like it) as the content script
 * gets them: packed into columns, with the fold and the total of the counts.
 */
export function layerData(layer: HeatLayerDefinition, spots: readonly HeatmapSpot[], fold: Fold): HeatLayerData {
  let totalCount = 0;
  for (const spot of spots) totalCount += spot.count;
  return { id: layer.id, spots: packSpots(spots), fold, totalCount };
}
