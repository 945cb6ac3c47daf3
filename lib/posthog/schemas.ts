import { z } from 'zod';
import { elementStatSchema, foldSchema, type Fold } from './wire-schemas';

// Shapes that also travel to the content script are written with zod/mini in wire-schemas.ts.
export * from './wire-schemas';

/**
 * Shapes of what PostHog answers, checked at the network boundary (see /work/shared/posthog-api.md).
 *
 * Policy: strict on the fields Heatlens draws with (a wrong type there would paint nonsense), lenient
 * only where PostHog versions are known to differ (older servers answer without `fold` or `has_more`,
 * and older element stats answer with a bare array). Objects are loose so that fields PostHog adds
 * later never break the extension.
 *
 * zod 4's `z.number()` already refuses NaN and ±Infinity, so every number below is finite.
 */

export const heatmapTypeSchema = z.enum(['click', 'rageclick', 'deadclick', 'mousemove', 'scrolldepth']);
export type HeatmapType = z.infer<typeof heatmapTypeSchema>;
export type ClickLikeHeatmapType = Exclude<HeatmapType, 'scrolldepth'>;
export const clickLikeHeatmapTypes: readonly ClickLikeHeatmapType[] = ['click', 'rageclick', 'deadclick', 'mousemove'];

const count = z.number().int().nonnegative();

export const heatmapSpotSchema = z.looseObject({
  count: z.number().nonnegative(),
  /** Document px (viewport px when the target is fixed), in 16 px steps. */
  pointer_y: z.number(),
  /**
   * Share of the visitor's viewport width. Usually 0..1, but pages that overflow horizontally yield
   * values slightly outside; they are kept and the renderer clips them.
   */
  pointer_relative_x: z.number(),
  pointer_target_fixed: z.boolean(),
});
export type HeatmapSpot = z.infer<typeof heatmapSpotSchema>;


/** What PostHog itself answers for a query with no data. */
export const EMPTY_FOLD: Fold = Object.freeze({
  total_count: 0,
  below_fold_count: 0,
  pct_below_fold: 0,
  median_viewport_height: null,
}) as Fold;

/**
 * Exactly what heatmapSpotSchema accepts, checked by one plain loop: zod's per-object machinery
 * (and its copy of every spot) cost ~0.5 µs a spot, a quarter of a second for a busy page's 500k.
 */
function isPlainSpotList(value: unknown): value is HeatmapSpot[] {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index++) {
    const spot: unknown = value[index];
    if (typeof spot !== 'object' || spot === null || Array.isArray(spot)) return false;
    const { count, pointer_y: y, pointer_relative_x: x, pointer_target_fixed: fixed } = spot as Record<string, unknown>;
    if (typeof count !== 'number' || !(count >= 0) || count === Infinity) return false;
    if (typeof y !== 'number' || !Number.isFinite(y) || typeof x !== 'number' || !Number.isFinite(x) || typeof fixed !== 'boolean') return false;
  }
  return true;
}

const spotListSchema = z.array(heatmapSpotSchema);

/**
 * Checks spots that arrive in batches (a streamed answer, lib/posthog/streamed-results.ts) exactly as
 * the list schema would: null when all are valid, else zod's first issue with its path in the whole
 * list (`offset` is the batch's first index), e.g. `['results', 1203, 'pointer_y']`.
 */
export function spotBatchIssue(batch: unknown[], offset: number): { path: PropertyKey[]; message: string } | null {
  if (isPlainSpotList(batch)) return null;
  const issue = spotListSchema.safeParse(batch).error?.issues[0];
  if (!issue) return null;
  const [index, ...inside] = issue.path;
  return { path: ['results', typeof index === 'number' ? index + offset : index!, ...inside].filter((key) => key !== undefined), message: issue.message };
}

/** The spots: the plain loop when every spot is valid; otherwise zod's own check, for its precise message (results[3].pointer_y…). */
const fastSpotListSchema = z.custom<HeatmapSpot[]>().superRefine((value, context) => {
  if (isPlainSpotList(value)) return;
  const parsed = spotListSchema.safeParse(value);
  for (const issue of parsed.error?.issues ?? []) context.addIssue({ ...issue } as never);
});

export const clickLikeResponseSchema = z.looseObject({
  results: fastSpotListSchema,
  // PostHog versions from before the fold summary answer without it; the empty fold (median null)
  // tells the renderer "no fold line" rather than failing the whole heatmap.
  fold: z._default(foldSchema, () => ({ ...EMPTY_FOLD })),
  // Versions from before paging answer with every spot and no `has_more`.
  has_more: z.boolean().default(false),
});
export type ClickLikeResponse = z.infer<typeof clickLikeResponseSchema>;


/** PostHog's (DRF's) error body. Every field optional: proxies and old versions send less. */
export const apiErrorBodySchema = z.looseObject({
  type: z.string().optional(),
  code: z.string().optional(),
  detail: z.string().optional(),
  attr: z.string().nullable().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

export const heatmapEventSchema = z.looseObject({
  session_id: z.string(),
  distinct_id: z.string(),
  timestamp: z.string(),
  pointer_relative_x: z.number(),
  pointer_y: z.number(),
  current_url: z.string(),
  // A plain string: PostHog may record heatmap types Heatlens does not know yet.
  type: z.string(),
});
export type HeatmapEvent = z.infer<typeof heatmapEventSchema>;

export const heatmapEventsResponseSchema = z.looseObject({
  results: z.array(heatmapEventSchema),
  total_count: count,
  has_more: z.boolean().default(false),
});
export type HeatmapEventsResponse = z.infer<typeof heatmapEventsResponseSchema>;


const elementStatsPageSchema = z.looseObject({
  results: z.array(elementStatSchema),
  next: z.string().nullish(),
  previous: z.string().nullish(),
});

/** Older PostHog versions answer element stats with a bare array; both shapes normalise to one. */
export const elementStatsResponseSchema = z.union([
  elementStatsPageSchema,
  z.array(elementStatSchema).transform((results) => ({ results, next: null, previous: null })),
]);
export type ElementStatsResponse = z.infer<typeof elementStatsResponseSchema>;

export const projectSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
});
export type Project = z.infer<typeof projectSchema>;

export const savedHeatmapStatusSchema = z.string();
export const savedHeatmapSchema = z.looseObject({
  short_id: z.string().min(1),
  /** `processing`, then `completed` or `failed`; kept open-ended for future states. */
  status: savedHeatmapStatusSchema,
  name: z.string().nullish(),
  url: z.string().nullish(),
  widths: z.array(z.number()).nullish(),
  type: z.string().nullish(),
});
export type SavedHeatmap = z.infer<typeof savedHeatmapSchema>;

// ---------------------------------------------------------------------------------------------
// Segments (issue 9): the query endpoint and the lists the segment picker offers

/** `POST /query/` with a HogQLQuery: rows as arrays, named by `columns`. */
export const hogqlResponseSchema = z.looseObject({
  results: z.array(z.array(z.unknown())),
  columns: z.array(z.string()),
  types: z.array(z.unknown()).optional(),
  hasMore: z.boolean().nullish().transform((value) => value ?? false),
});
export type HogQLResponse = z.infer<typeof hogqlResponseSchema>;

export const cohortSchema = z.looseObject({
  id: z.number().int().positive(),
  name: z.string().nullish().transform((value) => value ?? ''),
  /** Persons in the cohort when PostHog last calculated it; null while calculating. */
  count: z.number().int().nonnegative().nullish().transform((value) => value ?? null),
  is_static: z.boolean().optional(),
  deleted: z.boolean().optional(),
});
export type Cohort = z.infer<typeof cohortSchema>;

const pageOf = <S extends z.ZodTypeAny>(item: S) =>
  z.looseObject({ results: z.array(item), next: z.string().nullish() });

export const cohortsResponseSchema = pageOf(cohortSchema);

export const featureFlagSchema = z.looseObject({
  key: z.string().min(1),
  name: z.string().nullish(),
  active: z.boolean().optional(),
  deleted: z.boolean().optional(),
  filters: z
    .looseObject({
      multivariate: z
        .looseObject({ variants: z.array(z.looseObject({ key: z.string().min(1), name: z.string().nullish() })) })
        .nullish(),
    })
    .nullish(),
});
export type FeatureFlag = z.infer<typeof featureFlagSchema>;
export const featureFlagsResponseSchema = pageOf(featureFlagSchema);

export const propertyDefinitionsResponseSchema = pageOf(z.looseObject({ name: z.string() }));

/** A PostHog annotation: a marker for a deploy, release or other change (`annotation:read`). */
export const annotationSchema = z.looseObject({
  id: z.number().int(),
  content: z.string().nullish().transform((value) => value ?? ''),
  /** ISO datetime of the marked moment. */
  date_marker: z.string().nullish().transform((value) => value ?? null),
  creation_type: z.string().nullish(),
  /** 'project', 'organization', 'dashboard', 'dashboard_item' or 'recording'. */
  scope: z.string().nullish().transform((value) => value ?? 'project'),
  deleted: z.boolean().optional(),
});
export type Annotation = z.infer<typeof annotationSchema>;
export const annotationsResponseSchema = pageOf(annotationSchema);
