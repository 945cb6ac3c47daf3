// Pure query functions of the local PostHog test server: what `GET /api/projects/:id/heatmaps/`,
// `.../heatmaps/events/` and `.../elements/stats/` compute from the stored rows. They follow
// shared/posthog-api.md, and PostHog's own heatmaps_api.py where that contract is silent.
//
// Choices made where the contract is ambiguous (each mirrors PostHog's source unless it says otherwise):
// - Validation mimics Django REST framework: fields are checked in the serializer's declaration order
//   and the first failure is reported as {type: 'validation_error', code, detail, attr}; DRF's generic
//   'invalid' code is reported as 'invalid_input' (what PostHog's exception handler sends).
// - date_from/date_to: PostHog's parser silently treats unrecognised text as "now". Here only
//   `YYYY-MM-DD` (also unpadded), ISO date-times and whole relative forms `-?N?(h|d|w|m|q|y|s|M)(Start|End)?`
//   (e.g. -7d, -24h, -30d, -1mStart, dStart, mStart) are accepted; anything else is a 400 with
//   "Error parsing provided date_from: <value>". The project's time zone is UTC. Dates are truncated to
//   the day; rows match `timestamp >= date_from` and `timestamp <= date_to + 1 day` (that bound inclusive).
// - Rounding happens where ClickHouse does it, with ClickHouse's rule for floats (ties to even):
//   pointer_relative_x = round(x / viewport_width, 2) on the stored 1/16 values, the viewport bounds
//   round(v / 16), and the fold's median. pct_below_fold is rounded like Python's round(v, 1).
// - median_viewport_height: ClickHouse's quantile(0.5) interpolates between the two middle values; it is
//   exact here (ClickHouse samples above 8192 rows). It covers every matched row, fixed targets included,
//   while the two counts leave fixed targets out, as in PostHog's fold query.
// - Spots with equal counts are ordered by pointer_y, then pointer_relative_x, then non-fixed first
//   (ClickHouse leaves ties unordered); events with equal timestamps keep insertion order.
// - url_pattern is run as a JavaScript RegExp rather than re2; an invalid pattern is a 400 with
//   attr url_pattern (PostHog would fail inside ClickHouse). PostHog's rewrite of `*` is reproduced
//   literally, so an escaped `\*` also becomes `\.+`.
// - type accepts any non-blank string, like PostHog; an unknown type simply matches nothing.
// - filter_test_accounts drops rows flagged is_test_account (PostHog evaluates the project's filters).
// - heatmaps/events: a point whose x or y is not numeric is a 400 (PostHog would raise a server error).
// - elements/stats: `include` may repeat or be comma separated (default $autocapture), `date_from`
//   defaults to -7d, `limit` to 10000; `hash` is null as in PostHog; `next`/`previous` page by offset.
//   `properties` filters on `$current_url` (exact, is_not, icontains, regex…) and `$viewport_width`
//   (exact, gt, gte, lt, lte), the two event properties the store keeps.

import type { ElementDescription, ElementEvent, ElementEventName, HeatmapRow } from './store';
import { SCALE_FACTOR } from './store';

export const MAX_SELECT_HEATMAPS_LIMIT = 1_000_000;
export const DEFAULT_HEATMAP_LIMIT = 500;
export const DEFAULT_EVENTS_LIMIT = 50;
export const MAX_EVENTS_LIMIT = 100;

// ---------------------------------------------------------------------------------------------
// Errors

export interface ApiErrorBody {
  type: string;
  code: string;
  detail: string;
  attr: string | null;
}

/** A 400 the way PostHog reports a serializer failure. */
export class ValidationError extends Error {
  readonly status = 400;
  constructor(
    readonly attr: string | null,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'ValidationError';
  }

  toBody(): ApiErrorBody {
    return { type: 'validation_error', code: this.code, detail: this.message, attr: this.attr };
  }
}

// ---------------------------------------------------------------------------------------------
// Rounding as the real stack does it

/** ClickHouse's round(x, digits) on a Float64: scale, round half to even, unscale. */
export function clickhouseRound(value: number, digits = 0): number {
  const scale = 10 ** digits;
  const scaled = value * scale;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  let rounded: number;
  if (fraction > 0.5) rounded = floor + 1;
  else if (fraction < 0.5) rounded = floor;
  else rounded = floor % 2 === 0 ? floor : floor + 1;
  return rounded / scale;
}

/** Python's round(value, digits): correctly rounded from the exact binary value, ties to even. */
export function pythonRound(value: number, digits: number): number {
  const doubledScaled = value * 2 * 10 ** digits;
  const isExactTie =
    Number.isInteger(doubledScaled) && Math.abs(doubledScaled % 2) === 1 && doubledScaled / (2 * 10 ** digits) === value;
  if (isExactTie) return clickhouseRound(value, digits);
  return Number(value.toFixed(digits));
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;

function utcDayStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

const RELATIVE_DATE = /^-?(\d+)?([hdwmqysM])(Start|End)?$/;
const ABSOLUTE_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a date_from/date_to value into the start of its day (UTC), the way PostHog's
 * relative_date_parse_with_delta_mapping and `.date()` do. Returns null when it cannot.
 */
export function parseQueryDate(value: string, now: Date): Date | null {
  const absolute = ABSOLUTE_DATE.exec(value);
  if (absolute) {
    const [year, month, day] = [Number(absolute[1]), Number(absolute[2]), Number(absolute[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return null;
    return new Date(Date.UTC(year, month - 1, day));
  }
  if (ISO_DATE_TIME.test(value)) {
    // Without an offset the time is in the project's zone, which is UTC here.
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
    const parsed = new Date(hasZone ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`);
    return Number.isNaN(parsed.getTime()) ? null : utcDayStart(parsed);
  }
  const relative = RELATIVE_DATE.exec(value);
  if (!relative) return null;
  const amount = relative[1] ? Number(relative[1]) : 0;
  const kind = relative[2]!;
  const position = relative[3];

  // dateutil's relativedelta: absolute fields (day=1, month=1, ...) first, then the relative shift.
  let year = now.getUTCFullYear();
  let month = now.getUTCMonth();
  let day = now.getUTCDate();
  if (kind === 'y' && position === 'Start') {
    month = 0;
    day = 1;
  } else if ((kind === 'm' || kind === 'y') && position) {
    day = position === 'Start' ? 1 : Math.min(31, daysInMonth(year, month));
  }
  const shiftMonths = kind === 'm' ? amount : kind === 'y' ? amount * 12 : 0;
  if (shiftMonths) {
    const total = year * 12 + month - shiftMonths;
    year = Math.floor(total / 12);
    month = total - year * 12;
    day = Math.min(day, daysInMonth(year, month));
  }
  const timeOfDayMs = now.getTime() - utcDayStart(now).getTime();
  let result = Date.UTC(year, month, day) + timeOfDayMs;
  const unitMs: Record<string, number> = { h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS, q: 13 * 7 * DAY_MS, s: 1000, M: 60_000 };
  if (unitMs[kind]) result -= amount * unitMs[kind]!;
  // Start/End of a day or hour only move the time of day, which the truncation below removes anyway.
  return utcDayStart(new Date(result));
}

// ---------------------------------------------------------------------------------------------
// Parameter parsing, DRF style

type Params = URLSearchParams;

function present(params: Params, name: string): string | undefined {
  const values = params.getAll(name);
  return values.length ? values[values.length - 1] : undefined;
}

function charField(params: Params, name: string): string | undefined {
  const raw = present(params, name);
  // DRF treats an empty query value of an optional field as absent; whitespace alone is "blank".
  if (raw === undefined || raw === '') return undefined;
  const trimmed = raw.trim();
  if (!trimmed) throw new ValidationError(name, 'blank', 'This field may not be blank.');
  return trimmed;
}

function integerField(params: Params, name: string, opts: { default?: number; min?: number; max?: number }): number | undefined {
  const raw = present(params, name);
  // DRF treats an empty query value of an optional field as absent.
  if (raw === undefined || raw === '') return opts.default;
  // DRF accepts a trailing ".0" and surrounding spaces.
  if (!/^\s*-?\d+(\.0*)?\s*$/.test(raw)) throw new ValidationError(name, 'invalid_input', 'A valid integer is required.');
  const value = Number.parseInt(raw, 10);
  if (opts.min !== undefined && value < opts.min) {
    throw new ValidationError(name, 'min_value', `Ensure this value is greater than or equal to ${opts.min}.`);
  }
  if (opts.max !== undefined && value > opts.max) {
    throw new ValidationError(name, 'max_value', `Ensure this value is less than or equal to ${opts.max}.`);
  }
  return value;
}

const TRUE_VALUES = new Set(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1']);
const FALSE_VALUES = new Set(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0']);
const NULL_VALUES = new Set(['null', 'Null', 'NULL', '']);

function booleanField(params: Params, name: string, opts: { default: boolean | null; allowNull: boolean }): boolean | null {
  const raw = present(params, name);
  if (raw === undefined || (raw === '' && !opts.allowNull)) return opts.default;
  if (TRUE_VALUES.has(raw)) return true;
  if (FALSE_VALUES.has(raw)) return false;
  if (opts.allowNull && NULL_VALUES.has(raw)) return null;
  throw new ValidationError(name, 'invalid_input', 'Must be a valid boolean.');
}

/** PostHog's url_pattern rewrite: anchor with ^...$, and a `*` not preceded by `.` means `.+`. */
export function urlPatternToRegexSource(pattern: string): string {
  let anchored = pattern;
  if (!pattern.startsWith('^')) anchored = `^${anchored}`;
  if (!pattern.endsWith('$')) anchored = `${anchored}$`;
  let rewritten = '';
  for (let i = 0; i < anchored.length; i++) {
    const char = anchored[i]!;
    rewritten += char === '*' && i > 0 && anchored[i - 1] !== '.' ? '.+' : char;
  }
  return rewritten;
}

export type HeatmapAggregation = 'total_count' | 'unique_visitors';

/** The validated filters shared by the list and events endpoints. */
export interface HeatmapFilters {
  type: string;
  /** Inclusive lower bound: start of the date_from day. */
  dateFrom: Date;
  /** Inclusive upper bound: start of the day after date_to. */
  dateToBound: Date;
  urlExact?: string;
  urlPattern?: RegExp;
  viewportWidthMin?: number;
  viewportWidthMax?: number;
  filterTestAccounts: boolean | null;
}

export interface HeatmapListQuery extends HeatmapFilters {
  aggregation: HeatmapAggregation;
  hideZeroCoordinates: boolean;
  limit: number;
  offset: number;
}

export interface HeatmapPoint {
  x: number;
  y: number;
  target_fixed: boolean;
}

export interface HeatmapEventsQuery extends HeatmapFilters {
  points: HeatmapPoint[];
  limit: number;
  offset: number;
}

function parseDateParam(params: Params, name: 'date_from' | 'date_to', fallback: string, now: Date): Date {
  const value = charField(params, name) ?? fallback;
  const parsed = parseQueryDate(value, now);
  if (!parsed) throw new ValidationError(name, 'invalid_input', `Error parsing provided ${name}: ${value}`);
  return parsed;
}

/** Fields of HeatmapsRequestSerializer, validated in declaration order. */
function parseSharedFields(params: Params, now: Date) {
  const viewportWidthMin = integerField(params, 'viewport_width_min', {});
  const viewportWidthMax = integerField(params, 'viewport_width_max', {});
  const type = charField(params, 'type') ?? 'click';
  const dateFrom = parseDateParam(params, 'date_from', '-7d', now);
  const dateTo = parseDateParam(params, 'date_to', now.toISOString().slice(0, 10), now);
  let urlExact = charField(params, 'url_exact');
  let urlPatternText = charField(params, 'url_pattern');
  let urlPattern: RegExp | undefined;
  if (urlPatternText !== undefined) {
    const source = urlPatternToRegexSource(urlPatternText);
    try {
      urlPattern = new RegExp(source);
    } catch {
      throw new ValidationError('url_pattern', 'invalid_input', `Invalid url_pattern: ${urlPatternText}`);
    }
  }
  const aggregationRaw = present(params, 'aggregation');
  let aggregation: HeatmapAggregation = 'total_count';
  if (aggregationRaw !== undefined) {
    if (aggregationRaw !== 'total_count' && aggregationRaw !== 'unique_visitors') {
      throw new ValidationError('aggregation', 'invalid_choice', `"${aggregationRaw}" is not a valid choice.`);
    }
    aggregation = aggregationRaw;
  }
  const filterTestAccounts = booleanField(params, 'filter_test_accounts', { default: null, allowNull: true });
  const hideZeroCoordinates = booleanField(params, 'hide_zero_coordinates', { default: true, allowNull: false }) ?? true;
  // PostHog compares the raw strings: identical values keep url_exact, differing ones keep the pattern.
  if (urlExact !== undefined && urlPatternText !== undefined) {
    if (urlExact === urlPatternText) {
      urlPatternText = undefined;
      urlPattern = undefined;
    } else {
      urlExact = undefined;
    }
  }
  const filters: HeatmapFilters = {
    type,
    dateFrom,
    dateToBound: new Date(dateTo.getTime() + DAY_MS),
    urlExact,
    urlPattern,
    viewportWidthMin,
    viewportWidthMax,
    filterTestAccounts,
  };
  return { filters, aggregation, hideZeroCoordinates };
}

export function parseHeatmapListQuery(params: Params, now: Date = new Date()): HeatmapListQuery {
  const { filters, aggregation, hideZeroCoordinates } = parseSharedFields(params, now);
  const limit = integerField(params, 'limit', { default: DEFAULT_HEATMAP_LIMIT, min: 0, max: MAX_SELECT_HEATMAPS_LIMIT })!;
  const offset = integerField(params, 'offset', { default: 0, min: 0, max: MAX_SELECT_HEATMAPS_LIMIT })!;
  return { ...filters, aggregation, hideZeroCoordinates, limit, offset };
}

export function parseHeatmapEventsQuery(params: Params, now: Date = new Date()): HeatmapEventsQuery {
  const { filters } = parseSharedFields(params, now);
  const pointsRaw = present(params, 'points');
  if (pointsRaw === undefined || pointsRaw === '') throw new ValidationError('points', 'required', 'This field is required.');
  const points = parsePoints(pointsRaw);
  const limit = integerField(params, 'limit', { default: DEFAULT_EVENTS_LIMIT, min: 1, max: MAX_EVENTS_LIMIT })!;
  const offset = integerField(params, 'offset', { default: 0, min: 0 })!;
  return { ...filters, points, limit, offset };
}

function parsePoints(raw: string): HeatmapPoint[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ValidationError('points', 'invalid_input', 'points must be valid JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new ValidationError('points', 'invalid_input', 'points must be a non-empty array');
  }
  return parsed.map((point: unknown) => {
    if (typeof point !== 'object' || point === null || !('x' in point) || !('y' in point)) {
      throw new ValidationError('points', 'invalid_input', 'each point must have x and y');
    }
    const { x, y, target_fixed } = point as { x: unknown; y: unknown; target_fixed?: unknown };
    const xNumber = Number(x);
    const yNumber = Number(y);
    if (x === null || y === null || x === '' || y === '' || !Number.isFinite(xNumber) || !Number.isFinite(yNumber)) {
      throw new ValidationError('points', 'invalid_input', 'each point must have numeric x and y');
    }
    // PostHog: round(float(x), 2), int(y), bool(target_fixed) with a False default.
    return { x: pythonRound(xNumber, 2), y: Math.trunc(yNumber), target_fixed: Boolean(target_fixed ?? false) };
  });
}

// ---------------------------------------------------------------------------------------------
// Row filtering

function trimTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The relative x PostHog groups by: round(x / viewport_width, 2) on the stored, scaled values. */
export function relativeX(row: HeatmapRow): number {
  return clickhouseRound(row.x / row.viewport_width, 2);
}

export function filterRows(rows: readonly HeatmapRow[], filters: HeatmapFilters): HeatmapRow[] {
  const exact = filters.urlExact === undefined ? undefined : trimTrailingSlashes(filters.urlExact);
  const widthMin = filters.viewportWidthMin === undefined ? undefined : clickhouseRound(filters.viewportWidthMin / SCALE_FACTOR);
  const widthMax = filters.viewportWidthMax === undefined ? undefined : clickhouseRound(filters.viewportWidthMax / SCALE_FACTOR);
  const from = filters.dateFrom.getTime();
  const toBound = filters.dateToBound.getTime();
  return rows.filter((row) => {
    const time = row.timestamp.getTime();
    if (time < from || time > toBound) return false;
    if (row.type !== filters.type) return false;
    if (widthMin !== undefined && row.viewport_width < widthMin) return false;
    if (widthMax !== undefined && row.viewport_width > widthMax) return false;
    if (exact !== undefined && trimTrailingSlashes(row.current_url) !== exact) return false;
    if (filters.urlPattern && !filters.urlPattern.test(row.current_url)) return false;
    if (filters.filterTestAccounts === true && row.is_test_account) return false;
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// GET /heatmaps/

export interface HeatmapSpot {
  count: number;
  pointer_y: number;
  pointer_relative_x: number;
  pointer_target_fixed: boolean;
}

export interface FoldSummary {
  total_count: number;
  below_fold_count: number;
  pct_below_fold: number;
  median_viewport_height: number | null;
}

export interface HeatmapListResponse {
  results: HeatmapSpot[];
  fold: FoldSummary;
  has_more: boolean;
}

export interface ScrollDepthBucket {
  scroll_depth_bucket: number;
  bucket_count: number;
  cumulative_count: number;
}

export interface ScrollDepthResponse {
  results: ScrollDepthBucket[];
}

/** Count rows, or distinct visitors, per key. */
function aggregate<K>(rows: readonly HeatmapRow[], keyOf: (row: HeatmapRow) => K, aggregation: HeatmapAggregation): Map<K, number> {
  const totals = new Map<K, number>();
  const visitors = new Map<K, Set<string>>();
  for (const row of rows) {
    const key = keyOf(row);
    if (aggregation === 'total_count') {
      totals.set(key, (totals.get(key) ?? 0) + 1);
    } else {
      let set = visitors.get(key);
      if (!set) visitors.set(key, (set = new Set()));
      set.add(row.distinct_id);
    }
  }
  if (aggregation === 'unique_visitors') for (const [key, set] of visitors) totals.set(key, set.size);
  return totals;
}

/** ClickHouse quantile(level): linear interpolation between the nearest ranks. */
function interpolatedQuantile(values: number[], level: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = level * (sorted.length - 1);
  const lower = Math.floor(index);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (index - lower) * (sorted[upper]! - sorted[lower]!);
}

export const EMPTY_FOLD: Readonly<FoldSummary> = Object.freeze({
  total_count: 0,
  below_fold_count: 0,
  pct_below_fold: 0.0,
  median_viewport_height: null,
});

/** Above/below-the-fold summary over every matched interaction (ignores limit/offset). */
export function foldSummary(rows: readonly HeatmapRow[]): FoldSummary {
  if (rows.length === 0) return { ...EMPTY_FOLD };
  let total = 0;
  let below = 0;
  for (const row of rows) {
    if (row.pointer_target_fixed) continue;
    total++;
    // Both in stored 1/16 units: below the fold when it sat lower than the visitor's own viewport.
    if (row.y > row.viewport_height) below++;
  }
  const median = interpolatedQuantile(
    rows.map((row) => row.viewport_height * row.scale_factor),
    0.5,
  );
  return {
    total_count: total,
    below_fold_count: below,
    pct_below_fold: total ? pythonRound((100 * below) / total, 1) : 0.0,
    median_viewport_height: median === null ? null : clickhouseRound(median),
  };
}

export function queryHeatmap(rows: readonly HeatmapRow[], query: HeatmapListQuery): HeatmapListResponse | ScrollDepthResponse {
  let matched = filterRows(rows, query);
  if (query.type === 'scrolldepth') return scrollDepth(matched, query.aggregation);

  if (query.hideZeroCoordinates) matched = matched.filter((row) => !(row.x === 0 && row.y === 0));

  const spots = new Map<string, HeatmapSpot>();
  const counts = aggregate(
    matched,
    (row) => {
      const spot: HeatmapSpot = {
        count: 0,
        pointer_y: row.y * row.scale_factor,
        pointer_relative_x: relativeX(row),
        pointer_target_fixed: row.pointer_target_fixed,
      };
      const key = `${spot.pointer_target_fixed}|${spot.pointer_relative_x}|${spot.pointer_y}`;
      if (!spots.has(key)) spots.set(key, spot);
      return key;
    },
    query.aggregation,
  );
  const ordered = [...counts].map(([key, count]) => ({ ...spots.get(key)!, count }));
  ordered.sort(
    (a, b) =>
      b.count - a.count ||
      a.pointer_y - b.pointer_y ||
      a.pointer_relative_x - b.pointer_relative_x ||
      Number(a.pointer_target_fixed) - Number(b.pointer_target_fixed),
  );

  const unbounded = query.limit === 0;
  // Like PostHog: fetch one row past the page to learn whether more exist; limit=0 is capped, never "more".
  const fetched = ordered.slice(query.offset, query.offset + (unbounded ? MAX_SELECT_HEATMAPS_LIMIT : query.limit + 1));
  const hasMore = !unbounded && fetched.length > query.limit;
  const results = unbounded ? fetched : fetched.slice(0, query.limit);
  return { results, fold: foldSummary(matched), has_more: hasMore };
}

/**
 * Scroll depth: bucket = the deepest pixel seen ((max scrollY + viewport height), stored /16) in
 * 100 px steps; cumulative_count(b) = visitors who reached b or deeper. Ignores limit, offset and
 * hide_zero_coordinates, like PostHog.
 */
export function scrollDepth(rows: readonly HeatmapRow[], aggregation: HeatmapAggregation): ScrollDepthResponse {
  const counts = aggregate(
    rows,
    (row) => Math.floor(((row.y + row.viewport_height) * row.scale_factor) / 100) * 100,
    aggregation,
  );
  const descending = [...counts].sort((a, b) => b[0] - a[0]);
  let cumulative = 0;
  const results = descending.map(([bucket, count]) => {
    cumulative += count;
    return { scroll_depth_bucket: bucket, bucket_count: count, cumulative_count: cumulative };
  });
  return { results: results.reverse() };
}

// ---------------------------------------------------------------------------------------------
// GET /heatmaps/events/

export interface HeatmapEventItem {
  session_id: string | null;
  distinct_id: string;
  timestamp: string;
  pointer_relative_x: number;
  pointer_y: number;
  current_url: string;
  type: string;
}

export interface HeatmapEventsResponse {
  results: HeatmapEventItem[];
  total_count: number;
  has_more: boolean;
}

/** DRF renders a UTC datetime as ISO 8601 with `Z`, microseconds only when non-zero. */
export function formatDrfDateTime(date: Date): string {
  const iso = date.toISOString(); // 2025-03-31T12:00:00.123Z
  const millis = date.getUTCMilliseconds();
  return millis === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${String(millis).padStart(3, '0')}000Z`;
}

export function queryHeatmapEvents(rows: readonly HeatmapRow[], query: HeatmapEventsQuery): HeatmapEventsResponse {
  const matched = filterRows(rows, query).filter((row) => {
    const x = relativeX(row);
    const y = row.y * row.scale_factor;
    return query.points.some((point) => point.x === x && point.y === y && point.target_fixed === row.pointer_target_fixed);
  });
  const newestFirst = matched
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.timestamp.getTime() - a.row.timestamp.getTime() || a.index - b.index)
    .map(({ row }) => row);
  const page = newestFirst.slice(query.offset, query.offset + query.limit);
  return {
    results: page.map((row) => ({
      session_id: row.session_id ? row.session_id : null,
      distinct_id: row.distinct_id,
      timestamp: formatDrfDateTime(row.timestamp),
      pointer_relative_x: relativeX(row),
      pointer_y: row.y * row.scale_factor,
      current_url: row.current_url,
      type: row.type,
    })),
    total_count: matched.length,
    has_more: matched.length > query.offset + query.limit,
  };
}

// ---------------------------------------------------------------------------------------------
// GET /elements/stats/

export interface ElementStatsItem {
  count: number;
  hash: string | null;
  type: ElementEventName;
  elements: ElementDescription[];
}

export interface ElementStatsResponse {
  results: ElementStatsItem[];
  next: string | null;
  previous: string | null;
}

const ELEMENT_EVENTS: readonly ElementEventName[] = ['$autocapture', '$rageclick', '$dead_click'];
const DEFAULT_ELEMENT_STATS_LIMIT = 10_000;

interface PropertyFilter {
  key: string;
  value: unknown;
  operator?: string;
  type?: string;
}

function parsePropertyFilters(raw: string | undefined): PropertyFilter[] {
  if (raw === undefined || raw === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ValidationError('properties', 'invalid_input', 'Properties are unparsable!');
  }
  // PostHog also accepts a property group {type: 'AND', values: [...]}; flatten its plain filters.
  const list = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { values?: unknown }).values)
      ? (parsed as { values: unknown[] }).values
      : null;
  if (!list) throw new ValidationError('properties', 'invalid_input', 'Properties are unparsable!');
  return list.filter((item): item is PropertyFilter => typeof item === 'object' && item !== null && 'key' in item);
}

function matchesProperty(event: ElementEvent, filter: PropertyFilter): boolean {
  if (filter.key === '$viewport_width') return matchesNumber(event.viewport_width, filter);
  // Only $current_url and $viewport_width are stored with these events; filters on other keys match nothing.
  if (filter.key !== '$current_url') return false;
  const actual = event.current_url;
  const values = Array.isArray(filter.value) ? filter.value.map(String) : [String(filter.value)];
  switch (filter.operator ?? 'exact') {
    case 'exact':
      return values.includes(actual);
    case 'is_not':
      return !values.includes(actual);
    case 'icontains':
      return values.some((value) => actual.toLowerCase().includes(value.toLowerCase()));
    case 'not_icontains':
      return !values.some((value) => actual.toLowerCase().includes(value.toLowerCase()));
    case 'regex':
      return values.some((value) => safeRegex(value)?.test(actual) ?? false);
    case 'not_regex':
      return !values.some((value) => safeRegex(value)?.test(actual) ?? false);
    default:
      return false;
  }
}

/** PostHog's numeric operators on an event property; an event without the property matches none. */
function matchesNumber(actual: number | undefined, filter: PropertyFilter): boolean {
  if (actual === undefined) return false;
  const value = Number(Array.isArray(filter.value) ? filter.value[0] : filter.value);
  if (!Number.isFinite(value)) return false;
  switch (filter.operator ?? 'exact') {
    case 'exact':
      return actual === value;
    case 'gt':
      return actual > value;
    case 'gte':
      return actual >= value;
    case 'lt':
      return actual < value;
    case 'lte':
      return actual <= value;
    default:
      return false;
  }
}

function safeRegex(source: string): RegExp | null {
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

/** `requestUrl` is the URL the request came in on, used to build next/previous links. */
export function queryElementStats(
  events: readonly ElementEvent[],
  params: Params,
  now: Date = new Date(),
  requestUrl?: URL,
): ElementStatsResponse {
  const included = params
    .getAll('include')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  for (const name of included) {
    if (!ELEMENT_EVENTS.includes(name as ElementEventName)) {
      throw new ValidationError('include', 'invalid_input', `Only ${ELEMENT_EVENTS.join(', ')} can be included`);
    }
  }
  const eventNames = new Set<string>(included.length ? included : ['$autocapture']);
  const dateFrom = parseDateParam(params, 'date_from', '-7d', now);
  const dateToBound = parseDateParam(params, 'date_to', now.toISOString().slice(0, 10), now).getTime() + DAY_MS;
  const filterTestAccounts = booleanField(params, 'filter_test_accounts', { default: null, allowNull: true });
  const propertyFilters = parsePropertyFilters(present(params, 'properties'));
  const limit = integerField(params, 'limit', { default: DEFAULT_ELEMENT_STATS_LIMIT, min: 1 })!;
  const offset = integerField(params, 'offset', { default: 0, min: 0 })!;

  const groups = new Map<string, ElementStatsItem>();
  for (const event of events) {
    if (!eventNames.has(event.event)) continue;
    const time = event.timestamp.getTime();
    if (time < dateFrom.getTime() || time > dateToBound) continue;
    if (filterTestAccounts === true && event.is_test_account) continue;
    if (!propertyFilters.every((filter) => matchesProperty(event, filter))) continue;
    const key = `${event.event}|${JSON.stringify(event.elements)}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, hash: null, type: event.event, elements: event.elements });
  }
  const ordered = [...groups.values()].sort((a, b) => b.count - a.count);
  const page = ordered.slice(offset, offset + limit);

  const pageLink = (newOffset: number): string | null => {
    if (!requestUrl) return null;
    const link = new URL(requestUrl.toString());
    link.searchParams.set('offset', String(newOffset));
    link.searchParams.set('limit', String(limit));
    return link.toString();
  };
  return {
    results: page,
    next: offset + limit < ordered.length ? pageLink(offset + limit) : null,
    previous: offset > 0 ? pageLink(Math.max(0, offset - limit)) : null,
  };
}
