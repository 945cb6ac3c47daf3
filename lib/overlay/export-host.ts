import type { ClickLikeLayerId } from '../core/layer-ids';
import { windowScrollRoot, type ScrollRoot } from '../core/scroll-root';
import type { ExportDependencies, ExportState, FullPageSource, OverlayExport } from '../export/overlay-export';
import type { CompareView } from '../compare/view';
import type { HeatmapPayload } from '../messaging/protocol';
import { toSerializedError } from '../protocol/content-transport';
import type { ReviewModule } from './review-module';
import type { Preferences } from '../settings/store';
import type { OverlayStatus } from '../views/overlay';
import type { OverlaySession } from './session';

export interface ExportHostOptions {
  export?: ExportDependencies;
  loadReviewModule?(): Promise<ReviewModule>;
  /** What is painted now, with the comparison view shown. */
  painted(): { payload: HeatmapPayload; preferences: Preferences; view: CompareView | null } | null;
  session(): OverlaySession | null;
  status(): OverlayStatus | null;
  scrollRoot(): ScrollRoot;
  scene(): { documentWidth: number; documentHeight: number; devicePixelRatio: number };
  guides(): FullPageSource['guides'];
  /** The export's state changed: the panel renders it. */
  onChange(): void;
  /** The overlay is shown again after a full-page capture: redraw, and reload if the window's size changed. */
  onShownAfterCapture(sizeChanged: boolean): void;
}

/**
 * Export in the overlay (Save image, Full page image, CSV/JSON): the exporter comes from the on-demand
 * script the first time the user exports; the overlay is hidden while the background captures the page.
 */
export class ExportHost {
  private exporter: OverlayExport | null = null;
  /** Why the exporter could not be loaded (shown in the export menu), until it loads. */
  private failure: string | null = null;
  /** The overlay is hidden while the background captures the whole page. */
  hiddenForCapture = false;

  constructor(private readonly options: ExportHostOptions) {}

  get offered(): boolean {
    return this.options.export !== undefined;
  }

  get state(): ExportState {
    if (this.exporter) return this.exporter.state;
    return this.failure ? { kind: 'error', message: this.failure } : { kind: 'idle' };
  }

  async run(action: (exporter: OverlayExport) => Promise<void>): Promise<void> {
    const dependencies = this.options.export;
    if (!dependencies) return;
    if (!this.exporter) {
      try {
        const loadReviewModule = this.options.loadReviewModule;
        if (!loadReviewModule) return;
        const tools = (await loadReviewModule()).exportTools;
        this.exporter ??= new tools.OverlayExport(dependencies, () => this.options.painted(), () => this.options.onChange(), () => this.fullPageSource());
      } catch (error) {
        this.failure = `Export could not start: ${toSerializedError(error).message}`;
        this.options.onChange();
        return;
      }
    }
    this.failure = null;
    await action(this.exporter);
  }

  /** What "Full page image" draws: the committed fields, guides and legend, and a way to hide the overlay meanwhile. */
  private fullPageSource(): FullPageSource | null {
    const session = this.options.session();
    const status = this.options.status();
    if (!session || status?.kind !== 'ready') return null;
    const scene = this.options.scene();
    return {
      scrollsInPane: this.options.scrollRoot() !== windowScrollRoot,
      page: scene,
      fields: session.painter.committedFields(),
      guides: this.options.guides(),
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
          if (this.options.session() === session) this.options.onShownAfterCapture(window.innerWidth !== size.width || window.innerHeight !== size.height);
        };
      },
    };
  }
}
