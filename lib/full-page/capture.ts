import { browser } from 'wxt/browser';
import { CaptureRefusedError } from '../export/capture-image';
import { dataUrlBlob } from './full-page-image';
import type { CaptureStrip, FullPagePlan, StripCapturer } from './full-page';

export type { StripCapturer } from './full-page';
import { tabCaptureGranted, tabCaptureIsOptional } from './capture-permission';
import { tabCaptureAvailable } from './tab-capture';

/**
 * The browser-specific half of "Full page image": capturing bands of the document that lie outside
 * the viewport without scrolling the page.
 *
 * - Chromium: `tabs.captureVisibleTab` sees only the viewport (and at most twice a second). A build
 *   holding `debugger` (only the test build; see wxt.config.ts) takes `Page.captureScreenshot` with
 *   `captureBeyondViewport` and a clip per strip, attached for the capture only, detached after,
 *   whatever happens. The released build scrolls the page under the tab's video instead
 *   (lib/full-page/tab-capture.ts).
 * - Firefox has no `debugger` API, but its `tabs.captureVisibleTab` takes a `rect` in document
 *   coordinates (CSS px from the page's top-left) and renders that area wherever it lies, with the
 *   activeTab grant Heatlens already has after the toolbar click or the shortcut. (Its
 *   `tabs.captureTab` would do the same for any tab but needs `<all_urls>`, which Heatlens does not
 *   hold: Firefox does not even expose that function then.) captureVisibleTab captures the window's
 *   active tab, so each strip first checks that it is still the sender's tab.
 */

/**
 * The message when this Chrome build can capture neither beyond the viewport (`debugger`) nor by the
 * tab's video (`tabCapture` and `offscreen`, lib/full-page/tab-capture.ts).
 */
export const NO_FULL_PAGE_CAPTURE =
  'Full page image is not available in this Chrome build: it has neither the tab capture nor the debugger permission that Chrome requires to capture beyond the visible part of a page. Use Save image for the visible part.';

/**
 * How this build captures the whole page: `beyond-viewport` without moving the page (Firefox's
 * captureVisibleTab of document rectangles; in Chromium the DevTools protocol, only in a build that
 * holds `debugger`), or `scroll` (Chrome: the page scrolls strip by strip under the tab's video,
 * lib/full-page/scroll-capture.ts), or `needs-permission` (Chrome, where the user has not yet allowed the
 * optional tab capture: lib/full-page/capture-permission.ts). The beyond-viewport screenshot is
 * preferred where it exists, since the page then never moves.
 */
export async function fullPageMode(): Promise<'beyond-viewport' | 'scroll' | 'needs-permission'> {
  if (import.meta.env.FIREFOX) return 'beyond-viewport';
  if (browser.debugger && (await browser.permissions.contains({ permissions: ['debugger'] }))) return 'beyond-viewport';
  // An optional permission's API appears only once it is granted.
  if (tabCaptureAvailable() && (await tabCaptureGranted())) return 'scroll';
  if (tabCaptureIsOptional()) return 'needs-permission';
  throw new CaptureRefusedError(NO_FULL_PAGE_CAPTURE);
}


/** Runs `compose` with a capturer for this browser, released afterwards. */
export async function withPageCapturer<T>(
  tab: { id: number; windowId: number },
  devicePixelRatio: number,
  compose: (capture: StripCapturer) => Promise<T>,
): Promise<T> {
  if (import.meta.env.FIREFOX) return compose(firefoxStripCapturer(tab));
  const tabId = tab.id;
  if (!browser.debugger || !(await browser.permissions.contains({ permissions: ['debugger'] }))) throw new CaptureRefusedError(NO_FULL_PAGE_CAPTURE);
  const target = { tabId };
  try {
    await browser.debugger.attach(target, '1.3');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CaptureRefusedError(
      /already attached/i.test(reason)
        ? 'The browser refused the full-page capture: DevTools (or another extension) is already debugging this tab. Close DevTools on this tab and try again.'
        : `The browser refused the full-page capture of this tab (${reason}). Pages of the browser itself and of the web store cannot be captured.`,
    );
  }
  try {
    return await compose(async (strip, plan) => {
      let result: { data?: string } | undefined;
      try {
        // The clip is in CSS px; the screenshot comes at the device pixel ratio times `scale`.
        result = (await browser.debugger.sendCommand(target, 'Page.captureScreenshot', {
          format: 'png',
          captureBeyondViewport: true,
          fromSurface: true,
          clip: { x: 0, y: strip.y, width: plan.cssWidth, height: strip.height, scale: plan.scale / devicePixelRatio },
        })) as { data?: string } | undefined;
      } catch (error) {
        throw new CaptureRefusedError(`The browser refused to capture part of the page (${error instanceof Error ? error.message : String(error)}). Try again, or use Save image for the visible part.`);
      }
      if (!result?.data) throw new CaptureRefusedError('The browser returned no picture of the page; try again, or use Save image for the visible part.');
      return dataUrlBlob(`data:image/png;base64,${result.data}`);
    });
  } finally {
    await browser.debugger.detach(target).catch(() => undefined);
  }
}

/** Firefox: each strip is a `rect` of the document, captured through captureVisibleTab (see above). */
export function firefoxStripCapturer(tab: { id: number; windowId: number }): StripCapturer {
  return async (strip, plan) => {
    const current = await browser.tabs.get(tab.id).catch(() => null);
    if (!current?.active) throw new CaptureRefusedError('The page’s tab is no longer the one shown, so it cannot be captured: stay on it while Full page image runs, then try again.');
    let dataUrl: string;
    try {
      const options = { format: 'png' as const, rect: { x: 0, y: strip.y, width: plan.cssWidth, height: strip.height }, scale: plan.scale };
      dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, options as Parameters<typeof browser.tabs.captureVisibleTab>[1]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CaptureRefusedError(
        `The browser refused to capture this tab (${reason}). Heatlens may capture a tab after you clicked its toolbar button or pressed Alt+Shift+H on it: do that, then try Full page image again.`,
      );
    }
    return dataUrlBlob(dataUrl);
  };
}
