import type { ClickLikeLayerId } from '../core/layer-ids';
import { OverlayExport, type ExportDependencies, type ExportState, type FullPageSource } from '../export/overlay-export';
import type { CompareView } from '../compare/view';
import type { HeatmapPayload } from '../messaging/protocol';
import type { Preferences } from '../settings/store';
import type { OverlayStatus } from '../views/overlay';
import type { OverlaySession } from './session';

export interface ExportHostOptions {
  export: ExportDependencies;
  /** What is painted now, with the comparison view shown. */
  painted(): { payload: HeatmapPayload; preferences: Preferences; view: CompareView | null } | null;
  session(): OverlaySession | null;
  status(): OverlayStatus | null;
  /**
   * Whether the page scrolls inside a pane rather than the window. Asked of the overlay's script: this
   * host runs in review.js, whose modules (windowScrollRoot among them) are copies of its own.
   */
  scrollsInPane(): boolean;
  scene(): { documentWidth: number; documentHeight: number; devicePixelRatio: number };
  guides(): FullPageSource['guides'];
  /** The export's state changed: the panel renders it. */
  onChange(): void;
  /** The overlay is hidden while the background captures the whole page (true), then shown again (false). */
  setHiddenForCapture(hidden: boolean): void;
  /** The overlay is shown again after a full-page capture: redraw, and reload if the window's size changed. */
  onShownAfterCapture(sizeChanged: boolean): void;
}

/**
 * Export in the overlay (Save image, Full page image, CSV/JSON). It runs in the on-demand script
 * (review.js, with the legend details whose buttons start it), one per overlay; the overlay's own
 * script hands it `ExportHostOptions`. The overlay is hidden while the background captures the page.
 */
export class ExportHost {
  private readonly exporter: OverlayExport;

  constructor(private readonly options: ExportHostOptions) {
    this.exporter = new OverlayExport(options.export, () => options.painted(), () => options.onChange(), () => this.fullPageSource());
  }

  get state(): ExportState {
    return this.exporter.state;
  }

  async run(action: (exporter: OverlayExport) => Promise<void>): Promise<void> {
    await action(this.exporter);
  }

  /** What "Full page image" draws: the committed fields, guides and legend, and a way to hide the overlay meanwhile. */
  private fullPageSource(): FullPageSource | null {
    const session = this.options.session();
    const status = this.options.status();
    if (!session || status?.kind !== 'ready') return null;
    const scene = this.options.scene();
    return {
      scrollsInPane: this.options.scrollsInPane(),
      page: scene,
      fields: session.painter.committedFields(),
      guides: this.options.guides(),
      // Legend entries are the painted layers (LegendEntry keeps the id as a plain string).
      legend: status.legend.map(({ id, label, unit, hottestCount, totalCount }) => ({ id: id as ClickLikeLayerId, label, unit, hottestCount, totalCount })),
      isOwnElement: (element) => element === session.mount.host,
      hideOverlay: () => {
        const host = session.mount.host;
        const size = { width: window.innerWidth, height: window.innerHeight };
        this.options.setHiddenForCapture(true);
        host.style.setProperty('display', 'none', 'important');
        return () => {
          host.style.setProperty('display', 'block', 'important');
          this.options.setHiddenForCapture(false);
          if (this.options.session() === session) this.options.onShownAfterCapture(window.innerWidth !== size.width || window.innerHeight !== size.height);
        };
      },
    };
  }
}
