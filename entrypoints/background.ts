import { browser, type Browser } from 'wxt/browser';
import FIELD_WORKER_SOURCE from '@/lib/render/field-worker?worker-source';
import { clientForSavedConnection, connectionCacheKey, saveConnection, toPublicConnection } from '@/lib/settings/connection';
import { loadAssessData, loadSpotSessions, savedHeatmapStatus, saveHeatmap, type AssessContext } from '@/lib/review/data';
import { IndexedDbAnswerStore } from '@/lib/payload/answer-store';
import { OverlayTabs } from '@/lib/tabs/overlay-tabs';
import { PanelLayouts } from '@/lib/settings/panel-layouts';
import { assertExtensionPage as assertSenderIsExtensionPage } from '@/lib/messaging/sender';
import { loadSegmentedPayload, loadSegmentOptions } from '@/lib/segments/options';
import { stripPostHogFragment } from '@/lib/core/geometry';
import { dataUrlFor } from '@/lib/payload/query';
import { loadComparedPayload, reviewPreferences, type LoadSide } from '@/lib/compare/load';
import { CaptureRefusedError, captureWithCaption } from '@/lib/export/capture-image';
import { captureFullPage, finishFullPage, type PageCapture } from '@/lib/full-page/full-page-image';
import { fullPageCaptureAsked, openPopupIn, tabCapturePermissionMessage } from '@/lib/full-page/capture-permission';
import { fullPageMode, withPageCapturer } from '@/lib/full-page/capture';
import { TabCaptures } from '@/lib/full-page/tab-capture';
import { QueryCache } from '@/lib/payload/service';
import { loadSideLayers } from '@/lib/segments/load-side';
import { backgroundProtocol, dispatchMessage, type Handlers } from '@/lib/messaging/protocol';
import { serializePostHogError } from '@/lib/posthog/errors';
import { settingsStore } from '@/lib/settings/store';
import { askTab } from '@/lib/messaging/transport';

type Sender = Browser.runtime.MessageSender;

export default defineBackground(() => {
  // storage.local is readable from content scripts unless restricted; the key must not be, so only
  // the background and extension pages may read it (Chromium 102+; Firefox has no such call and
  // never gives content scripts more than the extension grants them).
  void restrictStorageToExtension();
  const overlayTabs = new OverlayTabs();
  // Answers outlive the service worker (stopped when idle), so cached heat can be shown at once.
  const cache = new QueryCache({ persistence: new IndexedDbAnswerStore() });
  const panelLayouts = new PanelLayouts();

  const senderTabId = (sender: Sender): number => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('This message must come from a page.');
    return tabId;
  };

  /**
   * Messages about the connection and the toolbar's controls are for Heatlens's own pages only, never
   * for a content script. Judged by the sender's URL: the popup may live in a tab (Firefox for
   * Android, a bookmark) and the options page always does.
   */
  const extensionOrigin = browser.runtime.getURL('/');
  const assertExtensionPage = (sender: Sender): void => assertSenderIsExtensionPage(sender, extensionOrigin);

  /** Full-page captures between `export.captureFullPage` and `export.finishFullPage`, per tab. */
  const fullPages = new Map<number, { capture: PageCapture; timer: ReturnType<typeof setTimeout> }>();
  /** Chrome's full-page capture by the tab's video (lib/full-page/tab-capture.ts), one at a time. */
  const tabCaptures = new TabCaptures();
  const forgetFullPage = (tabId: number) => {
    clearTimeout(fullPages.get(tabId)?.timer);
    fullPages.delete(tabId);
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
    'overlay.getState': async ({ tabId }, sender) => {
      assertExtensionPage(sender);
      return overlayTabs.state(tabId, (await settingsStore.getPreferences()).alwaysOnOrigins);
    },
    'overlay.toggle': async ({ tabId }, sender) => {
      assertExtensionPage(sender);
      await overlayTabs.toggle(tabId);
      return overlayTabs.state(tabId, (await settingsStore.getPreferences()).alwaysOnOrigins);
    },
    'overlay.setAlwaysOn': async ({ tabId, enabled }, sender) => {
      assertExtensionPage(sender);
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
      const options = {
        client,
        cache,
        connectionKey: connectionCacheKey(connection),
        preferences,
        page: { dataUrl: dataUrlFor(stripPostHogFragment(pageUrl), preferences.dataSources), viewportWidth },
        // Cached heat at once, even past its max-age; the overlay then asks again with `fresh`.
        allowStale: fresh !== true,
      };
      // Compare (issue 9): each side is a (range, segment) pair: the plain endpoint for all visitors and
      // devices, HogQL for person properties, cohorts and flag variants.
      const loadSide: LoadSide = (range, segment) => loadSideLayers({ ...options, range, segment });
      return preferences.compare.enabled ? loadComparedPayload(options, loadSide) : loadSegmentedPayload(options);
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
    'segments.options': async (_payload, sender) => {
      assertExtensionPage(sender);
      const { client, connection } = await clientForSavedConnection();
      return loadSegmentOptions({ client, cache, connectionKey: connectionCacheKey(connection) });
    },
    'assess.load': async (request, sender) => loadAssessData(await assessContext(request, sender), request.have ?? []),
    'assess.sessions': async (request, sender) => {
      const context = await assessContext(request, sender);
      return loadSpotSessions(context, request.type, request.points);
    },
    'assess.saveHeatmap': async (request, sender) => saveHeatmap(await assessContext(request, sender)),
    'render.workerSource': async (_payload, sender) => {
      senderTabId(sender);
      return { source: FIELD_WORKER_SOURCE };
    },
    'review.inject': async (_payload, sender) => {
      await overlayTabs.injectReview(senderTabId(sender), sender.frameId ?? 0);
      return { ok: true as const };
    },
    'panel.getLayout': async (_payload, sender) => {
      senderTabId(sender);
      return panelLayouts.forOrigin(sender.tab?.url ? safeOrigin(sender.tab.url) : null);
    },
    'panel.saveLayout': async (change, sender) => {
      senderTabId(sender);
      await panelLayouts.save(sender.tab?.url ? safeOrigin(sender.tab.url) : null, change);
      return { ok: true as const };
    },
    'assess.savedStatus': async ({ shortId }, sender) => {
      senderTabId(sender);
      const { client, connection } = await clientForSavedConnection();
      return savedHeatmapStatus(client, connection.projectId!, shortId);
    },
    'export.captureVisible': async ({ caption, cssWidth }, sender) => {
      senderTabId(sender);
      // activeTab (granted by the toolbar click or the shortcut on this tab) lets the background capture it.
      const windowId = sender.tab!.windowId;
      return { dataUrl: await captureWithCaption(() => browser.tabs.captureVisibleTab(windowId, { format: 'png' }), caption, cssWidth) };
    },
    'export.beginFullPage': async ({ viewport }, sender) => {
      const tabId = senderTabId(sender);
      const mode = await fullPageMode();
      if (mode === 'beyond-viewport') return { mode: 'beyond-viewport' as const, salt: 0 };
      if (mode === 'needs-permission') {
        // Asked for in a click in the popup, the one place it can be: opened for the user where Chrome allows.
        await fullPageCaptureAsked.set(true);
        throw new CaptureRefusedError(tabCapturePermissionMessage(await openPopupIn(sender.tab?.windowId)));
      }
      // The video of the sender's own tab, never another: Chrome gives it only for a tab the user invoked Heatlens on.
      await tabCaptures.begin(tabId, viewport);
      return { mode: 'scroll' as const, salt: Math.floor(Math.random() * 10_000) };
    },
    'export.expectStrips': async ({ strips }, sender) => {
      await tabCaptures.expect(senderTabId(sender), strips);
      return { ok: true as const };
    },
    'export.awaitStrips': async ({ codes, timeoutMs }, sender) => ({ missing: await tabCaptures.await(senderTabId(sender), codes, timeoutMs) }),
    'export.abortFullPage': async (_payload, sender) => {
      if (tabCaptures.isOpenFor(senderTabId(sender))) await tabCaptures.close();
      return { ok: true as const };
    },
    'export.captureFullPage': async (request, sender) => {
      const tabId = senderTabId(sender);
      forgetFullPage(tabId);
      let capture: PageCapture;
      if (tabCaptures.isOpenFor(tabId)) {
        // Chrome: the page has scrolled under the tab's video; the strips come from the frames kept meanwhile.
        try {
          capture = await captureFullPage(request, tabCaptures.stripCapturer());
        } finally {
          await tabCaptures.close();
        }
      } else {
        // Firefox: captureVisibleTab of document rectangles with activeTab; a Chromium build holding `debugger`: the screenshot beyond the viewport (see full-page-capture.ts).
        const tab = { id: tabId, windowId: sender.tab!.windowId };
        capture = await withPageCapturer(tab, request.page.devicePixelRatio, (captureStrip) => captureFullPage(request, captureStrip));
      }
      // Held until the tab asks for the finished image, right after showing its overlay again (a minute at most).
      fullPages.set(tabId, { capture, timer: setTimeout(() => forgetFullPage(tabId), 60_000) });
      return { ok: true as const };
    },
    'export.finishFullPage': async (_payload, sender) => {
      const tabId = senderTabId(sender);
      const pending = fullPages.get(tabId);
      if (!pending) throw new CaptureRefusedError('The captured page is no longer here (over a minute passed, or the extension restarted): click Full page image again.');
      forgetFullPage(tabId);
      return finishFullPage(pending.capture);
    },
  };

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

  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => {
    // Only the extension's own pages and content scripts can reach this listener (no
    // externally_connectable), but check the id anyway: defence in depth for the key.
    if (sender.id !== browser.runtime.id) return undefined;
    return dispatchMessage(backgroundProtocol, handlers, message, sender, serializePostHogError);
  });

  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command === 'cycle-compare-view' && tab?.id !== undefined) {
      // Only a tab showing the overlay has a content script to answer; others have nothing to cycle.
      await askTab(tab.id, 'overlay.cycleCompareView', {}).catch(() => undefined);
      return;
    }
    if (command !== 'toggle-heatmap' || tab?.id === undefined) return;
    await overlayTabs.toggle(tab.id).catch((error) => console.warn('Heatlens:', error));
  });

  browser.tabs.onUpdated.addListener(async (tabId, change, tab) => {
    // The page navigated away in the middle of Full page image: nothing will ask for its frames.
    if (change.status === 'loading' && tabCaptures.isOpenFor(tabId)) void tabCaptures.close();
    if (change.status !== 'complete') return;
    // A full navigation replaced the page and its overlay; a same-document one (pushState) kept them.
    await overlayTabs.syncWithPage(tabId);
    const origin = tab.url ? safeOrigin(tab.url) : null;
    const { alwaysOnOrigins } = await settingsStore.getPreferences();
    if (origin && alwaysOnOrigins.includes(origin)) {
      await overlayTabs.show(tabId).catch((error) => console.warn('Heatlens:', error));
    }
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    void overlayTabs.markHidden(tabId);
    // A tab closed in the middle of Full page image: its video stops now, not when the capture times out.
    if (tabCaptures.isOpenFor(tabId)) void tabCaptures.close();
  });
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
