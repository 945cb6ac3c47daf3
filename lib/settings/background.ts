import type { Handlers } from '../messaging/protocol';
import { assertExtensionPage, senderOrigin, senderTabId, type Sender } from '../messaging/sender';
import type { settingsMessages } from './messages';
import { saveConnection, toPublicConnection } from './connection';
import { PanelLayouts } from './panel-layouts';
import { settingsStore } from './store';

export interface SettingsServices {
  /** `runtime.getURL('/')`: messages about the connection are for Heatlens's own pages only. */
  extensionOrigin: string;
  /** Answers cached under the old connection or filters are dropped (lib/heatmaps/service.ts). */
  cache: { clear(): void };
  /** Every tab showing the overlay repaints with the new settings (lib/tabs/overlay-tabs.ts). */
  overlayTabs: { refreshAll(): Promise<void> };
  /** A change the user makes here starts every tab's HogQL count afresh (lib/segments/query-budget.ts). */
  queryBudget: { reset(): void };
}

/**
 * The background's side of settings: the connection (read and saved only by the popup and options
 * page: a content script never sees the key, nor can it change where the key is sent), preferences,
 * the viewport band the overlay offers, and the panel's layout remembered per origin.
 */
export function settingsHandlers({ extensionOrigin, cache, overlayTabs, queryBudget }: SettingsServices): Handlers<typeof settingsMessages, Sender> {
  const panelLayouts = new PanelLayouts();
  return {
    'settings.get': async (_payload, sender) => {
      assertExtensionPage(sender, extensionOrigin);
      return {
        connection: toPublicConnection(await settingsStore.getConnection()),
        preferences: await settingsStore.getPreferences(),
      };
    },
    'connection.save': async (input, sender) => {
      assertExtensionPage(sender, extensionOrigin);
      const result = await saveConnection(input);
      queryBudget.reset();
      cache.clear();
      await overlayTabs.refreshAll();
      return result;
    },
    'preferences.get': async () => settingsStore.getPreferences(),
    'preferences.save': async ({ preferences }, sender) => {
      assertExtensionPage(sender, extensionOrigin);
      // The user's own change (extension pages only): the tabs' segment-query counts start afresh.
      queryBudget.reset();
      await settingsStore.setPreferences(preferences);
      await overlayTabs.refreshAll();
      return { ok: true as const };
    },
    'filters.useViewportBand': async ({ band }, sender) => {
      senderTabId(sender);
      const preferences = await settingsStore.getPreferences();
      await settingsStore.setPreferences({ ...preferences, filters: { ...preferences.filters, viewport: { mode: 'band', band } } });
      await overlayTabs.refreshAll();
      return { ok: true as const };
    },
    'panel.getLayout': async (_payload, sender) => {
      senderTabId(sender);
      return panelLayouts.forOrigin(senderOrigin(sender));
    },
    'panel.saveLayout': async (change, sender) => {
      senderTabId(sender);
      await panelLayouts.save(senderOrigin(sender), change);
      return { ok: true as const };
    },
  };
}
