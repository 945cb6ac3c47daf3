import type { LegendDetailsProps } from '../views/review';
import type { ExportHostOptions } from './export-host';
import type * as ExportToolsModule from '../export/tools';

/** Export's tools as one object (lib/export/tools.ts). */
export type ExportTools = typeof ExportToolsModule;
import type { MainThreadFields } from '../render/main-thread-fields';
import type { HeatmapPayload } from '../messaging/protocol';
import type { Preferences } from '../settings/preferences';
import type { OverlaySession } from './session';

/**
 * The contract between the overlay's script (content.js, always injected) and the page review's script
 * (review.js, injected by the background the first time the user opens the review). Both run in the
 * extension's isolated world of the same page, so the review script hands its module over under a symbol
 * (review-handover.ts). Only types cross this file: the review's code stays out of content.js.
 */
export interface ReviewMountOptions {
  /**
   * The overlay on this page: the review adds its stylesheet to the shadow root, its badges, highlight
   * and inspect catcher to `reviewLayer` (between the heat and the panel), its findings to the panel's
   * review slot, and keeps the panel off the element a finding is about (`frame`). It ends with `abort`.
   */
  session: Pick<OverlaySession, 'abort' | 'mount' | 'frame' | 'reviewLayer'>;
  /** The review's state changed: the bar shows its count. */
  onSummary(summary: { kind: 'off' | 'loading' | 'ready' | 'error'; findings: number }): void;
}

export interface MountedReview {
  /** Reviews the page with what the overlay painted; with a comparison, also says what moved from A to B. */
  run(pageUrl: string, painted: HeatmapPayload, preferences: Preferences): Promise<void>;
  /** Forgets the page's review (URL or filters changed). */
  reset(): void;
  /** Removes the findings, badges and highlight (the user closed the review). */
  unmount(): void;
}

/** The legend details to render: what is painted, and what export needs (null: this page offers none). */
export interface DetailsRequest extends Omit<LegendDetailsProps, 'export'> {
  export: ExportHostOptions | null;
}

export interface ReviewModule {
  mountReview(options: ReviewMountOptions): MountedReview;
  /** Renders the panel's legend details into `slot` (null clears it); adds its stylesheet to `root` once. */
  renderDetails(root: ShadowRoot, slot: HTMLElement, details: DetailsRequest | null): void;
  /** Export's caption, rows, CSV, JSON and file saving (lib/export/tools.ts). */
  exportTools: ExportTools;
  /** The renderer's computation for pages that refuse its worker (lib/render/main-thread-fields.ts). */
  mainThreadFields: MainThreadFields;
}
