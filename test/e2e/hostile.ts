// Shared by the security, failure and hygiene end-to-end files: one environment with the sample data
// also filed under the hostile pages' URLs, and small drivers for the overlay.

import type { Page } from 'puppeteer-core';
import type { DemoEnvironment } from '../server/demo-environment';
import { hostilePages } from '../site/pages';
import { pressShortcut } from './harness';
import { waitForOverlayGone, waitForOverlayStatus } from './overlay';

export const ALT_SHIFT_H = { key: 'H', code: 'KeyH', keyCode: 72 };

/** Files a copy of the landing page's sample data under each hostile page, so they have hot spots too. */
export function fileSampleDataUnderHostilePages(environment: Pick<DemoEnvironment, 'postHog' | 'siteUrl'>): void {
  const landing = `${environment.siteUrl}/`;
  const rows = environment.postHog.store.rows.filter((row) => row.current_url === landing);
  for (const path of Object.keys(hostilePages)) {
    environment.postHog.store.addRows(rows.map((row) => ({ ...row, current_url: `${environment.siteUrl}${path}` })));
  }
}

/** Shows the overlay with the shortcut and waits for one of `statuses`. */
export async function showOverlay(page: Page, statuses = ['ready'], timeoutMs?: number): Promise<{ status: string | null; text: string }> {
  await page.bringToFront();
  await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
  return waitForOverlayStatus(page, statuses, timeoutMs);
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
