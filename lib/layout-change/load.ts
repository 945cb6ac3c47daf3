import * as z from 'zod/mini';
import { loadAnnotations } from '../annotations/load';
import type { AnnotationList } from '../annotations/messages';
import { resolveDay } from '../compare/ranges';
import { buildHeatmapQuery, type PageContext } from '../heatmaps/query';
import { serializePostHogError } from '../posthog/errors';
import type { HeatmapQuery } from '../posthog/query';
import type { HeatmapSpot, HogQLResponse } from '../posthog/schemas';
import { HOGQL_MAX_ROWS, HogQLValues, hogqlRequest, whereClause, type HogQLRequest } from '../segments/hogql';
import { cachedHogQL, HOGQL_CACHE_MILLISECONDS, type SegmentLoadContext } from '../segments/load-side';
import type { Filters } from '../settings/preferences';
import { addDays, daysBetween, detectLayoutChange, LAYOUT_CHANGE_RULE, type DayBands, type Detection } from './detect';
import type { DayRange } from './messages';

/**
 * Per-day click distributions for a page (issue 19, item 1): one HogQL query grouped by day and 32-px
 * band when the key may query (`query:read`, spent from the tab's query budget and cached like a
 * segment's answers), otherwise the heatmaps endpoint read day by day (it reads whole days; ranges
 * over 14 days are read in groups of days so no more than 14 reads are made).
 */

/** The most endpoint reads a look without HogQL makes. */
export const MAX_ENDPOINT_READS = 14;

/**
 * The clicks of each day and band: `SELECT toDate(timestamp) AS day, floor(y * scale_factor / 32) AS
 * band, count() AS count` with the heatmaps endpoint's own filters (lib/segments/hogql.ts), fixed
 * targets left out (their y is the viewport's, not the document's).
 */
export function buildDailyBandsQuery(heatmap: HeatmapQuery): HogQLRequest {
  const values = new HogQLValues();
  const conditions = [...whereClause({ heatmap, types: ['click'] }, values), 'NOT pointer_target_fixed'];
  const query = [
    `SELECT toDate(timestamp) AS day, floor(y * scale_factor / ${LAYOUT_CHANGE_RULE.bandPx}) AS band, count() AS count`,
    'FROM heatmaps',
    `WHERE ${conditions.join('\n  AND ')}`,
    'GROUP BY day, band',
    'ORDER BY day, band',
    `LIMIT ${HOGQL_MAX_ROWS}`,
  ].join('\n');
  return hogqlRequest(query, heatmap.filterTestAccounts, values);
}

/** A HogQL answer Heatlens cannot read: says which cell, never a crash. */
export class DailyBandsAnswerError extends Error {
  constructor(detail: string) {
    super(`PostHog's answer to the layout-change query was not understood (${detail}), so no layout change was looked for.`);
    this.name = 'DailyBandsAnswerError';
  }
}

const dailyRow = z.tuple([z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}/)), z.number(), z.number().check(z.nonnegative())]);

/** The answer's rows as each day's bands, on `days` (days missing from the answer are empty). */
export function dailyBandsFromAnswer(answer: HogQLResponse, days: readonly string[]): DayBands[] {
  const columns = ['day', 'band', 'count'].map((name) => answer.columns.indexOf(name));
  if (columns.includes(-1)) throw new DailyBandsAnswerError(`columns ${JSON.stringify(answer.columns)}`);
  const byDay = new Map(days.map((day) => [day, new Map<number, number>()]));
  answer.results.forEach((row, index) => {
    const parsed = dailyRow.safeParse(columns.map((column) => row[column]));
    if (!parsed.success || !Number.isFinite(parsed.data[1])) throw new DailyBandsAnswerError(`row ${index + 1}: ${JSON.stringify(row)}`);
    const [day, band, count] = parsed.data;
    const counts = byDay.get(day.slice(0, 10));
    if (counts) counts.set(band, (counts.get(band) ?? 0) + count);
  });
  if (answer.hasMore) throw new DailyBandsAnswerError(`more than ${HOGQL_MAX_ROWS} rows`);
  return days.map((day) => ({ day, counts: byDay.get(day)! }));
}

/** A day range's click spots as bands (the endpoint's answer), fixed targets left out. */
export function bandsOfSpots(day: string, spots: readonly HeatmapSpot[]): DayBands {
  const counts = new Map<number, number>();
  for (const spot of spots) {
    if (spot.pointer_target_fixed || !(spot.count > 0)) continue;
    const band = Math.floor(spot.pointer_y / LAYOUT_CHANGE_RULE.bandPx);
    counts.set(band, (counts.get(band) ?? 0) + spot.count);
  }
  return { day, counts };
}

/** Consecutive groups of days, at most `groups` of them, each as long as needed. */
export function dayGroups(days: readonly string[], groups = MAX_ENDPOINT_READS): DayRange[] {
  const size = Math.max(1, Math.ceil(days.length / groups));
  const out: DayRange[] = [];
  for (let index = 0; index < days.length; index += size) out.push({ dateFrom: days[index]!, dateTo: days[Math.min(days.length, index + size) - 1]! });
  return out;
}

export interface LayoutChangeContext extends SegmentLoadContext {
  /** The heatmaps endpoint's click spots over some days, through the payload's cache (lib/payload/build.ts). */
  readClicks(range: DayRange): Promise<readonly HeatmapSpot[]>;
  now?: number;
}

/** The days of the filters' range (UTC), or null when they cannot be read. */
export function rangeDays(filters: Pick<Filters, 'dateFrom' | 'dateTo'>, now: number): string[] | null {
  const from = resolveDay(filters.dateFrom, now);
  const to = resolveDay(filters.dateTo, now);
  if (from === null || to === null) return null;
  const days = daysBetween(new Date(from).toISOString().slice(0, 10), new Date(to).toISOString().slice(0, 10));
  return days.length > 0 ? days : null;
}

/**
 * Connections whose key lacks `query:read`, and until when: their looks read the endpoint without
 * asking HogQL first, so a key without the scope does not cost a refused query on every load.
 */
const queryRefusedUntil = new Map<string, number>();

/**
 * Whether a HogQL failure means "use the endpoint instead": the key lacks `query:read`, or the tab's
 * query budget is spent. Any other failure (a key without `heatmap:read`, a rate limit, a server down)
 * would fail the endpoint's day-by-day reads too, and spend up to MAX_ENDPOINT_READS requests
 * to learn it: the look says it could not look instead.
 */
function endpointWillDo(error: unknown): boolean {
  const { kind, scope } = serializePostHogError(error);
  return (kind === 'missing-scope' && (scope === undefined || scope === 'query:read')) || kind === 'query-paced';
}

/** Per-day (or per-group) click bands over `days`, through HogQL or the endpoint. */
export async function loadDailyBands(
  context: LayoutChangeContext,
  request: { filters: Filters; page: PageContext; days: readonly string[] },
): Promise<{ days: DayBands[]; source: 'hogql' | 'endpoint' }> {
  const { days } = request;
  const heatmap = buildHeatmapQuery({ ...request.filters, dateFrom: days[0]!, dateTo: days[days.length - 1]! }, request.page, 'click');
  const now = context.now ?? Date.now();
  if ((queryRefusedUntil.get(context.connectionKey) ?? 0) <= now) {
    try {
      const answer = await cachedHogQL(context, buildDailyBandsQuery(heatmap));
      return { days: dailyBandsFromAnswer(answer, days), source: 'hogql' };
    } catch (error) {
      if (!endpointWillDo(error)) throw error;
      if (serializePostHogError(error).kind === 'missing-scope') queryRefusedUntil.set(context.connectionKey, now + HOGQL_CACHE_MILLISECONDS);
    }
  }
  const groups = dayGroups(days);
  const read = await Promise.all(groups.map(async (group) => bandsOfSpots(group.dateFrom, await context.readClicks(group))));
  return { days: read, source: 'endpoint' };
}

/** A look's outcome before the earlier clicks are dealt with (lib/payload/build.ts does that). */
export type Look =
  | { status: 'changed'; detection: Extract<Detection, { kind: 'changed' }>; before: DayRange; after: DayRange; annotations: AnnotationList }
  | { status: 'unchanged'; distance: number; days: number; reason: string }
  | { status: 'not-checked'; reason: string };

/**
 * Looks for a layout change over the filters' days: the bands, the rule (detectLayoutChange), and the
 * annotations of the range when a change is found. Never throws but for an abort: a failure is
 * `not-checked` with the reason.
 */
export async function lookForLayoutChange(context: LayoutChangeContext, request: { filters: Filters; page: PageContext }): Promise<Look> {
  const days = rangeDays(request.filters, context.now ?? Date.now());
  if (!days) return { status: 'not-checked', reason: 'The range’s days could not be read.' };
  if (days.length < LAYOUT_CHANGE_RULE.minDaysPerSide * 2) return { status: 'not-checked', reason: `Layout changes are looked for in ranges of ${LAYOUT_CHANGE_RULE.minDaysPerSide * 2} days or more.` };
  let bands: DayBands[];
  try {
    bands = (await loadDailyBands(context, { ...request, days })).days;
  } catch (error) {
    if (context.signal?.aborted) throw error;
    return { status: 'not-checked', reason: error instanceof DailyBandsAnswerError ? error.message : `No layout change was looked for: ${serializePostHogError(error).message}` };
  }
  const detection = detectLayoutChange(bands);
  if (detection.kind === 'too-little') return { status: 'not-checked', reason: detection.reason };
  if (detection.kind === 'unchanged') return { status: 'unchanged', distance: detection.distance, days: detection.days, reason: detection.reason };
  // With groups of days, the "after" starts at the group's first day and the "before" ends the day before it.
  const before = { dateFrom: days[0]!, dateTo: addDays(detection.day, -1) };
  const after = { dateFrom: detection.day, dateTo: days[days.length - 1]! };
  const annotations = await loadAnnotations(context, { dateFrom: days[0]!, dateTo: days[days.length - 1]! });
  return { status: 'changed', detection, before, after, annotations };
}
