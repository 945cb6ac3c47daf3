import { browser } from 'wxt/browser';
import { CaptureRefusedError } from './capture-image';
import type { Handlers } from '../messaging/protocol';
import { senderTabId, type Sender } from '../messaging/sender';
import { beyondViewportCapturer, fullPageMode } from './capture';
import { fullPageCaptureAsked, openPopupIn, tabCapturePermissionMessage } from './capture-permission';
import { captureFullPage, finishFullPage, type PageCapture } from './full-page-image';
import type { fullPageMessages } from './messages';
import { TabCaptures } from './tab-capture';

/** How long a finished capture waits for its tab to ask for the image. */
const HELD_CAPTURE_MS = 60_000;

/**
 * Full page image: owns the captures in progress, per tab, between `export.beginFullPage` and
 * `export.finishFullPage` (the service worker's memory; a capture does not outlive it), and Chrome's
 * capture by the tab's video, one at a time.
 */
export function fullPageHandlers(): Handlers<typeof fullPageMessages, Sender> {
  /** Full-page captures between `export.captureFullPage` and `export.finishFullPage`, per tab. */
  const fullPages = new Map<number, { capture: PageCapture; timer: ReturnType<typeof setTimeout> }>();
  /** Chrome's full-page capture by the tab's video (./tab-capture.ts), one at a time. */
  const tabCaptures = new TabCaptures();
  const forgetFullPage = (tabId: number) => {
    clearTimeout(fullPages.get(tabId)?.timer);
    fullPages.delete(tabId);
  };

  browser.tabs.onUpdated.addListener((tabId, change) => {
    // The page navigated away in the middle of Full page image: nothing will ask for its frames.
    if (change.status === 'loading' && tabCaptures.isOpenFor(tabId)) void tabCaptures.close();
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    // A tab closed in the middle of Full page image: its video stops now, not when the capture times out.
    if (tabCaptures.isOpenFor(tabId)) void tabCaptures.close();
    forgetFullPage(tabId);
  });

  return {
    'export.beginFullPage': async ({ viewport }, sender) => {
      const tabId = senderTabId(sender);
      const mode = await fullPageMode();
      if (mode === 'beyond-viewport') return { mode: 'beyond-viewport' as const, salt: 0 };
      if (mode === 'needs-permission') {
        // Asked for in a click in the popup, the one place it can be: opened for the user where Chrome allows.
        await fullPageCaptureAsked.set(true);
        throw new CaptureRefusedError(tabCapturePermissionMessage(await openPopupIn(sender.tab?.windowId)));
      }
      // The video of the sender's own tab, never another: Chrome gives it only for a tab the user invoked Heatlens on.
      await tabCaptures.begin(tabId, viewport);
      return { mode: 'scroll' as const, salt: Math.floor(Math.random() * 10_000) };
    },
    'export.expectStrips': async ({ strips }, sender) => {
      await tabCaptures.expect(senderTabId(sender), strips);
      return { ok: true as const };
    },
    'export.awaitStrips': async ({ codes, timeoutMs }, sender) => ({ missing: await tabCaptures.await(senderTabId(sender), codes, timeoutMs) }),
    'export.abortFullPage': async (_payload, sender) => {
      if (tabCaptures.isOpenFor(senderTabId(sender))) await tabCaptures.close();
      return { ok: true as const };
    },
    'export.captureFullPage': async (request, sender) => {
      const tabId = senderTabId(sender);
      forgetFullPage(tabId);
      let capture: PageCapture;
      if (tabCaptures.isOpenFor(tabId)) {
        // Chrome: the page has scrolled under the tab's video; the strips come from the frames kept meanwhile.
        try {
          capture = await captureFullPage(request, tabCaptures.stripCapturer());
        } finally {
          await tabCaptures.close();
        }
      } else {
        // Firefox: captureVisibleTab of document rectangles with activeTab (Chrome, whose tab video is gone: refused; see capture.ts).
        const tab = { id: tabId, windowId: sender.tab!.windowId! };
        capture = await captureFullPage(request, beyondViewportCapturer(tab));
      }
      // Held until the tab asks for the finished image, right after showing its overlay again (a minute at most).
      fullPages.set(tabId, { capture, timer: setTimeout(() => forgetFullPage(tabId), HELD_CAPTURE_MS) });
      return { ok: true as const };
    },
    'export.finishFullPage': async (_payload, sender) => {
      const tabId = senderTabId(sender);
      const pending = fullPages.get(tabId);
      if (!pending) throw new CaptureRefusedError('The captured page is no longer here (over a minute passed, or the extension restarted): click Full page image again.');
      forgetFullPage(tabId);
      return finishFullPage(pending.capture);
    },
  };
}
