import {
  cornerDocks,
  dockClearOf,
  dockInDirection,
  dockOrigin,
  dockPositions,
  dockRect,
  leastHeatDock,
  nearestDock,
  overlapArea,
  shouldMoveOffHeat,
  type DockPosition,
  type Rect,
} from '../core/dock';

/** A scroll is over when no scroll event came for this long; then an auto-docked panel may move. */
const SCROLL_SETTLE_MS = 180;
/** A press that moves less than this is a click on the handle, not a drag. */
const DRAG_THRESHOLD_PX = 4;

export interface PanelFrameOptions {
  /** Painted heat in a viewport rectangle (0 when none); decides where an auto-docked panel goes. */
  heatUnder(rect: Rect): number;
  /** The user docked the panel by dragging or with the keyboard: remember it for this origin. */
  onDocked(dock: DockPosition): void;
  /** Escape inside the panel: close what is open and give the keyboard back to the page. */
  onEscape(): void;
}

/**
 * The panel's box on the page: where it is docked, dragging it, docking it with the keyboard, and
 * keeping it off the heat it explains. What is inside (the bar, the review) is rendered by others into
 * `bar` and `reviewSlot`. A stored dock is the user's and stays; without one ("auto") the panel takes
 * the corner with the least heat under it and moves when a scroll brings heat under it.
 */
export class PanelFrame {
  readonly element: HTMLElement;
  readonly bar: HTMLElement;
  /** The legend details, rendered by the on-demand script when opened. */
  readonly detailsSlot: HTMLElement;
  readonly reviewSlot: HTMLElement;
  private dock: DockPosition = 'bottom-right';
  private auto = true;
  /** A dock taken only to uncover a highlighted element, and where that element is now. */
  private avoiding: DockPosition | null = null;
  private avoidedElement: (() => Rect | null) | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private dragging = false;

  constructor(
    parent: ShadowRoot | HTMLElement,
    private readonly signal: AbortSignal,
    private readonly options: PanelFrameOptions,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'panel';
    // A landmark with a name, so a screen reader can jump to it; not a modal dialog: the page stays usable.
    this.element.setAttribute('role', 'region');
    this.element.setAttribute('aria-label', 'Heatlens heatmap');
    this.bar = document.createElement('div');
    this.bar.className = 'panel-body';
    // Status changes (loading, ready, errors) are announced without moving focus.
    this.bar.setAttribute('aria-live', 'polite');
    this.detailsSlot = document.createElement('div');
    this.detailsSlot.className = 'details-slot';
    this.reviewSlot = document.createElement('div');
    this.reviewSlot.className = 'review-slot';
    this.element.append(this.bar, this.detailsSlot, this.reviewSlot);
    parent.append(this.element);

    // Size changes (details or review opened, text changed) keep the panel on its dock.
    const resize = new ResizeObserver(() => this.place());
    resize.observe(this.element);
    signal.addEventListener('abort', () => {
      resize.disconnect();
      clearTimeout(this.settleTimer);
    });
    window.addEventListener('resize', () => this.place(), { signal });
    document.addEventListener(
      'scroll',
      () => {
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => this.followHeat(), SCROLL_SETTLE_MS);
      },
      { passive: true, capture: true, signal },
    );
    this.element.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        this.options.onEscape();
      },
      { signal },
    );
    this.place();
  }

  get currentDock(): DockPosition {
    return this.avoiding ?? this.dock;
  }

  get isAuto(): boolean {
    return this.auto;
  }

  /** The remembered dock for this origin, or null for "auto". */
  setStoredDock(dock: DockPosition | null): void {
    this.auto = dock === null;
    if (dock) this.dock = dock;
    this.avoiding = null;
    if (this.auto) this.chooseLeastHeat();
    else this.place();
  }

  /** New heat was painted: an auto panel picks its corner again. */
  heatChanged(): void {
    if (this.auto && !this.avoiding) this.chooseLeastHeat();
  }

  /**
   * A highlighted element would sit under the panel: take a dock clear of it and of other heat (not
   * remembered) for as long as the element would still be under the panel's own dock.
   */
  avoid(elementBox: () => Rect | null): void {
    const rect = elementBox();
    if (!rect) return;
    const home = dockRect(this.dock, this.size(), this.viewport());
    if (overlapArea(home, rect) === 0) {
      // This element is clear of the panel's own place: go (back) there.
      const wasAvoiding = this.avoiding !== null;
      this.avoiding = null;
      this.avoidedElement = null;
      if (wasAvoiding) this.place(true);
      return;
    }
    this.avoiding = dockClearOf(rect, this.dock, dockPositions, this.size(), this.viewport(), this.options.heatUnder);
    this.avoidedElement = elementBox;
    this.place(true);
  }

  /** Starts a drag from the handle; a press without movement is left to the handle's click. */
  startDrag(event: PointerEvent): void {
    if (event.button !== 0) return;
    const handle = event.currentTarget as HTMLElement;
    const start = { x: event.clientX, y: event.clientY };
    const origin = this.rect();
    let moved = false;
    handle.setPointerCapture(event.pointerId);
    const move = (moveEvent: PointerEvent) => {
      const dx = moveEvent.clientX - start.x;
      const dy = moveEvent.clientY - start.y;
      if (!moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
      moved = true;
      this.dragging = true;
      this.element.classList.add('dragging');
      this.element.classList.remove('settling');
      const viewport = this.viewport();
      this.element.style.left = `${clamp(origin.x + dx, 0, viewport.width - origin.width)}px`;
      this.element.style.top = `${clamp(origin.y + dy, 0, viewport.height - origin.height)}px`;
    };
    const end = (endEvent: PointerEvent) => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
      this.dragging = false;
      this.element.classList.remove('dragging');
      if (!moved) return;
      // Where the hand let go decides, not the panel's centre: a tall open panel cannot get its centre
      // into a corner's third, but its handle can.
      this.dockByUser(nearestDock({ x: endEvent.clientX, y: endEvent.clientY }, this.viewport()));
    };
    handle.addEventListener('pointermove', move, { signal: this.signal });
    handle.addEventListener('pointerup', end, { signal: this.signal });
    handle.addEventListener('pointercancel', end, { signal: this.signal });
  }

  /** Arrow keys on the handle dock the panel one place along that direction. */
  keyDock(event: KeyboardEvent): void {
    const directions: Record<string, 'up' | 'down' | 'left' | 'right'> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
    const direction = directions[event.key];
    if (!direction) return;
    event.preventDefault();
    this.dockByUser(dockInDirection(this.currentDock, direction));
  }

  private dockByUser(dock: DockPosition): void {
    this.auto = false;
    this.avoiding = null;
    this.avoidedElement = null;
    this.dock = dock;
    this.place(true);
    this.options.onDocked(dock);
  }

  /** After a scroll: an auto panel leaves heat that scrolled under it for a cooler corner. */
  private followHeat(): void {
    if (this.signal.aborted || this.dragging) return;
    if (this.avoiding) {
      const element = this.avoidedElement?.();
      if (element && overlapArea(dockRect(this.dock, this.size(), this.viewport()), element) > 0) return;
      // The user scrolled the highlighted element away from the panel's place: it goes back there.
      this.avoiding = null;
      this.avoidedElement = null;
      if (!this.auto) return this.place(true);
    }
    if (!this.auto) return;
    const size = this.size();
    const viewport = this.viewport();
    // Each corner's heat is read from the canvas once (the current dock is one of the corners).
    const measured = new Map<string, number>();
    const heatUnder = (rect: Rect) => {
      const key = `${rect.x},${rect.y}`;
      let heat = measured.get(key);
      if (heat === undefined) measured.set(key, (heat = this.options.heatUnder(rect)));
      return heat;
    };
    const best = leastHeatDock(cornerDocks, size, viewport, heatUnder);
    const currentHeat = heatUnder(dockRect(this.dock, size, viewport));
    const bestHeat = heatUnder(dockRect(best, size, viewport));
    // A floor of a few faint pixels' worth keeps the panel still over stray specks.
    if (best !== this.dock && shouldMoveOffHeat(currentHeat, bestHeat, size.width * size.height * 0.01)) {
      this.dock = best;
      this.place(true);
    }
  }

  private chooseLeastHeat(): void {
    this.dock = leastHeatDock(cornerDocks, this.size(), this.viewport(), this.options.heatUnder);
    this.place();
  }

  private place(animate = false): void {
    if (this.dragging) return;
    const dock = this.currentDock;
    const origin = dockOrigin(dock, this.size(), this.viewport());
    this.element.classList.toggle('settling', animate);
    this.element.dataset.dock = dock;
    this.element.dataset.dockMode = this.avoiding ? 'avoiding' : this.auto ? 'auto' : 'user';
    this.element.style.left = `${Math.round(origin.x)}px`;
    this.element.style.top = `${Math.round(origin.y)}px`;
  }

  private size() {
    return { width: this.element.offsetWidth, height: this.element.offsetHeight };
  }

  private rect(): Rect {
    const box = this.element.getBoundingClientRect();
    return { x: box.x, y: box.y, width: box.width, height: box.height };
  }

  private viewport() {
    // clientWidth leaves out a classic scroll bar, which the panel must not sit under.
    return { width: document.documentElement.clientWidth || window.innerWidth, height: window.innerHeight };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/**
 * Painted heat under a viewport rectangle, read from the overlay's own canvas: the summed alpha of its
 * pixels (the canvas may be at field resolution, so coordinates are scaled).
 */
export function canvasHeatUnder(canvas: HTMLCanvasElement, rect: Rect): number {
  if (canvas.width === 0 || canvas.height === 0) return 0;
  const context = canvas.getContext('2d');
  if (!context) return 0;
  const scaleX = canvas.width / Math.max(1, canvas.clientWidth || window.innerWidth);
  const scaleY = canvas.height / Math.max(1, canvas.clientHeight || window.innerHeight);
  const x = Math.max(0, Math.floor(rect.x * scaleX));
  const y = Math.max(0, Math.floor(rect.y * scaleY));
  const width = Math.min(canvas.width - x, Math.ceil(rect.width * scaleX));
  const height = Math.min(canvas.height - y, Math.ceil(rect.height * scaleY));
  if (width <= 0 || height <= 0) return 0;
  const pixels = context.getImageData(x, y, width, height).data;
  let alpha = 0;
  for (let index = 3; index < pixels.length; index += 4) alpha += pixels[index]!;
  // In CSS px² of full-opacity heat, whatever the canvas resolution.
  return alpha / 255 / (scaleX * scaleY);
}
