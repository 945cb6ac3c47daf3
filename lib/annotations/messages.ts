import * as z from 'zod/mini';

/** One PostHog annotation as Heatlens shows it: what changed, and when (ISO datetime). */
export const annotationMarkSchema = z.object({ id: z.int(), content: z.string(), date: z.string() });
export type AnnotationMark = z.infer<typeof annotationMarkSchema>;

/** The site-wide annotations of a range, or why there are none to show (e.g. no `annotation:read`). */
export const annotationListSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), items: z.array(annotationMarkSchema) }),
  z.object({ available: z.literal(false), message: z.string() }),
]);
export type AnnotationList = z.infer<typeof annotationListSchema>;

/** Annotations: PostHog's markers of deploys and releases, for split points and "since a release". */
export const annotationsMessages = {
  /** Site-wide annotations whose day lies in [dateFrom, dateTo] (YYYY-MM-DD, inclusive; null: no bound). */
  'annotations.list': {
    request: z.object({ dateFrom: z.nullable(z.string()), dateTo: z.nullable(z.string()) }),
    response: annotationListSchema,
  },
} as const;
