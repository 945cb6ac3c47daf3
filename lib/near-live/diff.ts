/**
 * Which clicks are new since the overlay opened (issue 19, item 5). PostHog returns spots (a position
 * and a count), not single clicks, so "new" is per spot: the count now above the count when the
 * overlay opened. A spot whose old clicks aged out of the window while new ones came in shows only the
 * excess, and a window that slides (the last hour) can lose old clicks: the figure never goes below
 * zero per spot and never counts a click twice.
 */

/** One spot: relative x (share of the window's width), y in page px (viewport px when fixed), count. */
export interface LiveSpot {
  x: number;
  y: number;
  fixed: boolean;
  count: number;
}

function key(spot: LiveSpot): string {
  return `${spot.x}|${spot.y}|${spot.fixed ? 1 : 0}`;
}

/** The spots that gained clicks since `baseline`, each with only the gain as its count; and their sum. */
export function newSinceBaseline(baseline: readonly LiveSpot[], latest: readonly LiveSpot[]): { spots: LiveSpot[]; count: number } {
  const before = new Map<string, number>();
  for (const spot of baseline) before.set(key(spot), (before.get(key(spot)) ?? 0) + spot.count);
  const now = new Map<string, LiveSpot>();
  for (const spot of latest) {
    const existing = now.get(key(spot));
    now.set(key(spot), existing ? { ...existing, count: existing.count + spot.count } : { ...spot });
  }
  const spots: LiveSpot[] = [];
  let count = 0;
  for (const [spotKey, spot] of now) {
    const gain = spot.count - (before.get(spotKey) ?? 0);
    if (gain <= 0) continue;
    spots.push({ ...spot, count: gain });
    count += gain;
  }
  spots.sort((a, b) => b.count - a.count || a.y - b.y || a.x - b.x);
  return { spots, count };
}

/** "12 new clicks since 14:05" (the overlay's opening time, the user's clock). */
export function newClicksText(count: number, unit: string, since: Date): string {
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  const time = `${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`;
  return `${count} new ${count === 1 ? singular : unit} since ${time}`;
}
