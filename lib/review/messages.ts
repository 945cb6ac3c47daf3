import * as z from 'zod/mini';
import { reviewDataSchema, empty, ok, pageRequestSchema, savedHeatmapStateSchema, spotSessionSchema } from '../messaging/schemas';

/** The page review: its data, the sessions behind spots, saving the heatmap to PostHog, and its on-demand script. Part of the background protocol (lib/messaging/protocol.ts). */
export const reviewMessages = {
  /** From the content script: the data a page review needs (see lib/review). */
  /**
   * `have` names what the overlay already holds for this page and filters (its painted layers, its
   * scroll depth): the background leaves those out, so 100k spots never cross the boundary twice.
   */
  'review.load': {
    request: z.extend(pageRequestSchema, { have: z.optional(z.array(z.enum(['click', 'rageclick', 'deadclick', 'scrolldepth']))) }),
    response: reviewDataSchema,
  },
  /**
   * The sessions behind some spots, points exactly as the heatmap returned them. The page's side gets
   * only counts and a list id: the visitors and replay links are shown by the extension's sessions
   * frame, which asks with `sessions.list` (lib/review/sessions-lists.ts says why).
   */
  'review.sessions': {
    request: z.extend(pageRequestSchema, {
      type: z.enum(['click', 'rageclick', 'deadclick']),
      points: z.array(z.object({ x: z.number(), y: z.number(), target_fixed: z.boolean() })).check(z.minLength(1), z.maxLength(200)),
    }),
    response: z.object({ listId: z.string(), sessionCount: z.int(), totalCount: z.number(), hasMore: z.boolean() }),
  },
  /** From the sessions frame (an extension page inside the overlay): the list `review.sessions` kept for its tab. */
  'sessions.list': {
    request: z.object({ listId: z.string() }),
    response: z.object({ sessions: z.array(spotSessionSchema), totalCount: z.number(), hasMore: z.boolean() }),
  },
  /** Creates a saved heatmap (a screenshot PostHog renders) of the page's data URL. */
  'review.saveHeatmap': { request: pageRequestSchema, response: savedHeatmapStateSchema },
  'review.savedStatus': { request: z.object({ shortId: z.string().check(z.minLength(1), z.maxLength(100)) }), response: savedHeatmapStateSchema },
  /**
   * From the content script, the first time the user opens the review: the background injects the
   * review's own script (review.js) into the asking tab, so the overlay's script stays small.
   */
  'review.inject': { request: empty, response: ok },
} as const;
