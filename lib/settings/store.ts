import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { defaultPreferences, preferencesSchema, type Preferences } from './preferences';
import { dockPositions } from '../core/dock';
import { indexedDbKeyVault, type KeyVault } from './key-vault';

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
  /** The user confirmed sending the key unencrypted to `host` (plain http to a host not on this machine). */
  plainHttpConfirmed: z.boolean().catch(false),
});
export type Connection = z.infer<typeof connectionSchema>;
export const defaultConnection: Connection = {
  host: DEFAULT_POSTHOG_HOST,
  projectId: null,
  apiKey: '',
  projectName: null,
  plainHttpConfirmed: false,
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

// Chrome: the key lives in `local:` storage, which the background restricts to extension pages and
// itself (storage.local.setAccessLevel TRUSTED_CONTEXTS): content scripts can neither read it nor ask
// for it (see lib/messaging/protocol.ts: no message carries it outwards). Firefox has no such access
// level for storage.local, and its content scripts can read it: there the key is kept in the
// extension origin's IndexedDB instead (key-vault.ts), and storage.local holds the connection without it.
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

/** Firefox builds only; null keeps the key in storage.local with the rest (Chrome, unit tests). */
let keyVault: KeyVault | null = import.meta.env.FIREFOX && typeof indexedDB !== 'undefined' ? indexedDbKeyVault(indexedDB) : null;

/** For tests: where the key is kept apart from storage.local (null: with the rest of the connection). */
export function useKeyVault(vault: KeyVault | null): void {
  keyVault = vault;
}

export const settingsStore = {
  async getConnection(): Promise<Connection> {
    const stored = parseConnection(await connectionItem.getValue());
    if (!keyVault) return stored;
    // A key saved in storage.local (by a version before the vault) moves to the vault, out of content scripts' reach.
    if (stored.apiKey) {
      await keyVault.set(stored.apiKey);
      await connectionItem.setValue({ ...stored, apiKey: '' });
      return stored;
    }
    return { ...stored, apiKey: await keyVault.get() };
  },
  async setConnection(connection: Connection): Promise<void> {
    const parsed = connectionSchema.parse(connection);
    if (!keyVault) {
      await connectionItem.setValue(parsed);
      return;
    }
    await keyVault.set(parsed.apiKey);
    await connectionItem.setValue({ ...parsed, apiKey: '' });
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
