import * as z from 'zod/mini';

/**
 * The user's preferences (filters, layers, always-on sites, data sources), validated at the storage
 * boundary (lib/settings.ts) and again when they reach the content script (lib/messages.ts), which is
 * why they are written with `zod/mini`: same zod core and checks, a fraction of classic zod's size in
 * the content bundle. Each field carries its own catch so a corrupt or partly corrupt stored value
 * loses only the broken field, never the rest.
 */

export const layerIds = ['click', 'rageclick', 'deadclick', 'mousemove', 'scrolldepth', 'fold'] as const;
export type LayerId = (typeof layerIds)[number];

const layerPreferenceSchema = z.object({
  enabled: z.boolean(),
  opacity: z.number().check(z.gte(0.05), z.lte(1)),
  // 0 for the guide layers (scroll depth, fold), which have no radius.
  radius: z.number().check(z.gte(0), z.lte(120)),
});
export type LayerPreference = z.infer<typeof layerPreferenceSchema>;

export const viewportFilterSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('match'), tolerancePct: z.number().check(z.gte(0), z.lte(100)) }),
  z.object({ mode: z.literal('band'), band: z.enum(['mobile', 'tablet', 'desktop']) }),
  z.object({ mode: z.literal('custom'), min: z.number().check(z.gte(0)), max: z.number().check(z.gte(0)) }),
]);
export type ViewportFilter = z.infer<typeof viewportFilterSchema>;

export const filtersSchema = z.object({
  /** PostHog's `date_from`: a relative value such as `-7d` or a `YYYY-MM-DD` day. */
  dateFrom: z.catch(z.string(), '-7d'),
  dateTo: z.catch(z.nullable(z.string()), null),
  viewport: z.catch(viewportFilterSchema, { mode: 'match', tolerancePct: 10 }),
  aggregation: z.catch(z.enum(['total_count', 'unique_visitors']), 'total_count'),
  urlMatch: z.catch(
    z.discriminatedUnion('mode', [z.object({ mode: z.literal('exact') }), z.object({ mode: z.literal('pattern'), pattern: z.string() })]),
    { mode: 'exact' },
  ),
  filterTestAccounts: z.catch(z.boolean(), false),
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
  filters: z.catch(filtersSchema, defaultFilters),
  layers: z.catch(
    z.object(
      Object.fromEntries(layerIds.map((id) => [id, z.catch(layerPreferenceSchema, defaultLayers[id])])) as Record<
        LayerId,
        z.ZodMiniCatch<typeof layerPreferenceSchema>
      >,
    ),
    defaultLayers,
  ),
  /** Origins (e.g. `https://example.com`) where the overlay shows on every page load. */
  alwaysOnOrigins: z.catch(z.array(z.string()), []),
  /**
   * "Take data from": pages of `fromOrigin` (staging, localhost) show the heatmap recorded on
   * `toOrigin` (production), path and query kept. PostHog's saved heatmaps make the same
   * distinction between `url` and `data_url`.
   */
  dataSources: z.catch(z.array(z.object({ fromOrigin: z.string(), toOrigin: z.string() })), []),
});
export type Preferences = z.infer<typeof preferencesSchema>;
export const defaultPreferences: Preferences = preferencesSchema.parse({});
