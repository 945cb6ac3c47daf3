import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { defaultPreferences, preferencesSchema, type Preferences } from './preferences';
import { dockPositions } from '../core/dock';

/**
 * Everything Heatlens remembers, validated at the storage boundary. Each field carries its own
 * `.catch()` so a corrupt or partly corrupt stored value loses only the broken field, never the rest
 * (and never the API key because a filter went bad).
 */

export const DEFAULT_POSTHOG_HOST = 'https://us.posthog.com';

export const connectionSchema = z.object({
  host: z.string().catch(DEFAULT_POSTHOG_HOST),
  projectId: z.number().int().positive().nullable().catch(null),
  apiKey: z.string().catch(''),
  /** Name of the project as PostHog reported it at the last successful check. */
  projectName: z.string().nullable().catch(null),
});
export type Connection = z.infer<typeof connectionSchema>;
export const defaultConnection: Connection = {
  host: DEFAULT_POSTHOG_HOST,
  projectId: null,
  apiKey: '',
  projectName: null,
};

// Preferences travel to the content script (lib/messaging/protocol.ts), so their schemas are zod/mini and live
// in settings/preferences.ts; re-exported here so the storage boundary stays the one place to import from.
export * from './preferences';

/** Parses a stored value; anything unreadable falls back field by field to the defaults. */
export function parseConnection(raw: unknown): Connection {
  return connectionSchema.catch(defaultConnection).parse(raw ?? {});
}
export function parsePreferences(raw: unknown): Preferences {
  return z.catch(preferencesSchema, defaultPreferences).parse(raw ?? {});
}

// The key lives in `local:` storage, which the background restricts to extension pages and itself
// (storage.local.setAccessLevel TRUSTED_CONTEXTS): content scripts can neither read it nor ask for it
// (see lib/messaging/protocol.ts: no message carries it outwards).
const connectionItem = storage.defineItem<unknown>('local:heatlens.connection', { fallback: null });
const preferencesItem = storage.defineItem<unknown>('local:heatlens.preferences', { fallback: null });
// The in-page panel's layout is kept apart from the preferences: content scripts change it (through
// the background), and a broken value must never cost the user their filters.
const panelLayoutItem = storage.defineItem<unknown>('local:heatlens.panelLayout', { fallback: null });

/** What the user chose, kept per origin (dock) and across sites (which parts are open). */
export const panelLayoutSchema = z.object({
  /** The legend details (full legend, filters, data source) are open. */
  detailsOpen: z.boolean().catch(false),
  /** The page review is open (it is loaded on demand, the first time it opens). */
  reviewOpen: z.boolean().catch(false),
  /** Dock per origin; an origin without an entry is "auto". */
  docks: z.record(z.string(), z.enum(dockPositions)).catch({}),
});
export type PanelLayout = z.infer<typeof panelLayoutSchema>;
export const defaultPanelLayout: PanelLayout = { detailsOpen: false, reviewOpen: false, docks: {} };

export function parsePanelLayout(raw: unknown): PanelLayout {
  return panelLayoutSchema.catch(defaultPanelLayout).parse(raw ?? {});
}

export const settingsStore = {
  async getConnection(): Promise<Connection> {
    return parseConnection(await connectionItem.getValue());
  },
  async setConnection(connection: Connection): Promise<void> {
    await connectionItem.setValue(connectionSchema.parse(connection));
  },
  async getPreferences(): Promise<Preferences> {
    return parsePreferences(await preferencesItem.getValue());
  },
  async setPreferences(preferences: Preferences): Promise<void> {
    await preferencesItem.setValue(preferencesSchema.parse(preferences));
  },
  async getPanelLayout(): Promise<PanelLayout> {
    return parsePanelLayout(await panelLayoutItem.getValue());
  },
  async setPanelLayout(layout: PanelLayout): Promise<void> {
    await panelLayoutItem.setValue(panelLayoutSchema.parse(layout));
  },
  watchPreferences(callback: (preferences: Preferences) => void): () => void {
    return preferencesItem.watch((raw) => callback(parsePreferences(raw)));
  },
};
