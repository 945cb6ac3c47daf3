import type { HeatLayerDefinition } from './types';

export const deadClickLayer: HeatLayerDefinition = {
  kind: 'heat',
  id: 'deadclick',
  heatmapType: 'deadclick',
  label: 'Dead clicks',
  unit: 'dead clicks',
  palette: 'dead',
};
