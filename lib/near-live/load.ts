import { buildHeatmapQuery, type PageContext } from '../heatmaps/query';
import { layerData, wantedHeatLayers } from '../heatmaps/layer-data';
import type { HeatLayerData } from '../messaging/protocol';
import type { HogQLQueryBody, PostHogClient } from '../posthog/client';
import { MissingScopeError } from '../posthog/errors';
import { withRetries } from '../posthog/retry';
import { EMPTY_FOLD, type ClickLikeHeatmapType, type HogQLResponse } from '../posthog/schemas';
import { filtersForSegment } from '../segments/load-side';
import { spotsByType } from '../segments/results';
import type { Filters, NearLive, Preferences } from '../settings/preferences';
import type { LiveSpot } from './diff';
import { buildNearLiveSpotsQuery } from './query';

/** Near-live without `query:read`: said as near-live's need, not as a generic missing scope. */
export class NearLiveScopeError extends MissingScopeError {
  constructor() {
    super('query:read');
    this.message =
      "Live heat (the last hour, or since an annotation) needs the 'query:read' scope: PostHog's heatmaps endpoint reads whole days, " +
      "so Heatlens asks PostHog's query endpoint. Add 'query:read' to the key in PostHog (Settings → Personal API keys), or choose a range of days.";
  }
}

/**
 * The latest near-live answer of each tab. A refresh fetches it and then asks the tab's overlay to
 * repaint; the overlay's load (`heatmap.load`) finds it here instead of spending a second query. Kept
 * in memory only: after the service worker slept, the next load asks again (one query).
 */
export class NearLiveAnswers {
  private readonly byTab = new Map<number, { key: string; answer: HogQLResponse; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  recent(tabId: number, key: string, maxAgeMs: number): HogQLResponse | null {
    const held = this.byTab.get(tabId);
    return held && held.key === key && this.now() - held.at < maxAgeMs ? held.answer : null;
  }

  put(tabId: number, key: string, answer: HogQLResponse): void {
    this.byTab.set(tabId, { key, answer, at: this.now() });
  }

  /** Whether the tab loaded near-live heat since the service worker started (or was last told to forget it). */
  has(tabId: number): boolean {
    return this.byTab.has(tabId);
  }

  forget(tabId: number): void {
    this.byTab.delete(tabId);
  }
}

export interface NearLiveContext {
  client: PostHogClient;
  /** Distinguishes hosts, projects and keys: an answer held for one key never serves another. */
  connectionKey: string;
  answers: NearLiveAnswers;
  tabId: number;
  /** How long an answer serves the tab's loads: the refresh interval. */
  intervalMs: number;
  /** Takes one query from the tab's budget or throws QueryPacedError (lib/segments/query-budget.ts). */
  spendQuery: () => void;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

/** The query near-live sends for the preferences on a page: its body, the layers and filters it covers. */
export function nearLiveQueryFor(preferences: Preferences, since: NearLive, page: PageContext): { body: HogQLQueryBody; types: ClickLikeHeatmapType[]; filters: Filters } {
  const filters = filtersForSegment(preferences.filters, preferences.segment);
  const layers = wantedHeatLayers(preferences.layers);
  // Clicks when no click-like layer is on (near-live is about clicks arriving).
  const types = layers.length > 0 ? layers.map((layer) => layer.heatmapType as ClickLikeHeatmapType) : (['click'] as ClickLikeHeatmapType[]);
  const heatmap = buildHeatmapQuery(filters, page, 'click');
  return { body: buildNearLiveSpotsQuery({ heatmap, types, since, segment: preferences.segment }), types, filters };
}

/**
 * The answer to near-live's query: the tab's recent one when `reuse` and it is younger than the
 * interval, else a new one (one query from the tab's budget).
 */
export async function fetchNearLive(context: NearLiveContext, body: HogQLQueryBody, reuse: boolean): Promise<HogQLResponse> {
  const key = `${context.connectionKey}|${JSON.stringify(body)}`;
  const held = reuse ? context.answers.recent(context.tabId, key, context.intervalMs) : null;
  if (held) return held;
  context.spendQuery();
  try {
    const answer = await withRetries(() => context.client.query(body, context.signal), { sleep: context.sleep, signal: context.signal });
    context.answers.put(context.tabId, key, answer);
    return answer;
  } catch (error) {
    throw error instanceof MissingScopeError && error.scope === 'query:read' ? new NearLiveScopeError() : error;
  }
}

/**
 * The overlay's layers from near-live's answer. The fold line would cost a second query (the
 * viewport heights), so near-live layers carry no fold: the line is simply not drawn.
 */
export async function loadNearLiveLayers(
  context: NearLiveContext,
  request: { preferences: Preferences; since: NearLive; page: PageContext },
): Promise<{ layers: HeatLayerData[]; filters: Filters }> {
  const { body, filters } = nearLiveQueryFor(request.preferences, request.since, request.page);
  const spots = spotsByType(await fetchNearLive(context, body, true));
  const layers = wantedHeatLayers(request.preferences.layers).map((layer) => layerData(layer, spots.get(layer.heatmapType) ?? [], { ...EMPTY_FOLD }));
  return { layers, filters };
}

/** The first asked type's spots, as near-live's markers need them. */
export function liveSpotsOf(answer: HogQLResponse, type: ClickLikeHeatmapType): LiveSpot[] {
  return (spotsByType(answer).get(type) ?? []).map((spot) => ({ x: spot.pointer_relative_x, y: spot.pointer_y, fixed: spot.pointer_target_fixed, count: spot.count }));
}
