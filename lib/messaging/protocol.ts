import * as z from 'zod/mini';
import type { SerializedPostHogError } from '../posthog/errors';
import { encodeSpotColumns } from '../core/wire-columns';
import { dispatchMessage as dispatchWith, readReply as readReplyWith, type Reply } from './envelope';
import { empty, ok } from './schemas';
export * from './schemas';

/**
 * The one message protocol between the extension's parts. Every message is validated with zod on
 * arrival, in both directions, because a message is a boundary like any API response.
 *
 * Written with `zod/mini` (the same zod package and validation core, functional API): this module
 * and every schema it reaches are bundled into the content script, which runs on the user's pages,
 * and zod classic alone would triple that script's size. The background's PostHog schemas keep
 * classic zod. mini ships no error messages, so the English locale is configured in ./schemas.ts.
 *
 *   popup / content  ──request──▶  background   (`backgroundProtocol`, assembled in lib/protocol/background.ts
 *                                                from each feature's messages.ts)
 *   background       ──request──▶  content      (`contentProtocol`)
 *
 * Nothing here carries the personal API key towards a content script: `settings.get` answers with
 * `hasApiKey` and a four-character hint only, and heatmap data leaves the background without
 * credentials. Pages cannot send to the background at all (no `externally_connectable`).
 */





export const contentProtocol = {
  'overlay.show': { request: empty, response: ok },
  'overlay.hide': { request: empty, response: ok },
  'overlay.isVisible': { request: empty, response: z.object({ visible: z.boolean() }) },
  /** Filters or layers changed: refetch and repaint without reloading the page. */
  'overlay.refresh': { request: empty, response: ok },
  /** Alt+Shift+D: show the next comparison view (A → B → A−B → A), or a given one. */
  'overlay.cycleCompareView': { request: z.object({ view: z.optional(z.enum(['a', 'b', 'diff'])) }), response: ok },
} as const;

export type Protocol = Record<string, { request: z.ZodMiniType; response: z.ZodMiniType }>;
export type ContentProtocol = typeof contentProtocol;
export type RequestOf<P extends Protocol, K extends keyof P> = z.input<P[K]['request']>;
export type ResponseOf<P extends Protocol, K extends keyof P> = z.output<P[K]['response']>;

export type Handlers<P extends Protocol, Context> = {
  [K in keyof P]: (payload: z.output<P[K]['request']>, context: Context) => Promise<ResponseOf<P, K>>;
};

// The envelope, MessageError and the generic ask/answer halves carry no zod (the content script uses
// them with its own checkers); here they are typed for the zod protocols above.
export { MessageError, makeEnvelope, type Reply } from './envelope';

/** Validates a reply and returns its value, or throws `MessageError` carrying the typed error. */
export function readReply<P extends Protocol, K extends keyof P & string>(protocol: P, type: K, raw: unknown): ResponseOf<P, K> {
  return readReplyWith<ResponseOf<P, K>>(protocol, type, raw);
}

/** Turns a raw incoming message into a reply (see lib/messaging/envelope.ts). */
export function dispatchMessage<P extends Protocol, Context>(
  protocol: P,
  handlers: Handlers<P, Context>,
  raw: unknown,
  context: Context,
  serializeError: (error: unknown) => SerializedPostHogError,
): Promise<Reply | undefined> {
  // Large spot columns cross as base64 text (lib/core/wire-columns.ts); every reader decodes them.
  return dispatchWith(protocol, handlers as Record<string, (payload: never, context: Context) => Promise<unknown>>, raw, context, serializeError, encodeSpotColumns);
}
