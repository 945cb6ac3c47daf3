import * as z from 'zod/mini';
import { empty, heatmapPayloadSchema } from '../messaging/schemas';

/** The heat the overlay paints: the page's payload (plain, segment or comparison) and the renderer's worker script. Part of the background protocol (lib/messaging/protocol.ts). */
export const payloadMessages = {
  /** From the content script of the tab that wants data (the tab is the message's sender). */
  'heatmap.load': {
    /** `fresh`: wait for answers within their max-age (after a 'revalidating' payload). */
    request: z.object({ pageUrl: z.string(), viewportWidth: z.number().check(z.positive()), viewportHeight: z.number().check(z.positive()), fresh: z.optional(z.boolean()) }),
    response: heatmapPayloadSchema,
  },
  /**
   * The renderer's worker script, for the overlay to start from a Blob URL: the background holds it so
   * the content script does not carry it onto every page (asked once per page, beside the heatmap).
   */
  'render.workerSource': { request: empty, response: z.object({ source: z.string() }) },
} as const;
