import { render } from 'preact';
import { describeNormalisation, diffLayerId, type CompareView } from '../compare/view';
import { heatLayerById } from '../layers';
import type { Comparison, HeatmapPayload } from '../messaging/protocol';
import type { ViewportBandId } from '../core/geometry';
import { toSerializedError } from '../protocol/content-transport';
import type { Preferences } from '../settings/store';
import type { OverlayStatus, OverlayViews, ReviewSummary } from '../views/overlay';
import type { ExportHostOptions } from './export-host';
import type { OverlaySession } from './session';
import { compareSummaryLine, countUnit, shownData } from '../views/panel-words';

/** The line under the bar: both sides with their days, segments and totals, and A−B's normalisation. */
function compareSummary(comparison: Comparison, view: CompareView, preferences: Preferences | null, aggregation: HeatmapPayload['summary']['aggregation']): string {
  const layerId = preferences ? diffLayerId(comparison, preferences) : null;
  const layer = layerId ? { id: layerId, unit: countUnit(heatLayerById(layerId).unit, aggregation) } : null;
  return compareSummaryLine(comparison, view, layer, layerId ? describeNormalisation(comparison, layerId) : null);
}
import { handedOverReviewModule } from './review-handover';

/** What the panel shows besides the status: set by the controller before each render. */
export interface PanelState {
  detailsOpen: boolean;
  /** Null when this page offers no review. */
  review: ReviewSummary | null;
  reviewOpen: boolean;
  /** The comparison view shown, when the payload is a comparison. */
  view: CompareView | null;
  preferences: Preferences | null;
}

export interface PanelActions {
  toggleDetails(): void;
  toggleReview(): void;
  close(): void;
  switchBand(band: ViewportBandId): void;
  showCompareView(view: CompareView): void;
  /** The on-demand script (legend details, review, export), injected the first time it is needed. */
  loadReviewModule?(): Promise<unknown>;
}

/**
 * The overlay's panel: the compact bar (components/OverlayPanel.tsx) and, while open, the legend
 * details, which live in the on-demand script (with the review and export) and are rendered into the
 * panel's details slot, loading that script the first time they open.
 */
export class PanelRenderer {
  private detailsLoading = false;

  constructor(
    private readonly views: OverlayViews,
    private readonly actions: PanelActions,
    /** What export needs, handed to the legend details in the on-demand script; null: no export here. */
    private readonly exportOptions: ExportHostOptions | null,
  ) {}

  render(session: OverlaySession, status: OverlayStatus, state: PanelState, rerender: () => void): void {
    const { mount, frame } = session;
    mount.host.dataset.status = status.kind;
    if (status.kind === 'loading') delete mount.host.dataset.drawn;
    frame.element.classList.toggle('open', state.detailsOpen || state.reviewOpen);
    const comparison = status.kind === 'ready' ? (status.payload.comparison ?? null) : null;
    // Where the painted heat came from (network / cached / revalidating), like the status for tests and benchmarks.
    if (status.kind === 'ready' || status.kind === 'empty') mount.host.dataset.cache = status.payload.cache ?? 'network';
    else delete mount.host.dataset.cache;
    const { OverlayPanel, CompareSwitch } = this.views;
    const { actions } = this;
    render(
      <OverlayPanel
        status={status}
        detailsOpen={state.detailsOpen}
        review={state.review}
        onToggleDetails={() => actions.toggleDetails()}
        onToggleReview={() => actions.toggleReview()}
        onClose={() => actions.close()}
        onSwitchBand={(band) => actions.switchBand(band)}
        onGripPointerDown={(event) => frame.startDrag(event)}
        onGripKeyDown={(event) => frame.keyDock(event)}
        compare={
          comparison && state.view
            ? {
                switch: <CompareSwitch view={state.view} onChange={(next) => actions.showCompareView(next)} />,
                summary: compareSummary(comparison, state.view, state.preferences, status.kind === 'ready' ? status.payload.summary.aggregation : 'total_count'),
              }
            : null
        }
      />,
      frame.bar,
    );
    this.renderDetails(session, status, state, rerender);
  }

  clear(session: OverlaySession): void {
    render(null, session.frame.bar);
  }

  private renderDetails(session: OverlaySession, status: OverlayStatus, state: PanelState, rerender: () => void): void {
    const module = handedOverReviewModule();
    if (!state.detailsOpen || status.kind !== 'ready') {
      module?.renderDetails(session.mount.root, session.frame.detailsSlot, null);
      return;
    }
    if (!module) {
      void this.loadDetailsModule(session, rerender);
      return;
    }
    const comparison = status.payload.comparison ?? null;
    const { actions } = this;
    module.renderDetails(session.mount.root, session.frame.detailsSlot, {
      payload: status.payload,
      legend: status.legend,
      shown: shownData(status),
      scrollVisitors: status.scrollVisitors,
      compare:
        comparison && state.preferences && state.view
          ? { comparison, view: state.view, preferences: state.preferences, onViewChange: (next) => actions.showCompareView(next) }
          : null,
      export: this.exportOptions,
    });
  }

  private async loadDetailsModule(session: OverlaySession, rerender: () => void): Promise<void> {
    if (this.detailsLoading || !this.actions.loadReviewModule) return;
    this.detailsLoading = true;
    try {
      await this.actions.loadReviewModule();
    } catch (error) {
      session.frame.detailsSlot.textContent = `The legend details could not be loaded: ${toSerializedError(error).message}`;
      return;
    } finally {
      this.detailsLoading = false;
    }
    if (!session.abort.signal.aborted) rerender();
  }
}
