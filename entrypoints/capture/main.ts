import { browser, type Browser } from 'wxt/browser';
import { dispatchMessage, type Handlers } from '@/lib/messaging/protocol';
import { captureProtocol, type CaptureProtocol } from '@/lib/full-page/messages';
import { serializePostHogError } from '@/lib/posthog/errors';
import { TabVideo } from '@/lib/full-page/tab-video';

/**
 * The offscreen document of "Full page image" in Chrome (reason USER_MEDIA): only here can an
 * extension turn chrome.tabCapture's stream id into video frames. It answers the background alone
 * (lib/full-page/tab-capture.ts), never a page's content script.
 */
const video = new TabVideo();

const handlers: Handlers<CaptureProtocol, Browser.runtime.MessageSender> = {
  'capture.open': async ({ streamId, viewport }) => {
    await video.open(streamId, viewport);
    return { ok: true as const };
  },
  'capture.expect': async ({ strips }) => {
    video.expect(strips);
    return { ok: true as const };
  },
  'capture.await': async ({ codes, timeoutMs }) => ({ missing: await video.await(codes, timeoutMs) }),
  'capture.strip': async (request) => ({ dataUrl: await video.strip(request) }),
  'capture.close': async () => {
    video.close();
    return { ok: true as const };
  },
};

const backgroundUrl = browser.runtime.getURL('/background.js');
browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
  // Content scripts' runtime messages reach every extension page too: only the background is heard.
  if (sender.id !== browser.runtime.id || sender.tab || sender.url !== backgroundUrl) return undefined;
  return dispatchMessage(captureProtocol, handlers, message, sender, serializePostHogError);
});
