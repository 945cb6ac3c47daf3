import { stripPostHogFragment } from '../core/geometry';
import { dataUrlFor } from '../heatmaps/query';
import type { Handlers } from '../messaging/protocol';
import { senderTabId, type Sender } from '../messaging/sender';
import { askTab } from '../messaging/transport';
import { QueryPacedError } from '../posthog/errors';
import { heatLayerById } from '../layers';
import type { QueryBudget } from '../segments/query-budget';
import { HOGQL_QUERIES_PER_TAB_PER_HOUR, HOGQL_QUERIES_PER_TAB_PER_MINUTE } from '../segments/query-budget';
import { clientForSavedConnection, connectionCacheKey } from '../settings/connection';
import { settingsStore } from '../settings/store';
import type { NearLive, Preferences } from '../settings/preferences';
import { fetchNearLive, liveSpotsOf, nearLiveQueryFor, type NearLiveAnswers, type NearLiveContext } from './load';
import type { LiveAnswer, nearLiveMessages } from './messages';
import { nearLiveLabel } from './query';
import { nearLiveRefreshSeconds } from './settings';

export interface NearLiveServices {
  queryBudget: QueryBudget;
  nearLiveAnswers: NearLiveAnswers;
  /** Whether the tab's overlay is showing (lib/tabs/overlay-tabs.ts). */
  overlayTabs: { state(tabId: number, alwaysOnOrigins: readonly string[]): Promise<{ visible: boolean }> };
}

/** The context of one tab's near-live query: its budget, its held answer, the interval. */
export async function nearLiveContext(services: Pick<NearLiveServices, 'queryBudget' | 'nearLiveAnswers'>, tabId: number): Promise<NearLiveContext> {
  const [{ client, connection }, intervalSeconds] = await Promise.all([clientForSavedConnection(), nearLiveRefreshSeconds()]);
  return {
    client,
    connectionKey: connectionCacheKey(connection),
    answers: services.nearLiveAnswers,
    tabId,
    intervalMs: intervalSeconds * 1000,
    spendQuery: () => {
      const answer = services.queryBudget.take(tabId);
      if (!answer.ok) throw new QueryPacedError(answer.waitSeconds, { perMinute: HOGQL_QUERIES_PER_TAB_PER_MINUTE, perHour: HOGQL_QUERIES_PER_TAB_PER_HOUR });
    },
  };
}

/** Near-live's script asks for the spots it marks and for each refresh; the overlay then repaints. */
export function nearLiveHandlers(services: NearLiveServices): Handlers<typeof nearLiveMessages, Sender> {
  /** The tab's near-live setting, or null when it is off or the tab's overlay is not showing. */
  const liveFor = async (tabId: number): Promise<{ preferences: Preferences; since: NearLive } | null> => {
    const [preferences, state] = await Promise.all([settingsStore.getPreferences(), services.overlayTabs.state(tabId, [])]);
    return preferences.nearLive && state.visible ? { preferences, since: preferences.nearLive } : null;
  };
  const answerFor = async (
    tabId: number,
    live: { preferences: Preferences; since: NearLive },
    request: { pageUrl: string; viewportWidth: number },
    reuse: boolean,
  ): Promise<LiveAnswer & { intervalSeconds: number }> => {
    const context = await nearLiveContext(services, tabId);
    const page = { dataUrl: dataUrlFor(stripPostHogFragment(request.pageUrl), live.preferences.dataSources), viewportWidth: request.viewportWidth };
    const { body, types } = nearLiveQueryFor(live.preferences, live.since, page);
    const answer = await fetchNearLive(context, body, reuse);
    // The markers follow the first layer asked for (clicks, unless only other layers are on).
    const type = types[0]!;
    return { label: nearLiveLabel(live.since), unit: heatLayerById(type).unit, spots: liveSpotsOf(answer, type), intervalSeconds: context.intervalMs / 1000 };
  };
  return {
    'nearLive.start': async (request, sender) => {
      const tabId = senderTabId(sender);
      const live = await liveFor(tabId);
      if (!live) return { live: false as const };
      return { live: true as const, ...(await answerFor(tabId, live, request, true)) };
    },
    'nearLive.refresh': async (request, sender) => {
      const tabId = senderTabId(sender);
      const live = await liveFor(tabId);
      if (!live) return { status: 'stopped' as const };
      try {
        const { label, unit, spots } = await answerFor(tabId, live, request, false);
        // The overlay's load finds this answer held for the tab (no second query) and repaints.
        void askTab(tabId, 'overlay.refresh', {}).catch(() => undefined);
        return { status: 'ok' as const, label, unit, spots };
      } catch (error) {
        if (error instanceof QueryPacedError) return { status: 'paced' as const, waitSeconds: error.retryAfterSeconds };
        throw error;
      }
    },
  };
}
