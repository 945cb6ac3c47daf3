import type { ComponentChildren, ComponentType } from 'preact';
import type { CompareView } from '../compare/view';
import type { ViewportBandId } from '../core/geometry';
import type { GuidesProps } from '../layers/guides';
import type { HeatmapPayload } from '../messaging/protocol';
import type { SerializedPostHogError } from '../posthog/errors';

/**
 * What the overlay's views are given: the props of each view it renders, as types only. The views
 * (components/) implement them and the content script hands them to the overlay
 * (entrypoints/content.ts), so lib/ never imports a view and a view never reaches into the overlay.
 */

export interface LegendEntry {
  id: string;
  label: string;
  unit: string;
  /** CSS gradient of the layer's palette, cold to hot. */
  gradient: string;
  /** The real count the hottest colour stands for. */
  hottestCount: number;
  /** The palette's hottest colour (the bar's marker is drawn in it). */
  hottestColour: string;
  totalCount: number;
}

export type OverlayStatus =
  | { kind: 'loading'; dataUrl: string }
  | {
      kind: 'ready';
      payload: HeatmapPayload;
      legend: LegendEntry[];
      /** The comparison view painted (null without a comparison): the words name that side's days. */
      view: CompareView | null;
      /** Visitors behind the scroll-depth lines when they are shown, else null. */
      scrollVisitors: number | null;
    }
  | { kind: 'empty'; payload: HeatmapPayload }
  | { kind: 'error'; error: SerializedPostHogError }
  /**
   * PostHog asked Heatlens to slow down (`posthog`), or Heatlens holds back this tab's segment queries
   * (`heatlens`, lib/segments/query-budget.ts): the overlay waits, then loads again.
   */
  | { kind: 'waiting'; secondsLeft: number; by?: 'posthog' | 'heatlens'; message?: string };

/** The page review as the bar sees it: whether it is open, loading, and how many findings it has. */
export interface ReviewSummary {
  open: boolean;
  kind: 'off' | 'loading' | 'ready' | 'error';
  findings: number;
}

export interface OverlayPanelProps {
  status: OverlayStatus;
  detailsOpen: boolean;
  review: ReviewSummary | null;
  onToggleDetails: () => void;
  onToggleReview: () => void;
  onClose: () => void;
  onSwitchBand: (band: ViewportBandId) => void;
  /** The move handle: the pointer drags the panel, arrow keys dock it to another corner or edge. */
  onGripPointerDown: (event: PointerEvent) => void;
  onGripKeyDown: (event: KeyboardEvent) => void;
  /** Compare (issue 9): the A / B / A−B switch in the bar and which sides are shown. */
  compare?: { switch: ComponentChildren; summary: string } | null;
}

export type { GuidesProps } from '../layers/guides';

export interface CompareSwitchProps {
  view: CompareView;
  onChange: (view: CompareView) => void;
}

/** The views the overlay's script renders (the bar, the fold and scroll guides, compare's switch). */
export interface OverlayViews {
  OverlayPanel: ComponentType<OverlayPanelProps>;
  Guides: ComponentType<GuidesProps>;
  CompareSwitch: ComponentType<CompareSwitchProps>;
  /** The three views' stylesheets, adopted by the overlay's shadow root. */
  css: string;
}
