import { browser } from 'wxt/browser';
import {
  backgroundProtocol,
  contentProtocol,
  makeEnvelope,
  readReply,
  type BackgroundProtocol,
  type ContentProtocol,
  type RequestOf,
  type ResponseOf,
} from './protocol';

/** Ask the background (from the popup or a content script). */
export async function askBackground<K extends keyof BackgroundProtocol & string>(
  type: K,
  payload: RequestOf<BackgroundProtocol, K>,
): Promise<ResponseOf<BackgroundProtocol, K>> {
  const raw = await browser.runtime.sendMessage(makeEnvelope(type, payload));
  return readReply(backgroundProtocol, type, raw);
}

/** Ask the content script of one tab (from the background). */
export async function askTab<K extends keyof ContentProtocol & string>(
  tabId: number,
  type: K,
  payload: RequestOf<ContentProtocol, K>,
): Promise<ResponseOf<ContentProtocol, K>> {
  const raw = await browser.tabs.sendMessage(tabId, makeEnvelope(type, payload));
  return readReply(contentProtocol, type, raw);
}
