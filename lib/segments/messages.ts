import * as z from 'zod/mini';
import { empty, segmentOptionsSchema } from '../messaging/schemas';

/** Segments: what the popup's segment picker can offer. Part of the background protocol (lib/messaging/protocol.ts). */
export const segmentsMessages = {
  /** For the popup's segment picker: cohorts, flags with variants, person property names, `query:read`. */
  'segments.options': { request: empty, response: segmentOptionsSchema },
} as const;
