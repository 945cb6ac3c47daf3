import type { SerializedPostHogError } from '../posthog/errors';
import { decodeSpotColumns } from '../core/wire-columns';

/**
 * The message envelope and the two generic halves of the protocol (asking, answering), free of any
 * schema library: the background and popup pass zod schemas (lib/messaging/protocol.ts), the content script
 * passes its own small checkers (lib/messaging/content-checks.ts). Both only need `safeParse`.
 */

export interface Issue {
  message: string;
}
export type CheckResult<T> = { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
/** Anything that validates like zod: zod schemas satisfy this, and so do the content script's checkers. */
export interface Checker<T> {
  safeParse(value: unknown): CheckResult<T>;
}

export type Reply = { ok: true; value: unknown } | { ok: false; error: SerializedPostHogError };

/** Thrown on the asking side when the other side answered with an error. */
export class MessageError extends Error {
  constructor(readonly error: SerializedPostHogError) {
    super(error.message);
    this.name = 'MessageError';
  }
}

export function makeEnvelope(type: string, payload: unknown) {
  return { channel: 'heatlens' as const, type, payload };
}

/** Whether a raw message is a Heatlens envelope of one of `protocol`'s types (decided synchronously). */
export function isEnvelopeFor(protocol: object, raw: unknown): boolean {
  const envelope = readEnvelope(raw);
  return envelope !== null && Object.hasOwn(protocol, envelope.type);
}

function readEnvelope(raw: unknown): { type: string; payload: unknown } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { channel, type, payload } = raw as Record<string, unknown>;
  return channel === 'heatlens' && typeof type === 'string' ? { type, payload } : null;
}

/** The error half of a reply: only the fields the UI reads, each of its own type. */
function readSerializedError(raw: unknown): SerializedPostHogError | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const error = raw as Record<string, unknown>;
  if (typeof error.kind !== 'string' || typeof error.message !== 'string' || typeof error.retryable !== 'boolean') return null;
  for (const key of ['status', 'retryAfterSeconds', 'projectId'] as const) {
    if (error[key] !== undefined && (typeof error[key] !== 'number' || !Number.isFinite(error[key]))) return null;
  }
  for (const key of ['scope', 'attr', 'field', 'origin'] as const) {
    if (error[key] !== undefined && typeof error[key] !== 'string') return null;
  }
  return error as unknown as SerializedPostHogError;
}

type ResponseChecks = Record<string, { response: Checker<unknown> }>;
type RequestChecks = Record<string, { request: Checker<unknown> }>;

/** Validates a reply and returns its value, or throws `MessageError` carrying the typed error. */
export function readReply<T>(protocol: ResponseChecks, type: string, raw: unknown): T {
  const reply = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : null;
  if (reply?.ok === false) {
    const error = readSerializedError(reply.error);
    if (error) throw new MessageError(error);
  }
  if (!reply || reply.ok !== true || !('value' in reply)) {
    throw new MessageError({ kind: 'unknown', message: `Heatlens got an unreadable answer to "${type}". Reload the extension and try again.`, retryable: false });
  }
  // Large spot columns travel as base64 text (lib/core/wire-columns.ts): back to arrays, then validated.
  const value = protocol[type]!.response.safeParse(decodeSpotColumns(reply.value));
  if (!value.success) {
    throw new MessageError({ kind: 'unknown', message: `Heatlens got a malformed answer to "${type}": ${value.error.issues[0]?.message ?? 'invalid'}.`, retryable: false });
  }
  return value.data as T;
}

/**
 * Turns a raw incoming message into a reply: validates the envelope and payload, runs the handler,
 * and converts any thrown error into a serialised one. Returns `undefined` for messages that are
 * not ours, so other listeners may answer them.
 */
export async function dispatchMessage<Context>(
  protocol: RequestChecks,
  handlers: Record<string, (payload: never, context: Context) => Promise<unknown>>,
  raw: unknown,
  context: Context,
  serializeError: (error: unknown) => SerializedPostHogError,
  /** Applied to every answer before it is sent (the background packs spot columns, lib/core/wire-columns.ts). */
  encode: (value: unknown) => unknown = (value) => value,
): Promise<Reply | undefined> {
  const envelope = readEnvelope(raw);
  if (!envelope || !Object.hasOwn(protocol, envelope.type)) return undefined;
  const { type } = envelope;
  const payload = protocol[type]!.request.safeParse(envelope.payload ?? {});
  if (!payload.success) {
    return { ok: false, error: { kind: 'unknown', message: `Invalid "${type}" message: ${payload.error.issues[0]?.message ?? 'invalid'}.`, retryable: false } };
  }
  try {
    const value = await handlers[type]!(payload.data as never, context);
    return { ok: true, value: encode(value) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
