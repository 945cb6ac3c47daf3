import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { postHogErrorKinds, type SerializedPostHogError } from '../posthog/errors';
import { clickLikeLayerIds } from '../core/layer-ids';
import { elementStatSchema, foldSchema, scrollDepthResponseSchema } from '../posthog/wire-schemas';
import { preferencesSchema } from '../settings/preferences';
import { dockPositions } from '../core/dock';
import { encodeSpotColumns } from '../core/wire-columns';
import { dispatchMessage as dispatchWith, readReply as readReplyWith, type Reply } from './envelope';

z.config(en());

/**
 * The one message protocol between the extension's parts. Every message is validated with zod on
 * arrival, in both directions, because a message is a boundary like any API response.
 *
 * Written with `zod/mini` (the same zod package and validation core, functional API): this module
 * and every schema it reaches are bundled into the content script, which runs on the user's pages,
 * and zod classic alone would triple that script's size. The background's PostHog schemas keep
 * classic zod. mini ships no error messages, so the English locale is configured here.
 *
 *   popup / content  ──request──▶  background   (`backgroundProtocol`)
 *   background       ──request──▶  content      (`contentProtocol`)
 *
 * Nothing here carries the personal API key towards a content script: `settings.get` answers with
 * `hasApiKey` and a four-character hint only, and heatmap data leaves the background without
 * credentials. Pages cannot send to the background at all (no `externally_connectable`).
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
 * A column of 100k values checked in one tight loop: as strict as `z.array(z.number())` (finite
 * numbers only, like zod's number) or `z.array(z.boolean())`, but ~10x faster and without copying,
 * which keeps receiving a large heatmap well under the 50 ms long-task mark in the content script.
 */
const numberColumn = z.custom<number[]>(
  (value) => {
    if (!Array.isArray(value)) return false;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item !== 'number' || !Number.isFinite(item)) return false;
    }
    return true;
  },
  { message: 'expected an array of finite numbers' },
);
const booleanColumn = z.custom<boolean[]>(
  (value) => {
    if (!Array.isArray(value)) return false;
    for (let index = 0; index < value.length; index++) if (typeof value[index] !== 'boolean') return false;
    return true;
  },
  { message: 'expected an array of booleans' },
);

/** Spots in columns: 100k objects cost far more to serialise and validate than four arrays. */
export const packedSpotsSchema = z
  .object({
    relativeX: numberColumn,
    y: numberColumn,
    count: numberColumn,
    fixed: booleanColumn,
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
export const assessDataSchema = z.object({
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
});
export type AssessData = z.infer<typeof assessDataSchema>;

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

const pageRequestSchema = z.object({ pageUrl: z.string(), viewportWidth: z.number().check(z.positive()), viewportHeight: z.number().check(z.positive()) });
export type OverlayState = z.infer<typeof overlayStateSchema>;

const empty = z.strictObject({});

export const panelLayoutForPageSchema = z.object({
  detailsOpen: z.boolean(),
  reviewOpen: z.boolean(),
  dock: z.nullable(z.enum(dockPositions)),
});
export type PanelLayoutForPage = z.infer<typeof panelLayoutForPageSchema>;
const ok = z.object({ ok: z.literal(true) });

// Export's pieces (see `export.captureVisible` and `export.captureFullPage`).
const captionSchema = z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(10));
const shortText = z.string().check(z.maxLength(300));
const finiteNumber = z.number();
const positiveNumber = z.number().check(z.positive());
/** The window as the tab's video shows it: CSS size with scrollbars, the part the page shows, the pixel ratio. */
const captureViewportSchema = z.object({
  width: positiveNumber,
  height: positiveNumber,
  clientWidth: positiveNumber,
  clientHeight: positiveNumber,
  devicePixelRatio: positiveNumber,
});
/** Strips of one scroll capture at most: a 40,000 px page in a 300 px window is under 150. */
const MAX_STRIPS = 1000;
const stripSchema = z.object({
  code: z.int().check(z.gte(1), z.lte(16_383)),
  marker: z.enum(['top', 'bottom']),
  scrollY: z.number().check(z.gte(0)),
  top: z.number().check(z.gte(0)),
  bottom: z.number().check(z.positive()),
});
/** The page → background → offscreen document messages about strips carry the same shapes. */
const expectStrips = { request: z.object({ strips: z.array(stripSchema).check(z.minLength(1), z.maxLength(MAX_STRIPS)) }), response: ok };
const awaitStrips = {
  request: z.object({ codes: z.optional(z.array(z.int()).check(z.maxLength(MAX_STRIPS))), timeoutMs: z.int().check(z.positive(), z.lte(10_000)) }),
  response: z.object({ missing: z.array(z.int()) }),
};

export const backgroundProtocol = {
  'settings.get': { request: empty, response: z.object({ connection: publicConnectionSchema, preferences: preferencesSchema }) },
  'connection.save': {
    request: z.object({
      host: z.string(),
      projectId: z.int().check(z.positive()),
      /** Empty keeps the key already saved. */
      apiKey: z.string(),
    }),
    response: z.object({ projectName: z.nullable(z.string()), connection: publicConnectionSchema }),
  },
  /** For content scripts: preferences only, never anything about the key. */
  'preferences.get': { request: empty, response: preferencesSchema },
  'preferences.save': { request: z.object({ preferences: preferencesSchema }), response: ok },
  'overlay.getState': { request: z.object({ tabId: z.int() }), response: overlayStateSchema },
  'overlay.toggle': { request: z.object({ tabId: z.int() }), response: overlayStateSchema },
  'overlay.setAlwaysOn': { request: z.object({ tabId: z.int(), enabled: z.boolean() }), response: overlayStateSchema },
  /** From the content script of the tab that wants data (the tab is the message's sender). */
  'heatmap.load': {
    /** `fresh`: wait for answers within their max-age (after a 'revalidating' payload). */
    request: z.object({ pageUrl: z.string(), viewportWidth: z.number().check(z.positive()), viewportHeight: z.number().check(z.positive()), fresh: z.optional(z.boolean()) }),
    response: heatmapPayloadSchema,
  },
  /** From the overlay's "no data at this width" offer: switch the viewport filter to a band. */
  'filters.useViewportBand': { request: z.object({ band: z.enum(['mobile', 'tablet', 'desktop']) }), response: ok },
  /** The user closed the overlay from the page. */
  'overlay.closedInPage': { request: empty, response: ok },
  /** From the content script: the data a page review needs (see lib/review). */
  /**
   * `have` names what the overlay already holds for this page and filters (its painted layers, its
   * scroll depth): the background leaves those out, so 100k spots never cross the boundary twice.
   */
  'assess.load': {
    request: z.extend(pageRequestSchema, { have: z.optional(z.array(z.enum(['click', 'rageclick', 'deadclick', 'scrolldepth']))) }),
    response: assessDataSchema,
  },
  /** The sessions behind some spots, points exactly as the heatmap returned them. */
  'assess.sessions': {
    request: z.extend(pageRequestSchema, {
      type: z.enum(['click', 'rageclick', 'deadclick']),
      points: z.array(z.object({ x: z.number(), y: z.number(), target_fixed: z.boolean() })).check(z.minLength(1), z.maxLength(200)),
    }),
    response: z.object({ sessions: z.array(spotSessionSchema), totalCount: z.number(), hasMore: z.boolean() }),
  },
  /** Creates a saved heatmap (a screenshot PostHog renders) of the page's data URL. */
  'assess.saveHeatmap': { request: pageRequestSchema, response: savedHeatmapStateSchema },
  /** For the popup's segment picker: cohorts, flags with variants, person property names, `query:read`. */
  'segments.options': { request: empty, response: segmentOptionsSchema },
  'assess.savedStatus': { request: z.object({ shortId: z.string().check(z.minLength(1), z.maxLength(100)) }), response: savedHeatmapStateSchema },
  /**
   * From the content script, the first time the user opens the review: the background injects the
   * review's own script (review.js) into the asking tab, so the overlay's script stays small.
   */
  'review.inject': { request: empty, response: ok },
  /**
   * The renderer's worker script, for the overlay to start from a Blob URL: the background holds it so
   * the content script does not carry it onto every page (asked once per page, beside the heatmap).
   */
  'render.workerSource': { request: empty, response: z.object({ source: z.string() }) },
  /** The panel's remembered layout for the asking tab's origin (a null dock is "auto"). */
  'panel.getLayout': { request: empty, response: panelLayoutForPageSchema },
  /** Remembers what the user changed: open parts for every site, the dock for this origin. */
  'panel.saveLayout': { request: z.partial(panelLayoutForPageSchema), response: ok },
  /** Export (issue 9): the sender's visible tab as a PNG data URL with `caption` composited under it. */
  'export.captureVisible': {
    request: z.object({ caption: captionSchema, cssWidth: z.number().check(z.positive()) }),
    response: z.object({ dataUrl: z.string() }),
  },
  /**
   * "Full page image" (issue 9): captures the sender's whole document without scrolling it and keeps
   * it, with the painted fields (PNG at cell resolution), guides, legend and caption to composite
   * (lib/full-page/full-page-image.ts); the sender shows its overlay again, then asks `export.finishFullPage`.
   */
  'export.captureFullPage': {
    request: z.object({
      caption: captionSchema,
      legend: z.array(
        z.object({ id: z.enum(clickLikeLayerIds), label: shortText, unit: shortText, hottestCount: finiteNumber, totalCount: finiteNumber }),
      ).check(z.maxLength(8)),
      page: z.object({ documentWidth: positiveNumber, documentHeight: positiveNumber, devicePixelRatio: positiveNumber }),
      fields: z.array(
        z.object({
          dataUrl: z.string().check(z.maxLength(32_000_000), z.startsWith('data:image/png;base64,')),
          opacity: z.number().check(z.gte(0), z.lte(1)),
          fixed: z.boolean(),
          cellSize: positiveNumber,
          /** Document y of the field's first row (a band painted first: lib/render/band.ts); 0 for the whole page. */
          originY: z.number().check(z.gte(0)),
          columns: z.int().check(z.positive()),
          rows: z.int().check(z.positive()),
        }),
      ).check(z.maxLength(16)),
      guides: z.object({
        fold: z.nullable(z.object({ y: finiteNumber, label: shortText })),
        markers: z.array(z.object({ y: finiteNumber, label: shortText })).check(z.maxLength(20)),
        bands: z.array(z.object({ top: finiteNumber, bottom: finiteNumber, share: z.number().check(z.gte(0), z.lte(1)) })).check(z.maxLength(20)),
        bandOpacity: z.number().check(z.gte(0), z.lte(1)),
      }),
      diffLegend: z.nullable(shortText),
    }),
    response: ok,
  },
  /** The image of the sender's last `export.captureFullPage`, finished: a PNG data URL. */
  'export.finishFullPage': { request: empty, response: z.object({ dataUrl: z.string(), scaledDown: z.boolean() }) },
  /**
   * Before `export.captureFullPage`: how this build captures beyond the viewport. `beyond-viewport`
   * (Firefox; a Chrome build holding `debugger`) needs nothing more from the page; `scroll` (Chrome:
   * chrome.tabCapture) has opened a video of the sender's tab, and the page now scrolls strip by strip
   * (lib/full-page/scroll-capture.ts), announcing them with `export.expectStrips` and waiting for their
   * frames with `export.awaitStrips`, before `export.captureFullPage`.
   */
  'export.beginFullPage': {
    request: z.object({ viewport: captureViewportSchema }),
    response: z.object({ mode: z.enum(['beyond-viewport', 'scroll']), salt: z.int().check(z.gte(0)) }),
  },
  /**
   * The strips the sender is about to scroll through (lib/full-page/scroll-capture.ts): from each, the
   * frame of its tab's video that carries the strip's marker is kept (its document rows [top, bottom)).
   */
  'export.expectStrips': expectStrips,
  /** Waits until the frames of these strips (all expected ones when `codes` is absent) are kept; answers the codes still missing. */
  'export.awaitStrips': awaitStrips,
  /** The page's scroll capture failed or was abandoned: stop the tab's video, drop what was kept. */
  'export.abortFullPage': { request: empty, response: ok },
} as const;

/**
 * From the background to the offscreen document that reads the tab's video (entrypoints/capture/):
 * open the stream, keep the rows of the frame that carries a strip's marker, hand back bands of the
 * stitched page as PNG, close.
 */
export const captureProtocol = {
  'capture.open': {
    request: z.object({ streamId: z.string().check(z.minLength(1), z.maxLength(500)), viewport: captureViewportSchema }),
    response: ok,
  },
  'capture.expect': expectStrips,
  'capture.await': awaitStrips,
  /** Document rows [y, y + height) at `scale` image px per CSS px, `width` px wide: a PNG data URL. */
  'capture.strip': {
    request: z.object({ y: z.number().check(z.gte(0)), height: positiveNumber, scale: positiveNumber, width: z.int().check(z.positive()), destinationHeight: z.int().check(z.positive()) }),
    response: z.object({ dataUrl: z.string() }),
  },
  'capture.close': { request: empty, response: ok },
} as const;
export type CaptureProtocol = typeof captureProtocol;

export const contentProtocol = {
  'overlay.show': { request: empty, response: ok },
  'overlay.hide': { request: empty, response: ok },
  'overlay.isVisible': { request: empty, response: z.object({ visible: z.boolean() }) },
  /** Filters or layers changed: refetch and repaint without reloading the page. */
  'overlay.refresh': { request: empty, response: ok },
  /** Alt+Shift+D: show the next comparison view (A → B → A−B → A), or a given one. */
  'overlay.cycleCompareView': { request: z.object({ view: z.optional(z.enum(['a', 'b', 'diff'])) }), response: ok },
} as const;

type Protocol = Record<string, { request: z.ZodMiniType; response: z.ZodMiniType }>;
export type BackgroundProtocol = typeof backgroundProtocol;
export type ContentProtocol = typeof contentProtocol;
export type RequestOf<P extends Protocol, K extends keyof P> = z.input<P[K]['request']>;
export type ResponseOf<P extends Protocol, K extends keyof P> = z.output<P[K]['response']>;

export type Handlers<P extends Protocol, Context> = {
  [K in keyof P]: (payload: z.output<P[K]['request']>, context: Context) => Promise<ResponseOf<P, K>>;
};

// The envelope, MessageError and the generic ask/answer halves carry no zod (the content script uses
// them with its own checkers); here they are typed for the zod protocols above.
export { MessageError, makeEnvelope, type Reply } from './envelope';

/** Validates a reply and returns its value, or throws `MessageError` carrying the typed error. */
export function readReply<P extends Protocol, K extends keyof P & string>(protocol: P, type: K, raw: unknown): ResponseOf<P, K> {
  return readReplyWith<ResponseOf<P, K>>(protocol, type, raw);
}

/** Turns a raw incoming message into a reply (see lib/messaging/envelope.ts). */
export function dispatchMessage<P extends Protocol, Context>(
  protocol: P,
  handlers: Handlers<P, Context>,
  raw: unknown,
  context: Context,
  serializeError: (error: unknown) => SerializedPostHogError,
): Promise<Reply | undefined> {
  // Large spot columns cross as base64 text (lib/core/wire-columns.ts); every reader decodes them.
  return dispatchWith(protocol, handlers as Record<string, (payload: never, context: Context) => Promise<unknown>>, raw, context, serializeError, encodeSpotColumns);
}
