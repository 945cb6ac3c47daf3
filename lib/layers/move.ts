import type { HeatLayerDefinition } from './types';

export const mouseMoveLayer: HeatLayerDefinition = {
  kind: 'heat',
  id: 'mousemove',
  heatmapType: 'mousemove',
  label: 'Mouse moves',
  unit: 'mouse rests',
  palette: 'move',
};
