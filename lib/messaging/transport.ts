import { browser } from 'wxt/browser';
import { contentProtocol, makeEnvelope, readReply, type ContentProtocol, type RequestOf, type ResponseOf } from './protocol';

/** Ask the content script of one tab (from the background). Asking the background: lib/protocol/ask.ts. */
export async function askTab<K extends keyof ContentProtocol & string>(
  tabId: number,
  type: K,
  payload: RequestOf<ContentProtocol, K>,
): Promise<ResponseOf<ContentProtocol, K>> {
  const raw = await browser.tabs.sendMessage(tabId, makeEnvelope(type, payload));
  return readReply(contentProtocol, type, raw);
}
