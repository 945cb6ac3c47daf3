import type { QueryCache } from '../heatmaps/service';
import type { PostHogClient } from '../posthog/client';
import { serializePostHogError } from '../posthog/errors';
import type { AnnotationList } from './messages';

/** Annotations change rarely; one list per connection serves every ask for five minutes. */
const ANNOTATIONS_CACHE_MILLISECONDS = 5 * 60_000;

export interface AnnotationContext {
  client: PostHogClient;
  cache: QueryCache;
  connectionKey: string;
}

/**
 * The project's site-wide annotations whose day (UTC, the day PostHog's heatmaps endpoint files the
 * moment under) lies in [dateFrom, dateTo], oldest first. A key without `annotation:read`, or any other
 * failure, is `available: false` with the reason, never an error: annotations name a change, they are
 * not needed to find one.
 */
export async function loadAnnotations(context: AnnotationContext, range: { dateFrom: string | null; dateTo: string | null }): Promise<AnnotationList> {
  try {
    const all = await context.cache.get(`${context.connectionKey}|annotations`, () => context.client.listAnnotations(), ANNOTATIONS_CACHE_MILLISECONDS);
    const items = all
      .map((annotation) => ({ id: annotation.id, content: annotation.content, date: annotation.date_marker! }))
      .filter((mark) => {
        const day = mark.date.slice(0, 10);
        return (range.dateFrom === null || day >= range.dateFrom) && (range.dateTo === null || day <= range.dateTo);
      });
    return { available: true, items };
  } catch (error) {
    return { available: false, message: serializePostHogError(error).message };
  }
}
