import type { HeatmapQuery } from '../posthog/query';
import type { ClickLikeHeatmapType } from '../posthog/schemas';
import type { DateRange, Segment } from '../settings/preferences';

/**
 * HogQL for segmented heatmaps (issue 9). The heatmaps endpoint has no segment filter, so a segment
 * is asked of PostHog's query endpoint over the raw `heatmaps` table, with the endpoint's own
 * coordinate rules (shared/posthog-api.md): x, y and viewports are stored divided by
 * `scale_factor` (16), relative x = round(x / viewport_width, 2), pointer_y = y * scale_factor,
 * viewport bounds compared as round(px / 16), url exact with trailing slashes trimmed, url patterns
 * anchored with `*` meaning `.+`, dates truncated to the day with an inclusive end day, points at
 * (0, 0) dropped. Every value the user or the page supplies is a `values` placeholder (HogQLValues),
 * and every name (a property key) goes through `hogqlIdentifier`: nothing is pasted into the query
 * text unescaped.
 */

/** The segments answered by HogQL; `all` and `device` use the plain heatmaps endpoint. */
export type QuerySegment = Extract<Segment, { kind: 'person' | 'cohort' | 'flag' }>;

export function isQuerySegment(segment: Segment): segment is QuerySegment {
  return segment.kind === 'person' || segment.kind === 'cohort' || segment.kind === 'flag';
}

/** A HogQL string literal: backslash and single quote escaped, control characters spelled out. */
export function hogqlString(value: string): string {
  const escaped = value.replace(/[\\'\n\r\t\0]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\0':
        return '\\0';
      default:
        return `\\${char}`;
    }
  });
  return `'${escaped}'`;
}

/**
 * Escapes inside a backticked identifier as PostHog's HogQL lexer reads them (HogQLLexer.g4: a
 * backticked IDENTIFIER holds any character but `\` and `` ` ``, the common escapes \b \f \r \n \t
 * \0 \a \v \\, or a doubled backtick). `\`` is not among them: PostHog's own escape_hogql_identifier
 * doubles the backtick, and so does this.
 */
const IDENTIFIER_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\f': '\\f',
  '\r': '\\r',
  '\n': '\\n',
  '\t': '\\t',
  '\0': '\\0',
  '\x07': '\\a',
  '\v': '\\v',
  '\\': '\\\\',
  '`': '``',
};

/** A property key PostHog refuses as a HogQL identifier (it prints identifiers with `%` nowhere). */
export class UnsupportedIdentifierError extends Error {
  constructor(readonly identifier: string) {
    super(`PostHog cannot query a property whose name contains “%” (“${identifier}”): pick another property.`);
    this.name = 'UnsupportedIdentifierError';
  }
}

/** A HogQL identifier in backticks (property keys such as `$feature/pricing-test` need them). */
export function hogqlIdentifier(name: string): string {
  if (name.length === 0) throw new Error('empty identifier');
  if (name.includes('%')) throw new UnsupportedIdentifierError(name);
  let escaped = '';
  for (const char of name) escaped += IDENTIFIER_ESCAPES[char] ?? char;
  return `\`${escaped}\``;
}

/**
 * Values passed beside the query text (HogQLQuery `values`, shared/posthog-api.md) and named in it by
 * placeholders, `{v0}`, `{v1}`…: PostHog reads them as constants, so the text the user or the page
 * supplied (a person property's value, a flag variant, the page's URL) never becomes query text.
 */
export class HogQLValues {
  readonly values: Record<string, string> = {};
  private count = 0;

  /** The placeholder standing for `value`. */
  placeholder(value: string): string {
    const name = `v${this.count++}`;
    this.values[name] = value;
    return `{${name}}`;
  }
}

/** LIKE wildcards in a user's value match themselves, so `icontains 50%` means the text "50%". */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const INTERVAL_UNITS: Record<string, string> = { h: 'HOUR', d: 'DAY', w: 'WEEK', m: 'MONTH', y: 'YEAR' };
const RELATIVE_DATE = /^-(\d+)([hdwmy])(Start)?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export class UnsupportedDateError extends Error {
  constructor(readonly value: string) {
    super(`Segments understand dates like -7d, -24h, -1mStart or YYYY-MM-DD, not "${value}".`);
    this.name = 'UnsupportedDateError';
  }
}

/**
 * The start of the day a PostHog date value names, as a HogQL expression: `-7d` →
 * toStartOfDay(now() - INTERVAL 7 DAY), `-1mStart` → toStartOfMonth(now() - INTERVAL 1 MONTH),
 * `dStart` → toStartOfDay(now()), `2026-11-01` → toDateTime('2026-11-01 00:00:00'). HogQL evaluates
 * these in the project's time zone, as the heatmaps endpoint does.
 */
export function dayStartExpression(value: string): string {
  const day = DAY.exec(value);
  if (day) return `toDateTime(${hogqlString(`${value} 00:00:00`)})`;
  if (value === 'dStart') return 'toStartOfDay(now())';
  const relative = RELATIVE_DATE.exec(value);
  if (!relative) throw new UnsupportedDateError(value);
  const [, amount, unit, start] = relative as unknown as [string, string, string, string | undefined];
  const shifted = `now() - INTERVAL ${Number(amount)} ${INTERVAL_UNITS[unit]}`;
  if (start && unit === 'm') return `toStartOfMonth(${shifted})`;
  if (start && unit === 'y') return `toStartOfYear(${shifted})`;
  return `toStartOfDay(${shifted})`;
}

/** `timestamp` within the range: from the start of dateFrom's day to the end of dateTo's (today). */
export function dateRangeConditions(range: DateRange, column = 'timestamp'): string[] {
  const to = range.dateTo === null ? 'toStartOfDay(now())' : dayStartExpression(range.dateTo);
  return [`${column} >= ${dayStartExpression(range.dateFrom)}`, `${column} <= ${to} + INTERVAL 1 DAY`];
}

/** PostHog's url_pattern rule: anchored ^...$, and a `*` not preceded by `.` means `.+`. */
export function urlPatternToRegex(pattern: string): string {
  let anchored = pattern;
  if (!anchored.startsWith('^')) anchored = `^${anchored}`;
  if (!anchored.endsWith('$')) anchored = `${anchored}$`;
  let out = '';
  for (let index = 0; index < anchored.length; index++) {
    const char = anchored[index]!;
    out += char === '*' && index > 0 && anchored[index - 1] !== '.' ? '.+' : char;
  }
  return out;
}

/** The condition that keeps one segment's rows; the user's values go into `values` as placeholders. */
export function segmentCondition(segment: QuerySegment, range: DateRange, values: HogQLValues = new HogQLValues()): string {
  switch (segment.kind) {
    case 'person': {
      const property = `person.properties.${hogqlIdentifier(segment.key)}`;
      const test =
        segment.operator === 'exact'
          ? `${property} = ${values.placeholder(segment.value)}`
          : segment.operator === 'is_not'
            ? // People without the property are "not paid" too, as in PostHog's own is_not.
              `ifNull(${property}, '') != ${values.placeholder(segment.value)}`
            : `${property} ILIKE ${values.placeholder(`%${escapeLike(segment.value)}%`)}`;
      return `distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE ${test})`;
    }
    case 'cohort':
      return `distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE person_id IN COHORT ${Math.trunc(segment.id)})`;
    case 'flag': {
      // The variant a session saw is on its events as `$feature/<key>`; heatmap rows share its session
      // id. A session lasts at most 24 hours in PostHog, so its events are looked for a day either side
      // of the range: a session that began the evening before the range still counts by its clicks in it.
      const property = `properties.${hogqlIdentifier(`$feature/${segment.key}`)}`;
      const to = range.dateTo === null ? 'toStartOfDay(now())' : dayStartExpression(range.dateTo);
      const within = `timestamp >= ${dayStartExpression(range.dateFrom)} - INTERVAL 1 DAY AND timestamp <= ${to} + INTERVAL 2 DAY`;
      return `session_id IN (SELECT $session_id FROM events WHERE ${property} = ${values.placeholder(segment.variant)} AND ${within})`;
    }
  }
}

/** What one segmented load asks: the heatmap filters (as for the endpoint), the types, the segment. */
export interface SegmentQueryInput {
  /** Built by buildHeatmapQuery, so viewport and URL rules are the endpoint's; `type` is ignored. */
  heatmap: HeatmapQuery;
  types: readonly (ClickLikeHeatmapType | 'scrolldepth')[];
  segment: QuerySegment;
}

/** A body for `POST /api/projects/:id/query/`. */
export interface HogQLRequest {
  kind: 'HogQLQuery';
  query: string;
  /** HogQL's `{filters}` placeholder: PostHog applies the project's test-account filters there. */
  filters?: { filterTestAccounts: boolean };
  /** Constants the query names by placeholder (HogQLValues). */
  values?: Record<string, string>;
}

/** The most rows HogQL returns for one query (PostHog caps LIMIT there). */
export const HOGQL_MAX_ROWS = 50_000;

/**
 * The heatmaps endpoint's filters as HogQL conditions (types, days, url, viewport, zero points, test
 * accounts) and the segment's, when there is one (lib/layout-change asks of every visitor).
 */
export function whereClause(input: Omit<SegmentQueryInput, 'segment'> & { segment?: QuerySegment }, values: HogQLValues): string[] {
  const { heatmap, segment } = input;
  const range: DateRange = { dateFrom: heatmap.dateFrom, dateTo: heatmap.dateTo ?? null };
  const conditions = heatmapRowConditions(input, dateRangeConditions(range), values);
  if (segment) conditions.push(segmentCondition(segment, range, values));
  return conditions;
}

/**
 * The endpoint's own filters on `heatmaps` rows (type, URL, viewport, zero coordinates, test
 * accounts) around the given time conditions: segments pass whole days, near-live (lib/near-live)
 * the last hour or a moment.
 */
export function heatmapRowConditions(
  input: { heatmap: HeatmapQuery; types: readonly (ClickLikeHeatmapType | 'scrolldepth')[] },
  timeConditions: readonly string[],
  values: HogQLValues,
): string[] {
  const { heatmap, types } = input;
  const conditions = [types.length === 1 ? `type = ${hogqlString(types[0]!)}` : `type IN (${types.map(hogqlString).join(', ')})`];
  conditions.push(...timeConditions);
  if (heatmap.urlPattern !== undefined) conditions.push(`match(current_url, ${values.placeholder(urlPatternToRegex(heatmap.urlPattern))})`);
  else if (heatmap.urlExact !== undefined) conditions.push(`replaceRegexpAll(current_url, '/+$', '') = ${values.placeholder(heatmap.urlExact.replace(/\/+$/, ''))}`);
  if (heatmap.viewportWidthMin !== undefined && Number.isFinite(heatmap.viewportWidthMin)) {
    conditions.push(`viewport_width >= round(${Math.round(heatmap.viewportWidthMin)} / 16)`);
  }
  if (heatmap.viewportWidthMax !== undefined && Number.isFinite(heatmap.viewportWidthMax)) {
    conditions.push(`viewport_width <= round(${Math.round(heatmap.viewportWidthMax)} / 16)`);
  }
  // The endpoint's hide_zero_coordinates default (which it ignores for scroll depth, whose x is 0).
  if (!types.includes('scrolldepth')) conditions.push('NOT (x = 0 AND y = 0)');
  if (heatmap.filterTestAccounts) conditions.push('{filters}');
  return conditions;
}

/** The body for a query: test-account filters and `values` only when there are any. */
export function hogqlRequest(query: string, filterTestAccounts: boolean, values: HogQLValues): HogQLRequest {
  const body: HogQLRequest = filterTestAccounts ? { kind: 'HogQLQuery', query, filters: { filterTestAccounts: true } } : { kind: 'HogQLQuery', query };
  if (Object.keys(values.values).length > 0) body.values = values.values;
  return body;
}

/**
 * One query for the spots of every wanted click-like type (grouped by type), instead of one per
 * layer: HogQL's budget is 120 queries an hour.
 * Columns: type, pointer_relative_x, pointer_y, pointer_target_fixed, count.
 */
export function buildSegmentSpotsQuery(input: SegmentQueryInput): HogQLRequest {
  const values = new HogQLValues();
  return hogqlRequest(spotsQueryText(whereClause(input, values), input.heatmap.aggregation), input.heatmap.filterTestAccounts, values);
}

/** The spots query over rows kept by `conditions` (segments and near-live share it, and its columns). */
export function spotsQueryText(conditions: readonly string[], aggregation: HeatmapQuery['aggregation']): string {
  const count = aggregation === 'unique_visitors' ? 'count(DISTINCT distinct_id)' : 'count()';
  return [
    `SELECT type, round(x / viewport_width, 2) AS pointer_relative_x, y * scale_factor AS pointer_y, pointer_target_fixed, ${count} AS count`,
    'FROM heatmaps',
    `WHERE ${conditions.join('\n  AND ')}`,
    'GROUP BY type, pointer_relative_x, pointer_y, pointer_target_fixed',
    'ORDER BY count DESC',
    `LIMIT ${HOGQL_MAX_ROWS}`,
  ].join('\n');
}

/**
 * The fold summary per type (as the endpoint's `fold`: fixed targets left out of both counts, the
 * median over every row) and the distinct visitors behind each type.
 * Columns: type, total_count, below_fold_count, median_viewport_height, visitors.
 */
export function buildSegmentSummaryQuery(input: SegmentQueryInput): HogQLRequest {
  const values = new HogQLValues();
  const query = [
    'SELECT type, countIf(NOT pointer_target_fixed) AS total_count, countIf(NOT pointer_target_fixed AND y > viewport_height) AS below_fold_count, ' +
      'quantile(0.5)(viewport_height * scale_factor) AS median_viewport_height, count(DISTINCT distinct_id) AS visitors',
    'FROM heatmaps',
    `WHERE ${whereClause(input, values).join('\n  AND ')}`,
    'GROUP BY type',
  ].join('\n');
  return hogqlRequest(query, input.heatmap.filterTestAccounts, values);
}

/**
 * Scroll depth for a segment, as the endpoint computes it: the deepest pixel each row saw
 * ((y + viewport_height) * scale_factor) in 100 px buckets, ascending; the caller accumulates.
 * Columns: bucket, bucket_count.
 */
export function buildSegmentScrollDepthQuery(input: Omit<SegmentQueryInput, 'types'>): HogQLRequest {
  const values = new HogQLValues();
  const count = input.heatmap.aggregation === 'unique_visitors' ? 'count(DISTINCT distinct_id)' : 'count()';
  const query = [
    `SELECT floor((y + viewport_height) * scale_factor / 100) * 100 AS bucket, ${count} AS bucket_count`,
    'FROM heatmaps',
    `WHERE ${whereClause({ ...input, types: ['scrolldepth'] }, values).join('\n  AND ')}`,
    'GROUP BY bucket',
    'ORDER BY bucket',
  ].join('\n');
  return hogqlRequest(query, input.heatmap.filterTestAccounts, values);
}

/** A spot exactly as the heatmap returned it (the `/heatmaps/events/` `points` shape). */
export interface SpotPoint {
  x: number;
  y: number;
  target_fixed: boolean;
}

function finiteLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/**
 * The sessions of a segment behind some spots (the segment's version of `/heatmaps/events/`):
 * rows matched at the data's resolution, one line per session with its last interaction there.
 * Columns: session_id, distinct_id, last_seen, interactions.
 */
export function buildSegmentSessionsQuery(input: { heatmap: HeatmapQuery; segment: QuerySegment; points: readonly SpotPoint[]; limit: number }): HogQLRequest {
  if (input.points.length === 0) throw new Error('no points');
  const points = input.points
    .map(
      (point) =>
        `(round(x / viewport_width, 2) = ${finiteLiteral(point.x)} AND y * scale_factor = ${finiteLiteral(Math.trunc(point.y))} AND pointer_target_fixed = ${point.target_fixed ? 'true' : 'false'})`,
    )
    .join(' OR ');
  const values = new HogQLValues();
  const conditions = whereClause({ heatmap: input.heatmap, types: [input.heatmap.type as ClickLikeHeatmapType], segment: input.segment }, values);
  const query = [
    'SELECT session_id, distinct_id, max(timestamp) AS last_seen, count() AS interactions',
    'FROM heatmaps',
    `WHERE ${[...conditions, `(${points})`].join('\n  AND ')}`,
    'GROUP BY session_id, distinct_id',
    'ORDER BY last_seen DESC',
    `LIMIT ${Math.max(1, Math.min(Math.trunc(input.limit), HOGQL_MAX_ROWS))}`,
  ].join('\n');
  return hogqlRequest(query, input.heatmap.filterTestAccounts, values);
}

/** The cheapest query there is: tells whether the key may use the query endpoint at all. */
export const ACCESS_PROBE: HogQLRequest = { kind: 'HogQLQuery', query: 'SELECT 1' };
