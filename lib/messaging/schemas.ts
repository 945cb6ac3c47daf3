import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { postHogErrorKinds, type SerializedPostHogError } from '../posthog/errors';
import { clickLikeLayerIds } from '../core/layer-ids';
import { elementStatSchema, foldSchema, scrollDepthResponseSchema } from '../posthog/wire-schemas';
import { dockPositions } from '../core/dock';
import { isSpotFixedColumn, isSpotNumberColumn, type SpotNumberColumn } from '../core/wire-columns';

z.config(en());

/**
 * The data that crosses between the extension's parts, as zod schemas: the vocabulary every feature's
 * messages (messages.ts in each feature folder) are written in. Assembled into one protocol in ./protocol.ts.
 */

/** Connection as the popup may see it: everything except the key. */
export const publicConnectionSchema = z.object({
  host: z.string(),
  projectId: z.nullable(z.number()),
  projectName: z.nullable(z.string()),
  hasApiKey: z.boolean(),
  /** Last four characters, so a user can tell which key is saved. */
  apiKeyHint: z.string().check(z.maxLength(4)),
});
export type PublicConnection = z.infer<typeof publicConnectionSchema>;

/**
 * A column of 100k values checked in one tight loop, never copied (lib/core/wire-columns.ts): typed
 * arrays of finite numbers, and fixed as a Uint8Array of 0/1. The content script gets them so from
 * decoding; the background builds them so in `packSpots`.
 */
export const numberColumnSchema = z.custom<SpotNumberColumn>(isSpotNumberColumn, { message: 'expected a column of finite numbers' });
export const fixedColumnSchema = z.custom<Uint8Array>(isSpotFixedColumn, { message: 'expected a column of 0 and 1' });

/** Spots in columns: 100k objects cost far more to serialise and validate than four arrays. */
export const packedSpotsSchema = z
  .object({
    relativeX: numberColumnSchema,
    y: numberColumnSchema,
    count: numberColumnSchema,
    fixed: fixedColumnSchema,
  })
  .check(
    z.refine((s) => s.y.length === s.relativeX.length && s.count.length === s.relativeX.length && s.fixed.length === s.relativeX.length, {
      message: 'columns differ in length',
    }),
  );
export type PackedSpots = z.infer<typeof packedSpotsSchema>;

export { clickLikeLayerIds, type ClickLikeLayerId } from '../core/layer-ids';

/** Checks an error arriving in a reply (the type lives in lib/posthog/errors.ts, which has no zod). */
export const serializedPostHogErrorSchema = z.object({
  kind: z.enum([...postHogErrorKinds, 'aborted', 'local', 'unknown']),
  message: z.string(),
  retryable: z.boolean(),
  status: z.optional(z.int()),
  scope: z.optional(z.string()),
  attr: z.optional(z.string()),
  retryAfterSeconds: z.optional(z.number().check(z.nonnegative())),
  field: z.optional(z.string()),
  projectId: z.optional(z.int()),
  origin: z.optional(z.string()),
}) satisfies z.ZodMiniType<SerializedPostHogError>;

export const heatLayerDataSchema = z.object({
  id: z.enum(clickLikeLayerIds),
  spots: packedSpotsSchema,
  fold: foldSchema,
  totalCount: z.number(),
});
export type HeatLayerData = z.infer<typeof heatLayerDataSchema>;

export const viewportBandCountSchema = z.object({
  id: z.enum(['mobile', 'tablet', 'desktop']),
  label: z.string(),
  min: z.number(),
  max: z.nullable(z.number()),
  count: z.number(),
});

/** One side of a comparison: its range, its segment, and its click-like layers as painted. */
export const comparisonSideSchema = z.object({
  /** "A" or "B" plus what it is, e.g. "A · 2026-11-01 → 2026-11-14 · plan = free". */
  label: z.string(),
  dateFrom: z.string(),
  dateTo: z.nullable(z.string()),
  /** The segment's label ("All visitors", "plan = paid", "flag pricing-test = test"). */
  segmentLabel: z.string(),
  layers: z.array(heatLayerDataSchema),
  /** Distinct visitors behind the side's clicks, for per-visitor normalisation (null: unknown). */
  visitors: z.nullable(z.number()),
});
export type ComparisonSide = z.infer<typeof comparisonSideSchema>;

export const comparisonSchema = z.object({
  a: comparisonSideSchema,
  b: comparisonSideSchema,
  /** Each side is divided by its own total clicks, or by its own visitors when "unique visitors" is on. */
  normalisation: z.enum(['total', 'visitors']),
  view: z.enum(['a', 'b', 'diff']),
});
export type Comparison = z.infer<typeof comparisonSchema>;

/**
 * What the overlay says about a layout change in the payload's range (issue 19, lib/layout-change): the
 * first day of the new layout (YYYY-MM-DD; null when none was found) and the panel's sentence, composed
 * in the background ("The layout changed around 30 Nov (annotation: New pricing hero) · 412 earlier
 * clicks moved 48 px down"). The content script only shows `words`: anything richer is
 * `layoutChange.detect`'s (lib/layout-change/messages.ts).
 */
export const layoutChangeNoticeSchema = z.object({ day: z.nullable(z.string()), words: z.string() });
export type LayoutChangeNotice = z.infer<typeof layoutChangeNoticeSchema>;

export const heatmapPayloadSchema = z.object({
  /** The URL whose data this is (after any "take data from" mapping), shown to the user. */
  dataUrl: z.string(),
  /** The filters as sent to PostHog, for the overlay's caption. */
  summary: z.object({
    dateFrom: z.string(),
    dateTo: z.nullable(z.string()),
    viewportWidthMin: z.nullable(z.number()),
    viewportWidthMax: z.nullable(z.number()),
    aggregation: z.enum(['total_count', 'unique_visitors']),
    urlPattern: z.nullable(z.string()),
    /** The segment's label; "All visitors" when unfiltered. */
    segmentLabel: z.optional(z.string()),
  }),
  /** Without a comparison: the layers to paint. With one: side B's layers (the "after"). */
  layers: z.array(heatLayerDataSchema),
  /** Present when Compare is on (issue 9): both sides, which the overlay paints as A, B or B − A. */
  comparison: z.optional(z.nullable(comparisonSchema)),
  scrollDepth: z.nullable(scrollDepthResponseSchema),
  /** When the chosen viewport band has no data: where data does exist. */
  elsewhere: z.nullable(z.array(viewportBandCountSchema)),
  fetchedAt: z.number(),
  /**
   * Where the answers came from: 'network' (fetched for this ask), 'cached' (the background's cache,
   * within the server's max-age), 'revalidating' (cached past the max-age, shown at once while fresh
   * answers are fetched: ask again with `fresh` for them).
   */
  cache: z.optional(z.enum(['network', 'cached', 'revalidating'])),
  /** A layout change found in a range of several days, and what became of the clicks before it (absent: not looked for). */
  layoutChange: z.optional(layoutChangeNoticeSchema),
});
export type HeatmapPayload = z.infer<typeof heatmapPayloadSchema>;

/** A list the segment picker offers, or why it cannot (e.g. the key lacks `cohort:read`). */
const optionListSchema = <T extends z.ZodMiniType>(item: T) =>
  z.discriminatedUnion('available', [
    z.object({ available: z.literal(true), items: z.array(item) }),
    z.object({ available: z.literal(false), message: z.string() }),
  ]);

/** What the segment picker can offer (issue 9); see lib/segments/options.ts. */
export const segmentOptionsSchema = z.object({
  /** Whether the key may use the query endpoint (`query:read`), which every segment but device needs. */
  query: z.discriminatedUnion('available', [z.object({ available: z.literal(true) }), z.object({ available: z.literal(false), message: z.string() })]),
  cohorts: optionListSchema(z.object({ id: z.int().check(z.positive()), name: z.string(), count: z.nullable(z.number()) })),
  flags: optionListSchema(z.object({ key: z.string(), name: z.nullable(z.string()), variants: z.array(z.string()) })),
  personProperties: optionListSchema(z.string()),
});
export type SegmentOptions = z.infer<typeof segmentOptionsSchema>;

export const overlayStateSchema = z.object({ visible: z.boolean(), alwaysOn: z.boolean(), origin: z.nullable(z.string()) });

/** What a page review needs besides the painted layers: all three click layers, whichever are shown. */
export const reviewDataSchema = z.object({
  dataUrl: z.string(),
  /** Human-readable filters for the report, e.g. "last 7 days · 1152–1408 px wide · total clicks". */
  filtersSummary: z.string(),
  layers: z.array(heatLayerDataSchema),
  scrollDepth: z.nullable(scrollDepthResponseSchema),
  /** The fold per viewport band the filters cover (bands without data left out). */
  foldByBand: z.array(z.extend(foldSchema, { band: z.string() })),
  /** Autocapture's counts, or why there are none (a key without `element:read`). */
  elementStats: z.discriminatedUnion('available', [
    z.object({ available: z.literal(true), results: z.array(elementStatSchema) }),
    z.object({ available: z.literal(false), reason: z.string() }),
  ]),
  /**
   * Autocapture's clicks per element from the same visitors as the heat (range, page, window widths,
   * test accounts), for the alignment measure (lib/review/alignment.ts); or why it cannot be taken.
   */
  alignmentStats: z.discriminatedUnion('available', [
    z.object({ available: z.literal(true), results: z.array(elementStatSchema) }),
    z.object({ available: z.literal(false), reason: z.string() }),
  ]),
});
export type ReviewData = z.infer<typeof reviewDataSchema>;

export const spotSessionSchema = z.object({
  sessionId: z.string(),
  distinctId: z.string(),
  /** The latest of the session's interactions on these spots. */
  timestamp: z.string(),
  /** How many of the listed interactions belong to this session. */
  interactions: z.int().check(z.positive()),
  /** `{host}/project/{id}/replay/{session_id}`. */
  replayUrl: z.string(),
});
export type SpotSession = z.infer<typeof spotSessionSchema>;

export const savedHeatmapStateSchema = z.object({
  shortId: z.string(),
  status: z.string(),
  /** Where the saved heatmap opens in PostHog. */
  url: z.string(),
});
export type SavedHeatmapState = z.infer<typeof savedHeatmapStateSchema>;

export const pageRequestSchema = z.object({ pageUrl: z.string(), viewportWidth: z.number().check(z.positive()), viewportHeight: z.number().check(z.positive()) });
export type OverlayState = z.infer<typeof overlayStateSchema>;

/** A request with no fields at all. */
export const empty = z.strictObject({});

export const panelLayoutForPageSchema = z.object({
  detailsOpen: z.boolean(),
  reviewOpen: z.boolean(),
  dock: z.nullable(z.enum(dockPositions)),
});
export type PanelLayoutForPage = z.infer<typeof panelLayoutForPageSchema>;
export const ok = z.object({ ok: z.literal(true) });


/** Text lines under an exported image (lib/export/caption.ts). */
export const captionSchema = z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(10));
