import type { HeatmapType } from './schemas';

/** One heatmap request, in Heatlens' words; heatmapQueryParams turns it into PostHog's. */
export interface HeatmapQuery {
  type: HeatmapType;
  /** PostHog's `date_from`: relative (`-7d`, `-1mStart`, `dStart`) or a `YYYY-MM-DD` day. */
  dateFrom: string;
  /** Inclusive day; PostHog defaults to today. */
  dateTo?: string;
  /** Compared by PostHog with trailing `/` trimmed; query string and hash must match. */
  urlExact?: string;
  /** A regex anchored `^...$`; a `*` not after `.` means `.+`. Wins over urlExact when both differ. */
  urlPattern?: string;
  /** CSS px; PostHog compares at 16 px granularity. */
  viewportWidthMin?: number;
  viewportWidthMax?: number;
  aggregation: 'total_count' | 'unique_visitors';
  filterTestAccounts: boolean;
}

export interface PageRequest {
  /** 0 asks for every spot (PostHog caps at 1,000,000). */
  limit: number;
  offset: number;
}

/** Ask for everything at once: a dropped cold spot would silently distort the picture. */
export const ALL_SPOTS: PageRequest = Object.freeze({ limit: 0, offset: 0 });

/** Filters shared by the heatmaps endpoint and its `/events/` sibling, as PostHog names them. */
function appendFilters(params: URLSearchParams, q: HeatmapQuery): void {
  params.set('type', q.type);
  params.set('date_from', q.dateFrom);
  if (q.dateTo !== undefined) params.set('date_to', q.dateTo);
  if (q.urlExact !== undefined) params.set('url_exact', q.urlExact);
  if (q.urlPattern !== undefined) params.set('url_pattern', q.urlPattern);
  if (isUsableNumber(q.viewportWidthMin)) params.set('viewport_width_min', String(Math.round(q.viewportWidthMin)));
  if (isUsableNumber(q.viewportWidthMax)) params.set('viewport_width_max', String(Math.round(q.viewportWidthMax)));
  params.set('aggregation', q.aggregation);
  params.set('filter_test_accounts', q.filterTestAccounts ? 'true' : 'false');
}

function isUsableNumber(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

function nonNegativeInteger(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.trunc(value)) : 0;
}

/**
 * Query string for `GET /api/projects/:id/heatmaps/`. Sends `limit=0` unless told otherwise
 * (PostHog's own default of 500 would drop the colder spots); `offset` only when it is not 0.
 * PostHog ignores both for scrolldepth, so they are harmless there.
 */
export function heatmapQueryParams(q: HeatmapQuery, page: PageRequest = ALL_SPOTS): URLSearchParams {
  const params = new URLSearchParams();
  appendFilters(params, q);
  params.set('limit', String(nonNegativeInteger(page.limit)));
  const offset = nonNegativeInteger(page.offset);
  if (offset > 0) params.set('offset', String(offset));
  return params;
}

/** A spot as `/heatmaps/events/` expects it, matched exactly at the data's resolution. */
export interface HeatmapPoint {
  x: number;
  y: number;
  target_fixed: boolean;
}

export const HEATMAP_EVENTS_MAX_LIMIT = 100;
export const HEATMAP_EVENTS_DEFAULT_LIMIT = 50;

/** Query string for `GET /api/projects/:id/heatmaps/events/` (limit clamped to PostHog's 1..100). */
export function heatmapEventsParams(
  q: HeatmapQuery,
  points: readonly HeatmapPoint[],
  page: PageRequest = { limit: HEATMAP_EVENTS_DEFAULT_LIMIT, offset: 0 },
): URLSearchParams {
  const params = new URLSearchParams();
  appendFilters(params, q);
  params.set(
    'points',
    JSON.stringify(points.map((p) => ({ x: p.x, y: p.y, target_fixed: p.target_fixed }))),
  );
  const limit = Math.min(HEATMAP_EVENTS_MAX_LIMIT, Math.max(1, nonNegativeInteger(page.limit) || 1));
  params.set('limit', String(limit));
  const offset = nonNegativeInteger(page.offset);
  if (offset > 0) params.set('offset', String(offset));
  return params;
}

/**
 * A stable cache key: the same filters give the same key whatever order the object's fields were
 * written in, and fields that do not change PostHog's answer (paging) are left out.
 */
export function heatmapQueryKey(q: HeatmapQuery): string {
  const params = new URLSearchParams();
  appendFilters(params, q);
  params.sort();
  return params.toString();
}
