import * as z from 'zod/mini';
import { annotationMarkSchema } from '../annotations/messages';
import { ok, pageRequestSchema } from '../messaging/schemas';

/** A range of whole days (YYYY-MM-DD, inclusive). */
export const dayRangeSchema = z.object({ dateFrom: z.string(), dateTo: z.string() });
export type DayRange = z.infer<typeof dayRangeSchema>;

/**
 * What happened to the clicks recorded before a detected change (lib/layout-change/re-anchor.ts):
 * moved by per-region vertical offsets to where their content is now, or left out (with how many and
 * why), or shown as recorded because the user asked for it.
 */
export const beforeClicksSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('re-anchored'),
    /** Clicks (of the click layer) recorded before the change and painted at their new place. */
    moved: z.number(),
    /** Clicks before the change in regions no offset could be found for, left out. */
    leftOut: z.number(),
    /** Each region of the old page (pointer_y from, to, in px) and how far it moved (px, + is down). */
    offsets: z.array(z.object({ from: z.number(), to: z.number(), shift: z.number() })),
  }),
  z.object({ kind: z.literal('left-out'), leftOut: z.number(), reason: z.string() }),
  z.object({ kind: z.literal('as-recorded'), count: z.number() }),
]);
export type BeforeClicks = z.infer<typeof beforeClicksSchema>;

/**
 * A layout-change look over the payload's range (issue 19, item 1): `changed` with the first day of
 * the new layout, `unchanged` when the rule found none, `not-checked` when the range cannot say
 * (fewer than the rule's days or clicks, or the data could not be read: `reason`).
 */
export const layoutChangeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('changed'),
    /** First day of the new layout (YYYY-MM-DD): the split day the rule chose. */
    day: z.string(),
    /** Total-variation distance between the before and after band distributions (0..1). */
    distance: z.number(),
    before: dayRangeSchema,
    after: dayRangeSchema,
    clicksBefore: z.number(),
    clicksAfter: z.number(),
    /** The annotation nearest the day within ±1 day, if annotations could be read and one is there. */
    annotation: z.nullable(annotationMarkSchema),
    /** Why annotations could not be read (e.g. the key lacks `annotation:read`); null when they were. */
    annotationsMessage: z.nullable(z.string()),
    beforeClicks: z.nullable(beforeClicksSchema),
    /** The panel's sentence. */
    words: z.string(),
  }),
  z.object({ status: z.literal('unchanged'), distance: z.number(), days: z.number(), words: z.string() }),
  z.object({ status: z.literal('not-checked'), reason: z.string() }),
]);
export type LayoutChange = z.infer<typeof layoutChangeSchema>;

/** Layout changes (issue 19): what the overlay's payload carries in short, in full for other views. */
export const layoutChangeMessages = {
  /**
   * The layout-change look for a page over the saved filters' range, as the payload's `layoutChange`
   * was built from (the compare picker offers its day as a split point). From a tab's scripts or
   * Heatlens's own pages.
   */
  'layoutChange.detect': { request: pageRequestSchema, response: layoutChangeSchema },
  /** The "as recorded" switch (legend details): paint clicks before a change at their recorded coordinates, or re-anchored. */
  'layoutChange.showAsRecorded': { request: z.object({ asRecorded: z.boolean() }), response: ok },
} as const;
