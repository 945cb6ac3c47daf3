import { reviewPreferences } from '../compare/load';
import { stripPostHogFragment } from '../core/geometry';
import type { Handlers } from '../messaging/protocol';
import { browser } from 'wxt/browser';
import { assertExtensionPage, senderTabId, type Sender } from '../messaging/sender';
import { SessionsLists } from './sessions-lists';
import { dataUrlFor } from '../heatmaps/query';
import type { QueryCache } from '../heatmaps/service';
import { clientForSavedConnection, connectionCacheKey } from '../settings/connection';
import { settingsStore } from '../settings/store';
import { loadReviewData, loadSpotSessions, savedHeatmapStatus, saveHeatmap, type ReviewContext } from './data';
import type { reviewMessages } from './messages';

export interface ReviewServices {
  cache: QueryCache;
  /** Injects the review's own script into the asking tab (lib/tabs/overlay-tabs.ts). */
  overlayTabs: { injectReview(tabId: number, frameId: number): Promise<void> };
}

/** The page review's data, the sessions behind spots, saving the heatmap to PostHog, and the review's script. */
export function reviewHandlers({ cache, overlayTabs }: ReviewServices): Handlers<typeof reviewMessages, Sender> {
  /** Inspected spots' sessions, for the sessions frame only (never sent to the page's script). */
  const sessionsLists = new SessionsLists();
  /** Everything a review call needs, for the page the asking tab is on. */
  const reviewContext = async (request: { pageUrl: string; viewportWidth: number }, sender: Sender): Promise<ReviewContext> => {
    senderTabId(sender);
    const { client, connection } = await clientForSavedConnection();
    // With Compare on, the review is about side B, whose layers the overlay hands it.
    const preferences = reviewPreferences(await settingsStore.getPreferences());
    return {
      client,
      projectId: connection.projectId!,
      cache,
      connectionKey: connectionCacheKey(connection),
      preferences,
      page: { dataUrl: dataUrlFor(stripPostHogFragment(request.pageUrl), preferences.dataSources), viewportWidth: request.viewportWidth },
    };
  };
  return {
    'review.load': async (request, sender) => loadReviewData(await reviewContext(request, sender), request.have ?? []),
    'review.sessions': async (request, sender) => {
      const list = await loadSpotSessions(await reviewContext(request, sender), request.type, request.points);
      const listId = sessionsLists.put(senderTabId(sender), list);
      return { listId, sessionCount: list.sessions.length, totalCount: list.totalCount, hasMore: list.hasMore };
    },
    'sessions.list': async ({ listId }, sender) => {
      // Only Heatlens's sessions page, framed in the tab the list was made for.
      assertExtensionPage(sender, browser.runtime.getURL('/'));
      const list = sessionsLists.get(listId, sender.tab?.id);
      if (!list) throw new Error('This list of sessions is no longer kept (ten minutes passed, or the extension restarted): click the spot again.');
      return list;
    },
    'review.saveHeatmap': async (request, sender) => saveHeatmap(await reviewContext(request, sender)),
    'review.savedStatus': async ({ shortId }, sender) => {
      senderTabId(sender);
      const { client, connection } = await clientForSavedConnection();
      return savedHeatmapStatus(client, connection.projectId!, shortId);
    },
    'review.inject': async (_payload, sender) => {
      await overlayTabs.injectReview(senderTabId(sender), sender.frameId ?? 0);
      return { ok: true as const };
    },
  };
}
