// Shared by the security, failure and hygiene end-to-end files: one environment with the sample data
// also filed under the hostile pages' URLs, and small drivers for the overlay.

import type { Page } from 'puppeteer-core';
import type { DemoEnvironment } from '../server/demo-environment';
import { hostilePages } from '../site/pages';
import { pressShortcut, type ExtensionBrowser } from './harness';
import { readOverlay, waitForOverlayGone, waitForOverlayStatus } from './overlay';
import { PopupPage } from './pages/popup';
import { overlayAttackPages } from '../site/hostile-page';

export const ALT_SHIFT_H = { key: 'H', code: 'KeyH', keyCode: 72 };

/** Files a copy of the landing page's sample data under each hostile page, so they have hot spots too. */
export function fileSampleDataUnderHostilePages(environment: Pick<DemoEnvironment, 'postHog' | 'siteUrl'>): void {
  const landing = `${environment.siteUrl}/`;
  const rows = environment.postHog.store.rows.filter((row) => row.current_url === landing);
  for (const path of Object.keys(hostilePages)) {
    environment.postHog.store.addRows(rows.map((row) => ({ ...row, current_url: `${environment.siteUrl}${path}` })));
  }
}

/**
 * Shows the overlay with the shortcut and waits for one of `statuses`. Chromium sometimes drops a
 * command pressed just after a popup closed or a page loaded: press again if nothing appeared.
 */
export async function showOverlay(page: Page, statuses = ['ready'], timeoutMs?: number): Promise<{ status: string | null; text: string }> {
  for (let attempt = 1; ; attempt++) {
    await page.bringToFront();
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline && !(await readOverlay(page)).present) await new Promise((resolve) => setTimeout(resolve, 100));
    if ((await readOverlay(page)).present || attempt === 2) break;
  }
  return waitForOverlayStatus(page, statuses, timeoutMs);
}

/** Opens the toolbar popup; once more if Chromium did not open it the first time. */
export async function openPopup(chromium: ExtensionBrowser, page: Page): Promise<PopupPage> {
  try {
    return new PopupPage(await chromium.openPopup(page));
  } catch {
    for (const target of chromium.browser.targets()) {
      if (target.url().includes('/popup.html')) await (await target.asPage()).close().catch(() => undefined);
    }
    return new PopupPage(await chromium.openPopup(page));
  }
}

export async function hideOverlay(page: Page): Promise<void> {
  await page.bringToFront();
  await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
  await waitForOverlayGone(page);
}

/** The heatmap requests the server saw, one string per request: path and query, sorted. */
export function heatmapRequestKeys(log: ReadonlyArray<{ path: string; query: Record<string, string> }>): string[] {
  return log
    .filter((request) => /\/heatmaps\/?$/.test(request.path))
    .map((request) => `${request.path}?${new URLSearchParams(Object.entries(request.query).sort(([a], [b]) => a.localeCompare(b))).toString()}`);
}

/** For code that runs in the background worker via `evaluate` (types only: nothing is imported there). */
export interface ExtensionGlobals {
  chrome: { storage: { local: { get(keys: string | null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } } };
}

/** Files the landing page's sample data under each attack page too, so the attack pages have hot spots. */
export function fileLandingDataUnderAttackPages(environment: DemoEnvironment): void {
  const landing = `${environment.siteUrl}/`;
  const rows = environment.postHog.store.rows.filter((row) => row.current_url === landing);
  for (const path of Object.keys(overlayAttackPages)) {
    environment.postHog.store.addRows(rows.map((row) => ({ ...row, current_url: `${environment.siteUrl}${path}` })));
  }
}
