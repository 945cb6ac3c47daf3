import { reviewPreferences } from '../compare/load';
import { stripPostHogFragment } from '../core/geometry';
import type { Handlers } from '../messaging/protocol';
import { senderTabId, type Sender } from '../messaging/sender';
import { dataUrlFor } from '../heatmaps/query';
import type { QueryCache } from '../heatmaps/service';
import { clientForSavedConnection, connectionCacheKey } from '../settings/connection';
import { settingsStore } from '../settings/store';
import { loadAssessData, loadSpotSessions, savedHeatmapStatus, saveHeatmap, type AssessContext } from './data';
import type { reviewMessages } from './messages';

export interface ReviewServices {
  cache: QueryCache;
  /** Injects the review's own script into the asking tab (lib/tabs/overlay-tabs.ts). */
  overlayTabs: { injectReview(tabId: number, frameId: number): Promise<void> };
}

/** The page review's data, the sessions behind spots, saving the heatmap to PostHog, and the review's script. */
export function reviewHandlers({ cache, overlayTabs }: ReviewServices): Handlers<typeof reviewMessages, Sender> {
  /** Everything a review call needs, for the page the asking tab is on. */
  const assessContext = async (request: { pageUrl: string; viewportWidth: number }, sender: Sender): Promise<AssessContext> => {
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
    'assess.load': async (request, sender) => loadAssessData(await assessContext(request, sender), request.have ?? []),
    'assess.sessions': async (request, sender) => loadSpotSessions(await assessContext(request, sender), request.type, request.points),
    'assess.saveHeatmap': async (request, sender) => saveHeatmap(await assessContext(request, sender)),
    'assess.savedStatus': async ({ shortId }, sender) => {
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
