import * as z from 'zod/mini';

/**
 * The PostHog response shapes that also travel to the content script inside messages (see
 * lib/messaging/protocol.ts). Written with `zod/mini`, which shares zod's validation core with classic zod but
 * bundles a fraction of its size: the content script runs on the user's pages and stays small.
 * lib/posthog/schemas.ts re-exports them and builds the background's response schemas on them;
 * the policy there (strict where Heatlens draws, loose objects, finite numbers) applies here too.
 */

const count = z.int().check(z.nonnegative());

export const foldSchema = z.looseObject({
  total_count: count,
  below_fold_count: count,
  pct_below_fold: z.number().check(z.gte(0), z.lte(100)),
  /** null when there is no data. */
  median_viewport_height: z.nullable(z.number().check(z.nonnegative())),
});
export type Fold = z.infer<typeof foldSchema>;

export const scrollDepthBucketSchema = z.looseObject({
  /** Deepest pixel seen (scroll + viewport height), in 100 px steps. */
  scroll_depth_bucket: z.number().check(z.nonnegative()),
  bucket_count: count,
  /** Visitors who reached this bucket or deeper. */
  cumulative_count: count,
});
export type ScrollDepthBucket = z.infer<typeof scrollDepthBucketSchema>;

export const scrollDepthResponseSchema = z.looseObject({
  results: z.array(scrollDepthBucketSchema),
});
export type ScrollDepthResponse = z.infer<typeof scrollDepthResponseSchema>;

export const elementSchema = z.looseObject({
  text: z.nullish(z.string()),
  tag_name: z.nullish(z.string()),
  attr_class: z.nullish(z.array(z.string())),
  href: z.nullish(z.string()),
  attr_id: z.nullish(z.string()),
  nth_child: z.nullish(z.number()),
  nth_of_type: z.nullish(z.number()),
  attributes: z.nullish(z.record(z.string(), z.unknown())),
  order: z.nullish(z.number()),
});
export type ElementInfo = z.infer<typeof elementSchema>;

export const elementStatSchema = z.looseObject({
  count: count,
  hash: z.nullish(z.string()),
  /** `$autocapture`, `$rageclick` or `$dead_click`; absent on versions without `include`. */
  type: z.nullish(z.string()),
  /** `elements[0]` is the clicked element, the rest its ancestors. */
  elements: z.array(elementSchema),
});
export type ElementStat = z.infer<typeof elementStatSchema>;
