import type { HeatmapQuery } from '../posthog/query';
import type { ClickLikeHeatmapType } from '../posthog/schemas';
import { heatmapRowConditions, hogqlRequest, hogqlString, HogQLValues, isQuerySegment, segmentCondition, spotsQueryText, type HogQLRequest } from '../segments/hogql';
import type { NearLive, Segment } from '../settings/preferences';

/**
 * Near-live's one query (issue 19, item 5). The heatmaps endpoint reads whole days (it keeps only the
 * date of `date_from`, shared/posthog-api.md "Time resolution"), so the last hour, or the time since a
 * deploy's annotation, is asked of HogQL's `heatmaps` table with a finer time condition; every other
 * filter (type, URL, viewport, zero coordinates, test accounts, a segment) is the segments' own
 * (lib/segments/hogql.ts), and so are the columns, so the answer is read by the same code.
 */

/** `2026-11-30T14:05:00.000Z` → `2026-11-30 14:05:00` (UTC), or null when it is not an ISO datetime. */
export function utcDateTimeText(iso: string): string | null {
  const time = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) || Number.isNaN(time)) return null;
  return new Date(time).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The time condition: `timestamp >= now() - INTERVAL 1 HOUR`, or from an annotation's moment,
 * `timestamp >= toDateTime('2026-11-30 14:05:00', 'UTC')`. The moment is written in UTC with the zone
 * named, because HogQL reads a bare toDateTime('…') in the project's time zone, and an annotation's
 * `date_marker` is an instant.
 */
export function nearLiveTimeCondition(since: NearLive): string {
  if (since.from === 'hour') return 'timestamp >= now() - INTERVAL 1 HOUR';
  const text = utcDateTimeText(since.date);
  if (text === null) throw new Error(`not an ISO datetime: ${since.date}`);
  return `timestamp >= toDateTime(${hogqlString(text)}, 'UTC')`;
}

export interface NearLiveQueryInput {
  /** Built by buildHeatmapQuery: the endpoint's URL and viewport rules; its days and `type` are ignored. */
  heatmap: HeatmapQuery;
  types: readonly ClickLikeHeatmapType[];
  since: NearLive;
  /** A person, cohort or flag segment narrows the rows as it does for the days' heatmap; others add nothing. */
  segment: Segment;
}

/**
 * Every wanted click-like type's spots since the moment, in one query (a refresh costs one of the
 * key's 120 an hour). Columns: type, pointer_relative_x, pointer_y, pointer_target_fixed, count.
 */
export function buildNearLiveSpotsQuery(input: NearLiveQueryInput): HogQLRequest {
  if (input.types.length === 0) throw new Error('no layer to ask for');
  const values = new HogQLValues();
  const conditions = heatmapRowConditions(input, [nearLiveTimeCondition(input.since)], values);
  if (isQuerySegment(input.segment)) {
    // A flag segment's subquery looks at whole days: from the moment's day (yesterday's, for the last hour).
    const dateFrom = input.since.from === 'hour' ? '-1d' : utcDateTimeText(input.since.date)!.slice(0, 10);
    conditions.push(segmentCondition(input.segment, { dateFrom, dateTo: null }, values));
  }
  return hogqlRequest(spotsQueryText(conditions, input.heatmap.aggregation), input.heatmap.filterTestAccounts, values);
}

/** What the overlay's caption and near-live's own bar call the window. */
export function nearLiveLabel(since: NearLive): string {
  return since.from === 'hour' ? 'last hour' : `since “${since.content}”`;
}
