import { overlapArea, type Rect } from '../core/dock';

/**
 * Where the page review's count badges go: beside their element, never on it (a badge over a button
 * would hide the very text it counts), and never on each other. Pure geometry, unit-tested.
 */

export type BadgePlacement = { kind: 'at'; x: number; y: number } | { kind: 'merged'; into: number } | { kind: 'hidden' };

const GAP = 2;

/**
 * `badges[i]` belongs to `elements[i]` (viewport boxes). Earlier badges win a contested spot (pass them
 * busiest first). Each badge tries: above the element's top-right corner, above its top-left, below
 * its bottom-right, below its bottom-left; the first spot that overlaps no placed badge is taken. With
 * none free it merges into the badge it collides with (that badge then says "+N").
 */
export function layoutBadges(elements: readonly Rect[], badges: readonly { width: number; height: number }[], viewport: { width: number; height: number }): BadgePlacement[] {
  const placed: Array<{ index: number; rect: Rect }> = [];
  return elements.map((element, index) => {
    const size = badges[index]!;
    if (element.width === 0 && element.height === 0) return { kind: 'hidden' };
    const right = clamp(element.x + element.width - size.width, 0, viewport.width - size.width);
    const left = clamp(element.x, 0, viewport.width - size.width);
    const above = element.y - size.height - GAP;
    const below = element.y + element.height + GAP;
    const candidates: Rect[] = [
      { x: right, y: above, ...size },
      { x: left, y: above, ...size },
      { x: right, y: below, ...size },
      { x: left, y: below, ...size },
    ];
    // Off-screen spots are no use; a badge of an element taller than the viewport has none, keep the first.
    const onScreen = candidates.filter((rect) => rect.y >= 0 && rect.y + rect.height <= viewport.height);
    for (const rect of onScreen.length > 0 ? onScreen : candidates.slice(0, 1)) {
      const collision = placed.find((other) => overlapArea(other.rect, rect) > 0);
      if (!collision) {
        placed.push({ index, rect });
        return { kind: 'at', x: rect.x, y: rect.y };
      }
    }
    const first = onScreen[0] ?? candidates[0]!;
    const into = placed.find((other) => overlapArea(other.rect, first) > 0)!;
    return { kind: 'merged', into: into.index };
  });
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(Math.max(min, max), value));
}
