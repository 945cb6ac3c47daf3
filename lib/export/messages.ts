import * as z from 'zod/mini';
import { captionSchema } from '../messaging/schemas';

/** Export: the visible tab as an image with its caption. Part of the background protocol (lib/messaging/protocol.ts). */
export const exportMessages = {
  /** Export (issue 9): the sender's visible tab as a PNG data URL with `caption` composited under it. */
  'export.captureVisible': {
    request: z.object({ caption: captionSchema, cssWidth: z.number().check(z.positive()) }),
    response: z.object({ dataUrl: z.string() }),
  },
} as const;
