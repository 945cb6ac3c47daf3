import type { CompareView } from '../compare/view';
import { diffLayerInputSteps } from '../compare/view';
import { yieldToEventLoop } from '../core/schedule';
import { heatLayerById, heatLayerInputSteps } from '../layers';
import { foldLine } from '../layers/fold';
import { scrollDepthBands, scrollDepthMarkers, scrollDepthProfile, type ScrollDepthProfile } from '../layers/scroll-depth';
import type { HeatmapPayload } from '../messaging/protocol';
import { paletteCssGradient } from '../render';
import { paletteHottestCss } from '../render/palette';
import { countUnit } from '../views/panel-words';
import type { HeatLayerInput } from '../render/types';
import type { Preferences } from '../settings/store';
import type { GuidesProps, LegendEntry } from '../views/overlay';

/** Spots converted per task, so a layer of 150k spots is several short tasks, not one long one. */
const CONVERT_CHUNK_SPOTS = 25_000;

/** Runs conversion steps (chunks of the spot columns), yielding to the page between chunks. */
async function inSlices<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldToEventLoop();
  }
}

/** What the painter is given for one payload and view, and the legend of what it paints (counts but the hottest). */
export interface PaintedLayers {
  inputs: HeatLayerInput[];
  legend: Omit<LegendEntry, 'hottestCount'>[];
}

/**
 * The layers to paint for a payload: the payload's own, or with a comparison, side A's, side B's or
 * one difference layer (lib/compare/view.ts). Yields between slices of spots; null when `stillWanted`
 * says the answer is no longer wanted.
 */
export async function paintedLayers(
  payload: HeatmapPayload,
  preferences: Preferences,
  view: CompareView | null,
  viewportWidth: number,
  stillWanted: () => boolean,
): Promise<PaintedLayers | null> {
  const inputs: HeatLayerInput[] = [];
  const legend: PaintedLayers['legend'] = [];
  const comparison = payload.comparison ?? null;
  const painted = !comparison ? payload.layers : view === 'diff' ? [] : view === 'a' ? comparison.a.layers : comparison.b.layers;
  if (comparison && view === 'diff') inputs.push(...(await inSlices(diffLayerInputSteps(comparison, preferences, viewportWidth, CONVERT_CHUNK_SPOTS))));
  for (const data of painted) {
    const definition = heatLayerById(data.id);
    const preference = preferences.layers[data.id];
    if (!preference.enabled) continue;
    const input = await inSlices(heatLayerInputSteps(definition, data, { viewportWidth, preference }, CONVERT_CHUNK_SPOTS));
    if (!stillWanted()) return null;
    inputs.push(input);
    legend.push({
      id: definition.id,
      label: definition.label,
      // What one count is under the aggregation: "visitors per spot, summed" with unique visitors, never "clicks".
      unit: countUnit(definition.unit, payload.summary.aggregation),
      gradient: paletteCssGradient(definition.palette),
      hottestColour: paletteHottestCss(definition.palette),
      totalCount: data.totalCount,
    });
  }
  return { inputs, legend };
}

/** The fold line and scroll-depth guides for a payload, as the preferences ask for them. */
export function guidesFor(payload: HeatmapPayload, preferences: Preferences, documentHeight: number): { props: GuidesProps; profile: ScrollDepthProfile | null } {
  const foldLayer = preferences.layers.fold.enabled ? (payload.layers.find((layer) => layer.id === 'click') ?? payload.layers[0]) : undefined;
  const fold = foldLayer?.fold;
  const profile = preferences.layers.scrolldepth.enabled && payload.scrollDepth ? scrollDepthProfile(payload.scrollDepth) : null;
  return {
    props: {
      documentHeight,
      // The share is of the layer the fold came from ("of rage clicks" when only rage clicks are shown).
      fold: fold && foldLayer ? foldLine(fold, heatLayerById(foldLayer.id).unit) : null,
      scroll: profile ? { markers: scrollDepthMarkers(profile), bands: scrollDepthBands(profile, documentHeight), opacity: preferences.layers.scrolldepth.opacity } : null,
    },
    profile,
  };
}

/** Whether a payload has anything to show: a spot on any side, or scroll depth. */
export function payloadHasData(payload: HeatmapPayload, profile: ScrollDepthProfile | null): boolean {
  const comparison = payload.comparison ?? null;
  return [...payload.layers, ...(comparison ? [...comparison.a.layers, ...comparison.b.layers] : [])].some((layer) => layer.spots.relativeX.length > 0) || profile !== null;
}
