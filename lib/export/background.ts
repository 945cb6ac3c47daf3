import { browser } from 'wxt/browser';
import type { Handlers } from '../messaging/protocol';
import { senderTabId, type Sender } from '../messaging/sender';
import { captureWithCaption } from '../full-page/capture-image';
import type { exportMessages } from './messages';

/** Save image: the sender's visible tab as a PNG with its caption. */
export function exportHandlers(): Handlers<typeof exportMessages, Sender> {
  return {
    'export.captureVisible': async ({ caption, cssWidth }, sender) => {
      senderTabId(sender);
      // activeTab (granted by the toolbar click or the shortcut on this tab) lets the background capture it.
      const windowId = sender.tab!.windowId!;
      return { dataUrl: await captureWithCaption(() => browser.tabs.captureVisibleTab(windowId, { format: 'png' }), caption, cssWidth) };
    },
  };
}
