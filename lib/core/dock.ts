/**
 * Where the overlay's panel sits and what it shows, as pure geometry: the content script measures the
 * page and the painted heat, this module decides. No DOM here, so every rule is unit-tested.
 *
 * The panel docks to one of eight places (four corners, four edge middles). "auto" (no stored dock)
 * means: the corner with the least heat under the panel, re-chosen when the user scrolls heat under it.
 */

export const dockPositions = ['top-left', 'top', 'top-right', 'right', 'bottom-right', 'bottom', 'bottom-left', 'left'] as const;
export type DockPosition = (typeof dockPositions)[number];
export const cornerDocks: readonly DockPosition[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

/** Distance from the viewport's edges, in CSS px. */
export const DOCK_MARGIN = 12;

export interface Size {
  width: number;
  height: number;
}
export interface Rect extends Size {
  x: number;
  y: number;
}
export interface Point {
  x: number;
  y: number;
}

/** The panel's top-left corner for a dock, kept inside the viewport whatever the sizes. */
export function dockOrigin(dock: DockPosition, panel: Size, viewport: Size, margin = DOCK_MARGIN): Point {
  const left = margin;
  const right = viewport.width - panel.width - margin;
  const centerX = (viewport.width - panel.width) / 2;
  const top = margin;
  const bottom = viewport.height - panel.height - margin;
  const centerY = (viewport.height - panel.height) / 2;
  const x = dock.endsWith('left') ? left : dock.endsWith('right') ? right : centerX;
  const y = dock.startsWith('top') ? top : dock.startsWith('bottom') ? bottom : centerY;
  // A panel wider or taller than the viewport starts at the margin rather than off-screen.
  return { x: Math.max(Math.min(x, right), Math.min(margin, Math.max(0, right))), y: Math.max(Math.min(y, bottom), Math.min(margin, Math.max(0, bottom))) };
}

export function dockRect(dock: DockPosition, panel: Size, viewport: Size, margin = DOCK_MARGIN): Rect {
  return { ...dockOrigin(dock, panel, viewport, margin), ...panel };
}

/**
 * The dock nearest to where a dragged panel was dropped: the viewport is cut in thirds both ways; the
 * middle third of an edge is that edge's middle dock, and the very centre goes to the nearest edge.
 */
export function nearestDock(center: Point, viewport: Size): DockPosition {
  const column = center.x < viewport.width / 3 ? 'left' : center.x > (2 * viewport.width) / 3 ? 'right' : 'center';
  const row = center.y < viewport.height / 3 ? 'top' : center.y > (2 * viewport.height) / 3 ? 'bottom' : 'middle';
  if (row === 'middle' && column === 'center') {
    const distances: Array<[DockPosition, number]> = [
      ['left', center.x],
      ['right', viewport.width - center.x],
      ['top', center.y],
      ['bottom', viewport.height - center.y],
    ];
    return distances.sort((a, b) => a[1] - b[1])[0]![0];
  }
  if (row === 'middle') return column as 'left' | 'right';
  if (column === 'center') return row as 'top' | 'bottom';
  return `${row}-${column}` as DockPosition;
}

/** Keyboard docking: arrow keys move the panel one dock along that direction. */
export function dockInDirection(dock: DockPosition, direction: 'up' | 'down' | 'left' | 'right'): DockPosition {
  const row = dock.startsWith('top') ? 0 : dock.startsWith('bottom') ? 2 : 1;
  const column = dock.endsWith('left') ? 0 : dock.endsWith('right') ? 2 : 1;
  let nextRow = row + (direction === 'down' ? 1 : direction === 'up' ? -1 : 0);
  let nextColumn = column + (direction === 'right' ? 1 : direction === 'left' ? -1 : 0);
  nextRow = Math.max(0, Math.min(2, nextRow));
  nextColumn = Math.max(0, Math.min(2, nextColumn));
  if (nextRow === 1 && nextColumn === 1) {
    // The centre is no dock: keep going the same way.
    if (direction === 'up' || direction === 'down') nextRow += direction === 'down' ? 1 : -1;
    else nextColumn += direction === 'right' ? 1 : -1;
  }
  const rowName = ['top', '', 'bottom'][nextRow]!;
  const columnName = ['left', '', 'right'][nextColumn]!;
  return (rowName && columnName ? `${rowName}-${columnName}` : rowName || columnName) as DockPosition;
}

/**
 * The corner whose panel rectangle covers the least heat. `heatUnder` measures painted heat in a
 * viewport rectangle (any unit, larger = hotter). Ties keep the order of `candidates`, so an empty page
 * gets the first (bottom-right, where users expect such a panel).
 */
export function leastHeatDock(candidates: readonly DockPosition[], panel: Size, viewport: Size, heatUnder: (rect: Rect) => number): DockPosition {
  let best = candidates[0] ?? 'bottom-right';
  let bestHeat = Infinity;
  for (const dock of candidates) {
    const heat = heatUnder(dockRect(dock, panel, viewport));
    if (heat < bestHeat) {
      best = dock;
      bestHeat = heat;
    }
  }
  return best;
}

/**
 * Whether an auto-docked panel should move after a scroll: only when it now sits on noticeably more
 * heat than the best corner would (`ratio` and an absolute floor), so it does not hop about on noise.
 */
export function shouldMoveOffHeat(currentHeat: number, bestHeat: number, floor: number, ratio = 2): boolean {
  return currentHeat > floor && currentHeat > bestHeat * ratio;
}

/** The dock among `candidates` whose rectangle is farthest from `avoid` (a highlighted element), preferring ones that do not overlap it. */
export function dockAwayFrom(avoid: Rect, candidates: readonly DockPosition[], panel: Size, viewport: Size): DockPosition {
  let best = candidates[0] ?? 'bottom-right';
  let bestScore = -Infinity;
  const avoidCenter = { x: avoid.x + avoid.width / 2, y: avoid.y + avoid.height / 2 };
  for (const dock of candidates) {
    const rect = dockRect(dock, panel, viewport);
    const overlap = overlapArea(rect, avoid);
    const distance = Math.hypot(rect.x + rect.width / 2 - avoidCenter.x, rect.y + rect.height / 2 - avoidCenter.y);
    const score = -overlap * 1e6 + distance;
    if (score > bestScore) {
      best = dock;
      bestScore = score;
    }
  }
  return best;
}

export function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * How tall the panel may be so that some dock keeps it off `avoid` (an element the opened review talks
 * about): null when a dock is clear at the panel's own size; otherwise the room above or below the
 * element, whichever is larger, less the margins (a phone-wide window, where every dock spans the
 * width). Never less than `minHeight`: the bar and a line of what is open stay readable.
 */
export function clearPanelHeight(avoid: Rect, candidates: readonly DockPosition[], panel: Size, viewport: Size, minHeight: number, margin = DOCK_MARGIN): number | null {
  if (candidates.some((dock) => overlapArea(dockRect(dock, panel, viewport, margin), avoid) === 0)) return null;
  const above = avoid.y - 2 * margin;
  const below = viewport.height - (avoid.y + avoid.height) - 2 * margin;
  return Math.floor(Math.max(minHeight, Math.min(panel.height, Math.max(above, below))));
}

/**
 * Where the panel goes to uncover `avoid` (an element a finding is about): among the docks clear of it,
 * the one with the least heat under it (the panel must not move onto other heat), ties going to the
 * dock nearest `home` (the panel moves as little as it can). When no dock is clear, the farthest
 * (dockAwayFrom).
 */
export function dockClearOf(avoid: Rect, home: DockPosition, candidates: readonly DockPosition[], panel: Size, viewport: Size, heatUnder: (rect: Rect) => number): DockPosition {
  const homeRect = dockRect(home, panel, viewport);
  const distance = (dock: DockPosition) => {
    const rect = dockRect(dock, panel, viewport);
    return Math.hypot(rect.x - homeRect.x, rect.y - homeRect.y);
  };
  const clear = candidates.filter((dock) => overlapArea(dockRect(dock, panel, viewport), avoid) === 0).sort((a, b) => distance(a) - distance(b));
  return clear.length > 0 ? leastHeatDock(clear, panel, viewport, heatUnder) : dockAwayFrom(avoid, candidates, panel, viewport);
}
