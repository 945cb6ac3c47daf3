import type { ContentProtocol, RequestOf, ResponseOf } from '../messaging/protocol';
import type { BackgroundProtocol } from './background';
import { dockPositions } from '../core/dock';
import { layerIds } from '../core/layer-ids';
import { array, boolean, booleanColumn, checker, literal, nullable, number, numberColumn, object, optional, refine, string, type Check } from '../messaging/checks';
import type { Checker } from '../messaging/envelope';

/**
 * The content script's half of the protocol in lib/messaging/protocol.ts, checked without zod (see checks.ts):
 * the replies it reads from the background and the requests the background sends it. The types come
 * from the zod schemas (type-only imports, erased from the bundle), so the two cannot drift in shape
 * without the compiler saying so; the unit tests hold the checks to the schemas' rules.
 */

const count = number(0, Infinity, true);
const clickLikeLayerId = literal('click', 'rageclick', 'deadclick', 'mousemove');

const packedSpots = refine(
  object({ relativeX: numberColumn, y: numberColumn, count: numberColumn, fixed: booleanColumn }),
  (spots: { relativeX: unknown[]; y: unknown[]; count: unknown[]; fixed: unknown[] }) =>
    spots.y.length === spots.relativeX.length && spots.count.length === spots.relativeX.length && spots.fixed.length === spots.relativeX.length,
  'columns differ in length',
);

const fold = object({
  total_count: count,
  below_fold_count: count,
  pct_below_fold: number(0, 100),
  median_viewport_height: nullable(number(0)),
});

const heatLayerData = object({ id: clickLikeLayerId, spots: packedSpots, fold, totalCount: number() });

const scrollDepth = object({
  results: array(object({ scroll_depth_bucket: number(0), bucket_count: count, cumulative_count: count })),
});

const comparisonSide = object({
  label: string,
  dateFrom: string,
  dateTo: nullable(string),
  segmentLabel: string,
  layers: array(heatLayerData),
  visitors: nullable(number()),
});

export const heatmapPayloadCheck: Check = object({
  dataUrl: string,
  summary: object({
    dateFrom: string,
    dateTo: nullable(string),
    viewportWidthMin: nullable(number()),
    viewportWidthMax: nullable(number()),
    aggregation: literal('total_count', 'unique_visitors'),
    urlPattern: nullable(string),
    segmentLabel: optional(string),
  }),
  layers: array(heatLayerData),
  comparison: optional(
    nullable(object({ a: comparisonSide, b: comparisonSide, normalisation: literal('total', 'visitors'), view: literal('a', 'b', 'diff') })),
  ),
  scrollDepth: nullable(scrollDepth),
  elsewhere: nullable(
    array(object({ id: literal('mobile', 'tablet', 'desktop'), label: string, min: number(), max: nullable(number()), count: number() })),
  ),
  fetchedAt: number(),
  cache: optional(literal('network', 'cached', 'revalidating')),
});

/**
 * Preferences arrive already parsed by the background (every field with its fallback); the overlay reads
 * the layers, which are checked in full, and nothing else, which only has to be an object.
 */
export const overlayPreferencesCheck: Check = object({
  layers: object(Object.fromEntries(layerIds.map((id) => [id, object({ enabled: boolean, opacity: number(0.05, 1), radius: number(0, 120) })]))),
  filters: object({}),
});

export const panelLayoutCheck: Check = object({ detailsOpen: boolean, reviewOpen: boolean, dock: nullable(literal(...dockPositions)) });

const ok: Check = object({ ok: literal(true) });
/** Like zod's strictObject({}): an object with no fields at all. */
const empty: Check = (value, path) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0 ? null : `${path || 'value'}: expected an empty object`;

/** What the content script asks the background, and the shape of each answer it accepts. */
export type ContentAsks =
  | 'heatmap.load'
  | 'preferences.get'
  | 'filters.useViewportBand'
  | 'overlay.closedInPage'
  | 'review.inject'
  | 'panel.getLayout'
  | 'panel.saveLayout'
  | 'export.captureVisible'
  | 'export.captureFullPage'
  | 'export.finishFullPage'
  | 'export.beginFullPage'
  | 'export.expectStrips'
  | 'export.awaitStrips'
  | 'export.abortFullPage'
  | 'render.workerSource';

export const contentReplyChecks: { [K in ContentAsks]: { response: Checker<ResponseOf<BackgroundProtocol, K>> } } = {
  'heatmap.load': { response: checker(heatmapPayloadCheck) },
  'preferences.get': { response: checker(overlayPreferencesCheck) },
  'filters.useViewportBand': { response: checker(ok) },
  'overlay.closedInPage': { response: checker(ok) },
  'review.inject': { response: checker(ok) },
  'panel.getLayout': { response: checker(panelLayoutCheck) },
  'panel.saveLayout': { response: checker(ok) },
  'export.captureVisible': { response: checker(object({ dataUrl: string })) },
  'export.captureFullPage': { response: checker(ok) },
  'export.finishFullPage': { response: checker(object({ dataUrl: string, scaledDown: boolean })) },
  'export.beginFullPage': { response: checker(object({ mode: literal('beyond-viewport', 'scroll'), salt: number(0, Infinity, true) })) },
  'export.expectStrips': { response: checker(ok) },
  'export.awaitStrips': { response: checker(object({ missing: array(number(-Infinity, Infinity, true)) })) },
  'export.abortFullPage': { response: checker(ok) },
  'render.workerSource': { response: checker(object({ source: string })) },
};

/** What the background may ask the content script. */
export const contentRequestChecks: { [K in keyof ContentProtocol]: { request: Checker<RequestOf<ContentProtocol, K>> } } = {
  'overlay.show': { request: checker(empty) },
  'overlay.hide': { request: checker(empty) },
  'overlay.isVisible': { request: checker(empty) },
  'overlay.refresh': { request: checker(empty) },
  'overlay.cycleCompareView': { request: checker(object({ view: optional(literal('a', 'b', 'diff')) })) },
};
