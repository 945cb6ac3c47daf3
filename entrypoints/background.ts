import { browser } from 'wxt/browser';
import { annotationsHandlers } from '@/lib/annotations/background';
import { layoutChangeHandlers } from '@/lib/layout-change/background';
import { exportHandlers } from '@/lib/export/background';
import { fullPageHandlers } from '@/lib/full-page/background';
import { nearLiveHandlers } from '@/lib/near-live/background';
import { NearLiveAnswers } from '@/lib/near-live/load';
import { dispatchMessage, type Handlers } from '@/lib/messaging/protocol';
import { backgroundProtocol } from '@/lib/protocol/background';
import type { Sender } from '@/lib/messaging/sender';
import { IndexedDbAnswerStore } from '@/lib/heatmaps/answer-store';
import { payloadHandlers } from '@/lib/payload/background';
import { QueryCache } from '@/lib/heatmaps/service';
import { serializePostHogError } from '@/lib/posthog/errors';
import { reviewHandlers } from '@/lib/review/background';
import { segmentsHandlers } from '@/lib/segments/background';
import { createQueryBudget } from '@/lib/segments/query-budget';
import { settingsHandlers } from '@/lib/settings/background';
import { tabsHandlers, watchTabs } from '@/lib/tabs/background';
import { OverlayTabs } from '@/lib/tabs/overlay-tabs';

/**
 * The background: shared services, then each feature's handlers for its own messages (the feature's
 * messages.ts and background.ts). A feature is removed by removing its folder, its line here and its
 * line in lib/protocol/background.ts.
 */
export default defineBackground(() => {
  // storage.local is readable from content scripts unless restricted; the key must not be, so only
  // the background and extension pages may read it (Chromium 102+; Firefox has no such call and
  // never gives content scripts more than the extension grants them).
  void restrictStorageToExtension();

  const services = {
    /** Judged by the sender's URL: the popup may live in a tab (Firefox for Android, a bookmark). */
    extensionOrigin: browser.runtime.getURL('/'),
    overlayTabs: new OverlayTabs(),
    // Answers outlive the service worker (stopped when idle), so cached heat can be shown at once.
    cache: new QueryCache({ persistence: new IndexedDbAnswerStore() }),
    // Segment (HogQL) queries each tab may send: a page changing its address cannot spend the key's hourly budget.
    queryBudget: createQueryBudget(),
    // Near-live's latest answer per tab, so the overlay's repaint after a refresh costs no second query.
    nearLiveAnswers: new NearLiveAnswers(),
  };

  const handlers: Handlers<typeof backgroundProtocol, Sender> = {
    ...settingsHandlers(services),
    ...tabsHandlers(services),
    ...payloadHandlers(services),
    ...segmentsHandlers(services),
    ...reviewHandlers(services),
    ...exportHandlers(),
    ...fullPageHandlers(),
    ...annotationsHandlers(services),
    ...layoutChangeHandlers(services),
    ...nearLiveHandlers(services),
  };
  watchTabs(services);
  browser.tabs.onRemoved.addListener((tabId) => {
    services.queryBudget.forget(tabId);
    services.nearLiveAnswers.forget(tabId);
  });

  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => {
    // Only the extension's own pages and content scripts can reach this listener (no
    // externally_connectable), but check the id anyway: defence in depth for the key.
    if (sender.id !== browser.runtime.id) return undefined;
    return dispatchMessage(backgroundProtocol, handlers, message, sender, serializePostHogError);
  });
});

async function restrictStorageToExtension(): Promise<void> {
  const local = browser.storage.local as { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };
  await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch((error: unknown) => console.warn('Heatlens:', error));
}
