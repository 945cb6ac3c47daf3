import { CaptureRefusedError } from './capture-image';

/** The little of `tabs` this needs (no `tabs` permission: `active` and `windowId` are always given). */
export interface TabLookup {
  get(tabId: number): Promise<{ active?: boolean; windowId?: number }>;
}

export const NOT_THE_ACTIVE_TAB =
  'Heatlens captures only the tab you are looking at, and this tab is not in front of its window: bring it to the front, then click Save image again.';

/**
 * `tabs.captureVisibleTab` takes a window, not a tab: it captures whatever tab is in front there. A tab
 * that asks while in the background would get a picture of the tab the user is looking at, under its
 * own name (issue 17). So the capture is made only while the asking tab is the active tab of its
 * window, checked before and again after, and the image is discarded if it stopped being one meanwhile.
 */
export async function captureOwnActiveTab(tabs: TabLookup, tabId: number, capture: (windowId: number) => Promise<string>): Promise<string> {
  const windowId = await activeWindowOf(tabs, tabId);
  const image = await capture(windowId);
  if ((await activeWindowOf(tabs, tabId)) !== windowId) throw new CaptureRefusedError(NOT_THE_ACTIVE_TAB);
  return image;
}

async function activeWindowOf(tabs: TabLookup, tabId: number): Promise<number> {
  const tab = await tabs.get(tabId).catch(() => null);
  if (!tab?.active || typeof tab.windowId !== 'number') throw new CaptureRefusedError(NOT_THE_ACTIVE_TAB);
  return tab.windowId;
}
