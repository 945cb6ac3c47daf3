import { stripPostHogFragment } from '../core/geometry';
import { buildHeatmapQuery, dataUrlFor } from '../heatmaps/query';
import type { QueryCache } from '../heatmaps/service';
import type { Handlers } from '../messaging/protocol';
import { senderTabId, type Sender } from '../messaging/sender';
import { QueryPacedError } from '../posthog/errors';
import { heatmapQueryKey } from '../posthog/query';
import { withRetries } from '../posthog/retry';
import { HOGQL_QUERIES_PER_TAB_PER_HOUR, HOGQL_QUERIES_PER_TAB_PER_MINUTE, type QueryBudget } from '../segments/query-budget';
import { clientForSavedConnection, connectionCacheKey } from '../settings/connection';
import { settingsStore } from '../settings/store';
import { describeLook } from './apply';
import { lookForLayoutChange } from './load';
import type { layoutChangeMessages } from './messages';

export interface LayoutChangeServices {
  cache: QueryCache;
  queryBudget: QueryBudget;
  /** Every tab showing the overlay repaints (the "as recorded" switch changed what is painted). */
  overlayTabs: { refreshAll(): Promise<void> };
}

/** Layout changes (issue 19): the look for a page, and the "as recorded" switch. */
export function layoutChangeHandlers({ cache, queryBudget, overlayTabs }: LayoutChangeServices): Handlers<typeof layoutChangeMessages, Sender> {
  return {
    'layoutChange.detect': async ({ pageUrl, viewportWidth }, sender) => {
      const tabId = sender.tab?.id ?? null;
      const [{ client, connection }, preferences] = await Promise.all([clientForSavedConnection(), settingsStore.getPreferences()]);
      const connectionKey = connectionCacheKey(connection);
      const page = { dataUrl: dataUrlFor(stripPostHogFragment(pageUrl), preferences.dataSources), viewportWidth };
      const look = await lookForLayoutChange(
        {
          client,
          cache,
          connectionKey,
          // A tab's asks spend that tab's HogQL budget; Heatlens's own pages ask on the user's click.
          spendQuery: () => {
            if (tabId === null) return;
            const answer = queryBudget.take(tabId);
            if (!answer.ok) throw new QueryPacedError(answer.waitSeconds, { perMinute: HOGQL_QUERIES_PER_TAB_PER_MINUTE, perHour: HOGQL_QUERIES_PER_TAB_PER_HOUR });
          },
          // The same cache entries as the overlay's payload reads (lib/payload/build.ts).
          readClicks: async (range) => {
            const query = buildHeatmapQuery({ ...preferences.filters, dateFrom: range.dateFrom, dateTo: range.dateTo }, page, 'click');
            const answer = await cache.lookup(`${connectionKey}|${heatmapQueryKey(query)}`, () => withRetries(() => client.fetchHeatmap(query)), { allowStale: false });
            return (await answer.value).results;
          },
        },
        { filters: preferences.filters, page },
      );
      return describeLook(look, null).change;
    },
    'layoutChange.showAsRecorded': async ({ asRecorded }, sender) => {
      senderTabId(sender);
      const preferences = await settingsStore.getPreferences();
      await settingsStore.setPreferences({ ...preferences, layoutChange: { asRecorded } });
      await overlayTabs.refreshAll();
      return { ok: true as const };
    },
  };
}
