import type { HeatLayerData, ClickLikeLayerId } from '../messaging/protocol';
import type { LayerPreference } from '../settings/store';
import type { HeatLayerInput, PaletteName } from '../render/types';

/**
 * A layer takes data and paints it; it never fetches. Heat layers turn PostHog spots into points for
 * the renderer; each lives in its own file with the same shape.
 */
export interface HeatLayerDefinition {
  kind: 'heat';
  id: ClickLikeLayerId;
  /** PostHog's `type` parameter for this layer. */
  heatmapType: 'click' | 'rageclick' | 'deadclick' | 'mousemove';
  label: string;
  /** What one count is, for the legend: "clicks", "rage clicks"... */
  unit: string;
  palette: PaletteName;
}

export interface LayerContext {
  viewportWidth: number;
  preference: LayerPreference;
}
export type { HeatLayerData, HeatLayerInput };
