import { browser } from 'wxt/browser';
import { CaptureRefusedError } from './capture-image';
import { dataUrlBlob } from './full-page-image';
import { makeEnvelope, MessageError, readReply, type RequestOf, type ResponseOf } from '../messaging/protocol';
import { captureProtocol, type CaptureProtocol } from './messages';
import type { CaptureViewport } from './tab-video';
import type { StripCapturer } from './full-page';

/**
 * "Full page image" in Chrome: the tab's own video through chrome.tabCapture.
 *
 * chrome.tabCapture.getMediaStreamId gives a stream id only for a tab the user invoked Heatlens on
 * (toolbar button, Alt+Shift+H, like activeTab) and only for that tab: the id is asked for the tab that
 * sent `export.beginFullPage`, never any other. The id is opened in an offscreen document (the only
 * extension context that may call getUserMedia in MV3), lib/full-page/tab-video.ts. One capture at a time
 * (Chrome allows one offscreen document per extension); the video is stopped and the document closed
 * when the image is composed, when the page gives up, or after a minute whatever happens.
 */

const OFFSCREEN_PATH = 'capture.html';
const CAPTURE_LIFETIME_MS = 60_000;

interface TabCaptureApi {
  getMediaStreamId(options: { targetTabId: number }): Promise<string>;
}
interface OffscreenApi {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

function chromeApi<T>(name: string): T | undefined {
  return (globalThis as unknown as { chrome?: Record<string, T | undefined> }).chrome?.[name];
}

/** Whether this browser and build can capture by tab video (Chrome with `tabCapture` and `offscreen`). */
export function tabCaptureAvailable(): boolean {
  return !import.meta.env.FIREFOX && chromeApi<TabCaptureApi>('tabCapture') !== undefined && chromeApi<OffscreenApi>('offscreen') !== undefined;
}

/** Chrome's refusal of getMediaStreamId, said as what the user can do about it. */
export function streamRefusal(reason: string): CaptureRefusedError {
  if (/not been invoked|activeTab/i.test(reason)) {
    return new CaptureRefusedError(
      'Chrome lets Heatlens capture a tab only after you clicked the Heatlens button in the toolbar (or pressed Alt+Shift+H) on it; this tab was shown without that. Click the Heatlens button on this tab, then click Full page image again.',
    );
  }
  if (/active stream|already/i.test(reason)) {
    return new CaptureRefusedError('This tab is already being captured (shared in a call, or by another extension). Stop that, then try Full page image again.');
  }
  return new CaptureRefusedError(`Chrome refused to capture this tab (${reason}). Pages of the browser itself and of the web store cannot be captured. Use Save image for the visible part.`);
}

/**
 * Asks the offscreen document. Its refusals arrive as serialised errors: they become CaptureRefusedError
 * again here, so the page shows their words (never the generic "unexpected" message).
 */
async function askOffscreen<K extends keyof CaptureProtocol & string>(type: K, payload: RequestOf<CaptureProtocol, K>): Promise<ResponseOf<CaptureProtocol, K>> {
  try {
    const raw = await browser.runtime.sendMessage(makeEnvelope(type, payload));
    return readReply(captureProtocol, type, raw);
  } catch (error) {
    if (error instanceof MessageError) throw new CaptureRefusedError(error.message);
    throw new CaptureRefusedError(`Heatlens’s capture of this tab stopped answering (${error instanceof Error ? error.message : String(error)}). Try Full page image again, or use Save image for the visible part.`);
  }
}

export class TabCaptures {
  private current: { tabId: number; timer: ReturnType<typeof setTimeout> } | null = null;

  isOpenFor(tabId: number): boolean {
    return this.current?.tabId === tabId;
  }

  /** Opens the video of `tabId` at the window's size; resolves once its first frame arrived. */
  async begin(tabId: number, viewport: CaptureViewport): Promise<void> {
    if (this.current && this.current.tabId !== tabId) {
      throw new CaptureRefusedError('Another tab’s full-page image is being captured; try again when it is saved.');
    }
    await this.close();
    const tabCapture = chromeApi<TabCaptureApi>('tabCapture');
    const offscreen = chromeApi<OffscreenApi>('offscreen');
    if (!tabCapture || !offscreen) throw new CaptureRefusedError('This browser build cannot capture a tab’s video, so Full page image is not available here. Use Save image for the visible part.');
    let streamId: string;
    try {
      streamId = await tabCapture.getMediaStreamId({ targetTabId: tabId });
    } catch (error) {
      throw streamRefusal(error instanceof Error ? error.message : String(error));
    }
    this.current = { tabId, timer: setTimeout(() => void this.close(), CAPTURE_LIFETIME_MS) };
    try {
      await offscreen.createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['USER_MEDIA'],
        justification: 'Full page image: reads the video of the tab the user asked to capture while the page scrolls.',
      });
      await askOffscreen('capture.open', { streamId, viewport });
    } catch (error) {
      await this.close();
      throw error instanceof CaptureRefusedError ? error : new CaptureRefusedError(`Chrome could not open the video of this tab (${error instanceof Error ? error.message : String(error)}). Use Save image for the visible part.`);
    }
  }

  /** The strips the page is about to scroll through: the offscreen document keeps the frame of each. */
  async expect(tabId: number, strips: RequestOf<CaptureProtocol, 'capture.expect'>['strips']): Promise<void> {
    this.assertOpenFor(tabId);
    await askOffscreen('capture.expect', { strips });
  }

  /** Waits for the frames of `codes` (all expected strips when absent); the codes still missing. */
  async await(tabId: number, codes: number[] | undefined, timeoutMs: number): Promise<number[]> {
    this.assertOpenFor(tabId);
    const { missing } = await askOffscreen('capture.await', { ...(codes ? { codes } : {}), timeoutMs });
    if (missing.length > 0) {
      // Frames stop coming when the tab is no longer shown: say that rather than "missing".
      const tab = await browser.tabs.get(tabId).catch(() => null);
      if (!tab?.active) throw new CaptureRefusedError('The page’s tab is no longer the one shown, so it cannot be captured: stay on it while Full page image runs, then try again.');
    }
    return missing;
  }

  private assertOpenFor(tabId: number): void {
    if (!this.isOpenFor(tabId)) throw new CaptureRefusedError('The video of this tab was stopped (a minute passed, or the extension restarted): click Full page image again.');
  }

  /** Bands of the stitched page, for captureFullPage (lib/full-page/full-page-image.ts). */
  stripCapturer(): StripCapturer {
    return async (strip, plan) => {
      const { dataUrl } = await askOffscreen('capture.strip', { y: strip.y, height: strip.height, scale: plan.scale, width: plan.width, destinationHeight: strip.destinationHeight });
      return dataUrlBlob(dataUrl);
    };
  }

  /** Stops the video and closes the offscreen document, whatever state they are in. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (current) clearTimeout(current.timer);
    await askOffscreen('capture.close', {}).catch(() => undefined);
    await chromeApi<OffscreenApi>('offscreen')?.closeDocument().catch(() => undefined);
  }
}
