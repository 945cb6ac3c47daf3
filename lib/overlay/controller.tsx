import { render } from 'preact';
import type { LegendEntry, OverlayStatus, OverlayViews, ReviewSummary } from '../views/overlay';
import { stripPostHogFragment, type ViewportBandId } from '../core/geometry';
import { heatLayerById, heatLayerInputSteps } from '../layers';
import type { HeatmapPayload, PanelLayoutForPage } from '../messaging/protocol';
import { toSerializedError } from '../messaging/content-transport';
import { HeatPainter, releasePainterFields, type PainterFields } from '../render/painter';
import type { MainThreadFields } from '../render/main-thread-fields';
import { paletteCssGradient } from '../render';
import { yieldToEventLoop } from '../core/schedule';
import type { HeatLayerInput } from '../render/types';
import type { Preferences } from '../settings/store';
import { foldLine } from '../layers/fold';
import { scrollDepthBands, scrollDepthMarkers, scrollDepthProfile } from '../layers/scroll-depth';
import { GuideLayer } from './guides';
import { canvasCss, mountOverlay, type OverlayMount } from './mount';
import { detectScrollRoot, windowScrollRoot, type ScrollRoot } from '../core/scroll-root';
import { watchUrlChanges } from './url-watch';
import { canvasHeatUnder, PanelFrame } from './panel-frame';
import type { DockPosition } from '../core/dock';
import type { MountedReview, ReviewModule } from '../review/review-module';
import type { ExportDependencies, ExportState, FullPageSource, OverlayExport } from '../export/overlay-export';
import type { ClickLikeLayerId } from '../core/layer-ids';
import { compareLayerInputs, nextCompareView, type CompareView } from '../compare/view';
import { describeRange } from '../compare/ranges';
import { KeptHeat } from './kept-heat';

const MAX_RATE_LIMIT_WAITS = 3;
/** Field pixels kept while the overlay is hidden (a 12,000 px page's click field is ~2 MB); larger ones are recomputed on show. */
const KEEP_FIELDS_MAX_BYTES = 24 * 2 ** 20;

/** Spots converted per task, so a layer of 150k spots is several short tasks, not one long one. */
const CONVERT_CHUNK_SPOTS = 25_000;

/** toHeatLayerInput over chunks of the spot columns, yielding to the page between chunks. */
async function toHeatLayerInputInSlices(...[definition, data, context]: Parameters<typeof heatLayerInputSteps>): Promise<HeatLayerInput> {
  const steps = heatLayerInputSteps(definition, data, context, CONVERT_CHUNK_SPOTS);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldToEventLoop();
  }
}

export interface OverlayDependencies {
  /** The panel, guides and compare switch (components/), handed in by the content script. */
  views: OverlayViews;
  loadHeatmap(request: { pageUrl: string; viewportWidth: number; viewportHeight: number; fresh?: boolean }): Promise<HeatmapPayload>;
  getPreferences(): Promise<Preferences>;
  /** The renderer's worker script (null: compute on the main thread). */
  loadWorkerSource?(): Promise<string | null>;
  /** The renderer's main-thread computation, for pages that refuse its worker (from the on-demand script). */
  loadMainThreadFields?(): Promise<MainThreadFields>;
  /** The user closed the overlay from its own panel. */
  onClosedInPage(): void;
  /** The user took the offer to see another viewport band's data. */
  switchViewportBand(band: ViewportBandId): Promise<void>;
  /**
   * The on-demand script's module (the page review, the legend details, export): the background injects
   * review.js the first time, which hands it over on `globalThis.__heatlensReviewModule`. Without it the
   * panel offers none of them.
   */
  loadReviewModule?(): Promise<ReviewModule>;
  /** What the user left open and where they docked the panel on this origin. */
  panelLayout?: {
    get(): Promise<PanelLayoutForPage>;
    save(change: Partial<PanelLayoutForPage>): void;
  };
  /** Export's call to the background (issue 9); without it the panel offers no export. */
  export?: ExportDependencies;
}

/**
 * The overlay on one page. Everything it adds (DOM, listeners, timers, the painter) hangs off one
 * AbortController, so `hide()` leaves the page exactly as it was.
 */
export class OverlayController {
  private session: { abort: AbortController; mount: OverlayMount; painter: HeatPainter; guides: GuideLayer; frame: PanelFrame; reviewLayer: HTMLElement } | null = null;
  private loadSequence = 0;
  /** The page URL the painted data belongs to. */
  private lastPageUrl: string | null = null;
  private scrollRoot: ScrollRoot = windowScrollRoot;
  /** Consecutive rate-limit waits; after a few the overlay stops retrying and says so. */
  private rateLimitWaits = 0;
  /**
   * The page review, loaded on demand: null until the user opens it (its script is injected then).
   * `summary` is what the bar shows.
   */
  private review: { mounted: MountedReview | null; summary: ReviewSummary; opening: number } = closedReview();
  private detailsOpen = false;
  /** Where the keyboard was on the page before it came into the panel; Escape returns it there. */
  private lastPageFocus: WeakRef<HTMLElement> | null = null;
  /** What the panel shows, so that a review update can re-render it. */
  private lastStatus: OverlayStatus | null = null;
  /** Compare: the view the user switched to (null: the payload's own); the last painted data, to repaint a view without refetching. */
  private compareView: CompareView | null = null;
  private lastPainted: { payload: HeatmapPayload; preferences: Preferences } | null = null;
  /** The popup's view when the user switched in the page; a new choice in the popup wins over that switch. */
  private compareViewChosenOver: CompareView | null = null;
  /** Created from the on-demand script the first time the user exports. */
  private exporter: OverlayExport | null = null;
  /** What was painted when the user hid the overlay: shown again at once if nothing it depends on changed. */
  private readonly kept = new KeptHeat<PainterFields>(releasePainterFields);
  /** The guides last drawn (for the full-page image). */
  private lastGuides: FullPageSource['guides'] = null;
  /** The overlay is hidden while the background captures the whole page. */
  private hiddenForCapture = false;

  constructor(private readonly dependencies: OverlayDependencies) {}

  /** Why the exporter could not be loaded (shown in the export menu), until it loads. */
  private exportFailure: string | null = null;

  private get exportState(): ExportState {
    if (this.exporter) return this.exporter.state;
    return this.exportFailure ? { kind: 'error', message: this.exportFailure } : { kind: 'idle' };
  }

  private async runExport(action: (exporter: OverlayExport) => Promise<void>): Promise<void> {
    const dependencies = this.dependencies.export;
    if (!dependencies) return;
    if (!this.exporter) {
      try {
        const loadReviewModule = this.dependencies.loadReviewModule;
        if (!loadReviewModule) return;
        const tools = (await loadReviewModule()).exportTools;
        this.exporter ??= new tools.OverlayExport(
          dependencies,
          () => this.lastPainted && { ...this.lastPainted, view: this.lastPainted.payload.comparison ? (this.compareView ?? this.lastPainted.payload.comparison.view) : null },
          () => this.rerenderPanel(),
          () => this.fullPageSource(),
        );
      } catch (error) {
        this.exportFailure = `Export could not start: ${toSerializedError(error).message}`;
        this.rerenderPanel();
        return;
      }
    }
    this.exportFailure = null;
    await action(this.exporter);
  }

  get visible(): boolean {
    return this.session !== null;
  }

  show(): void {
    if (this.session) return;
    const abort = new AbortController();
    const mount = mountOverlay(canvasCss + this.dependencies.views.css);
    const { loadMainThreadFields } = this.dependencies;
    const painter = new HeatPainter(mount.canvas, { workerSource: this.dependencies.loadWorkerSource?.() ?? null, mainThreadFields: loadMainThreadFields && (() => loadMainThreadFields()) });
    const { signal } = abort;
    const guides = new GuideLayer(this.dependencies.views.Guides, mount.guidesContainer, signal, () => this.scrollRoot.scrollY());
    // Badges, highlight and the inspect catcher (the review's) sit between the heat and the panel.
    const reviewLayer = document.createElement('div');
    mount.panelContainer.before(reviewLayer);
    const frame = new PanelFrame(mount.panelContainer, signal, {
      heatUnder: (rect) => canvasHeatUnder(mount.canvas, rect),
      onDocked: (dock: DockPosition) => this.dependencies.panelLayout?.save({ dock }),
      onEscape: () => this.closePartsAndReturnFocus(),
    });
    this.session = { abort, mount, painter, guides, frame, reviewLayer };
    this.review = closedReview();
    this.detailsOpen = false;
    void this.applyStoredLayout(frame);

    let animationFrame = 0;
    const redraw = () => {
      if (animationFrame) return;
      animationFrame = requestAnimationFrame(() => {
        animationFrame = 0;
        this.redraw();
      });
    };
    // Scroll events of elements do not bubble, but they do pass the document in the capture phase:
    // one listener follows the window and whichever container is the page's scroll root.
    document.addEventListener('scroll', redraw, { passive: true, capture: true, signal });
    document.addEventListener(
      'focusin',
      (event) => {
        // Focus inside the closed shadow root is retargeted to the host: that is the panel, not the page.
        if (event.target instanceof HTMLElement && event.target !== mount.host) this.lastPageFocus = new WeakRef(event.target);
      },
      { capture: true, signal },
    );
    signal.addEventListener('abort', () => cancelAnimationFrame(animationFrame));

    // x is a share of the viewport width, so a resize moves every point: repaint, and refetch
    // because "match my window" filters depend on the width.
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    window.addEventListener(
      'resize',
      () => {
        clearTimeout(resizeTimer);
        // A full-page capture may resize the page for a moment (Chromium's screenshot beyond the
        // viewport); the overlay is hidden then, and reloads afterwards only if the size really changed.
        if (this.hiddenForCapture) return;
        resizeTimer = setTimeout(() => void this.load(), 250);
      },
      { signal },
    );
    signal.addEventListener('abort', () => clearTimeout(resizeTimer));

    watchUrlChanges(() => void this.load(), signal);
    // `d` while the panel has focus cycles the comparison view (not while typing in a field).
    mount.panelContainer.addEventListener(
      'keydown',
      (event) => {
        const target = event.composedPath()[0];
        if (event.key !== 'd' || event.altKey || event.ctrlKey || event.metaKey || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
        if (this.cycleCompareView()) event.preventDefault();
      },
      { signal },
    );
    void this.load();
  }

  /** Shows a comparison view (or the next one); false when nothing is compared. Repaints without refetching. */
  cycleCompareView(view?: CompareView): boolean {
    const painted = this.lastPainted;
    const comparison = painted?.payload.comparison;
    if (!painted || !comparison) return false;
    this.compareView = view ?? nextCompareView(this.compareView ?? comparison.view);
    this.compareViewChosenOver = comparison.view;
    void this.paint(painted.payload, painted.preferences, this.loadSequence, { viewSwitch: true });
    return true;
  }

  hide(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.review.mounted?.unmount();
    this.review = closedReview();
    if (this.lastStatus?.kind === 'ready' && this.lastPainted && this.lastPageUrl) {
      const fields = session.painter.destroyKeepingFields(KEEP_FIELDS_MAX_BYTES);
      this.kept.keep({ ...this.lastPainted, fields, pageUrl: this.lastPageUrl, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight });
    }
    this.lastStatus = null;
    this.lastPainted = null;
    this.loadSequence++;
    session.abort.abort();
    render(null, session.frame.bar);
    session.painter.destroy();
    session.mount.remove();
  }

  /** Refetch and repaint (filters changed, URL changed, window resized). */
  async load(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const sequence = ++this.loadSequence;
    const pageUrl = stripPostHogFragment(location.href);
    this.scrollRoot = detectScrollRoot();
    // Never leave the old URL's heat on screen while the new one loads.
    if (this.lastPageUrl !== null && this.lastPageUrl !== pageUrl) {
      this.lastPageUrl = null;
      session.guides.clear();
      await session.painter.setScene(this.emptyScene());
      this.redraw();
    }
    // The request leaves before the panel renders "loading": the server's wait starts a few ms sooner.
    const preferencesRead = this.dependencies.getPreferences();
    const answers = Promise.all([this.dependencies.loadHeatmap({ pageUrl, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight }), preferencesRead]);
    this.review.mounted?.reset();
    // Shown again on the same page: the heat it had, at once, while the background answers.
    const keptPaint = this.kept.holding ? this.paintKept(pageUrl, preferencesRead, sequence) : null;
    this.renderPanel({ kind: 'loading', dataUrl: pageUrl });
    try {
      const [payload, preferences] = await answers;
      // One paint at a time: the background's answer replaces the kept heat, never the other way round.
      await keptPaint;
      if (sequence !== this.loadSequence || !this.session) return;
      this.lastPageUrl = pageUrl;
      this.rateLimitWaits = 0;
      await this.paint(payload, preferences, sequence);
      if (payload.cache === 'revalidating') await this.paintFresh(pageUrl, sequence);
    } catch (error) {
      if (sequence !== this.loadSequence || !this.session) return;
      await session.painter.setScene(this.emptyScene());
      this.redraw();
      session.guides.clear();
      const serialized = toSerializedError(error);
      if (serialized.kind === 'rate-limited' && this.rateLimitWaits < MAX_RATE_LIMIT_WAITS) {
        this.rateLimitWaits++;
        this.waitThenReload(serialized.retryAfterSeconds ?? 30, sequence);
        return;
      }
      this.rateLimitWaits = 0;
      this.renderPanel({ kind: 'error', error: serialized });
    }
  }

  /**
   * The heat the overlay had when it was hidden, if the page, viewport and preferences are the same
   * (kept-heat.ts), painted as "cached · refreshing". The painter keys its fields by content, so the
   * background's answer, when it is the same data, repaints from the fields computed here.
   */
  private async paintKept(pageUrl: string, preferencesRead: Promise<Preferences>, sequence: number): Promise<void> {
    const preferences = await preferencesRead.catch(() => null);
    if (!preferences || sequence !== this.loadSequence || !this.session) return;
    const kept = this.kept.take({ pageUrl, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight, preferences });
    if (!kept) return;
    if (kept.fields) this.session.painter.adoptFields(kept.fields);
    this.lastPageUrl = pageUrl;
    await this.paint(kept.payload, preferences, sequence, { provisional: true });
  }

  /**
   * The heat just painted was the background's cached answer past its max-age (the panel says
   * "cached · refreshing"); the background is already fetching fresh answers: wait for them and
   * repaint, without going back to "loading". A failure lands in load()'s catch like any other.
   */
  private async paintFresh(pageUrl: string, sequence: number): Promise<void> {
    const [payload, preferences] = await Promise.all([
      this.dependencies.loadHeatmap({ pageUrl, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight, fresh: true }),
      this.dependencies.getPreferences(),
    ]);
    if (sequence !== this.loadSequence || !this.session) return;
    await this.paint(payload, preferences, sequence);
  }

  /** Shows the wait PostHog asked for, counting down, then loads again (unless anything changed). */
  private waitThenReload(seconds: number, sequence: number): void {
    const session = this.session!;
    let secondsLeft = Math.max(1, Math.ceil(seconds));
    this.renderPanel({ kind: 'waiting', secondsLeft });
    const timer = setInterval(() => {
      if (sequence !== this.loadSequence || !this.session) return clearInterval(timer);
      secondsLeft--;
      if (secondsLeft > 0) return this.renderPanel({ kind: 'waiting', secondsLeft });
      clearInterval(timer);
      void this.load();
    }, 1000);
    session.abort.signal.addEventListener('abort', () => clearInterval(timer));
  }

  private async paint(payload: HeatmapPayload, preferences: Preferences, sequence: number, options: { viewSwitch?: boolean; /** Kept heat, about to be replaced: the review waits for the real answer. */ provisional?: boolean } = {}): Promise<void> {
    // The payload (100k spots: megabytes) was just decoded and validated in this task; turning it
    // into points and painting starts in a new one, so no single task nears the 50 ms mark.
    await yieldToEventLoop();
    if (sequence !== this.loadSequence || !this.session) return;
    const session = this.session;
    const viewportWidth = window.innerWidth;
    const inputs: HeatLayerInput[] = [];
    const legend: Omit<LegendEntry, 'hottestCount'>[] = [];
    this.lastPainted = { payload, preferences };
    const comparison = payload.comparison ?? null;
    if (comparison && comparison.view !== this.compareViewChosenOver) this.compareView = null;
    const view = comparison ? (this.compareView ?? comparison.view) : null;
    // Compare: A and B paint that side like a heatmap; A−B paints one difference layer (lib/compare/view).
    const painted = !comparison ? payload.layers : view === 'diff' ? [] : view === 'a' ? comparison.a.layers : comparison.b.layers;
    if (comparison && view === 'diff') inputs.push(...compareLayerInputs(comparison, view, preferences, viewportWidth));
    for (const data of painted) {
      const definition = heatLayerById(data.id);
      const preference = preferences.layers[data.id];
      if (!preference.enabled) continue;
      const input = await toHeatLayerInputInSlices(definition, data, { viewportWidth, preference });
      if (sequence !== this.loadSequence || !this.session) return;
      inputs.push(input);
      legend.push({
        id: definition.id,
        label: definition.label,
        unit: definition.unit,
        gradient: paletteCssGradient(definition.palette),
        totalCount: data.totalCount,
      });
    }
    const scene = { ...this.emptyScene(), layers: inputs };
    // How much of the new heat is on screen (the viewport's band first on tall pages), for tests and benchmarks.
    const showDrawn = (stage: 'band' | 'whole') => {
      if (sequence === this.loadSequence && this.session === session) session.mount.host.dataset.drawn = stage;
    };
    await session.painter.setScene(scene, { onDrawn: showDrawn });
    if (sequence !== this.loadSequence || !this.session) return;
    this.redraw();
    // Where the heat was computed ("worker", or "main-thread" in slices when the page refuses the
    // worker), for tests and benchmarks: a long-task figure means little without it.
    session.mount.host.dataset.fields = await session.painter.computeMode();
    if (sequence !== this.loadSequence || !this.session) return;

    const fold = preferences.layers.fold.enabled ? (payload.layers.find((layer) => layer.id === 'click') ?? payload.layers[0])?.fold : undefined;
    const profile = preferences.layers.scrolldepth.enabled && payload.scrollDepth ? scrollDepthProfile(payload.scrollDepth) : null;
    const guideProps = {
      documentHeight: scene.documentHeight,
      fold: fold ? foldLine(fold) : null,
      scroll: profile
        ? { markers: scrollDepthMarkers(profile), bands: scrollDepthBands(profile, scene.documentHeight), opacity: preferences.layers.scrolldepth.opacity }
        : null,
    };
    session.guides.set(guideProps, profile);
    this.lastGuides = guideProps;
    const hasData =
      [...payload.layers, ...(comparison ? [...comparison.a.layers, ...comparison.b.layers] : [])].some((layer) => layer.spots.relativeX.length > 0) || profile !== null;
    // The painter knows, once fields are computed, which real count the hottest colour stands for.
    const legendWithCounts = legend.map((entry) => ({ ...entry, hottestCount: session.painter.maxCount(entry.id) }));
    this.renderPanel(hasData ? { kind: 'ready', payload, legend: legendWithCounts } : { kind: 'empty', payload });
    session.frame.heatChanged();
    if (hasData && this.lastPageUrl && this.review.mounted && !options.viewSwitch && !options.provisional) void this.review.mounted.run(this.lastPageUrl, payload, preferences);
  }

  /** The layout the user left: open parts (every site) and the dock (this origin). */
  private async applyStoredLayout(frame: PanelFrame): Promise<void> {
    const layout = await this.dependencies.panelLayout?.get().catch(() => null);
    if (!layout || this.session?.frame !== frame) return;
    frame.setStoredDock(layout.dock);
    this.detailsOpen = layout.detailsOpen;
    if (layout.reviewOpen && this.dependencies.loadReviewModule) void this.openReview();
    else this.rerenderPanel();
  }

  private toggleDetails(): void {
    this.detailsOpen = !this.detailsOpen;
    this.dependencies.panelLayout?.save({ detailsOpen: this.detailsOpen });
    this.rerenderPanel();
  }

  private toggleReview(): void {
    if (this.review.summary.open) {
      this.closeReview();
      this.dependencies.panelLayout?.save({ reviewOpen: false });
    } else {
      this.dependencies.panelLayout?.save({ reviewOpen: true });
      void this.openReview();
    }
  }

  /** Loads the review's script the first time, mounts the review in the panel and runs it on the painted data. */
  private async openReview(): Promise<void> {
    const session = this.session;
    const loadReviewModule = this.dependencies.loadReviewModule;
    if (!session || !loadReviewModule || this.review.summary.open) return;
    const opening = ++this.review.opening;
    this.review.summary = { open: true, kind: 'loading', findings: 0 };
    this.rerenderPanel();
    try {
      const module = await loadReviewModule();
      if (this.session !== session || this.review.opening !== opening || !this.review.summary.open) return;
      this.review.mounted = module.mountReview({
        root: session.mount.root,
        layerContainer: session.reviewLayer,
        slot: session.frame.reviewSlot,
        signal: session.abort.signal,
        onSummary: (summary) => {
          if (!this.review.summary.open) return;
          this.review.summary = { open: true, ...summary };
          this.rerenderPanel();
        },
        onShowElement: (element) =>
          session.frame.avoid(() => {
            if (!element.isConnected) return null;
            const box = element.getBoundingClientRect();
            return { x: box.x, y: box.y, width: box.width, height: box.height };
          }),
      });
      // A review opened after the paint runs on what is painted (nothing while loading or empty).
      const painted = this.lastStatus?.kind === 'ready' ? this.lastPainted : null;
      if (painted && this.lastPageUrl) void this.review.mounted.run(this.lastPageUrl, painted.payload, painted.preferences);
    } catch (error) {
      if (this.session !== session || this.review.opening !== opening) return;
      const serialized = toSerializedError(error);
      this.review.summary = { open: true, kind: 'error', findings: 0 };
      session.frame.reviewSlot.textContent = '';
      const message = document.createElement('p');
      message.className = 'error';
      message.textContent = `The page review could not start: ${serialized.message}`;
      session.frame.reviewSlot.append(message);
      this.rerenderPanel();
    }
  }

  private closeReview(): void {
    this.review.mounted?.unmount();
    this.review = { ...closedReview(), opening: this.review.opening + 1 };
    if (this.session) this.session.frame.reviewSlot.textContent = '';
    this.rerenderPanel();
  }

  /** Escape in the panel: close the legend details and the review, and hand the keyboard back to the page. */
  private closePartsAndReturnFocus(): void {
    if (this.review.summary.open) {
      this.closeReview();
      this.dependencies.panelLayout?.save({ reviewOpen: false });
    }
    if (this.detailsOpen) {
      this.detailsOpen = false;
      this.dependencies.panelLayout?.save({ detailsOpen: false });
      this.rerenderPanel();
    }
    const focused = this.session?.mount.root.activeElement;
    if (focused instanceof HTMLElement) focused.blur();
    this.lastPageFocus?.deref()?.focus({ preventScroll: true });
  }

  /** Paints the visible slice at the scroll root's current offset. */
  private redraw(): void {
    const session = this.session;
    // While the page scrolls under Chrome's tab video (Full page image), the hidden overlay need not follow.
    if (!session || this.hiddenForCapture) return;
    session.painter.draw(this.scrollRoot.scrollX(), this.scrollRoot.scrollY());
    session.guides.scrollTo(this.scrollRoot.scrollY());
  }

  /** What "Full page image" draws: the committed fields, guides and legend, and a way to hide the overlay meanwhile. */
  private fullPageSource(): FullPageSource | null {
    const session = this.session;
    const status = this.lastStatus;
    if (!session || status?.kind !== 'ready') return null;
    const scene = this.emptyScene();
    return {
      scrollsInPane: this.scrollRoot !== windowScrollRoot,
      page: { documentWidth: scene.documentWidth, documentHeight: scene.documentHeight, devicePixelRatio: scene.devicePixelRatio },
      fields: session.painter.committedFields(),
      guides: this.lastGuides,
      // Legend entries are the painted layers (LegendEntry keeps the id as a plain string).
      legend: status.legend.map(({ id, label, unit, hottestCount, totalCount }) => ({ id: id as ClickLikeLayerId, label, unit, hottestCount, totalCount })),
      isOwnElement: (element) => element === session.mount.host,
      hideOverlay: () => {
        const host = session.mount.host;
        const size = { width: window.innerWidth, height: window.innerHeight };
        this.hiddenForCapture = true;
        host.style.setProperty('display', 'none', 'important');
        return () => {
          host.style.setProperty('display', 'block', 'important');
          this.hiddenForCapture = false;
          this.redraw();
          if (this.session === session && (window.innerWidth !== size.width || window.innerHeight !== size.height)) void this.load();
        };
      },
    };
  }

  private emptyScene() {
    return {
      layers: [],
      documentWidth: this.scrollRoot.contentWidth(),
      documentHeight: this.scrollRoot.contentHeight(),
      viewportWidth: window.innerWidth,
      viewportHeight: window.innerHeight,
      devicePixelRatio: window.devicePixelRatio || 1,
      scrollX: this.scrollRoot.scrollX(),
      scrollY: this.scrollRoot.scrollY(),
    };
  }

  private rerenderPanel(): void {
    if (this.lastStatus) this.renderPanel(this.lastStatus);
  }

  private renderPanel(status: OverlayStatus): void {
    const session = this.session;
    if (!session) return;
    this.lastStatus = status;
    session.mount.host.dataset.status = status.kind;
    if (status.kind === 'loading') delete session.mount.host.dataset.drawn;
    const frame = session.frame;
    frame.element.classList.toggle('open', this.detailsOpen || this.review.summary.open);
    const comparison = status.kind === 'ready' ? (status.payload.comparison ?? null) : null;
    const view = comparison ? (this.compareView ?? comparison.view) : null;
    // Where the painted heat came from (network / cached / revalidating), like the status for tests and benchmarks.
    if (status.kind === 'ready' || status.kind === 'empty') session.mount.host.dataset.cache = status.payload.cache ?? 'network';
    else delete session.mount.host.dataset.cache;
    const { OverlayPanel, CompareSwitch } = this.dependencies.views;
    render(
      <OverlayPanel
        status={status}
        detailsOpen={this.detailsOpen}
        review={this.dependencies.loadReviewModule && (status.kind === 'ready' || this.review.summary.open) ? this.review.summary : null}
        onToggleDetails={() => this.toggleDetails()}
        onToggleReview={() => this.toggleReview()}
        onClose={() => {
          this.hide();
          this.dependencies.onClosedInPage();
        }}
        onSwitchBand={(band) => void this.dependencies.switchViewportBand(band)}
        onGripPointerDown={(event) => frame.startDrag(event)}
        onGripKeyDown={(event) => frame.keyDock(event)}
        compare={
          comparison
            ? {
                switch: <CompareSwitch view={view!} onChange={(next) => this.cycleCompareView(next)} />,
                summary: `A ${describeRange({ dateFrom: comparison.a.dateFrom, dateTo: comparison.a.dateTo })} · ${comparison.a.segmentLabel} vs B ${describeRange({ dateFrom: comparison.b.dateFrom, dateTo: comparison.b.dateTo })} · ${comparison.b.segmentLabel}`,
              }
            : null
        }
      />,
      frame.bar,
    );
    this.renderDetails(status);
  }

  /**
   * The legend details live in the on-demand script (with the review and export): rendered into the
   * panel's details slot while open, loading that script the first time they open.
   */
  private renderDetails(status: OverlayStatus): void {
    const session = this.session;
    if (!session) return;
    const module = globalThis.__heatlensReviewModule;
    if (!this.detailsOpen || status.kind !== 'ready') {
      module?.renderDetails(session.mount.root, session.frame.detailsSlot, null);
      return;
    }
    if (!module) {
      void this.loadDetailsModule(session);
      return;
    }
    const comparison = status.payload.comparison ?? null;
    const painted = this.lastPainted;
    module.renderDetails(session.mount.root, session.frame.detailsSlot, {
      payload: status.payload,
      legend: status.legend,
      compare:
        comparison && painted
          ? { comparison, view: this.compareView ?? comparison.view, preferences: painted.preferences, onViewChange: (next) => this.cycleCompareView(next) }
          : null,
      export: this.dependencies.export
        ? {
            state: this.exportState,
            onSaveImage: () => void this.runExport((exporter) => exporter.saveImage()),
            onSaveFullPage: () => void this.runExport((exporter) => exporter.saveFullPage()),
            onDownload: (format) => void this.runExport((exporter) => exporter.downloadData(format)),
          }
        : null,
    });
  }

  private detailsLoading = false;

  private async loadDetailsModule(session: NonNullable<OverlayController['session']>): Promise<void> {
    if (this.detailsLoading || !this.dependencies.loadReviewModule) return;
    this.detailsLoading = true;
    try {
      await this.dependencies.loadReviewModule();
    } catch (error) {
      session.frame.detailsSlot.textContent = `The legend details could not be loaded: ${toSerializedError(error).message}`;
      return;
    } finally {
      this.detailsLoading = false;
    }
    if (this.session === session) this.rerenderPanel();
  }
}

function closedReview() {
  return { mounted: null as MountedReview | null, summary: { open: false, kind: 'off', findings: 0 } as ReviewSummary, opening: 0 };
}
