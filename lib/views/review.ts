import type { ComponentType } from 'preact';
import type { ComparisonMoves } from '../review/moves';
import type { CompareView } from '../compare/view';
import type { ExportState } from '../export/overlay-export';
import type { Comparison, HeatmapPayload } from '../messaging/protocol';
import type { Finding } from '../review/rules';
import type { ReviewState } from '../review/page-review';
import type { Preferences } from '../settings/store';
import type { LegendEntry } from './overlay';
import type { ShownData } from './panel-words';

/**
 * What the on-demand script's views are given (see ./overlay.ts for why these are types here): the
 * legend details, the review's findings and compare's "what moved". entrypoints/review.ts hands the
 * views in.
 */

export interface LegendDetailsProps {
  payload: HeatmapPayload;
  legend: LegendEntry[];
  /** The view and counted unit shown, for the filters line. */
  shown: ShownData;
  /** Visitors behind the scroll-depth lines when they are shown, else null. */
  scrollVisitors: number | null;
  compare: { comparison: Comparison; view: CompareView; preferences: Preferences; onViewChange: (view: CompareView) => void } | null;
  /**
   * The layout-change notice (issue 19) and, when a change was found, the "as recorded" switch
   * (`asRecorded` null while the saved preference is being read). Null when none was looked for.
   */
  layoutChange?: { day: string | null; words: string; asRecorded: boolean | null; onAsRecordedChange: (asRecorded: boolean) => void } | null;
  /** Null when this page offers no export. */
  export: { state: ExportState; onSaveImage: () => void; onSaveFullPage: () => void; onDownload: (format: 'csv' | 'json') => void } | null;
}

export interface FindingsPanelProps {
  state: ReviewState;
  onSelect: (finding: Finding) => void;
  onCopy: () => void;
  onToggleInspect: () => void;
  onSave: () => void;
}

export interface CompareMovesProps {
  moves: ComparisonMoves | 'loading' | null;
}

export interface ReviewViews {
  LegendDetails: ComponentType<LegendDetailsProps>;
  FindingsPanel: ComponentType<FindingsPanelProps>;
  CompareMoves: ComponentType<CompareMovesProps>;
  /** The findings' and compare's stylesheet, adopted when the review opens. */
  reviewCss: string;
  /** The legend details' stylesheet, adopted the first time they open. */
  legendDetailsCss: string;
}
