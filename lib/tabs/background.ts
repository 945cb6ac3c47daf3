import { browser } from 'wxt/browser';
import type { Handlers } from '../messaging/protocol';
import { askTab } from '../messaging/transport';
import { assertExtensionPage, safeOrigin, senderTabId, type Sender } from '../messaging/sender';
import { settingsStore } from '../settings/store';
import type { tabsMessages } from './messages';
import type { OverlayTabs } from './overlay-tabs';

export interface TabsServices {
  extensionOrigin: string;
  overlayTabs: OverlayTabs;
}

/** The toolbar's toggle and "always on" (Heatlens's own pages only), and the overlay closed from the page. */
export function tabsHandlers({ extensionOrigin, overlayTabs }: TabsServices): Handlers<typeof tabsMessages, Sender> {
  const stateOf = async (tabId: number) => overlayTabs.state(tabId, (await settingsStore.getPreferences()).alwaysOnOrigins);
  return {
    'overlay.getState': async ({ tabId }, sender) => {
      assertExtensionPage(sender, extensionOrigin);
      return stateOf(tabId);
    },
    'overlay.toggle': async ({ tabId }, sender) => {
      assertExtensionPage(sender, extensionOrigin);
      await overlayTabs.toggle(tabId);
      return stateOf(tabId);
    },
    'overlay.setAlwaysOn': async ({ tabId, enabled }, sender) => {
      assertExtensionPage(sender, extensionOrigin);
      const preferences = await settingsStore.getPreferences();
      const { origin } = await overlayTabs.state(tabId, preferences.alwaysOnOrigins);
      if (origin) {
        const others = preferences.alwaysOnOrigins.filter((candidate) => candidate !== origin);
        await settingsStore.setPreferences({ ...preferences, alwaysOnOrigins: enabled ? [...others, origin] : others });
      }
      return stateOf(tabId);
    },
    'overlay.closedInPage': async (_payload, sender) => {
      await overlayTabs.markHidden(senderTabId(sender));
      return { ok: true as const };
    },
  };
}

/**
 * The browser's events about tabs and shortcuts: the toggle shortcut, compare's view shortcut, a page
 * that navigated (its overlay is gone, or shown again on an "always on" origin), a closed tab.
 */
export function watchTabs({ overlayTabs }: TabsServices): void {
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
}
