import { z } from 'zod';
import { SchemaError } from '../posthog/errors';
import { formatPath } from '../posthog/client';
import type { HogQLResponse } from '../posthog/schemas';
import { EMPTY_FOLD, type ClickLikeHeatmapType, type Fold, type HeatmapSpot, type ScrollDepthResponse } from '../posthog/schemas';

/**
 * Turns HogQL rows into the shapes the heatmaps endpoint answers with, so the packing
 * (lib/heatmaps/service) and the painter need no change. The columns are located by name, not by
 * position, and every cell is checked: a row of the wrong shape is a SchemaError naming the cell.
 */

// ClickHouse booleans come back as true/false or as 1/0 depending on the column type.
const flag = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((value) => value === true || value === 1);
const finite = z.number();
const nonNegativeInt = z.number().int().nonnegative();

const spotRow = z.object({
  type: z.string(),
  pointer_relative_x: finite,
  pointer_y: finite,
  pointer_target_fixed: flag,
  count: z.number().nonnegative(),
});
const summaryRow = z.object({
  type: z.string(),
  total_count: nonNegativeInt,
  below_fold_count: nonNegativeInt,
  median_viewport_height: z.number().nonnegative().nullable(),
  visitors: nonNegativeInt,
});

function rowsAsObjects<S extends z.ZodTypeAny>(response: HogQLResponse, schema: S, wanted: readonly string[]): z.output<S>[] {
  const indexes = wanted.map((name) => response.columns.indexOf(name));
  const missing = wanted.find((_, i) => indexes[i] === -1);
  if (missing !== undefined) throw new SchemaError('columns', `no column "${missing}"`);
  return response.results.map((row, rowIndex) => {
    const object = Object.fromEntries(wanted.map((name, i) => [name, row[indexes[i]!]]));
    const parsed = schema.safeParse(object);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SchemaError(formatPath(['results', rowIndex, ...(issue?.path ?? [])]), issue?.message ?? 'invalid value');
    }
    return parsed.data;
  });
}

/** The spots of each type, hottest first (the endpoint's order). */
export function spotsByType(response: HogQLResponse): Map<string, HeatmapSpot[]> {
  const byType = new Map<string, HeatmapSpot[]>();
  for (const row of rowsAsObjects(response, spotRow, ['type', 'pointer_relative_x', 'pointer_y', 'pointer_target_fixed', 'count'])) {
    let spots = byType.get(row.type);
    if (!spots) byType.set(row.type, (spots = []));
    spots.push({ count: row.count, pointer_y: row.pointer_y, pointer_relative_x: row.pointer_relative_x, pointer_target_fixed: row.pointer_target_fixed });
  }
  for (const spots of byType.values()) spots.sort((a, b) => b.count - a.count);
  return byType;
}

export interface TypeSummary {
  fold: Fold;
  visitors: number;
}

/** The fold (as the endpoint computes it) and the distinct visitors, per type; absent types are empty. */
export function summaryByType(response: HogQLResponse, types: readonly ClickLikeHeatmapType[]): Map<ClickLikeHeatmapType, TypeSummary> {
  const rows = rowsAsObjects(response, summaryRow, ['type', 'total_count', 'below_fold_count', 'median_viewport_height', 'visitors']);
  const out = new Map<ClickLikeHeatmapType, TypeSummary>();
  for (const type of types) {
    const row = rows.find((candidate) => candidate.type === type);
    if (!row) {
      out.set(type, { fold: { ...EMPTY_FOLD }, visitors: 0 });
      continue;
    }
    if (row.below_fold_count > row.total_count) throw new SchemaError('results.below_fold_count', 'more below the fold than in total');
    out.set(type, {
      fold: {
        total_count: row.total_count,
        below_fold_count: row.below_fold_count,
        pct_below_fold: row.total_count ? Math.round((1000 * row.below_fold_count) / row.total_count) / 10 : 0,
        median_viewport_height: row.median_viewport_height === null ? null : Math.round(row.median_viewport_height),
      },
      visitors: row.visitors,
    });
  }
  return out;
}

const bucketRow = z.object({ bucket: z.number().nonnegative(), bucket_count: nonNegativeInt });

/** Buckets ascending with `cumulative_count` (reached this bucket or deeper), as the endpoint answers. */
export function scrollDepthFromRows(response: HogQLResponse): ScrollDepthResponse {
  const rows = rowsAsObjects(response, bucketRow, ['bucket', 'bucket_count']).sort((a, b) => a.bucket - b.bucket);
  let cumulative = rows.reduce((sum, row) => sum + row.bucket_count, 0);
  const results = rows.map((row) => {
    const bucket = { scroll_depth_bucket: row.bucket, bucket_count: row.bucket_count, cumulative_count: cumulative };
    cumulative -= row.bucket_count;
    return bucket;
  });
  return { results };
}

const sessionRow = z.object({
  session_id: z.string(),
  distinct_id: z.string(),
  last_seen: z.string(),
  interactions: z.number().int().positive(),
});

/** One line per session, latest first: the segment's sessions behind some spots. */
export function sessionsFromRows(response: HogQLResponse): Array<z.output<typeof sessionRow>> {
  return rowsAsObjects(response, sessionRow, ['session_id', 'distinct_id', 'last_seen', 'interactions']).sort((a, b) =>
    a.last_seen < b.last_seen ? 1 : a.last_seen > b.last_seen ? -1 : 0,
  );
}
