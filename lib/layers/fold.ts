import type { Fold } from '../posthog/schemas';

export interface FoldLine {
  y: number;
  label: string;
}

/**
 * The fold: the median visitor's viewport height. PostHog computes it over every interaction,
 * leaving out fixed targets (they are always visible), and says what share landed below it. `unit`
 * names what that share counts (the layer whose answer carried the fold).
 */
export function foldLine(fold: Fold, unit = 'clicks'): FoldLine | null {
  const height = fold.median_viewport_height;
  if (height === null || !Number.isFinite(height) || height <= 0) return null;
  const px = Math.round(height);
  if (fold.total_count <= 0) return { y: px, label: `Fold at ~${px}px` };
  const pct = Math.round(fold.pct_below_fold);
  // The share is of the layer the fold came from: "of rage clicks" when only rage clicks are shown.
  return { y: px, label: `${pct}% of ${unit} land below the fold at ~${px}px` };
}
