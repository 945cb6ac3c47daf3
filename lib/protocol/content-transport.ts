import type { ContentProtocol, RequestOf, ResponseOf } from '../messaging/protocol';
import type { BackgroundProtocol } from './background';
import type { SerializedPostHogError } from '../posthog/errors';
import { contentReplyChecks, contentRequestChecks, type ContentAsks } from './content-protocol';
import { dispatchMessage, isEnvelopeFor, makeEnvelope, MessageError, readReply } from '../messaging/envelope';

/**
 * The content script's messaging, on the browser's own API rather than webextension-polyfill (which
 * would add its weight to every inspected page): Firefox's `browser` is promise-based, and so is
 * Chromium's `chrome.runtime.sendMessage` in MV3. Answers go back through `sendResponse`, which both
 * support for listeners that return true.
 */

interface RuntimeLike {
  id: string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(listener: (message: unknown, sender: { id?: string }, sendResponse: (response: unknown) => void) => boolean | undefined): void;
  };
}

function runtime(): RuntimeLike {
  const scope = globalThis as { browser?: { runtime?: RuntimeLike }; chrome?: { runtime?: RuntimeLike } };
  const api = scope.browser?.runtime ?? scope.chrome?.runtime;
  if (!api) throw new Error('The extension runtime is not available here.');
  return api;
}

/** Ask the background, from the overlay's script. */
export async function askBackgroundFromContent<K extends ContentAsks>(type: K, payload: RequestOf<BackgroundProtocol, K>): Promise<ResponseOf<BackgroundProtocol, K>> {
  let raw: unknown;
  try {
    raw = await runtime().sendMessage(makeEnvelope(type, payload));
  } catch (error) {
    // The extension was reloaded or updated under this page: its old script can no longer reach it.
    throw new MessageError({
      kind: 'unknown',
      message: `Heatlens on this page lost contact with the extension (${error instanceof Error ? error.message : String(error)}). Reload the page.`,
      retryable: false,
    });
  }
  return readReply(contentReplyChecks, type, raw);
}

type ContentHandlers = { [K in keyof ContentProtocol]: (payload: RequestOf<ContentProtocol, K>) => Promise<ResponseOf<ContentProtocol, K>> };

/** Answer the background's requests (only the extension's own background: checked by sender id). */
export function answerBackground(handlers: ContentHandlers): void {
  const api = runtime();
  api.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== api.id || !isEnvelopeFor(contentRequestChecks, message)) return undefined;
    void dispatchMessage(contentRequestChecks, handlers as never, message, undefined, toSerializedError).then(sendResponse);
    return true;
  });
}

/**
 * An error in the page's own script, for the panel: a background answer keeps its own (PostHog's or
 * the background's) message; anything else happened here, in the page, and says so instead of
 * blaming PostHog.
 */
export function toSerializedError(error: unknown): SerializedPostHogError {
  if (error instanceof MessageError) return error.error;
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError') {
    return { kind: 'aborted', message: 'The request was cancelled.', retryable: false };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'unknown', message: `Heatlens hit a problem on this page: ${detail}`, retryable: false };
}
