/**
 * The background's side of a page review: it fetches what the content script's analyst needs
 * (all three click layers, scroll depth, the fold per viewport band, autocapture's element stats),
 * the sessions behind a spot, and saved heatmaps. The content script never sees the key; it gets
 * data and links.
 */

import { viewportBands } from '../core/geometry';
import { buildHeatmapQuery, viewportRangeFor, type PageContext } from '../heatmaps/query';
import type { QueryCache } from '../heatmaps/service';
import { buildSegmentSessionsQuery, isQuerySegment } from '../segments/hogql';
import { sessionsFromRows } from '../segments/results';
import { segmentLabel } from '../segments/labels';
import { cachedHogQL, filtersForSegment } from '../segments/load-side';
import { buildHeatmapPayload } from '../payload/build';
import type { ReviewData, SavedHeatmapState, SpotSession } from '../messaging/protocol';
import { sessionReplayUrl, type PostHogClient } from '../posthog/client';
import { MissingScopeError, serializePostHogError } from '../posthog/errors';
import { heatmapQueryKey, type HeatmapPoint, type HeatmapQuery } from '../posthog/query';
import type { ElementStatsResponse, SavedHeatmap } from '../posthog/schemas';
import { withRetries } from '../posthog/retry';
import type { Filters, Preferences } from '../settings/store';
import { wildcardToPostHogPattern } from '../core/url-pattern';

export interface ReviewContext {
  client: PostHogClient;
  projectId: number;
  cache: QueryCache;
  connectionKey: string;
  preferences: Preferences;
  page: PageContext;
}

/** Autocapture rows per page: the busiest 200 elements are far more than a review names. */
export const ELEMENT_STATS_LIMIT = 200;
/** Interactions listed behind one spot (PostHog's maximum page): a sample to watch, not an export. */
export const SESSIONS_LIMIT = 100;

export type ReviewLayerId = 'click' | 'rageclick' | 'deadclick' | 'scrolldepth';

/**
 * The review reads clicks, rage and dead clicks and scroll depth even when those layers are not
 * painted; what the overlay already holds (`have`) is left out.
 */
function reviewPreferences(preferences: Preferences, have: readonly ReviewLayerId[]): Preferences {
  const layers = { ...preferences.layers };
  for (const id of ['click', 'rageclick', 'deadclick', 'scrolldepth'] as const) layers[id] = { ...layers[id], enabled: !have.includes(id) };
  layers.mousemove = { ...layers.mousemove, enabled: false };
  // The fold comes per band (foldPerBand), not from a click layer fetched for it.
  layers.fold = { ...layers.fold, enabled: false };
  return { ...preferences, layers };
}

export async function loadReviewData(context: ReviewContext, have: readonly ReviewLayerId[] = []): Promise<ReviewData> {
  const { client, cache, connectionKey, preferences, page } = context;
  // The review reads the same segment the overlay paints (issue 9); a device segment is a viewport band.
  // Never a comparison: with Compare on, the background has already put these preferences on side B's days.
  const payload = await buildHeatmapPayload({ client, cache, connectionKey, preferences: reviewPreferences(preferences, have), page }, { kind: 'segment', segment: preferences.segment });
  const segmentFilters = filtersForSegment(preferences.filters, preferences.segment);
  const [foldByBand, elementStats, alignmentStats] = await Promise.all([
    foldPerBand({ ...context, preferences: { ...preferences, filters: segmentFilters } }),
    loadElementStats(context),
    loadAlignmentStats(context),
  ]);
  const segment = preferences.segment.kind === 'all' ? '' : ` · ${segmentLabel(preferences.segment)}`;
  return {
    dataUrl: payload.dataUrl,
    filtersSummary: `${describeReviewFilters(segmentFilters, page.viewportWidth)}${segment}`,
    layers: payload.layers,
    scrollDepth: payload.scrollDepth,
    foldByBand,
    elementStats,
    alignmentStats,
  };
}

/**
 * The fold of each viewport band the filters cover: a phone's first screen and a desktop's are
 * different pages, so "below the fold" is only meaningful per band. PostHog compares widths at
 * 16 px granularity (round(w / 16)), so a band's inclusive upper bound is pulled in by half a step:
 * otherwise 1279 and 1280 round alike and the next band's visitors would be counted twice.
 */
async function foldPerBand(context: ReviewContext): Promise<ReviewData['foldByBand']> {
  const { client, cache, connectionKey, preferences, page } = context;
  const range = viewportRangeFor(preferences.filters, page.viewportWidth);
  const base = buildHeatmapQuery(preferences.filters, page, 'click');
  const readings = await Promise.all(
    viewportBands.map(async (band) => {
      const min = Math.max(range.min ?? 0, band.min);
      const upper = band.max === null ? null : band.max - 8;
      const max = range.max === null ? upper : upper === null ? range.max : Math.min(range.max, upper);
      if (max !== null && max < min) return null;
      const query: HeatmapQuery = { ...base, viewportWidthMin: min, viewportWidthMax: max ?? undefined };
      const response = await cache.get(`${connectionKey}|${heatmapQueryKey(query)}`, () => withRetries(() => client.fetchHeatmap(query)));
      if (response.fold.total_count === 0) return null;
      return { ...response.fold, band: band.label };
    }),
  );
  return readings.filter((reading) => reading !== null);
}

async function loadElementStats(context: ReviewContext): Promise<ReviewData['elementStats']> {
  const { client, cache, connectionKey, preferences, page } = context;
  const { filters } = preferences;
  if (isQuerySegment(preferences.segment)) {
    // Autocapture's counts come for every visitor; pinned next to a segment's heat they would mislead.
    return {
      available: false,
      reason: `Autocapture's per-element counts are for all visitors, so they are not shown for the segment “${segmentLabel(preferences.segment)}”; the review uses the segment's heatmap and the page.`,
    };
  }
  // Element stats take a plain regular expression, not the heatmaps' `*` glob: each `*` → `.+`.
  const urlPattern = filters.urlMatch.mode === 'pattern' ? `^${wildcardToPostHogPattern(filters.urlMatch.pattern).split('*').join('.+')}$` : undefined;
  const query = {
    dateFrom: filters.dateFrom,
    ...(filters.dateTo ? { dateTo: filters.dateTo } : {}),
    include: ['$autocapture', '$rageclick', '$dead_click'] as const,
    ...(urlPattern ? { urlPattern } : { urlExact: page.dataUrl }),
    limit: ELEMENT_STATS_LIMIT,
    filterTestAccounts: filters.filterTestAccounts,
  };
  try {
    const response = await cache.get<ElementStatsResponse>(`${connectionKey}|elements|${JSON.stringify(query)}`, () => withRetries(() => client.fetchElementStats(query)));
    return { available: true, results: response.results };
  } catch (error) {
    // The review still stands on the heatmap and the page; it only says what it had to do without.
    if (error instanceof MissingScopeError) {
      return {
        available: false,
        reason: "This API key lacks the 'element:read' scope, so autocapture's per-element counts are not shown; the review uses the heatmap and the page alone.",
      };
    }
    return { available: false, reason: `Autocapture's per-element counts could not be loaded (${serializePostHogError(error).message}); the review uses the heatmap and the page alone.` };
  }
}

/**
 * Autocapture's clicks for the alignment measure, from the visitors the heat shows: the heat's range,
 * page and test-account filter, and its window widths (elements/stats has no width parameter, so the
 * same widths as an event-property filter, lib/posthog/client.ts viewportWidthProperties). The clickmap
 * badges keep every width; this measure must not compare a phone's clicks with a desktop's heat.
 */
async function loadAlignmentStats(context: ReviewContext): Promise<ReviewData['alignmentStats']> {
  const { client, cache, connectionKey, preferences, page } = context;
  if (isQuerySegment(preferences.segment)) {
    return { available: false, reason: `Heat alignment is not measured for the segment “${segmentLabel(preferences.segment)}”: autocapture's per-element counts are for all visitors.` };
  }
  const filters = filtersForSegment(preferences.filters, preferences.segment);
  if (filters.aggregation === 'unique_visitors') {
    return { available: false, reason: 'Heat alignment compares click counts: with “unique visitors” the heat counts visitors, so it is not measured. Choose total clicks to measure it.' };
  }
  const widths = viewportRangeFor(filters, page.viewportWidth);
  const urlPattern = filters.urlMatch.mode === 'pattern' ? `^${wildcardToPostHogPattern(filters.urlMatch.pattern).split('*').join('.+')}$` : undefined;
  const query = {
    dateFrom: filters.dateFrom,
    ...(filters.dateTo ? { dateTo: filters.dateTo } : {}),
    include: ['$autocapture'] as const,
    ...(urlPattern ? { urlPattern } : { urlExact: page.dataUrl }),
    ...(widths.min !== null ? { viewportWidthMin: widths.min } : {}),
    ...(widths.max !== null ? { viewportWidthMax: widths.max } : {}),
    limit: ELEMENT_STATS_LIMIT,
    filterTestAccounts: filters.filterTestAccounts,
  };
  try {
    const response = await cache.get<ElementStatsResponse>(`${connectionKey}|elements|${JSON.stringify(query)}`, () => withRetries(() => client.fetchElementStats(query)));
    return { available: true, results: response.results };
  } catch (error) {
    if (error instanceof MissingScopeError) {
      return { available: false, reason: "Heat alignment (how well the heat matches the page now) needs the 'element:read' scope, which this API key lacks." };
    }
    return { available: false, reason: `Heat alignment is not measured: autocapture's per-element counts could not be loaded (${serializePostHogError(error).message}).` };
  }
}

export function describeReviewFilters(filters: Filters, viewportWidth: number): string {
  const dates = filters.dateTo ? `${filters.dateFrom} → ${filters.dateTo}` : `since ${filters.dateFrom}`;
  const range = viewportRangeFor(filters, viewportWidth);
  const widths = range.min === null && range.max === null ? 'all widths' : range.max === null ? `≥ ${range.min} px wide` : `${range.min ?? 0}–${range.max} px wide`;
  const aggregation = filters.aggregation === 'unique_visitors' ? 'unique visitors' : 'total clicks';
  const page = filters.urlMatch.mode === 'pattern' ? ` · pages ${filters.urlMatch.pattern}` : '';
  return `${dates} · ${widths} · ${aggregation}${page}`;
}

/** The sessions behind some spots, one entry per session, latest first. */
export async function loadSpotSessions(
  context: ReviewContext,
  type: 'click' | 'rageclick' | 'deadclick',
  points: readonly HeatmapPoint[],
): Promise<{ sessions: SpotSession[]; totalCount: number; hasMore: boolean }> {
  const { client, projectId, preferences, page } = context;
  const query = buildHeatmapQuery(filtersForSegment(preferences.filters, preferences.segment), page, type);
  if (isQuerySegment(preferences.segment)) {
    // The segment's own sessions: /heatmaps/events/ cannot filter by person, cohort or flag.
    const body = buildSegmentSessionsQuery({ heatmap: query, segment: preferences.segment, points, limit: SESSIONS_LIMIT });
    const answer = await cachedHogQL(context, body);
    const sessions = sessionsFromRows(answer).map((row) => ({
      sessionId: row.session_id,
      distinctId: row.distinct_id,
      timestamp: row.last_seen,
      interactions: row.interactions,
      replayUrl: sessionReplayUrl(client.origin, projectId, row.session_id),
    }));
    // Interactions of the listed sessions; with more sessions than listed, at least that many.
    return { sessions, totalCount: sessions.reduce((sum, session) => sum + session.interactions, 0), hasMore: answer.hasMore };
  }
  const response = await withRetries(() => client.fetchHeatmapEvents(query, points, { limit: SESSIONS_LIMIT, offset: 0 }));
  const bySession = new Map<string, SpotSession>();
  for (const event of response.results) {
    const existing = bySession.get(event.session_id);
    if (existing) {
      existing.interactions++;
      if (event.timestamp > existing.timestamp) existing.timestamp = event.timestamp;
      continue;
    }
    bySession.set(event.session_id, {
      sessionId: event.session_id,
      distinctId: event.distinct_id,
      timestamp: event.timestamp,
      interactions: 1,
      replayUrl: sessionReplayUrl(client.origin, projectId, event.session_id),
    });
  }
  const sessions = [...bySession.values()].sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0));
  return { sessions, totalCount: response.total_count, hasMore: response.has_more };
}

/** Where a saved heatmap opens in PostHog's app. */
export function savedHeatmapUrl(origin: string, projectId: number, shortId: string): string {
  return `${origin}/project/${projectId}/heatmaps/${encodeURIComponent(shortId)}`;
}

function toState(client: PostHogClient, projectId: number, saved: SavedHeatmap): SavedHeatmapState {
  return { shortId: saved.short_id, status: saved.status, url: savedHeatmapUrl(client.origin, projectId, saved.short_id) };
}

export async function saveHeatmap(context: ReviewContext): Promise<SavedHeatmapState> {
  const { client, projectId, page } = context;
  let path = page.dataUrl;
  try {
    const url = new URL(page.dataUrl);
    path = `${url.host}${url.pathname}`;
  } catch {
    // Not a URL: name it by what it is.
  }
  // No retries: creating twice would save two heatmaps (and saving is rate limited to 10/minute).
  const saved = await client.createSavedHeatmap({ name: `Heatlens: ${path}`, url: page.dataUrl, widths: [Math.round(page.viewportWidth)] });
  return toState(client, projectId, saved);
}

export async function savedHeatmapStatus(client: PostHogClient, projectId: number, shortId: string): Promise<SavedHeatmapState> {
  return toState(client, projectId, await client.getSavedHeatmap(shortId));
}
