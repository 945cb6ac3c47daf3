import type { HeatLayerDefinition } from './types';

export const clickLayer: HeatLayerDefinition = {
  kind: 'heat',
  id: 'click',
  heatmapType: 'click',
  label: 'Clicks',
  unit: 'clicks',
  palette: 'heat',
};
