import type { SegmentOptions } from '../messaging/protocol';
import { serializePostHogError } from '../posthog/errors';
import { ACCESS_PROBE } from './hogql';
import type { QueryCache } from '../heatmaps/service';
import type { PostHogClient } from '../posthog/client';

/** The query endpoint answers "SELECT 1" for any key with `query:read`; kept an hour per connection. */
const PROBE_CACHE_MILLISECONDS = 60 * 60_000;
const LIST_CACHE_MILLISECONDS = 5 * 60_000;

/** Person properties worth suggesting when PostHog's list of them is not readable. */
export const FALLBACK_PERSON_PROPERTIES = ['plan', 'email', '$initial_utm_source', '$initial_referring_domain', '$initial_browser'];

function failure(error: unknown): { available: false; message: string } {
  return { available: false, message: serializePostHogError(error).message };
}

/**
 * What the segment picker offers: whether the key may query at all (`query:read`), the cohorts, the
 * flags with their variants (boolean flags: `true` / `false`), and person property names. Each part
 * fails on its own, with its own message (e.g. a key without `cohort:read` still offers flags).
 */
export async function loadSegmentOptions(context: { client: PostHogClient; cache: QueryCache; connectionKey: string }): Promise<SegmentOptions> {
  const list = <T>(name: string, load: () => Promise<T>) => context.cache.get(`${context.connectionKey}|segment-options|${name}`, load, LIST_CACHE_MILLISECONDS);
  const [probe, cohorts, flags, properties] = await Promise.allSettled([
    context.cache.get(`${context.connectionKey}|hogql-probe`, () => context.client.query(ACCESS_PROBE), PROBE_CACHE_MILLISECONDS),
    list('cohorts', () => context.client.listCohorts()),
    list('flags', () => context.client.listFeatureFlags()),
    list('person-properties', () => context.client.listPersonProperties()),
  ]);
  return {
    query: probe.status === 'fulfilled' ? { available: true } : failure(probe.reason),
    cohorts:
      cohorts.status === 'fulfilled'
        ? { available: true, items: cohorts.value.map((cohort) => ({ id: cohort.id, name: cohort.name || `Cohort ${cohort.id}`, count: cohort.count })) }
        : failure(cohorts.reason),
    flags:
      flags.status === 'fulfilled'
        ? {
            available: true,
            items: flags.value.map((flag) => ({
              key: flag.key,
              name: flag.name ?? null,
              variants: flag.filters?.multivariate?.variants.map((variant) => variant.key) ?? ['true', 'false'],
            })),
          }
        : failure(flags.reason),
    personProperties:
      properties.status === 'fulfilled' && properties.value.length > 0
        ? { available: true, items: properties.value.filter((name) => name.length > 0).slice(0, 200) }
        : { available: true, items: FALLBACK_PERSON_PROPERTIES },
  };
}
