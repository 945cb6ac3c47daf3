import * as z from 'zod/mini';
import { empty, ok, overlayStateSchema } from '../messaging/schemas';

/** Which tabs show the overlay: the toolbar's toggle and "always on", and the overlay closed from the page. Part of the background protocol (lib/messaging/protocol.ts). */
export const tabsMessages = {
  'overlay.getState': { request: z.object({ tabId: z.int() }), response: overlayStateSchema },
  'overlay.toggle': { request: z.object({ tabId: z.int() }), response: overlayStateSchema },
  'overlay.setAlwaysOn': { request: z.object({ tabId: z.int(), enabled: z.boolean() }), response: overlayStateSchema },
  /** The user closed the overlay from the page. */
  'overlay.closedInPage': { request: empty, response: ok },
} as const;
