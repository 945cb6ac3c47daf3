import type { LegendDetailsProps } from '../views/review';
import type { ExportHostOptions } from './export-host';
import type * as ExportToolsModule from '../export/tools';

/** Export's tools as one object (lib/export/tools.ts). */
export type ExportTools = typeof ExportToolsModule;
import type { MainThreadFields } from '../render/main-thread-fields';
import type { HeatmapPayload } from '../messaging/protocol';
import type { Preferences } from '../settings/preferences';

/**
 * The contract between the overlay's script (content.js, always injected) and the page review's script
 * (review.js, injected by the background the first time the user opens the review). Both run in the
 * extension's isolated world of the same page, so the review script hands its module over under a symbol
 * (review-handover.ts). Only types cross this file: the review's code stays out of content.js.
 */
export interface ReviewMountOptions {
  /** The overlay's shadow root: the review adds its own stylesheet there. */
  root: ShadowRoot;
  /** Where badges, the highlight and the inspect catcher go (between the heat and the panel). */
  layerContainer: HTMLElement;
  /** Inside the panel, under the bar: where the findings are rendered. */
  slot: HTMLElement;
  signal: AbortSignal;
  /** The review's state changed: the bar shows its count. */
  onSummary(summary: { kind: 'off' | 'loading' | 'ready' | 'error'; findings: number }): void;
  /** A finding's element was scrolled into view and outlined; the panel keeps off it. */
  onShowElement(element: Element): void;
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
