import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { askTab } from '../messaging/transport';
import type { OverlayState } from '../messaging/protocol';
import { LocalError } from '../posthog/errors';

/** Built by WXT from entrypoints/content/ (registration: 'runtime', so it is never injected by itself). */
const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';
const REVIEW_SCRIPT_FILE = '/review.js';

/**
 * Which tabs show the overlay. The content script is injected only when the user asks (toolbar
 * popup or shortcut: both grant activeTab) or on an origin the user chose to "always show"; the
 * background keeps the per-tab state so the badge and the popup agree with the page.
 */
export class OverlayTabs {
  /** Tabs whose overlay is showing; a session item so it survives the service worker sleeping. */
  private readonly visibleTabs = storage.defineItem<number[]>('session:heatlens.visibleTabs', { fallback: [] });

  async state(tabId: number, alwaysOnOrigins: readonly string[]): Promise<OverlayState> {
    const origin = await this.tabOrigin(tabId);
    const visible = (await this.visibleTabs.getValue()).includes(tabId);
    return { visible, alwaysOn: origin !== null && alwaysOnOrigins.includes(origin), origin };
  }

  async toggle(tabId: number): Promise<boolean> {
    const visible = (await this.visibleTabs.getValue()).includes(tabId);
    if (visible) await this.hide(tabId);
    else await this.show(tabId);
    return !visible;
  }

  async show(tabId: number): Promise<void> {
    await this.inject(tabId);
    await askTab(tabId, 'overlay.show', {});
    await this.setVisible(tabId, true);
  }

  async hide(tabId: number): Promise<void> {
    try {
      await askTab(tabId, 'overlay.hide', {});
    } catch {
      // The page navigated away or the tab closed: there is nothing left to hide.
    }
    await this.setVisible(tabId, false);
  }

  /** Repaint every visible tab (filters or layers changed). */
  async refreshAll(): Promise<void> {
    for (const tabId of await this.visibleTabs.getValue()) {
      await askTab(tabId, 'overlay.refresh', {}).catch(() => this.setVisible(tabId, false));
    }
  }

  /** After a navigation: the overlay is visible only if the page's content script says so. */
  async syncWithPage(tabId: number): Promise<void> {
    const visible = await askTab(tabId, 'overlay.isVisible', {}).then(
      (answer) => answer.visible,
      () => false,
    );
    await this.setVisible(tabId, visible);
  }

  /** The overlay went away without the background hiding it (closed in the page, tab closed). */
  async markHidden(tabId: number): Promise<void> {
    await this.setVisible(tabId, false);
  }

  /**
   * The page review's script, injected into a tab whose overlay asks for it (the first time the user
   * opens the review). It runs in the same isolated world as the overlay's script and hands it the
   * review; a second injection only re-registers the same module.
   */
  async injectReview(tabId: number, frameId: number): Promise<void> {
    try {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [REVIEW_SCRIPT_FILE] });
    } catch (error) {
      throw new PageUnavailableError(error instanceof Error ? error.message : String(error));
    }
  }

  private async inject(tabId: number): Promise<void> {
    // Asking first avoids running the script twice; a second injection would be ignored anyway.
    const alreadyThere = await askTab(tabId, 'overlay.isVisible', {}).then(
      () => true,
      () => false,
    );
    if (alreadyThere) return;
    try {
      await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
    } catch (error) {
      throw new PageUnavailableError(error instanceof Error ? error.message : String(error));
    }
  }

  private async tabOrigin(tabId: number): Promise<string | null> {
    try {
      const tab = await browser.tabs.get(tabId);
      return tab.url ? new URL(tab.url).origin : null;
    } catch {
      return null;
    }
  }

  private async setVisible(tabId: number, visible: boolean): Promise<void> {
    const tabs = new Set(await this.visibleTabs.getValue());
    if (visible) tabs.add(tabId);
    else tabs.delete(tabId);
    await this.visibleTabs.setValue([...tabs]);
    // MV3 has `action`; Firefox's MV2 build has `browserAction`.
    const action = browser.action ?? browser.browserAction;
    await action.setBadgeText({ tabId, text: visible ? 'ON' : '' }).catch(() => undefined);
    if (visible) await action.setBadgeBackgroundColor({ tabId, color: '#e5484d' }).catch(() => undefined);
  }
}

/** The browser refused to run Heatlens on this tab (chrome:// pages, the Web Store, PDF viewer...). */
export class PageUnavailableError extends LocalError {
  constructor(detail: string) {
    super(`Heatlens cannot run on this page (${detail}). Open a page of your site and try again.`);
  }
}
