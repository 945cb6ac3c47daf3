// The lists the segment picker offers (issue 9), as PostHog serves them: cohorts
// (`GET /cohorts/`, cohort:read), feature flags with their variants (`GET /feature_flags/`,
// feature_flag:read) and person property names (`GET /property_definitions/?type=person`,
// property_definition:read). Paged by limit/offset like PostHog's list endpoints.

import { ValidationError } from './heatmaps';
import type { SegmentData } from './segment-data';
import type { AnnotationRecord } from './store';

export interface ListPage<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function page<T>(items: T[], params: URLSearchParams, requestUrl: URL): ListPage<T> {
  const limit = Math.max(1, Math.min(Number(params.get('limit') ?? 100) || 100, 1000));
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const link = (at: number) => {
    const url = new URL(requestUrl.toString());
    url.searchParams.set('limit', String(limit));
    url.searchParams.set('offset', String(at));
    return url.toString();
  };
  return {
    count: items.length,
    next: offset + limit < items.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results: items.slice(offset, offset + limit),
  };
}

export function listCohorts(data: SegmentData, params: URLSearchParams, requestUrl: URL) {
  const cohorts = data.cohorts.map((cohort) => ({
    id: cohort.id,
    name: cohort.name,
    description: '',
    count: cohort.members.size,
    is_static: cohort.isStatic,
    is_calculating: false,
    deleted: false,
  }));
  return page(cohorts, params, requestUrl);
}

export function listFeatureFlags(data: SegmentData, params: URLSearchParams, requestUrl: URL) {
  const flags = data.featureFlags.map((flag) => ({
    id: flag.id,
    key: flag.key,
    name: flag.name,
    active: true,
    deleted: false,
    filters: {
      groups: [{ properties: [], rollout_percentage: 100 }],
      multivariate: flag.variants.length ? { variants: flag.variants } : null,
    },
  }));
  return page(flags, params, requestUrl);
}

export function listPropertyDefinitions(data: SegmentData, params: URLSearchParams, requestUrl: URL) {
  const type = params.get('type') ?? 'event';
  if (type !== 'person' && type !== 'event') throw new ValidationError('type', 'invalid_choice', `"${type}" is not a valid choice.`);
  // Only person properties are modelled; event properties other than $feature/… are not needed.
  const names = type === 'person' ? data.personPropertyNames() : [...new Set(data.events.flatMap((event) => Object.keys(event.properties)))];
  return page(
    names.map((name, index) => ({ id: `prop-${type}-${index}`, name, property_type: 'String', is_numerical: false })),
    params,
    requestUrl,
  );
}

/**
 * `GET /annotations/` (annotation:read): newest marker first, deleted ones included with
 * `deleted: true` as PostHog's list shows them to a client that does not filter; `search` matches content.
 */
export function listAnnotations(annotations: readonly AnnotationRecord[], params: URLSearchParams, requestUrl: URL) {
  const search = (params.get('search') ?? '').toLowerCase();
  const items = annotations
    .filter((annotation) => !search || annotation.content.toLowerCase().includes(search))
    .sort((a, b) => b.date_marker.getTime() - a.date_marker.getTime())
    .map((annotation) => ({
      id: annotation.id,
      content: annotation.content,
      date_marker: annotation.date_marker.toISOString(),
      creation_type: annotation.creation_type,
      dashboard_item: null,
      dashboard_id: null,
      insight_short_id: null,
      created_by: null,
      created_at: annotation.created_at.toISOString(),
      updated_at: annotation.created_at.toISOString(),
      deleted: annotation.deleted,
      scope: annotation.scope,
    }));
  return page(items, params, requestUrl);
}
