import { whatMoved, type ElementSideCounts, type Move, type MoveBasis } from './compare';
import { describeElementAtPagePosition, type ElementDescription, type LayoutReads } from './describe';
import { pointToPagePosition } from '../core/geometry';
import { heatLayerById } from '../layers';
import type { Comparison, HeatLayerData } from '../messaging/protocol';
import type { Preferences } from '../settings/store';
import { diffLayerId, sideDivisor } from '../compare/view';

export interface ComparisonMoves {
  /** "clicks", "rage clicks"... */
  unit: string;
  /** What each side was divided by: its total ("share") or its visitors ("per visitor"). */
  basis: MoveBasis;
  moves: Move[];
}

/**
 * Page reads per slice before the page gets a turn, ms. Each spot is one element lookup (a layout
 * walk when it is off screen), so a fixed number of spots per slice could still be a long task on a
 * deep page; the clock decides.
 */
export const MOVES_SLICE_MS = 8;

/**
 * "What moved" on the live page: each side's spots of the compared layer counted per element (the
 * element under the spot now), then lib/review/compare's rule. null when there is no layer to compare.
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
  // Each element is described once per run, and its box read once per slice (the page may change
  // while it has its turn, so the reads are dropped at every yield).
  const layoutReads: LayoutReads = new Map();
  const context = { scrollX: view.scrollX, scrollY: view.scrollY, viewportWidth: view.width, viewportHeight: view.height, layoutReads, descriptions: new Map<Element, ElementDescription>() };
  // Both sides mostly share positions (PostHog's 1% × 16 px grid): each position is looked up once.
  const found = new Map<string, ReturnType<typeof describeElementAtPagePosition>>();
  let sliceStart = performance.now();
  const count = async (layer: HeatLayerData, side: 'a' | 'b') => {
    const { relativeX, y, count: counts, fixed } = layer.spots;
    for (let index = 0; index < relativeX.length; index++) {
      if (performance.now() - sliceStart >= MOVES_SLICE_MS) {
        await yieldToPage();
        layoutReads.clear();
        sliceStart = performance.now();
      }
      const position = pointToPagePosition({ pointer_relative_x: relativeX[index]!, pointer_y: y[index]!, pointer_target_fixed: fixed[index] === 1 }, view.width);
      if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) continue;
      const key = `${position.fixed ? 'f' : 'd'}|${position.x}|${position.y}`;
      let element = found.get(key);
      if (element === undefined) {
        element = describeElementAtPagePosition(doc, position, context);
        found.set(key, element);
      }
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
  const divisorA = sideDivisor(comparison.a, layerA, comparison.normalisation);
  const divisorB = sideDivisor(comparison.b, layerB, comparison.normalisation);
  const totals = { a: divisorA.divisor, b: divisorB.divisor };
  const basis: MoveBasis = divisorA.by === 'visitors' && divisorB.by === 'visitors' ? 'visitors' : 'total';
  return { unit: heatLayerById(layerId).unit, basis, moves: whatMoved([...elements.values()], totals) };
}
