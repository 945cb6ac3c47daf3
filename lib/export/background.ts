import { browser } from 'wxt/browser';
import type { Handlers } from '../messaging/protocol';
import { senderTabId, type Sender } from '../messaging/sender';
import { captureWithCaption } from '../full-page/capture-image';
import { captureOwnActiveTab } from '../full-page/own-tab-capture';
import type { exportMessages } from './messages';

/** Save image: the sender's visible tab as a PNG with its caption. */
export function exportHandlers(): Handlers<typeof exportMessages, Sender> {
  return {
    'export.captureVisible': async ({ caption, cssWidth }, sender) => {
      const tabId = senderTabId(sender);
      // activeTab (granted by the toolbar click or the shortcut on this tab) lets the background capture
      // it; only while it is the tab in front of its window (lib/full-page/own-tab-capture.ts).
      const capture = () => captureOwnActiveTab(browser.tabs, tabId, (windowId) => browser.tabs.captureVisibleTab(windowId, { format: 'png' }));
      return { dataUrl: await captureWithCaption(capture, caption, cssWidth) };
    },
  };
}
