import { nextCompareView, type CompareView } from '../compare/view';
import { stripPostHogFragment, type ViewportBandId } from '../core/geometry';
import { yieldToEventLoop } from '../core/schedule';
import { detectScrollRoot, windowScrollRoot, type ScrollRoot } from '../core/scroll-root';
import type { ExportDependencies, FullPageSource } from '../export/overlay-export';
import type { HeatmapPayload, PanelLayoutForPage } from '../messaging/protocol';
import { toSerializedError } from '../protocol/content-transport';
import type { MainThreadFields } from '../render/main-thread-fields';
import { releasePainterFields, type PainterFields } from '../render/painter';
import type { ReviewModule } from './review-module';
import type { Preferences } from '../settings/store';
import type { OverlayStatus, OverlayViews } from '../views/overlay';
import type { ExportHostOptions } from './export-host';
import { KeptHeat } from './kept-heat';
import { guidesFor, paintedLayers, payloadHasData } from './paint';
import { PanelRenderer } from './panel';
import { ReviewHost } from './review-host';
import { openSession, type OverlaySession } from './session';

const MAX_RATE_LIMIT_WAITS = 3;
/** Field pixels kept while the overlay is hidden (a 12,000 px page's click field is ~2 MB); larger ones are recomputed on show. */
const KEEP_FIELDS_MAX_BYTES = 24 * 2 ** 20;

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
   * review.js the first time, which hands it over under a symbol (review-handover.ts). Without it the
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
 * The overlay on one page: a facade over its parts, each with one job. `openSession` mounts the
 * overlay and follows the page; `paintedLayers`/`guidesFor` turn a payload into what the painter and
 * guides draw; `PanelRenderer` renders the bar and legend details; `ReviewHost` and `ExportHost` are the
 * on-demand extras. This class holds the state they share: what is loaded, painted and shown.
 * Everything a session adds (DOM, listeners, timers, the painter) hangs off one AbortController, so
 * `hide()` leaves the page exactly as it was.
 */
export class OverlayController {
  private session: OverlaySession | null = null;
  private loadSequence = 0;
  /** The page URL the painted data belongs to. */
  private lastPageUrl: string | null = null;
  private scrollRoot: ScrollRoot = windowScrollRoot;
  /** Consecutive rate-limit waits; after a few the overlay stops retrying and says so. */
  private rateLimitWaits = 0;
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
  /** What was painted when the user hid the overlay: shown again at once if nothing it depends on changed. */
  private readonly kept = new KeptHeat<PainterFields>(releasePainterFields);
  /** The guides last drawn (for the full-page image). */
  private lastGuides: FullPageSource['guides'] = null;
  private readonly review: ReviewHost;
  /** The overlay is hidden while the background captures the whole page (Full page image). */
  private hiddenForCapture = false;
  private readonly panel: PanelRenderer;

  constructor(private readonly dependencies: OverlayDependencies) {
    const saveLayout = (change: Partial<PanelLayoutForPage>) => dependencies.panelLayout?.save(change);
    this.review = new ReviewHost({
      loadReviewModule: dependencies.loadReviewModule,
      saveLayout,
      onChange: () => this.rerenderPanel(),
      painted: () => {
        const painted = this.lastStatus?.kind === 'ready' ? this.lastPainted : null;
        return painted && this.lastPageUrl ? { pageUrl: this.lastPageUrl, ...painted } : null;
      },
    });
    const exportOptions: ExportHostOptions | null = dependencies.export
      ? {
          export: dependencies.export,
          painted: () => this.lastPainted && { ...this.lastPainted, view: this.shownView() },
          session: () => this.session,
          status: () => this.lastStatus,
          scrollsInPane: () => this.scrollRoot !== windowScrollRoot,
          scene: () => {
            const { documentWidth, documentHeight, devicePixelRatio } = this.emptyScene();
            return { documentWidth, documentHeight, devicePixelRatio };
          },
          guides: () => this.lastGuides,
          onChange: () => this.rerenderPanel(),
          setHiddenForCapture: (hidden) => (this.hiddenForCapture = hidden),
          onShownAfterCapture: (sizeChanged) => {
            this.redraw();
            if (sizeChanged) void this.load();
          },
        }
      : null;
    this.panel = new PanelRenderer(
      dependencies.views,
      {
        toggleDetails: () => this.toggleDetails(),
        toggleReview: () => this.session && this.review.toggle(this.session),
        close: () => {
          this.hide();
          dependencies.onClosedInPage();
        },
        switchBand: (band) => void dependencies.switchViewportBand(band),
        showCompareView: (view) => this.cycleCompareView(view),
        loadReviewModule: dependencies.loadReviewModule,
      },
      exportOptions,
    );
  }

  get visible(): boolean {
    return this.session !== null;
  }

  show(): void {
    if (this.session) return;
    const { dependencies } = this;
    const session = openSession(
      { views: dependencies.views, loadWorkerSource: dependencies.loadWorkerSource, loadMainThreadFields: dependencies.loadMainThreadFields, scrollRoot: () => this.scrollRoot },
      {
        onScroll: () => this.redraw(),
        onReload: () => void this.load(),
        onDocked: (dock) => dependencies.panelLayout?.save({ dock }),
        onEscape: () => this.closePartsAndReturnFocus(),
        onCycleCompareView: () => this.cycleCompareView(),
        onPageFocus: (element) => (this.lastPageFocus = new WeakRef(element)),
        hiddenForCapture: () => this.hiddenForCapture,
      },
    );
    this.session = session;
    this.review.reset();
    this.detailsOpen = false;
    void this.applyStoredLayout(session);
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
    this.review.reset();
    if (this.lastStatus?.kind === 'ready' && this.lastPainted && this.lastPageUrl) {
      const fields = session.painter.destroyKeepingFields(KEEP_FIELDS_MAX_BYTES);
      this.kept.keep({ ...this.lastPainted, fields, pageUrl: this.lastPageUrl, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight });
    }
    this.lastStatus = null;
    this.lastPainted = null;
    this.loadSequence++;
    session.abort.abort();
    this.panel.clear(session);
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
    this.review.forgetPage();
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
      // Heatlens's own pacing of a tab's segment queries: wait as long as it says, however often (it never asks PostHog meanwhile).
      if (serialized.kind === 'query-paced') {
        this.waitThenReload(serialized.retryAfterSeconds ?? 30, sequence, { by: 'heatlens', message: serialized.message });
        return;
      }
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
  private waitThenReload(seconds: number, sequence: number, reason: { by: 'posthog' | 'heatlens'; message?: string } = { by: 'posthog' }): void {
    const session = this.session!;
    let secondsLeft = Math.max(1, Math.ceil(seconds));
    this.renderPanel({ kind: 'waiting', secondsLeft, ...reason });
    const timer = setInterval(() => {
      if (sequence !== this.loadSequence || !this.session) return clearInterval(timer);
      secondsLeft--;
      if (secondsLeft > 0) return this.renderPanel({ kind: 'waiting', secondsLeft, ...reason });
      clearInterval(timer);
      void this.load();
    }, 1000);
    session.abort.signal.addEventListener('abort', () => clearInterval(timer));
  }

  /** The comparison view shown for what is painted (null without a comparison). */
  private shownView(): CompareView | null {
    const comparison = this.lastPainted?.payload.comparison;
    return comparison ? (this.compareView ?? comparison.view) : null;
  }

  private async paint(payload: HeatmapPayload, preferences: Preferences, sequence: number, options: { viewSwitch?: boolean; /** Kept heat, about to be replaced: the review waits for the real answer. */ provisional?: boolean } = {}): Promise<void> {
    // The payload (100k spots: megabytes) was just decoded and validated in this task; turning it
    // into points and painting starts in a new one, so no single task nears the 50 ms mark.
    await yieldToEventLoop();
    const current = () => sequence === this.loadSequence && this.session !== null;
    if (!current()) return;
    const session = this.session!;
    this.lastPainted = { payload, preferences };
    const comparison = payload.comparison ?? null;
    if (comparison && comparison.view !== this.compareViewChosenOver) this.compareView = null;
    const layers = await paintedLayers(payload, preferences, this.shownView(), window.innerWidth, current);
    if (!layers || !current()) return;
    const scene = { ...this.emptyScene(), layers: layers.inputs };
    // How much of the new heat is on screen (the viewport's band first on tall pages), for tests and benchmarks.
    const showDrawn = (stage: 'band' | 'whole') => {
      if (sequence === this.loadSequence && this.session === session) session.mount.host.dataset.drawn = stage;
    };
    await session.painter.setScene(scene, { onDrawn: showDrawn });
    if (!current()) return;
    this.redraw();
    // Where the heat was computed ("worker", or "main-thread" in slices when the page refuses the
    // worker), for tests and benchmarks: a long-task figure means little without it.
    session.mount.host.dataset.fields = await session.painter.computeMode();
    if (!current()) return;

    const guides = guidesFor(payload, preferences, scene.documentHeight);
    session.guides.set(guides.props, guides.profile);
    this.lastGuides = guides.props;
    const hasData = payloadHasData(payload, guides.profile);
    // The painter knows, once fields are computed, which real count the hottest colour stands for.
    const legend = layers.legend.map((entry) => ({ ...entry, hottestCount: session.painter.maxCount(entry.id) }));
    this.renderPanel(hasData ? { kind: 'ready', payload, legend, view: this.shownView(), scrollVisitors: guides.profile?.visitors ?? null } : { kind: 'empty', payload });
    session.frame.heatChanged();
    if (hasData && this.lastPageUrl && !options.viewSwitch && !options.provisional) this.review.run(this.lastPageUrl, payload, preferences);
  }

  /** The layout the user left: open parts (every site) and the dock (this origin). */
  private async applyStoredLayout(session: OverlaySession): Promise<void> {
    const layout = await this.dependencies.panelLayout?.get().catch(() => null);
    if (!layout || this.session !== session) return;
    session.frame.setStoredDock(layout.dock);
    this.detailsOpen = layout.detailsOpen;
    if (layout.reviewOpen && this.review.available) void this.review.open(session);
    else this.rerenderPanel();
  }

  private toggleDetails(): void {
    this.detailsOpen = !this.detailsOpen;
    this.dependencies.panelLayout?.save({ detailsOpen: this.detailsOpen });
    this.rerenderPanel();
  }

  /** Escape in the panel: close the legend details and the review, and hand the keyboard back to the page. */
  private closePartsAndReturnFocus(): void {
    if (this.review.summary.open) {
      this.review.close(this.session);
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
    const comparison = status.kind === 'ready' ? (status.payload.comparison ?? null) : null;
    this.panel.render(
      session,
      status,
      {
        detailsOpen: this.detailsOpen,
        reviewOpen: this.review.summary.open,
        review: this.review.available && (status.kind === 'ready' || this.review.summary.open) ? this.review.summary : null,
        view: comparison ? (this.compareView ?? comparison.view) : null,
        preferences: this.lastPainted?.preferences ?? null,
      },
      () => this.rerenderPanel(),
    );
  }
}
