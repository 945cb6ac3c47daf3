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
 * in, which can never be on the extension's origin: no Heatlens page is web-accessible, so no site
 * can frame one. Whether the sender has a tab says nothing about which of the two it is.
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
