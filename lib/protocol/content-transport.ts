import type { ContentProtocol, RequestOf, ResponseOf } from '../messaging/protocol';
import type { BackgroundProtocol } from './background';
import type { SerializedPostHogError } from '../posthog/errors';
import { contentReplyChecks, contentRequestChecks, type ContentAsks } from './content-protocol';
import { isRuntime, type RuntimeLike } from './runtime-global';
import { dispatchMessage, isEnvelopeFor, makeEnvelope, MessageError, readReply } from '../messaging/envelope';

/**
 * The content script's messaging, on the browser's own API rather than webextension-polyfill (which
 * would add its weight to every inspected page): Firefox's `browser` is promise-based, and so is
 * Chromium's `chrome.runtime.sendMessage` in MV3. Answers go back through `sendResponse`, which both
 * support for listeners that return true.
 */

/**
 * `browser` (Firefox) or `chrome` (Chromium), whichever is the real runtime. Named elements of the
 * page show as globals in this world too (`<form id="browser"><input name="runtime">` makes
 * `browser.runtime` an <input>), so each candidate is checked for the functions it must have.
 */
function runtime(): RuntimeLike {
  const scope = globalThis as { browser?: { runtime?: unknown }; chrome?: { runtime?: unknown } };
  for (const candidate of [scope.browser?.runtime, scope.chrome?.runtime]) {
    if (isRuntime(candidate)) return candidate;
  }
  throw new Error('The extension runtime is not available here.');
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
