import FIELD_WORKER_SOURCE from '../render/field-worker?worker-source';
import { stripPostHogFragment } from '../core/geometry';
import type { Handlers } from '../messaging/protocol';
import { senderTabId, type Sender } from '../messaging/sender';
import { clientForSavedConnection, connectionCacheKey } from '../settings/connection';
import { settingsStore } from '../settings/store';
import { buildHeatmapPayload, payloadRequestFor } from './build';
import type { payloadMessages } from './messages';
import { nearLiveContext } from '../near-live/background';
import type { NearLiveAnswers } from '../near-live/load';
import { injectNearLive, stopNearLive } from '../near-live/settings';
import { dataUrlFor } from '../heatmaps/query';
import type { QueryCache } from '../heatmaps/service';
import { QueryPacedError } from '../posthog/errors';
import { HOGQL_QUERIES_PER_TAB_PER_HOUR, HOGQL_QUERIES_PER_TAB_PER_MINUTE, type QueryBudget } from '../segments/query-budget';

export interface PayloadServices {
  cache: QueryCache;
  /** Near-live's answers held per tab (lib/near-live/load.ts). */
  nearLiveAnswers: NearLiveAnswers;
  /** The HogQL queries each tab may send (lib/segments/query-budget.ts). */
  queryBudget: QueryBudget;
}

/** The heat a tab's overlay paints (plain, a segment, or a comparison) and the renderer's worker script. */
export function payloadHandlers({ cache, queryBudget, nearLiveAnswers }: PayloadServices): Handlers<typeof payloadMessages, Sender> {
  return {
    'heatmap.load': async ({ pageUrl, viewportWidth, fresh }, sender) => {
      const tabId = senderTabId(sender);
      const [{ client, connection }, preferences] = await Promise.all([clientForSavedConnection(), settingsStore.getPreferences()]);
      const options = {
        client,
        cache,
        connectionKey: connectionCacheKey(connection),
        preferences,
        page: { dataUrl: dataUrlFor(stripPostHogFragment(pageUrl), preferences.dataSources), viewportWidth },
        // Cached heat at once, even past its max-age; the overlay then asks again with `fresh`.
        allowStale: fresh !== true,
        // Each HogQL query this tab's load sends takes one from the tab's budget, or the load waits.
        spendQuery: () => {
          const answer = queryBudget.take(tabId);
          if (!answer.ok) throw new QueryPacedError(answer.waitSeconds, { perMinute: HOGQL_QUERIES_PER_TAB_PER_MINUTE, perHour: HOGQL_QUERIES_PER_TAB_PER_HOUR });
        },
      };
      const request = payloadRequestFor(preferences);
      if (request.kind !== 'near-live') {
        // Live was turned off: its bar and markers leave the page now, not at their next refresh.
        if (nearLiveAnswers.has(tabId)) {
          nearLiveAnswers.forget(tabId);
          void stopNearLive(tabId, sender.frameId ?? 0);
        }
        return buildHeatmapPayload(options, request);
      }
      // Near-live heat: the page's timer, countdown and new-click markers come in their own script.
      void injectNearLive(tabId, sender.frameId ?? 0);
      return buildHeatmapPayload({ ...options, nearLive: await nearLiveContext({ queryBudget, nearLiveAnswers }, tabId) }, request);
    },
    'render.workerSource': async (_payload, sender) => {
      senderTabId(sender);
      return { source: FIELD_WORKER_SOURCE };
    },
  };
}
