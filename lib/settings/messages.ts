import * as z from 'zod/mini';
import { empty, ok, panelLayoutForPageSchema, publicConnectionSchema } from '../messaging/schemas';
import { preferencesSchema } from './preferences';

/** Settings: the connection (popup and options page only), preferences, the viewport band offer, the panel's remembered layout. Part of the background protocol (lib/messaging/protocol.ts). */
export const settingsMessages = {
  'settings.get': { request: empty, response: z.object({ connection: publicConnectionSchema, preferences: preferencesSchema }) },
  'connection.save': {
    request: z.object({
      host: z.string(),
      projectId: z.int().check(z.positive()),
      /** Empty keeps the key already saved, for the host it was saved for only. */
      apiKey: z.string(),
      /** The user ticked "Send my key to … unencrypted (plain http)"; needed for http:// to a host not on this machine. */
      plainHttpConfirmed: z.optional(z.boolean()),
    }),
    response: z.object({ projectName: z.nullable(z.string()), connection: publicConnectionSchema }),
  },
  /** For content scripts: preferences only, never anything about the key. */
  'preferences.get': { request: empty, response: preferencesSchema },
  'preferences.save': { request: z.object({ preferences: preferencesSchema }), response: ok },
  /** From the overlay's "no data at this width" offer: switch the viewport filter to a band. */
  'filters.useViewportBand': { request: z.object({ band: z.enum(['mobile', 'tablet', 'desktop']) }), response: ok },
  /** The panel's remembered layout for the asking tab's origin (a null dock is "auto"). */
  'panel.getLayout': { request: empty, response: panelLayoutForPageSchema },
  /** Remembers what the user changed: open parts for every site, the dock for this origin. */
  'panel.saveLayout': { request: z.partial(panelLayoutForPageSchema), response: ok },
} as const;
