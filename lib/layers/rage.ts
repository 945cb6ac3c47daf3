import type { HeatLayerDefinition } from './types';

/** Drawn in its own palette so rage clicks stay distinguishable on top of the click layer. */
export const rageClickLayer: HeatLayerDefinition = {
  kind: 'heat',
  id: 'rageclick',
  heatmapType: 'rageclick',
  label: 'Rage clicks',
  unit: 'rage clicks',
  palette: 'rage',
};
