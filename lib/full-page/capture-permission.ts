import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

/**
 * Chrome's `tabCapture`, which "Full page image" needs (lib/full-page/tab-capture.ts), is an
 * optional permission: Chrome words it at install as "Read and change all your data on all
 * websites", which Heatlens does not want every user to accept for one export. It is asked for once,
 * in a click in Heatlens's popup ("Allow full-page images"): an extension page is the only place a
 * permission can be requested, the page's panel cannot.
 */
export const TAB_CAPTURE_PERMISSION = { permissions: ['tabCapture'] } as const;

/** Set when Full page image was refused for want of the permission: the popup then opens its section. */
const askedItem = storage.defineItem<boolean>('session:heatlens.fullPageCaptureAsked', { fallback: false });

/** Whether this build's manifest lists `tabCapture` as optional (the released build), so it may be asked for and withdrawn; a test build requires it (wxt.config.ts). */
export function tabCaptureIsOptional(): boolean {
  const optional = (browser.runtime.getManifest().optional_permissions ?? []) as readonly string[];
  return optional.includes('tabCapture');
}

export async function tabCaptureGranted(): Promise<boolean> {
  return browser.permissions.contains({ permissions: [...TAB_CAPTURE_PERMISSION.permissions] }).catch(() => false);
}

export const fullPageCaptureAsked = {
  get: () => askedItem.getValue(),
  set: (asked: boolean) => askedItem.setValue(asked),
};

/**
 * What the panel says when the permission is missing. `popupOpened`: the background opened Heatlens's
 * popup for the user, with the button in view.
 */
export function tabCapturePermissionMessage(popupOpened: boolean): string {
  return popupOpened
    ? 'Full page image needs Chrome’s permission to capture this tab, asked once: press “Allow full-page images” in Heatlens’s popup (now open), accept, then click Full page image again.'
    : 'Full page image needs Chrome’s permission to capture this tab, asked once: click the Heatlens button in the toolbar, press “Allow full-page images” under Full page image, accept, then click Full page image again.';
}

/** Opens Heatlens's popup in the window (Chrome 127+); false where the browser will not. */
export async function openPopupIn(windowId: number | undefined): Promise<boolean> {
  const action = browser.action as unknown as { openPopup?: (options?: { windowId?: number }) => Promise<void> };
  if (typeof action?.openPopup !== 'function') return false;
  try {
    await action.openPopup(windowId === undefined ? undefined : { windowId });
    return true;
  } catch {
    return false;
  }
}
