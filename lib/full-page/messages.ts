import * as z from 'zod/mini';
import { captionSchema, empty, ok } from '../messaging/schemas';
import { clickLikeLayerIds } from '../core/layer-ids';

const shortText = z.string().check(z.maxLength(300));
const finiteNumber = z.number();
const positiveNumber = z.number().check(z.positive());
/** The window as the tab's video shows it: CSS size with scrollbars, the part the page shows, the pixel ratio. */
export const captureViewportSchema = z.object({
  width: positiveNumber,
  height: positiveNumber,
  clientWidth: positiveNumber,
  clientHeight: positiveNumber,
  devicePixelRatio: positiveNumber,
});
/** Strips of one scroll capture at most: a 40,000 px page in a 300 px window is under 150. */
export const MAX_STRIPS = 1000;
export const stripSchema = z.object({
  code: z.int().check(z.gte(1), z.lte(16_383)),
  marker: z.enum(['top', 'bottom']),
  scrollY: z.number().check(z.gte(0)),
  top: z.number().check(z.gte(0)),
  bottom: z.number().check(z.positive()),
});
/** The page → background → offscreen document messages about strips carry the same shapes. */
export const expectStrips = { request: z.object({ strips: z.array(stripSchema).check(z.minLength(1), z.maxLength(MAX_STRIPS)) }), response: ok };
export const awaitStrips = {
  request: z.object({ codes: z.optional(z.array(z.int()).check(z.maxLength(MAX_STRIPS))), timeoutMs: z.int().check(z.positive(), z.lte(10_000)) }),
  response: z.object({ missing: z.array(z.int()) }),
};

/** What the background needs to compose the full-page image (`export.captureFullPage`). */
export const fullPageRequestSchema = z.object({
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
});
export type FullPageRequest = z.infer<typeof fullPageRequestSchema>;
export type FullPageLegendEntry = FullPageRequest['legend'][number];
/** One painted field, as a PNG at cell resolution: `cellSize` CSS px per pixel, from the document's (or, fixed, the viewport's) top-left. */
export type FullPageField = FullPageRequest['fields'][number];
export type FullPageGuides = FullPageRequest['guides'];

/** Full page image: capturing the whole document (Firefox: beyond the viewport; Chrome: the tab's video while the page scrolls). Part of the background protocol (lib/messaging/protocol.ts). */
export const fullPageMessages = {
  /**
   * "Full page image" (issue 9): captures the sender's whole document without scrolling it and keeps
   * it, with the painted fields (PNG at cell resolution), guides, legend and caption to composite
   * (lib/full-page/full-page-image.ts); the sender shows its overlay again, then asks `export.finishFullPage`.
   */
  'export.captureFullPage': {
    request: fullPageRequestSchema,
    response: ok,
  },
  /** The image of the sender's last `export.captureFullPage`, finished: a PNG data URL. */
  'export.finishFullPage': { request: empty, response: z.object({ dataUrl: z.string(), scaledDown: z.boolean() }) },
  /**
   * Before `export.captureFullPage`: how this build captures beyond the viewport. `beyond-viewport`
   * (Firefox: document rectangles) needs nothing more from the page; `scroll` (Chrome:
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
