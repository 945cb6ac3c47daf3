import { browser, type Browser } from 'wxt/browser';
import { clientForSavedConnection, connectionCacheKey, saveConnection, toPublicConnection } from '@/lib/background/connection';
import { loadAssessData, loadSpotSessions, savedHeatmapStatus, saveHeatmap, type AssessContext } from '@/lib/background/assessment';
import { IndexedDbAnswerStore } from '@/lib/background/answer-store';
import { OverlayTabs } from '@/lib/background/overlay-tabs';
import { stripPostHogFragment } from '@/lib/geometry';
import { dataUrlFor } from '@/lib/heatmap-query';
import { loadHeatmapPayload, QueryCache } from '@/lib/heatmap-service';
import { backgroundProtocol, dispatchMessage, type Handlers } from '@/lib/messages';
import { serializePostHogError } from '@/lib/posthog/errors';
import { settingsStore } from '@/lib/settings';

type Sender = Browser.runtime.MessageSender;

export default defineBackground(() => {
  // storage.local is readable from content scripts unless restricted; the key must not be, so only
  // the background and extension pages may read it (Chromium 102+; Firefox has no such call and
  // never gives content scripts more than the extension grants them).
  void restrictStorageToExtension();
  const overlayTabs = new OverlayTabs();
  // Answers outlive the service worker (stopped when idle), so cached heat can be shown at once.
  const cache = new QueryCache({ persistence: new IndexedDbAnswerStore() });

  const senderTabId = (sender: Sender): number => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('This message must come from a page.');
    return tabId;
  };

  /** Messages about the connection are for extension pages only, never for a content script. */
  const assertExtensionPage = (sender: Sender): void => {
    if (sender.tab) throw new Error('Not available to pages.');
  };

  const handlers: Handlers<typeof backgroundProtocol, Sender> = {
    'settings.get': async (_payload, sender) => {
      assertExtensionPage(sender);
      return {
        connection: toPublicConnection(await settingsStore.getConnection()),
        preferences: await settingsStore.getPreferences(),
      };
    },
    'connection.save': async (input, sender) => {
      assertExtensionPage(sender);
      const result = await saveConnection(input);
      cache.clear();
      await overlayTabs.refreshAll();
      return result;
    },
    'preferences.get': async () => settingsStore.getPreferences(),
    'preferences.save': async ({ preferences }, sender) => {
      assertExtensionPage(sender);
      await settingsStore.setPreferences(preferences);
      await overlayTabs.refreshAll();
      return { ok: true as const };
    },
    'overlay.getState': async ({ tabId }) => overlayTabs.state(tabId, (await settingsStore.getPreferences()).alwaysOnOrigins),
    'overlay.toggle': async ({ tabId }) => {
      await overlayTabs.toggle(tabId);
      return overlayTabs.state(tabId, (await settingsStore.getPreferences()).alwaysOnOrigins);
    },
    'overlay.setAlwaysOn': async ({ tabId, enabled }) => {
      const preferences = await settingsStore.getPreferences();
      const { origin } = await overlayTabs.state(tabId, preferences.alwaysOnOrigins);
      if (origin) {
        const others = preferences.alwaysOnOrigins.filter((candidate) => candidate !== origin);
        await settingsStore.setPreferences({ ...preferences, alwaysOnOrigins: enabled ? [...others, origin] : others });
      }
      return overlayTabs.state(tabId, (await settingsStore.getPreferences()).alwaysOnOrigins);
    },
    'heatmap.load': async ({ pageUrl, viewportWidth, fresh }, sender) => {
      senderTabId(sender);
      const [{ client, connection }, preferences] = await Promise.all([clientForSavedConnection(), settingsStore.getPreferences()]);
      return loadHeatmapPayload({
        client,
        cache,
        connectionKey: connectionCacheKey(connection),
        preferences,
        page: { dataUrl: dataUrlFor(stripPostHogFragment(pageUrl), preferences.dataSources), viewportWidth },
        // Cached heat at once, even past its max-age; the overlay then asks again with `fresh`.
        allowStale: fresh !== true,
      });
    },
    'filters.useViewportBand': async ({ band }, sender) => {
      senderTabId(sender);
      const preferences = await settingsStore.getPreferences();
      await settingsStore.setPreferences({ ...preferences, filters: { ...preferences.filters, viewport: { mode: 'band', band } } });
      await overlayTabs.refreshAll();
      return { ok: true as const };
    },
    'overlay.closedInPage': async (_payload, sender) => {
      await overlayTabs.markHidden(senderTabId(sender));
      return { ok: true as const };
    },
    'assess.load': async (request, sender) => loadAssessData(await assessContext(request, sender), request.have ?? []),
    'assess.sessions': async (request, sender) => {
      const context = await assessContext(request, sender);
      return loadSpotSessions(context, request.type, request.points);
    },
    'assess.saveHeatmap': async (request, sender) => saveHeatmap(await assessContext(request, sender)),
    'assess.savedStatus': async ({ shortId }, sender) => {
      senderTabId(sender);
      const { client, connection } = await clientForSavedConnection();
      return savedHeatmapStatus(client, connection.projectId!, shortId);
    },
  };

  /** Everything a review call needs, for the page the asking tab is on. */
  const assessContext = async (request: { pageUrl: string; viewportWidth: number }, sender: Sender): Promise<AssessContext> => {
    senderTabId(sender);
    const { client, connection } = await clientForSavedConnection();
    const preferences = await settingsStore.getPreferences();
    return {
      client,
      projectId: connection.projectId!,
      cache,
      connectionKey: connectionCacheKey(connection),
      preferences,
      page: { dataUrl: dataUrlFor(stripPostHogFragment(request.pageUrl), preferences.dataSources), viewportWidth: request.viewportWidth },
    };
  };

  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => {
    // Only the extension's own pages and content scripts can reach this listener (no
    // externally_connectable), but check the id anyway: defence in depth for the key.
    if (sender.id !== browser.runtime.id) return undefined;
    return dispatchMessage(backgroundProtocol, handlers, message, sender, serializePostHogError);
  });

  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== 'toggle-heatmap' || tab?.id === undefined) return;
    await overlayTabs.toggle(tab.id).catch((error) => console.warn('Heatlens:', error));
  });

  browser.tabs.onUpdated.addListener(async (tabId, change, tab) => {
    if (change.status !== 'complete') return;
    // A full navigation replaced the page and its overlay; a same-document one (pushState) kept them.
    await overlayTabs.syncWithPage(tabId);
    const origin = tab.url ? safeOrigin(tab.url) : null;
    const { alwaysOnOrigins } = await settingsStore.getPreferences();
    if (origin && alwaysOnOrigins.includes(origin)) {
      await overlayTabs.show(tabId).catch((error) => console.warn('Heatlens:', error));
    }
  });

  browser.tabs.onRemoved.addListener((tabId) => void overlayTabs.markHidden(tabId));
});

async function restrictStorageToExtension(): Promise<void> {
  const local = browser.storage.local as { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };
  await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch((error: unknown) => console.warn('Heatlens:', error));
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
