import { browser } from 'wxt/browser';
import { makeEnvelope, readReply, type RequestOf, type ResponseOf } from '../messaging/protocol';
import { backgroundProtocol, type BackgroundProtocol } from './background';

/** Ask the background (from the popup, an extension page or the review's script), the reply checked with zod. */
export async function askBackground<K extends keyof BackgroundProtocol & string>(
  type: K,
  payload: RequestOf<BackgroundProtocol, K>,
): Promise<ResponseOf<BackgroundProtocol, K>> {
  const raw = await browser.runtime.sendMessage(makeEnvelope(type, payload));
  return readReply(backgroundProtocol, type, raw);
}
