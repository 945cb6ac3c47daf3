import { browser } from 'wxt/browser';
import { CaptureRefusedError } from './capture-image';
import { dataUrlBlob } from './full-page-image';
import type { StripCapturer } from './full-page';

export type { StripCapturer } from './full-page';
import { tabCaptureGranted, tabCaptureIsOptional } from './capture-permission';
import { tabCaptureAvailable } from './tab-capture';

/**
 * The browser-specific half of "Full page image": capturing bands of the document that lie outside
 * the viewport.
 *
 * - Chrome: `tabs.captureVisibleTab` sees only the viewport (and at most twice a second), so the page
 *   scrolls strip by strip under the tab's video (lib/full-page/tab-capture.ts), once the user has
 *   allowed the optional `tabCapture` (lib/full-page/capture-permission.ts). (`debugger`'s screenshot
 *   beyond the viewport is not an option: Chrome allows `debugger` only at install, as standing access
 *   to every site.)
 * - Firefox's `tabs.captureVisibleTab` takes a `rect` in document coordinates (CSS px from the page's
 *   top-left) and renders that area wherever it lies, with the activeTab grant Heatlens already has
 *   after the toolbar click or the shortcut. (Its `tabs.captureTab` would do the same for any tab but
 *   needs `<all_urls>`, which Heatlens does not hold: Firefox does not even expose that function then.)
 *   captureVisibleTab captures the window's active tab, so each strip first checks that it is still the
 *   sender's tab.
 */

/** The message when this Chrome build cannot hold `tabCapture` at all (not even as an optional permission). */
export const NO_FULL_PAGE_CAPTURE =
  'Full page image is not available in this Chrome build: it cannot hold the tab capture permission that Chrome requires to capture beyond the visible part of a page. Use Save image for the visible part.';

/** The message when Chrome's page capture ends with no video of the tab open to take the strips from. */
export const TAB_VIDEO_CLOSED =
  'The video of this tab closed before the page was captured (the page changed or a minute passed): click Full page image again, or use Save image for the visible part.';

/**
 * How this build captures the whole page: `beyond-viewport` without moving the page (Firefox's
 * captureVisibleTab of document rectangles), or `scroll` (Chrome: the page scrolls strip by strip under
 * the tab's video, lib/full-page/scroll-capture.ts), or `needs-permission` (Chrome, where the user has
 * not yet allowed the optional tab capture: lib/full-page/capture-permission.ts).
 */
export async function fullPageMode(): Promise<'beyond-viewport' | 'scroll' | 'needs-permission'> {
  if (import.meta.env.FIREFOX) return 'beyond-viewport';
  // An optional permission's API appears only once it is granted.
  if (tabCaptureAvailable() && (await tabCaptureGranted())) return 'scroll';
  if (tabCaptureIsOptional()) return 'needs-permission';
  throw new CaptureRefusedError(NO_FULL_PAGE_CAPTURE);
}

/**
 * The capturer for a page captured without scrolling: Firefox's document rectangles. Chrome has none
 * (its strips come only from the tab's video, opened by `export.beginFullPage`), so reaching here in
 * Chrome means that video is gone: a refusal that says to start again.
 */
export function beyondViewportCapturer(tab: { id: number; windowId: number }): StripCapturer {
  if (import.meta.env.FIREFOX) return firefoxStripCapturer(tab);
  throw new CaptureRefusedError(TAB_VIDEO_CLOSED);
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
