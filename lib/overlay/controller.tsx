import { render } from 'preact';
import { OverlayPanel, overlayPanelCss, type LegendEntry, type OverlayStatus } from '@/components/OverlayPanel';
import { stripPostHogFragment, type ViewportBandId } from '../geometry';
import { heatLayerById, toHeatLayerInput } from '../layers';
import { MessageError, type HeatmapPayload } from '../messages';
import { serializePostHogError } from '../posthog/errors';
import { HeatPainter } from '../render/painter';
import { paletteCssGradient } from '../render';
import { yieldToEventLoop } from '../render/schedule';
import type { HeatLayerInput } from '../render/types';
import type { Preferences } from '../settings';
import { guidesCss } from '@/components/Guides';
import { foldLine } from '../layers/fold';
import { scrollDepthBands, scrollDepthMarkers, scrollDepthProfile } from '../layers/scroll-depth';
import { GuideLayer } from './guides';
import { canvasCss, mountOverlay, type OverlayMount } from './mount';
import { detectScrollRoot, windowScrollRoot, type ScrollRoot } from './scroll-root';
import { watchUrlChanges } from './url-watch';
import { PageReview, reviewCss, type ReviewDependencies } from './assessment';
import { FindingsPanel, findingsPanelCss } from '@/components/FindingsPanel';
import { CompareLegend, compareCss } from '@/components/CompareLegend';
import { CompareMoves, compareMovesCss } from '@/components/CompareMoves';
import { ExportMenu, exportMenuCss } from '@/components/ExportMenu';
import { OverlayExport, type ExportDependencies } from '../export/overlay-export';
import { comparisonMovesOnPage, type ComparisonMoves } from '../compare/moves';
import { compareLayerInputs, nextCompareView, type CompareView } from '../compare/view';

const MAX_RATE_LIMIT_WAITS = 3;

export interface OverlayDependencies {
  loadHeatmap(request: { pageUrl: string; viewportWidth: number; viewportHeight: number }): Promise<HeatmapPayload>;
  getPreferences(): Promise<Preferences>;
  /** The user closed the overlay from its own panel. */
  onClosedInPage(): void;
  /** The user took the offer to see another viewport band's data. */
  switchViewportBand(band: ViewportBandId): Promise<void>;
  /** The page review's calls to the background; without them the panel shows no review. */
  review?: ReviewDependencies;
  /** Export's call to the background (issue 9); without it the panel offers no export. */
  export?: ExportDependencies;
}

/**
 * The overlay on one page. Everything it adds (DOM, listeners, timers, the painter) hangs off one
 * AbortController, so `hide()` leaves the page exactly as it was.
 */
export class OverlayController {
  private session: { abort: AbortController; mount: OverlayMount; painter: HeatPainter; guides: GuideLayer } | null = null;
  private loadSequence = 0;
  /** The page URL the painted data belongs to. */
  private lastPageUrl: string | null = null;
  private scrollRoot: ScrollRoot = windowScrollRoot;
  /** Consecutive rate-limit waits; after a few the overlay stops retrying and says so. */
  private rateLimitWaits = 0;
  /** The page review of the current session (null when no review dependencies were given). */
  private review: PageReview | null = null;
  /** What the panel shows, so that a review update can re-render it. */
  private lastStatus: OverlayStatus | null = null;
  /** Compare: the view the user switched to (null: the payload's own); the last painted data, to repaint a view without refetching. */
  private compareView: CompareView | null = null;
  private lastPainted: { payload: HeatmapPayload; preferences: Preferences } | null = null;
  private compareMoves: ComparisonMoves | 'loading' | null = null;
  /** The popup's view when the user switched in the page; a new choice in the popup wins over that switch. */
  private compareViewChosenOver: CompareView | null = null;
  private readonly exporter: OverlayExport | null;

  constructor(private readonly dependencies: OverlayDependencies) {
    this.exporter = dependencies.export
      ? new OverlayExport(
          dependencies.export,
          () => this.lastPainted && { ...this.lastPainted, view: this.lastPainted.payload.comparison ? (this.compareView ?? this.lastPainted.payload.comparison.view) : null },
          () => this.rerenderPanel(),
        )
      : null;
  }

  get visible(): boolean {
    return this.session !== null;
  }

  show(): void {
    if (this.session) return;
    const abort = new AbortController();
    const mount = mountOverlay(canvasCss + guidesCss + overlayPanelCss + reviewCss + findingsPanelCss + compareCss + compareMovesCss + exportMenuCss);
    const painter = new HeatPainter(mount.canvas);
    const { signal } = abort;
    const guides = new GuideLayer(mount.guidesContainer, signal, () => this.scrollRoot.scrollY());
    this.session = { abort, mount, painter, guides };
    if (this.dependencies.review) {
      // Badges, highlight and the inspect catcher sit between the heat and the panel.
      const reviewContainer = document.createElement('div');
      mount.panelContainer.before(reviewContainer);
      this.review = new PageReview(reviewContainer, signal, this.dependencies.review, () => this.rerenderPanel());
    }

    let frame = 0;
    const redraw = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        this.redraw();
      });
    };
    // Scroll events of elements do not bubble, but they do pass the document in the capture phase:
    // one listener follows the window and whichever container is the page's scroll root.
    document.addEventListener('scroll', redraw, { passive: true, capture: true, signal });
    signal.addEventListener('abort', () => cancelAnimationFrame(frame));

    // x is a share of the viewport width, so a resize moves every point: repaint, and refetch
    // because "match my window" filters depend on the width.
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    window.addEventListener(
      'resize',
      () => {
        clearTimeout(resizeTimer);
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
    this.review = null;
    this.lastStatus = null;
    this.lastPainted = null;
    this.loadSequence++;
    session.abort.abort();
    render(null, session.mount.panelContainer);
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
    this.review?.reset();
    this.renderPanel({ kind: 'loading', dataUrl: pageUrl });
    try {
      const [payload, preferences] = await Promise.all([
        this.dependencies.loadHeatmap({ pageUrl, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight }),
        this.dependencies.getPreferences(),
      ]);
      if (sequence !== this.loadSequence || !this.session) return;
      this.lastPageUrl = pageUrl;
      this.rateLimitWaits = 0;
      await this.paint(payload, preferences, sequence);
    } catch (error) {
      if (sequence !== this.loadSequence || !this.session) return;
      await session.painter.setScene(this.emptyScene());
      this.redraw();
      session.guides.clear();
      const serialized = error instanceof MessageError ? error.error : serializePostHogError(error);
      if (serialized.kind === 'rate-limited' && this.rateLimitWaits < MAX_RATE_LIMIT_WAITS) {
        this.rateLimitWaits++;
        this.waitThenReload(serialized.retryAfterSeconds ?? 30, sequence);
        return;
      }
      this.rateLimitWaits = 0;
      this.renderPanel({ kind: 'error', error: serialized });
    }
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

  private async paint(payload: HeatmapPayload, preferences: Preferences, sequence: number, options: { viewSwitch?: boolean } = {}): Promise<void> {
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
      const input = toHeatLayerInput(definition, data, { viewportWidth, preference });
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
    await session.painter.setScene(scene);
    if (sequence !== this.loadSequence || !this.session) return;
    this.redraw();

    const fold = preferences.layers.fold.enabled ? (payload.layers.find((layer) => layer.id === 'click') ?? payload.layers[0])?.fold : undefined;
    const profile = preferences.layers.scrolldepth.enabled && payload.scrollDepth ? scrollDepthProfile(payload.scrollDepth) : null;
    session.guides.set(
      {
        documentHeight: scene.documentHeight,
        fold: fold ? foldLine(fold) : null,
        scroll: profile
          ? { markers: scrollDepthMarkers(profile), bands: scrollDepthBands(profile, scene.documentHeight), opacity: preferences.layers.scrolldepth.opacity }
          : null,
      },
      profile,
    );
    const hasData =
      [...payload.layers, ...(comparison ? [...comparison.a.layers, ...comparison.b.layers] : [])].some((layer) => layer.spots.relativeX.length > 0) || profile !== null;
    // The painter knows, once fields are computed, which real count the hottest colour stands for.
    const legendWithCounts = legend.map((entry) => ({ ...entry, hottestCount: session.painter.maxCount(entry.id) }));
    this.renderPanel(hasData ? { kind: 'ready', payload, legend: legendWithCounts } : { kind: 'empty', payload });
    const moves = comparison && !options.viewSwitch ? this.readMoves(payload, preferences, sequence) : undefined;
    if (hasData && this.lastPageUrl && !options.viewSwitch) void this.review?.run(this.lastPageUrl, payload, moves);
  }

  /** Compare's "what moved": elements under each side's spots, counted once per load. */
  private async readMoves(payload: HeatmapPayload, preferences: Preferences, sequence: number): Promise<ComparisonMoves | null> {
    this.compareMoves = 'loading';
    const view = { width: window.innerWidth, height: window.innerHeight, scrollX: this.scrollRoot.scrollX(), scrollY: this.scrollRoot.scrollY() };
    const moves = await comparisonMovesOnPage(document, payload.comparison!, preferences, view, yieldToEventLoop).catch(() => null);
    if (sequence !== this.loadSequence || !this.session) return null;
    this.compareMoves = moves;
    this.rerenderPanel();
    return moves;
  }

  /** Paints the visible slice at the scroll root's current offset. */
  private redraw(): void {
    const session = this.session;
    if (!session) return;
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
    };
  }

  private rerenderPanel(): void {
    if (this.lastStatus) this.renderPanel(this.lastStatus);
  }

  private renderPanel(status: OverlayStatus): void {
    const session = this.session;
    if (!session) return;
    this.lastStatus = status;
    const review = this.review;
    session.mount.host.dataset.status = status.kind;
    render(
      <OverlayPanel
        status={status}
        onClose={() => {
          this.hide();
          this.dependencies.onClosedInPage();
        }}
        onSwitchBand={(band) => void this.dependencies.switchViewportBand(band)}
      >
        {status.kind === 'ready' && status.payload.comparison && this.lastPainted && (
          <CompareLegend
            comparison={status.payload.comparison}
            view={this.compareView ?? status.payload.comparison.view}
            preferences={this.lastPainted.preferences}
            onViewChange={(view) => this.cycleCompareView(view)}
          >
            <CompareMoves moves={this.compareMoves} />
          </CompareLegend>
        )}
        {status.kind === 'ready' && this.exporter && (
          <ExportMenu state={this.exporter.state} onSaveImage={() => void this.exporter?.saveImage()} onDownload={(format) => this.exporter?.downloadData(format)} />
        )}
        {review && (
          <FindingsPanel
            state={review.current}
            onSelect={(finding) => review.highlight(finding)}
            onCopy={() => void review.copyReport()}
            onToggleInspect={() => review.setInspect(!review.inspecting)}
            onSave={() => void review.saveToPostHog()}
          />
        )}
      </OverlayPanel>,
      session.mount.panelContainer,
    );
  }
}
