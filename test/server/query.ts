// `POST /api/projects/:id/query/` of the local PostHog test server: just enough HogQL for the shapes
// Heatlens sends (lib/segments/hogql.ts), run over the stored heatmap rows and segment data. Any
// other query is refused the way PostHog refuses a query it cannot run: 400
// {type: 'validation_error', code: 'invalid_input', detail, attr: null}.
//
// Values may come as placeholders (`{v0}` in the query, `values: {v0: 'paid'}` in the HogQLQuery),
// read as constants exactly where a string literal could stand.
// Understood: `SELECT 1`; the spots, summary, scroll-depth, sessions and per-day band (layout change) queries over `heatmaps`, whose
// WHERE is an AND of: type = / IN, timestamp >= <day> [- INTERVAL n DAY] and <= <day> + INTERVAL n DAY (days as toStartOfDay /
// toStartOfMonth / toStartOfYear of now() - INTERVAL n UNIT, or toDateTime('YYYY-MM-DD 00:00:00')), or near-live's finer
// timestamp >= now() - INTERVAL n SECOND|MINUTE|HOUR|DAY|WEEK / toDateTime('YYYY-MM-DD HH:MM:SS'[, 'UTC']),
// match(current_url, re), replaceRegexpAll(current_url, '/+$', '') = url, viewport_width >= / <=
// round(n / 16), NOT (x = 0 AND y = 0), NOT pointer_target_fixed, {filters} (test accounts, from the body's `filters`), and a
// segment: distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE person.properties.k =
// v | ifNull(person.properties.k, '') != v | person.properties.k ILIKE v | person_id IN COHORT n),
// or session_id IN (SELECT $session_id FROM events WHERE properties.k = v AND <timestamp bounds>).
// Dates resolve exactly like the heatmaps endpoint's date_from/date_to (project time zone UTC), and
// positions are computed by the endpoint's own functions, so a segment's counts are a subset of the
// endpoint's by construction. Results are capped at 50,000 rows like HogQL's LIMIT.

import { clickhouseRound, parseQueryDate, relativeX, ValidationError } from './heatmaps';
import type { SegmentData } from './segment-data';
import type { HeatmapRow } from './store';

export const HOGQL_ROW_CAP = 50_000;
const DAY_MS = 86_400_000;

export interface HogQLAnswer {
  results: unknown[][];
  columns: string[];
  types: Array<[string, string]>;
  hasMore: boolean;
  limit: number | null;
  offset: number;
  hogql: string;
}

function refuse(detail: string): ValidationError {
  return new ValidationError(null, 'invalid_input', detail);
}

// ---------------------------------------------------------------------------------------------
// Lexing: string literals and backtick identifiers are lifted out so the rest can be read by shape.

interface Masked {
  text: string;
  strings: string[];
  identifiers: string[];
}

/** The escapes PostHog's HogQL lexer knows (HogQLLexer.g4, ESCAPE_CHAR_COMMON), plus the closing quote's own. */
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', '0': '\0', a: '\x07', v: '\v', '\\': '\\' };

/**
 * Strings ('…') and backticked identifiers (`…`) as PostHog's lexer reads them: the common escapes,
 * `\'` inside either, and the quote doubled (`''`, ``` `` ```). A backslash before anything else (`\``
 * among them) is a syntax error there, as it is here.
 */
export function maskLiterals(query: string): Masked {
  const strings: string[] = [];
  const identifiers: string[] = [];
  let text = '';
  for (let i = 0; i < query.length; i++) {
    const char = query[i]!;
    if (char !== "'" && char !== '`') {
      text += char;
      continue;
    }
    let value = '';
    let closed = false;
    for (i++; i < query.length; i++) {
      const inner = query[i]!;
      if (inner === '\\') {
        const next = query[++i];
        if (next === undefined) break;
        const escaped = next === "'" ? "'" : ESCAPES[next];
        if (escaped === undefined) throw refuse(`Syntax error: unexpected escape \\${next} in ${char === "'" ? 'a string' : 'an identifier'}`);
        value += escaped;
      } else if (inner === char && query[i + 1] === char) {
        value += char;
        i++;
      } else if (inner === char) {
        closed = true;
        break;
      } else {
        value += inner;
      }
    }
    if (!closed) throw refuse(`Syntax error: unterminated ${char === "'" ? 'string' : 'identifier'}`);
    if (char === "'") text += `§${strings.push(value) - 1}§`;
    else text += `«${identifiers.push(value) - 1}»`;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), strings, identifiers };
}

/**
 * The query's `values` (HogQLQuery.values): each `{name}` outside literals is that constant, as PostHog
 * reads a placeholder; `{filters}` stays the test-account filters. An unknown placeholder is refused.
 */
export function withPlaceholders(masked: Masked, values: unknown): Masked {
  const known = typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : {};
  const strings = [...masked.strings];
  const text = masked.text.replace(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g, (placeholder, name: string) => {
    if (name === 'filters') return '{filters}';
    if (!Object.hasOwn(known, name)) throw refuse(`Placeholder {${name}} is not available in this context.`);
    const value = known[name];
    if (typeof value !== 'string') throw refuse(`Placeholder {${name}}: Heatlens' test server only takes string values.`);
    return `§${strings.push(value) - 1}§`;
  });
  return { ...masked, text, strings };
}

/** Splits at ` AND ` outside parentheses. */
function splitAnd(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (depth === 0 && text.startsWith(' AND ', i)) {
      parts.push(text.slice(start, i).trim());
      start = i + 5;
      i += 4;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Conditions

type RowTest = (row: HeatmapRow) => boolean;

interface Context {
  masked: Masked;
  now: Date;
  segments: SegmentData;
  filterTestAccounts: boolean;
}

const IDENT = '(«\\d+»|[A-Za-z_$][\\w$]*)';

function literal(masked: Masked, token: string): string {
  const match = /^§(\d+)§$/.exec(token);
  if (!match) throw refuse(`Expected a string literal, got ${token}`);
  return masked.strings[Number(match[1])]!;
}

function identifier(masked: Masked, token: string): string {
  const match = /^«(\d+)»$/.exec(token);
  return match ? masked.identifiers[Number(match[1])]! : token;
}

const UNIT_TO_POSTHOG: Record<string, string> = { HOUR: 'h', DAY: 'd', WEEK: 'w', MONTH: 'm', YEAR: 'y' };

/** A day expression → the start of that day, via the heatmaps endpoint's own date parser. */
function dayStart(context: Context, expression: string): Date {
  let value: string | null = null;
  let match: RegExpExecArray | null;
  if (expression === 'toStartOfDay(now())') value = 'dStart';
  else if ((match = /^toStartOfDay\(now\(\) - INTERVAL (\d+) (HOUR|DAY|WEEK|MONTH|YEAR)\)$/.exec(expression))) value = `-${match[1]}${UNIT_TO_POSTHOG[match[2]!]}`;
  else if ((match = /^toStartOfMonth\(now\(\) - INTERVAL (\d+) MONTH\)$/.exec(expression))) value = `-${match[1]}mStart`;
  else if ((match = /^toStartOfYear\(now\(\) - INTERVAL (\d+) YEAR\)$/.exec(expression))) value = `-${match[1]}yStart`;
  else if ((match = /^toDateTime\((§\d+§)\)$/.exec(expression))) {
    const text = literal(context.masked, match[1]!);
    const day = /^(\d{4}-\d{2}-\d{2}) 00:00:00$/.exec(text);
    // A moment within a day is a moment, not a day (moment() reads it).
    if (!day) return new Date(moment(context, expression)!);
    value = day[1]!;
  }
  const parsed = value === null ? null : parseQueryDate(value, context.now);
  if (!parsed) throw refuse(`Unsupported date expression: ${expression}`);
  return parsed;
}

const UNIT_MS: Record<string, number> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: DAY_MS, WEEK: 7 * DAY_MS };

/**
 * A moment finer than a day, as near-live asks for it (lib/near-live/query.ts): `now() - INTERVAL n
 * SECOND|MINUTE|HOUR|DAY|WEEK` (exactly that long before now, as ClickHouse subtracts), or
 * `toDateTime('YYYY-MM-DD HH:MM:SS'[, 'UTC'])` read in the project's time zone (UTC here, like the
 * endpoint's dates; any other zone is refused). Null when the expression is not one of these.
 */
function moment(context: Context, expression: string): number | null {
  let match = /^now\(\) - INTERVAL (\d+) (SECOND|MINUTE|HOUR|DAY|WEEK)$/.exec(expression);
  if (match) return context.now.getTime() - Number(match[1]) * UNIT_MS[match[2]!]!;
  match = /^toDateTime\((§\d+§)(?:, (§\d+§))?\)$/.exec(expression);
  if (!match) return null;
  const text = literal(context.masked, match[1]!);
  if (match[2] !== undefined && literal(context.masked, match[2]) !== 'UTC') throw refuse(`Unsupported time zone '${literal(context.masked, match[2])}': the test server's project is in UTC`);
  const parts = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!parts) throw refuse(`Unsupported date literal '${text}'`);
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(time);
  // ClickHouse refuses 2026-02-30 and 25:00 rather than rolling them over.
  if (back.getUTCDate() !== day || back.getUTCHours() !== hour || back.getUTCMinutes() !== minute || back.getUTCSeconds() !== second) throw refuse(`Cannot parse date '${text}'`);
  return time;
}

/** `timestamp >= …` / `timestamp <= … + INTERVAL 1 DAY`, or null when the condition is not one. */
function timestampTest(context: Context, condition: string): ((time: number) => boolean) | null {
  const since = /^timestamp >= (.+)$/.exec(condition);
  const sinceMoment = since ? moment(context, since[1]!) : null;
  if (sinceMoment !== null) return (time) => time >= sinceMoment;
  let match = /^timestamp >= (.+?)(?: - INTERVAL (\d+) DAY)?$/.exec(condition);
  if (match) {
    const from = dayStart(context, match[1]!).getTime() - Number(match[2] ?? 0) * DAY_MS;
    return (time) => time >= from;
  }
  match = /^timestamp <= (.+) \+ INTERVAL (\d+) DAY$/.exec(condition);
  if (match) {
    const bound = dayStart(context, match[1]!).getTime() + Number(match[2]) * DAY_MS;
    return (time) => time <= bound;
  }
  return null;
}

function likeToRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

/** The distinct ids a person_distinct_ids subquery selects. */
function personDistinctIds(context: Context, where: string): Set<string> {
  const { masked, segments } = context;
  const ids = new Set<string>();
  let match: RegExpExecArray | null;
  let keep: (properties: Record<string, unknown>, personId: string) => boolean;
  if ((match = new RegExp(`^person\\.properties\\.${IDENT} = (§\\d+§)$`).exec(where))) {
    const [key, value] = [identifier(masked, match[1]!), literal(masked, match[2]!)];
    keep = (properties) => key in properties && String(properties[key]) === value;
  } else if ((match = new RegExp(`^ifNull\\(person\\.properties\\.${IDENT}, (§\\d+§)\\) != (§\\d+§)$`).exec(where))) {
    const [key, fallback, value] = [identifier(masked, match[1]!), literal(masked, match[2]!), literal(masked, match[3]!)];
    keep = (properties) => (key in properties ? String(properties[key]) : fallback) !== value;
  } else if ((match = new RegExp(`^person\\.properties\\.${IDENT} ILIKE (§\\d+§)$`).exec(where))) {
    const key = identifier(masked, match[1]!);
    const pattern = likeToRegex(literal(masked, match[2]!));
    keep = (properties) => key in properties && pattern.test(String(properties[key]));
  } else if ((match = /^person_id IN COHORT (\d+)$/.exec(where))) {
    const cohort = segments.cohorts.find((candidate) => candidate.id === Number(match![1]));
    if (!cohort) throw refuse(`Could not find a cohort with ID ${match[1]}`);
    keep = (_properties, personId) => cohort.members.has(personId);
  } else {
    throw refuse(`Unsupported condition in person_distinct_ids: ${where}`);
  }
  for (const person of segments.persons) if (keep(person.properties, person.id)) for (const id of person.distinctIds) ids.add(id);
  return ids;
}

/** The session ids an events subquery selects. */
function eventSessionIds(context: Context, where: string): Set<string> {
  const tests: Array<(event: SegmentData['events'][number]) => boolean> = [];
  for (const condition of splitAnd(where)) {
    const time = timestampTest(context, condition);
    if (time) {
      tests.push((event) => time(event.timestamp.getTime()));
      continue;
    }
    const match = new RegExp(`^properties\\.${IDENT} = (§\\d+§)$`).exec(condition);
    if (!match) throw refuse(`Unsupported condition in events: ${condition}`);
    const [key, value] = [identifier(context.masked, match[1]!), literal(context.masked, match[2]!)];
    tests.push((event) => key in event.properties && String(event.properties[key]) === value);
  }
  const ids = new Set<string>();
  for (const event of context.segments.events) if (tests.every((test) => test(event))) ids.add(event.sessionId);
  return ids;
}

function rowTest(context: Context, condition: string): RowTest {
  const { masked } = context;
  let match: RegExpExecArray | null;
  if ((match = /^type = (§\d+§)$/.exec(condition))) {
    const type = literal(masked, match[1]!);
    return (row) => row.type === type;
  }
  if ((match = /^type IN \((§\d+§(?:, §\d+§)*)\)$/.exec(condition))) {
    const types = new Set(match[1]!.split(', ').map((token) => literal(masked, token)));
    return (row) => types.has(row.type);
  }
  const time = timestampTest(context, condition);
  if (time) return (row) => time(row.timestamp.getTime());
  if ((match = /^match\(current_url, (§\d+§)\)$/.exec(condition))) {
    const source = literal(masked, match[1]!);
    let pattern: RegExp;
    try {
      pattern = new RegExp(source);
    } catch {
      throw refuse(`Invalid regular expression: ${source}`);
    }
    return (row) => pattern.test(row.current_url);
  }
  if ((match = /^replaceRegexpAll\(current_url, (§\d+§), (§\d+§)\) = (§\d+§)$/.exec(condition))) {
    if (literal(masked, match[1]!) !== '/+$' || literal(masked, match[2]!) !== '') throw refuse(`Unsupported replaceRegexpAll: ${condition}`);
    const url = literal(masked, match[3]!);
    return (row) => row.current_url.replace(/\/+$/, '') === url;
  }
  if ((match = /^viewport_width (>=|<=) round\((\d+) \/ 16\)$/.exec(condition))) {
    const bound = clickhouseRound(Number(match[2]) / 16);
    return match[1] === '>=' ? (row) => row.viewport_width >= bound : (row) => row.viewport_width <= bound;
  }
  if (/^\(\(round\(x \/ viewport_width, 2\) = /.test(condition)) {
    // Spots exactly as the heatmap returned them, OR-ed (the segment's /heatmaps/events/ points).
    const points = condition
      .slice(1, -1)
      .split(' OR ')
      .map((term) => {
        const point = /^\(round\(x \/ viewport_width, 2\) = (-?[\d.]+) AND y \* scale_factor = (-?\d+) AND pointer_target_fixed = (true|false)\)$/.exec(term);
        if (!point) throw refuse(`Unsupported point condition: ${term}`);
        return { x: Number(point[1]), y: Number(point[2]), fixed: point[3] === 'true' };
      });
    return (row) => points.some((point) => relativeX(row) === point.x && row.y * row.scale_factor === point.y && row.pointer_target_fixed === point.fixed);
  }
  if (condition === 'NOT (x = 0 AND y = 0)') return (row) => !(row.x === 0 && row.y === 0);
  if (condition === 'NOT pointer_target_fixed') return (row) => !row.pointer_target_fixed;
  if (condition === '{filters}') return context.filterTestAccounts ? (row) => !row.is_test_account : () => true;
  if ((match = /^distinct_id IN \(SELECT distinct_id FROM person_distinct_ids WHERE (.+)\)$/.exec(condition))) {
    const ids = personDistinctIds(context, match[1]!);
    return (row) => ids.has(row.distinct_id);
  }
  if ((match = /^session_id IN \(SELECT \$session_id FROM events WHERE (.+)\)$/.exec(condition))) {
    const ids = eventSessionIds(context, match[1]!);
    return (row) => ids.has(row.session_id);
  }
  throw refuse(`Unsupported condition: ${condition.replace(/§(\d+)§/g, (_, index: string) => `'${masked.strings[Number(index)]}'`)}`);
}

// ---------------------------------------------------------------------------------------------
// SELECT shapes

const SPOT_COLUMNS = 'type, round(x / viewport_width, 2) AS pointer_relative_x, y * scale_factor AS pointer_y, pointer_target_fixed';
const SPOTS_TOTAL = `${SPOT_COLUMNS}, count() AS count`;
const SPOTS_UNIQUE = `${SPOT_COLUMNS}, count(DISTINCT distinct_id) AS count`;
const SPOTS_GROUP = 'type, pointer_relative_x, pointer_y, pointer_target_fixed';
const SUMMARY =
  'type, countIf(NOT pointer_target_fixed) AS total_count, countIf(NOT pointer_target_fixed AND y > viewport_height) AS below_fold_count, ' +
  'quantile(0.5)(viewport_height * scale_factor) AS median_viewport_height, count(DISTINCT distinct_id) AS visitors';

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = 0.5 * (sorted.length - 1);
  const lower = Math.floor(index);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (index - lower) * (sorted[upper]! - sorted[lower]!);
}

/** Parses and runs one HogQL query body (`{kind, query, filters?}`). */
export function runHogQLQuery(
  body: unknown,
  data: { rows: readonly HeatmapRow[]; segments: SegmentData },
  now: Date = new Date(),
): HogQLAnswer {
  if (typeof body !== 'object' || body === null || !('query' in body)) throw new ValidationError('query', 'required', 'This field is required.');
  const node = (body as { query: unknown }).query;
  if (typeof node !== 'object' || node === null) throw new ValidationError('query', 'invalid_input', 'Invalid query.');
  const { kind, query, filters, values } = node as { kind?: unknown; query?: unknown; filters?: unknown; values?: unknown };
  if (kind !== 'HogQLQuery') throw new ValidationError('query', 'invalid_input', `Unsupported query kind: ${String(kind)}`);
  if (typeof query !== 'string' || !query.trim()) throw new ValidationError('query', 'invalid_input', 'HogQL query is empty.');
  const filterTestAccounts = typeof filters === 'object' && filters !== null && (filters as { filterTestAccounts?: unknown }).filterTestAccounts === true;

  const masked = withPlaceholders(maskLiterals(query), values);
  if (/^SELECT 1$/i.test(masked.text)) {
    return { results: [[1]], columns: ['1'], types: [['1', 'UInt8']], hasMore: false, limit: null, offset: 0, hogql: query };
  }
  const shape = /^SELECT (.+?) FROM (\S+) WHERE (.+?)(?: GROUP BY (.+?))?(?: ORDER BY (.+?))?(?: LIMIT (\d+))?$/.exec(masked.text);
  if (!shape) throw refuse('Syntax error: Heatlens\' test server only runs the queries Heatlens sends.');
  const [, select, table, where, groupBy, orderBy, limitText] = shape as unknown as [string, string, string, string, string?, string?, string?];
  if (table !== 'heatmaps') throw refuse(`Unknown table "${identifier(masked, table)}".`);

  const context: Context = { masked, now, segments: data.segments, filterTestAccounts };
  const tests = splitAnd(where).map((condition) => rowTest(context, condition));
  const matched = data.rows.filter((row) => tests.every((test) => test(row)));

  if ((select === SPOTS_TOTAL || select === SPOTS_UNIQUE) && groupBy === SPOTS_GROUP && (orderBy === undefined || orderBy === 'count DESC')) {
    const unique = select === SPOTS_UNIQUE;
    const groups = new Map<string, { spot: [string, number, number, boolean]; rows: number; visitors: Set<string> }>();
    for (const row of matched) {
      const spot: [string, number, number, boolean] = [row.type, relativeX(row), row.y * row.scale_factor, row.pointer_target_fixed];
      const key = spot.join('|');
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { spot, rows: 0, visitors: new Set() }));
      group.rows++;
      group.visitors.add(row.distinct_id);
    }
    const ordered = [...groups.values()]
      .map((group) => [...group.spot, unique ? group.visitors.size : group.rows] as [string, number, number, boolean, number])
      .sort((a, b) => b[4] - a[4] || a[0].localeCompare(b[0]) || a[2] - b[2] || a[1] - b[1] || Number(a[3]) - Number(b[3]));
    const limit = Math.min(limitText === undefined ? 100 : Number(limitText), HOGQL_ROW_CAP);
    return {
      results: ordered.slice(0, limit),
      columns: ['type', 'pointer_relative_x', 'pointer_y', 'pointer_target_fixed', 'count'],
      types: [['type', 'String'], ['pointer_relative_x', 'Float64'], ['pointer_y', 'Int64'], ['pointer_target_fixed', 'Bool'], ['count', 'UInt64']],
      hasMore: ordered.length > limit,
      limit,
      offset: 0,
      hogql: query,
    };
  }
  if (select === SUMMARY && groupBy === 'type' && orderBy === undefined && limitText === undefined) {
    const byType = new Map<string, HeatmapRow[]>();
    for (const row of matched) {
      let rows = byType.get(row.type);
      if (!rows) byType.set(row.type, (rows = []));
      rows.push(row);
    }
    const results = [...byType]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([type, rows]) => {
        const movable = rows.filter((row) => !row.pointer_target_fixed);
        return [
          type,
          movable.length,
          movable.filter((row) => row.y > row.viewport_height).length,
          median(rows.map((row) => row.viewport_height * row.scale_factor)),
          new Set(rows.map((row) => row.distinct_id)).size,
        ];
      });
    return {
      results,
      columns: ['type', 'total_count', 'below_fold_count', 'median_viewport_height', 'visitors'],
      types: [['type', 'String'], ['total_count', 'UInt64'], ['below_fold_count', 'UInt64'], ['median_viewport_height', 'Float64'], ['visitors', 'UInt64']],
      hasMore: false,
      limit: null,
      offset: 0,
      hogql: query,
    };
  }
  if (select === 'session_id, distinct_id, max(timestamp) AS last_seen, count() AS interactions' && groupBy === 'session_id, distinct_id' && orderBy === 'last_seen DESC') {
    const sessions = new Map<string, { sessionId: string; distinctId: string; last: Date; interactions: number }>();
    for (const row of matched) {
      const key = `${row.session_id}|${row.distinct_id}`;
      const entry = sessions.get(key);
      if (!entry) sessions.set(key, { sessionId: row.session_id, distinctId: row.distinct_id, last: row.timestamp, interactions: 1 });
      else {
        entry.interactions++;
        if (row.timestamp > entry.last) entry.last = row.timestamp;
      }
    }
    const ordered = [...sessions.values()].sort((a, b) => b.last.getTime() - a.last.getTime());
    const limit = Math.min(limitText === undefined ? 100 : Number(limitText), HOGQL_ROW_CAP);
    return {
      results: ordered.slice(0, limit).map((entry) => [entry.sessionId, entry.distinctId, entry.last.toISOString(), entry.interactions]),
      columns: ['session_id', 'distinct_id', 'last_seen', 'interactions'],
      types: [['session_id', 'String'], ['distinct_id', 'String'], ["last_seen", "DateTime64(6, 'UTC')"], ['interactions', 'UInt64']],
      hasMore: ordered.length > limit,
      limit,
      offset: 0,
      hogql: query,
    };
  }
  const daily = /^toDate\(timestamp\) AS day, floor\(y \* scale_factor \/ (\d+)\) AS band, count\(\) AS count$/.exec(select);
  if (daily && groupBy === 'day, band' && (orderBy === undefined || orderBy === 'day, band')) {
    // Per-day click bands (lib/layout-change): toDate in the project's zone (UTC here), floor of the
    // document y over the band height; ClickHouse's floor of a Float64 is a Float64.
    const height = Number(daily[1]);
    if (!(height > 0)) throw refuse('Division by zero in floor(y * scale_factor / 0)');
    const cells = new Map<string, { day: string; band: number; count: number }>();
    for (const row of matched) {
      const day = row.timestamp.toISOString().slice(0, 10);
      const band = Math.floor((row.y * row.scale_factor) / height);
      const key = `${day}|${band}`;
      const cell = cells.get(key);
      if (cell) cell.count++;
      else cells.set(key, { day, band, count: 1 });
    }
    const ordered = [...cells.values()].sort((a, b) => a.day.localeCompare(b.day) || a.band - b.band);
    const limit = Math.min(limitText === undefined ? 100 : Number(limitText), HOGQL_ROW_CAP);
    return {
      results: ordered.slice(0, limit).map((cell) => [cell.day, cell.band, cell.count]),
      columns: ['day', 'band', 'count'],
      types: [['day', 'Date'], ['band', 'Float64'], ['count', 'UInt64']],
      hasMore: ordered.length > limit,
      limit,
      offset: 0,
      hogql: query,
    };
  }
  const scroll = /^floor\(\(y \+ viewport_height\) \* scale_factor \/ 100\) \* 100 AS bucket, (count\(\)|count\(DISTINCT distinct_id\)) AS bucket_count$/.exec(select);
  if (scroll && groupBy === 'bucket' && orderBy === 'bucket' && limitText === undefined) {
    const buckets = new Map<number, { rows: number; visitors: Set<string> }>();
    for (const row of matched) {
      // The heatmaps endpoint's own bucket rule (heatmaps.ts scrollDepth).
      const bucket = Math.floor(((row.y + row.viewport_height) * row.scale_factor) / 100) * 100;
      let entry = buckets.get(bucket);
      if (!entry) buckets.set(bucket, (entry = { rows: 0, visitors: new Set() }));
      entry.rows++;
      entry.visitors.add(row.distinct_id);
    }
    const unique = scroll[1] !== 'count()';
    return {
      results: [...buckets].sort((a, b) => a[0] - b[0]).map(([bucket, entry]) => [bucket, unique ? entry.visitors.size : entry.rows]),
      columns: ['bucket', 'bucket_count'],
      types: [['bucket', 'Float64'], ['bucket_count', 'UInt64']],
      hasMore: false,
      limit: null,
      offset: 0,
      hogql: query,
    };
  }
  throw refuse('Unsupported SELECT: Heatlens\' test server only runs the queries Heatlens sends.');
}
