import { whatMoved, type ElementSideCounts, type Move } from '../assess/compare';
import { describeElementAtPagePosition } from '../assess/describe';
import { pointToPagePosition } from '../geometry';
import { heatLayerById } from '../layers';
import type { Comparison, HeatLayerData } from '../messaging/protocol';
import type { Preferences } from '../settings';
import { diffLayerId, sideDivisor } from './view';

export interface ComparisonMoves {
  /** "clicks", "rage clicks"... */
  unit: string;
  moves: Move[];
}

/** Spots looked up between two yields to the page. */
const SPOTS_PER_STEP = 300;

/**
 * "What moved" on the live page: each side's spots of the compared layer counted per element (the
 * element under the spot now), then lib/assess/compare's rule. null when there is no layer to compare.
 */
export async function comparisonMovesOnPage(
  doc: Document,
  comparison: Comparison,
  preferences: Preferences,
  view: { width: number; height: number; scrollX: number; scrollY: number },
  yieldToPage: () => Promise<void>,
): Promise<ComparisonMoves | null> {
  const layerId = diffLayerId(comparison, preferences);
  if (!layerId) return null;
  const elements = new Map<string, ElementSideCounts>();
  const context = { scrollX: view.scrollX, scrollY: view.scrollY, viewportWidth: view.width, viewportHeight: view.height };
  const count = async (layer: HeatLayerData, side: 'a' | 'b') => {
    const { relativeX, y, count: counts, fixed } = layer.spots;
    for (let index = 0; index < relativeX.length; index++) {
      if (index > 0 && index % SPOTS_PER_STEP === 0) await yieldToPage();
      const position = pointToPagePosition({ pointer_relative_x: relativeX[index]!, pointer_y: y[index]!, pointer_target_fixed: fixed[index]! }, view.width);
      if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) continue;
      const element = describeElementAtPagePosition(doc, position, context);
      if (!element) continue;
      const entry = elements.get(element.selector) ?? { key: element.selector, label: element.label, a: 0, b: 0 };
      entry[side] += counts[index]!;
      elements.set(element.selector, entry);
    }
  };
  const layerA = comparison.a.layers.find((layer) => layer.id === layerId)!;
  const layerB = comparison.b.layers.find((layer) => layer.id === layerId)!;
  await count(layerA, 'a');
  await count(layerB, 'b');
  const totals = {
    a: sideDivisor(comparison.a, layerA, comparison.normalisation).divisor,
    b: sideDivisor(comparison.b, layerB, comparison.normalisation).divisor,
  };
  return { unit: heatLayerById(layerId).unit, moves: whatMoved([...elements.values()], totals) };
}
