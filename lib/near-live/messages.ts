import * as z from 'zod/mini';

const liveSpotSchema = z.object({ x: z.number(), y: z.number(), fixed: z.boolean(), count: z.number().check(z.gte(0)) });

/** Which page near-live is about, as the overlay's own loads say it (`heatmap.load`). */
const nearLivePageSchema = z.object({ pageUrl: z.string(), viewportWidth: z.number().check(z.positive()), viewportHeight: z.number().check(z.positive()) });

/** What near-live shows: the window's name ("last hour"), the unit of its markers, and its spots. */
const liveAnswerSchema = z.object({
  label: z.string(),
  unit: z.string(),
  spots: z.array(liveSpotSchema),
});

/**
 * Near-live (issue 19, item 5): its script in the page (entrypoints/near-live.ts, injected by the
 * background when an overlay loads near-live heat) asks for the spots it marks and for each refresh.
 */
export const nearLiveMessages = {
  /**
   * The spots the overlay just painted (no new query when it was just fetched) and the refresh
   * interval; `live: false` when near-live is off for this tab (or its overlay is closed).
   */
  'nearLive.start': {
    request: nearLivePageSchema,
    response: z.discriminatedUnion('live', [
      z.object({ live: z.literal(true), intervalSeconds: z.number().check(z.positive()), ...liveAnswerSchema.shape }),
      z.object({ live: z.literal(false) }),
    ]),
  },
  /**
   * One refresh: a new query (one from the tab's budget), then the overlay repaints from it. `paced`:
   * the tab's budget has none left for `waitSeconds`; `stopped`: near-live is off or the overlay closed.
   */
  'nearLive.refresh': {
    request: nearLivePageSchema,
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('ok'), ...liveAnswerSchema.shape }),
      z.object({ status: z.literal('paced'), waitSeconds: z.number().check(z.positive()) }),
      z.object({ status: z.literal('stopped') }),
    ]),
  },
} as const;

export type LiveAnswer = z.infer<typeof liveAnswerSchema>;
