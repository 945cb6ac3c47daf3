import { heatLayerById, heatLayerInputSteps, toHeatLayerInput } from '../layers';
import { runToCompletion } from '../core/schedule';
import { clickLikeLayerIds, type ClickLikeLayerId } from '../core/layer-ids';
import type { Comparison, ComparisonSide, HeatLayerData } from '../messaging/protocol';
import { packPoints } from '../render/density';
import type { HeatLayerInput, HeatPoints, PackedPoints } from '../render/types';
import type { Preferences } from '../settings/store';

export type CompareView = Comparison['view'];
export const compareViews: readonly CompareView[] = ['a', 'b', 'diff'];

/** A → B → A−B → A. */
export function nextCompareView(view: CompareView): CompareView {
  return compareViews[(compareViews.indexOf(view) + 1) % compareViews.length]!;
}

/** What one side is divided by, and whether that is what was asked for. */
export interface SideDivisor {
  divisor: number;
  /** 'visitors' only when asked for and the side's visitor count is known. */
  by: 'total' | 'visitors';
}

export function sideDivisor(side: ComparisonSide, layer: HeatLayerData | undefined, normalisation: Comparison['normalisation']): SideDivisor {
  if (normalisation === 'visitors' && side.visitors !== null && side.visitors > 0) return { divisor: side.visitors, by: 'visitors' };
  return { divisor: layer && layer.totalCount > 0 ? layer.totalCount : 1, by: 'total' };
}

/**
 * The layer the A−B view is about: clicks when they are painted, else the first painted click-like
 * layer both sides have. One difference layer only: two diverging layers on top of each other could
 * not be told apart.
 */
export function diffLayerId(comparison: Comparison, preferences: Preferences): ClickLikeLayerId | null {
  const order: ClickLikeLayerId[] = ['click', ...clickLikeLayerIds.filter((id) => id !== 'click')];
  return (
    order.find(
      (id) => preferences.layers[id].enabled && comparison.a.layers.some((layer) => layer.id === id) && comparison.b.layers.some((layer) => layer.id === id),
    ) ?? null
  );
}

/** The points with every weight divided by `divisor`, packed. */
function scaled(points: HeatPoints, divisor: number): PackedPoints {
  const packed = packPoints(points);
  for (let weight = 2; weight < packed.length; weight += 3) packed[weight] = packed[weight]! / divisor;
  return packed;
}

/**
 * Renderer input for one comparison view. A and B paint the side's layers as an ordinary heatmap
 * (each on its own colour scale); A−B paints one layer, each side divided by its own total (or its
 * visitors), B minus A (see lib/render/diff-field.ts).
 */
export function compareLayerInputs(comparison: Comparison, view: CompareView, preferences: Preferences, viewportWidth: number): HeatLayerInput[] {
  if (view !== 'diff') {
    const side = view === 'a' ? comparison.a : comparison.b;
    return side.layers
      .filter((data) => preferences.layers[data.id].enabled)
      .map((data) => ({ ...toHeatLayerInput(heatLayerById(data.id), data, { viewportWidth, preference: preferences.layers[data.id] }), id: `${view}:${data.id}` }));
  }
  return runToCompletion(diffLayerInputSteps(comparison, preferences, viewportWidth));
}

/**
 * The A−B view's one layer (see compareLayerInputs) as steps: yields after every `chunk` spots of
 * either side, so the overlay converts two sides of 100k spots in several short tasks, not one long one.
 */
export function* diffLayerInputSteps(comparison: Comparison, preferences: Preferences, viewportWidth: number, chunk = Infinity): Generator<void, HeatLayerInput[], void> {
  const id = diffLayerId(comparison, preferences);
  if (!id) return [];
  const definition = heatLayerById(id);
  const preference = preferences.layers[id];
  const dataA = comparison.a.layers.find((layer) => layer.id === id)!;
  const dataB = comparison.b.layers.find((layer) => layer.id === id)!;
  const inputA = yield* heatLayerInputSteps(definition, dataA, { viewportWidth, preference }, chunk);
  yield;
  const inputB = yield* heatLayerInputSteps(definition, dataB, { viewportWidth, preference }, chunk);
  yield;
  const divisorA = sideDivisor(comparison.a, dataA, comparison.normalisation).divisor;
  const divisorB = sideDivisor(comparison.b, dataB, comparison.normalisation).divisor;
  return [
    {
      ...inputB,
      id: `diff:${id}`,
      documentPoints: scaled(inputB.documentPoints, divisorB),
      fixedPoints: scaled(inputB.fixedPoints, divisorB),
      baseline: { documentPoints: scaled(inputA.documentPoints, divisorA), fixedPoints: scaled(inputA.fixedPoints, divisorA) },
    },
  ];
}

/** What the A−B view divides each side by, in words (and when it had to fall back). */
export function describeNormalisation(comparison: Comparison, layerId: string | null): string {
  const layerA = comparison.a.layers.find((layer) => layer.id === layerId);
  const layerB = comparison.b.layers.find((layer) => layer.id === layerId);
  const byA = sideDivisor(comparison.a, layerA, comparison.normalisation).by;
  const byB = sideDivisor(comparison.b, layerB, comparison.normalisation).by;
  if (byA === 'visitors' && byB === 'visitors') return 'each side per visitor';
  if (comparison.normalisation === 'visitors') return 'each side by its own total (visitor counts unavailable for this source)';
  return 'each side by its own total';
}

