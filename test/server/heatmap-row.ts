// One row of the `heatmaps` table as the stand-in keeps it (store.ts), apart so that generators of
// rows (segment-data.ts) need not import the store that holds them.

/** PostHog stores heatmap coordinates and viewport sizes divided by this and rounded. */
export const SCALE_FACTOR = 16;

export const HEATMAP_TYPES = ['click', 'rageclick', 'deadclick', 'mousemove', 'scrolldepth'] as const;
export type HeatmapType = (typeof HEATMAP_TYPES)[number];

/** One row of PostHog's `heatmaps` table; x, y and the viewport are in units of SCALE_FACTOR px. */
export interface HeatmapRow {
  session_id: string;
  distinct_id: string;
  timestamp: Date;
  x: number;
  y: number;
  scale_factor: typeof SCALE_FACTOR;
  viewport_width: number;
  viewport_height: number;
  pointer_target_fixed: boolean;
  current_url: string;
  /** Kept as a free string: PostHog's `type` column accepts anything the client sends. */
  type: HeatmapType | (string & {});
  /** Stands in for the project's test-account filters (PostHog evaluates them on the person). */
  is_test_account: boolean;
}
