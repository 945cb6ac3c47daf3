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

const MAX_RATE_LIMIT_WAITS = 3;

/** Spots converted per task: ~5 ms each, so a layer of 150k spots is several short tasks, not one long one. */
const CONVERT_CHUNK_SPOTS = 25_000;

/** toHeatLayerInput over chunks of the spot columns, yielding to the page between chunks. */
async function toHeatLayerInputInSlices(
  definition: Parameters<typeof toHeatLayerInput>[0],
  data: Parameters<typeof toHeatLayerInput>[1],
  context: Parameters<typeof toHeatLayerInput>[2],
): Promise<HeatLayerInput> {
  const { relativeX, y, count, fixed } = data.spots;
  if (relativeX.length <= CONVERT_CHUNK_SPOTS) return toHeatLayerInput(definition, data, context);
  let merged: HeatLayerInput | null = null;
  for (let start = 0; start < relativeX.length; start += CONVERT_CHUNK_SPOTS) {
    const end = start + CONVERT_CHUNK_SPOTS;
    const spots = { relativeX: relativeX.slice(start, end), y: y.slice(start, end), count: count.slice(start, end), fixed: fixed.slice(start, end) };
    const part = toHeatLayerInput(definition, { ...data, spots }, context);
    if (!merged) merged = part;
    else {
      for (const point of part.documentPoints) merged.documentPoints.push(point);
      for (const point of part.fixedPoints) merged.fixedPoints.push(point);
    }
    await yieldToEventLoop();
  }
  return merged!;
}

export interface OverlayDependencies {
  loadHeatmap(request: { pageUrl: string; viewportWidth: number; viewportHeight: number; fresh?: boolean }): Promise<HeatmapPayload>;
  getPreferences(): Promise<Preferences>;
  /** The user closed the overlay from its own panel. */
  onClosedInPage(): void;
  /** The user took the offer to see another viewport band's data. */
  switchViewportBand(band: ViewportBandId): Promise<void>;
  /** The page review's calls to the background; without them the panel shows no review. */
  review?: ReviewDependencies;
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

  constructor(private readonly dependencies: OverlayDependencies) {}

  get visible(): boolean {
    return this.session !== null;
  }

  show(): void {
    if (this.session) return;
    const abort = new AbortController();
    const mount = mountOverlay(canvasCss + guidesCss + overlayPanelCss + reviewCss + findingsPanelCss);
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
    void this.load();
  }

  hide(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.review = null;
    this.lastStatus = null;
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
    // The request leaves before the panel renders "loading": the server's wait starts a few ms sooner.
    const answers = Promise.all([
      this.dependencies.loadHeatmap({ pageUrl, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight }),
      this.dependencies.getPreferences(),
    ]);
    this.review?.reset();
    this.renderPanel({ kind: 'loading', dataUrl: pageUrl });
    try {
      const [payload, preferences] = await answers;
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

  private async paint(payload: HeatmapPayload, preferences: Preferences, sequence: number): Promise<void> {
    // The payload (100k spots: megabytes) was just decoded and validated in this task; turning it
    // into points and painting starts in a new one, so no single task nears the 50 ms mark.
    await yieldToEventLoop();
    if (sequence !== this.loadSequence || !this.session) return;
    const session = this.session;
    const viewportWidth = window.innerWidth;
    const inputs: HeatLayerInput[] = [];
    const legend: Omit<LegendEntry, 'hottestCount'>[] = [];
    for (const data of payload.layers) {
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
    const hasData = payload.layers.some((layer) => layer.spots.relativeX.length > 0) || profile !== null;
    // The painter knows, once fields are computed, which real count the hottest colour stands for.
    const legendWithCounts = legend.map((entry) => ({ ...entry, hottestCount: session.painter.maxCount(entry.id) }));
    this.renderPanel(hasData ? { kind: 'ready', payload, legend: legendWithCounts } : { kind: 'empty', payload });
    if (hasData && this.lastPageUrl) void this.review?.run(this.lastPageUrl, payload);
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
    // Where the painted heat came from (network / cached / revalidating), like the status for tests and benchmarks.
    if (status.kind === 'ready' || status.kind === 'empty') session.mount.host.dataset.cache = status.payload.cache ?? 'network';
    else delete session.mount.host.dataset.cache;
    render(
      <OverlayPanel
        status={status}
        onClose={() => {
          this.hide();
          this.dependencies.onClosedInPage();
        }}
        onSwitchBand={(band) => void this.dependencies.switchViewportBand(band)}
      >
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
