import { LocalError } from '../posthog/errors';

/** What the background knows about who sent a message (the parts of runtime.MessageSender it reads). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

/**
 * True when the message comes from one of Heatlens's own pages (popup, options page), wherever it
 * runs: in the toolbar popup, or in a tab (Firefox for Android opens the popup as a tab; users open
 * it from a bookmark; the options page is a tab). A content script's sender URL is the page it runs
 * in, which can never be on the extension's origin. One Heatlens page is web-accessible, the sessions
 * frame (entrypoints/sessions), so a site can frame it; but what runs in it is still only Heatlens's
 * code, which asks for nothing but its tab's sessions list. Whether the sender has a tab says nothing about which of the two it is.
 *
 * `extensionOrigin` is `runtime.getURL('')`, e.g. `chrome-extension://<id>/` or `moz-extension://<uuid>/`.
 */
export function isExtensionPage(sender: SenderInfo, extensionOrigin: string): boolean {
  if (!sender.url || !extensionOrigin.endsWith('/')) return false;
  let url: URL;
  let origin: URL;
  try {
    url = new URL(sender.url);
    origin = new URL(extensionOrigin);
  } catch {
    return false;
  }
  return url.protocol === origin.protocol && url.host === origin.host && url.host !== '';
}

/** Refused: a message meant for Heatlens's own pages came from somewhere else (a content script). */
export class ExtensionPagesOnlyError extends LocalError {
  constructor() {
    super('Only Heatlens’s own pages (its popup and options page) may do this; a web page cannot.');
  }
}

export function assertExtensionPage(sender: SenderInfo, extensionOrigin: string): void {
  if (!isExtensionPage(sender, extensionOrigin)) throw new ExtensionPagesOnlyError();
}

/** Who sent a message to the background, as the runtime says (the message's own fields are not trusted for this). */
export type Sender = SenderInfo & { frameId?: number; tab?: { id?: number; windowId?: number; url?: string; active?: boolean } };

/** The tab a content script's message came from; a message that must come from a page and did not is refused. */
export function senderTabId(sender: Sender): number {
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw new Error('This message must come from a page.');
  return tabId;
}

/** The origin of the page a content script's message came from, or null (no tab, or a URL without one). */
export function senderOrigin(sender: Sender): string | null {
  return sender.tab?.url ? safeOrigin(sender.tab.url) : null;
}

export function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
