import { packSpots } from '../heatmaps/service';
import type { HeatLayerData, LayoutChangeNotice, PackedSpots } from '../messaging/schemas';
import type { HeatmapSpot } from '../posthog/schemas';
import type { Look } from './load';
import type { BeforeClicks, LayoutChange } from './messages';
import { describeOffsets, planReanchoring, reanchorSpots, type ReanchorPlan } from './re-anchor';
import { changeWords, nearestAnnotation, unchangedWords } from './words';

/** Spots back out of their columns (the payload's layers arrive packed). */
export function unpackSpots(packed: PackedSpots): HeatmapSpot[] {
  const spots: HeatmapSpot[] = [];
  for (let index = 0; index < packed.relativeX.length; index++) {
    spots.push({ pointer_relative_x: packed.relativeX[index]!, pointer_y: packed.y[index]!, count: packed.count[index]!, pointer_target_fixed: packed.fixed[index] === 1 });
  }
  return spots;
}

/**
 * The click-like layers after a change, without ghosts: each layer's after-spots plus its before-spots
 * re-anchored (clicks, rage and dead clicks by the clicks' plan, mouse moves by their own), and what
 * became of the earlier clicks (the first layer's, normally clicks). A layer missing from either side
 * is taken as empty there.
 */
export function layersWithoutGhosts(
  shown: readonly HeatLayerData[],
  before: readonly HeatLayerData[],
  after: readonly HeatLayerData[],
): { layers: HeatLayerData[]; beforeClicks: BeforeClicks } {
  const spotsOf = (layers: readonly HeatLayerData[], id: string) => {
    const layer = layers.find((candidate) => candidate.id === id);
    return layer ? unpackSpots(layer.spots) : [];
  };
  const planFor = new Map<string, ReanchorPlan>();
  const plan = (id: string): ReanchorPlan => {
    let found = planFor.get(id);
    if (!found) planFor.set(id, (found = planReanchoring(spotsOf(before, id), spotsOf(after, id))));
    return found;
  };
  // Clicks say best where content went; rage and dead clicks are too few to say it themselves.
  const guide = shown.some((layer) => layer.id === 'click') ? 'click' : (shown[0]?.id ?? 'click');
  let beforeClicks: BeforeClicks = { kind: 're-anchored', moved: 0, leftOut: 0, offsets: describeOffsets(plan(guide)) };
  const layers = shown.map((layer) => {
    const layerPlan = layer.id === 'mousemove' ? plan('mousemove') : plan(guide);
    const moved = reanchorSpots(spotsOf(before, layer.id), layerPlan);
    const spots = [...spotsOf(after, layer.id), ...moved.spots];
    if (layer.id === guide) {
      beforeClicks =
        moved.moved === 0 && moved.leftOut > 0
          ? { kind: 'left-out', leftOut: moved.leftOut, reason: 'no place on the page now matches where they were clicked' }
          : { kind: 're-anchored', moved: moved.moved, leftOut: moved.leftOut, offsets: describeOffsets(layerPlan) };
    }
    let totalCount = 0;
    for (const spot of spots) totalCount += spot.count;
    return { id: layer.id, spots: packSpots(spots), fold: layer.fold, totalCount };
  });
  return { layers, beforeClicks };
}

/** The full result and the payload's notice for a look and what became of the earlier clicks. */
export function describeLook(look: Look, beforeClicks: BeforeClicks | null): { change: LayoutChange; notice: LayoutChangeNotice } {
  if (look.status === 'not-checked') return { change: { status: 'not-checked', reason: look.reason }, notice: { day: null, words: look.reason } };
  if (look.status === 'unchanged') {
    const words = unchangedWords(look.days, look.reason);
    return { change: { status: 'unchanged', distance: look.distance, days: look.days, words }, notice: { day: null, words } };
  }
  const { detection, annotations } = look;
  const words = changeWords(detection.day, annotations, beforeClicks);
  return {
    change: {
      status: 'changed',
      day: detection.day,
      distance: detection.distance,
      before: look.before,
      after: look.after,
      clicksBefore: detection.clicksBefore,
      clicksAfter: detection.clicksAfter,
      annotation: annotations.available ? nearestAnnotation(annotations.items, detection.day) : null,
      annotationsMessage: annotations.available ? null : annotations.message,
      beforeClicks,
      words,
    },
    notice: { day: detection.day, words },
  };
}
