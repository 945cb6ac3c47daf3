import { z } from 'zod';
import { storage } from 'wxt/utils/storage';

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

export const layerIds = ['click', 'rageclick', 'deadclick', 'mousemove', 'scrolldepth', 'fold'] as const;
export type LayerId = (typeof layerIds)[number];

const layerPreferenceSchema = z.object({
  enabled: z.boolean(),
  opacity: z.number().min(0.05).max(1),
  radius: z.number().min(4).max(120),
});
export type LayerPreference = z.infer<typeof layerPreferenceSchema>;

export const viewportFilterSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('match'), tolerancePct: z.number().min(0).max(100) }),
  z.object({ mode: z.literal('band'), band: z.enum(['mobile', 'tablet', 'desktop']) }),
  z.object({ mode: z.literal('custom'), min: z.number().min(0), max: z.number().min(0) }),
]);
export type ViewportFilter = z.infer<typeof viewportFilterSchema>;

export const filtersSchema = z.object({
  /** PostHog's `date_from`: a relative value such as `-7d` or a `YYYY-MM-DD` day. */
  dateFrom: z.string().catch('-7d'),
  dateTo: z.string().nullable().catch(null),
  viewport: viewportFilterSchema.catch({ mode: 'match', tolerancePct: 10 }),
  aggregation: z.enum(['total_count', 'unique_visitors']).catch('total_count'),
  urlMatch: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('exact') }),
      z.object({ mode: z.literal('pattern'), pattern: z.string() }),
    ])
    .catch({ mode: 'exact' }),
  filterTestAccounts: z.boolean().catch(false),
});
export type Filters = z.infer<typeof filtersSchema>;
export const defaultFilters: Filters = filtersSchema.parse({});

const defaultLayer = (enabled: boolean, radius = 25, opacity = 0.75): LayerPreference => ({ enabled, radius, opacity });
export const defaultLayers: Record<LayerId, LayerPreference> = {
  click: defaultLayer(true),
  rageclick: defaultLayer(false, 25, 0.85),
  deadclick: defaultLayer(false),
  mousemove: defaultLayer(false, 30, 0.6),
  scrolldepth: defaultLayer(false, 0, 0.5),
  fold: defaultLayer(false, 0, 1),
};

export const preferencesSchema = z.object({
  filters: filtersSchema.catch(defaultFilters),
  layers: z
    .object(
      Object.fromEntries(
        layerIds.map((id) => [id, layerPreferenceSchema.catch(defaultLayers[id])]),
      ) as Record<LayerId, z.ZodCatch<typeof layerPreferenceSchema>>,
    )
    .catch(defaultLayers),
  /** Origins (e.g. `https://example.com`) where the overlay shows on every page load. */
  alwaysOnOrigins: z.array(z.string()).catch([]),
  /**
   * "Take data from": pages of `fromOrigin` (staging, localhost) show the heatmap recorded on
   * `toOrigin` (production), path and query kept. PostHog's saved heatmaps make the same
   * distinction between `url` and `data_url`.
   */
  dataSources: z.array(z.object({ fromOrigin: z.string(), toOrigin: z.string() })).catch([]),
});
export type Preferences = z.infer<typeof preferencesSchema>;
export const defaultPreferences: Preferences = preferencesSchema.parse({});

/** Parses a stored value; anything unreadable falls back field by field to the defaults. */
export function parseConnection(raw: unknown): Connection {
  return connectionSchema.catch(defaultConnection).parse(raw ?? {});
}
export function parsePreferences(raw: unknown): Preferences {
  return preferencesSchema.catch(defaultPreferences).parse(raw ?? {});
}

// The key lives in `local:` storage, which only extension pages and the background can read;
// content scripts never ask for it (see lib/messages.ts: no message carries it outwards).
const connectionItem = storage.defineItem<unknown>('local:heatlens.connection', { fallback: null });
const preferencesItem = storage.defineItem<unknown>('local:heatlens.preferences', { fallback: null });

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
  watchPreferences(callback: (preferences: Preferences) => void): () => void {
    return preferencesItem.watch((raw) => callback(parsePreferences(raw)));
  },
};
