import * as z from 'zod/mini';

/**
 * The user's preferences (filters, layers, always-on sites, data sources), validated at the storage
 * boundary (lib/settings/store/store.ts) and again when they reach the content script (lib/messaging/protocol.ts), which is
 * why they are written with `zod/mini`: same zod core and checks, a fraction of classic zod's size in
 * the content bundle. Each field carries its own catch so a corrupt or partly corrupt stored value
 * loses only the broken field, never the rest.
 */

import { layerIds, type LayerId } from '../core/layer-ids';
export { layerIds, type LayerId };

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

/**
 * Who the heatmap is about (issue 9). `all` is the plain heatmaps endpoint; every other kind is
 * answered by PostHog's query endpoint (HogQL over `heatmaps` joined to persons / events), which
 * needs the `query:read` scope. `label` is what the panel and the export caption say.
 */
export const segmentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({
    kind: z.literal('person'),
    key: z.string().check(z.minLength(1)),
    operator: z.enum(['exact', 'is_not', 'icontains']),
    value: z.string(),
  }),
  z.object({ kind: z.literal('cohort'), id: z.int().check(z.positive()), name: z.string() }),
  z.object({ kind: z.literal('flag'), key: z.string().check(z.minLength(1)), variant: z.string() }),
  z.object({ kind: z.literal('device'), device: z.enum(['mobile', 'tablet', 'desktop']) }),
]);
export type Segment = z.infer<typeof segmentSchema>;

export const dateRangeSchema = z.object({ dateFrom: z.string(), dateTo: z.nullable(z.string()) });
export type DateRange = z.infer<typeof dateRangeSchema>;

/**
 * Compare (issue 9): two sides A and B, each a date range and a segment. `preset` says how the
 * popup derived them: `previous-period` (B = the filters' range, A = the same length before it),
 * `split` (A before `splitDate`, B from it), `custom` (two explicit ranges), `segments` (one range,
 * A = `segmentA`, B = `segmentB`, e.g. an experiment's control and test variants).
 * `view` is what the overlay paints: A, B or the difference B − A (warm where B has more).
 */
export const compareSchema = z.object({
  enabled: z.boolean(),
  preset: z.enum(['previous-period', 'split', 'custom', 'segments']),
  splitDate: z.nullable(z.string()),
  a: dateRangeSchema,
  b: dateRangeSchema,
  segmentA: segmentSchema,
  segmentB: segmentSchema,
  view: z.enum(['a', 'b', 'diff']),
});
export type Compare = z.infer<typeof compareSchema>;
export const defaultCompare: Compare = {
  enabled: false,
  preset: 'previous-period',
  splitDate: null,
  a: { dateFrom: '-14d', dateTo: '-7d' },
  b: { dateFrom: '-7d', dateTo: null },
  segmentA: { kind: 'all' },
  segmentB: { kind: 'all' },
  view: 'diff',
};

/**
 * Near-live (issue 19, item 5): instead of the filters' days, the heat of the last hour or since an
 * annotation's moment (`date`, ISO), through HogQL, refreshed while the tab is visible (lib/near-live).
 * null: off. Chosen in the popup's date range ("Live: last hour", "Live: since …").
 */
export const nearLiveSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('hour') }),
  z.object({ from: z.literal('annotation'), id: z.int(), content: z.string(), date: z.string() }),
]);
export type NearLive = z.infer<typeof nearLiveSchema>;

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
  /** The segment the (uncompared) heatmap is filtered to. */
  segment: z.catch(segmentSchema, { kind: 'all' }),
  compare: z.catch(compareSchema, defaultCompare),
  /**
   * Issue 19: after a detected layout change, clicks recorded before it are re-anchored to where their
   * content is now (or left out when that cannot be said). `asRecorded` paints every click at its
   * recorded coordinates instead, ghosts included.
   */
  layoutChange: z.catch(z.object({ asRecorded: z.boolean() }), { asRecorded: false }),
  nearLive: z.catch(z.nullable(nearLiveSchema), null),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/**
 * The part of the preferences the overlay's script checks when it is sent them (`preferences.get`):
 * the layers it paints with, in full; the rest arrives as the background parsed it and only has to be
 * an object. Its checks are derived from this (lib/protocol/content-checks.generated.ts): the whole
 * schema's would cost the 30 KB script about half a kilobyte.
 */
export const overlayPreferencesSchema = z.object({ layers: preferencesSchema.shape.layers, filters: z.object({}) });
export const defaultPreferences: Preferences = preferencesSchema.parse({});
