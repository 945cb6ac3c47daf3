import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startDemoEnvironment, type DemoEnvironment } from '../server/demo-environment';
import { emptyRegionForTests, hotTargets } from '../server/sample-data';
import { demoLayout } from '../site/layout';
import { launchWithExtension, pressShortcut, type ExtensionBrowser } from './harness';
import { capture, captureWithoutOverlay, hotShare, maxDifference, readOverlay, setPanelHidden, waitForOverlayGone, waitForOverlayStatus } from './overlay';
import { PopupPage } from './pages/popup';

// The sample data's empty region is defined at one viewport width: test at that width.
const VIEWPORT = { width: emptyRegionForTests.viewportWidth, height: 800 };
const ALT_SHIFT_H = { key: 'H', code: 'KeyH', keyCode: 72 };

let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;

/** The rect of a target in viewport coordinates at the current scroll. */
async function viewportRect(name: string) {
  const rect = demoLayout(VIEWPORT.width)[name as keyof ReturnType<typeof demoLayout>];
  if (!rect) throw new Error(`no layout target ${name}`);
  const scrollY = await page.evaluate(() => window.scrollY);
  return { x: rect.x, y: rect.fixed ? rect.y : rect.y - scrollY, width: rect.width, height: rect.height };
}

async function openPopup(): Promise<PopupPage> {
  return new PopupPage(await chromium.openPopup(page));
}

async function toggleWithPopup(): Promise<string> {
  const popup = await openPopup();
  const label = await popup.toggleOverlay();
  await popup.page.close();
  await page.bringToFront();
  return label;
}

beforeAll(async () => {
  environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  chromium = await launchWithExtension();
  // As a user would on chrome://extensions: the local server is a "self-hosted" PostHog.
  await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
  page = await chromium.newPage(VIEWPORT);
  await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
});

afterAll(async () => {
  await chromium?.close();
  await environment?.close();
});

describe('the spine: popup → background → PostHog → overlay', () => {
  it('refuses a wrong key with PostHog’s reason and accepts the right one, by the popup’s labels', async () => {
    const popup = await openPopup();
    const refused = await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: 'phx_not_a_real_key' });
    expect(refused).toMatch(/does not accept this personal API key/i);
    const accepted = await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
    expect(accepted).toContain(`Connected to project “${environment.projectName}”`);
    await popup.page.close();
    // Only the extension's requests carry the key.
    const withKey = environment.postHog.requestLog.filter((request) => request.authorization?.includes(environment.apiKey));
    expect(withKey.length).toBeGreaterThan(0);
    expect(withKey.every((request) => request.origin === null || request.origin.startsWith('chrome-extension://'))).toBe(true);
  });

  it('paints hot colour where the sample clicks were and nothing where there were none', async () => {
    await page.bringToFront();
    const before = await capture(page);
    expect(await toggleWithPopup()).toBe('Hide heatmap');
    const overlay = await waitForOverlayStatus(page, ['ready']);
    expect(overlay.text).toMatch(/Clicks: [\d,]+ clicks/);
    expect(overlay.text).toContain(`Data from ${environment.siteUrl}/`);
    const after = await capture(page);

    for (const name of hotTargets.filter((target) => {
      const rect = demoLayout(VIEWPORT.width)[target as keyof ReturnType<typeof demoLayout>];
      return rect && (rect.fixed || rect.y + rect.height < VIEWPORT.height);
    })) {
      expect(hotShare(after, before, await viewportRect(name)), `hot colour on ${name}`).toBeGreaterThan(0.02);
    }
    // The panel docks wherever the heat is least (maybe over the empty region): compare the heat alone.
    await setPanelHidden(page, true);
    // The region where no sample interaction landed: scroll it into view, compare with and without heat.
    const empty = emptyRegionForTests;
    expect(await page.evaluate(() => window.innerWidth)).toBe(VIEWPORT.width);
    const scrollTo = Math.max(0, empty.y - 100);
    await page.evaluate((y) => window.scrollTo(0, y), scrollTo);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 1, {}, scrollTo);
    const withHeat = await capture(page);
    const region = { x: empty.x, y: empty.y - scrollTo, width: empty.width, height: Math.min(empty.height, VIEWPORT.height - (empty.y - scrollTo)) };
    const withoutHeat = await captureWithoutOverlay(page);
    expect(maxDifference(withHeat, withoutHeat, region)).toBeLessThanOrEqual(2);
    await setPanelHidden(page, false);
    // ...and the same comparison over a hot target proves the comparison can see heat at all.
    await page.evaluate(() => window.scrollTo(0, 0));
    const heroRect = await viewportRect('heroCta');
    expect(maxDifference(after, before, heroRect)).toBeGreaterThan(60);
  });

  it('keeps fixed-header clicks on the header after scrolling, and scrolls the rest with the page', async () => {
    await page.evaluate(() => window.scrollTo(0, 1500));
    await page.waitForFunction(() => window.scrollY === 1500);
    const scrolled = await capture(page);
    const baseline = await captureWithoutOverlay(page);
    const fixedTarget = hotTargets.find((name) => demoLayout(VIEWPORT.width)[name as keyof ReturnType<typeof demoLayout>]?.fixed);
    expect(fixedTarget).toBeDefined();
    expect(hotShare(scrolled, baseline, await viewportRect(fixedTarget!))).toBeGreaterThan(0.02);
    // A document-space hot target that is now above the viewport left no heat behind at its old place.
    const hero = demoLayout(VIEWPORT.width).heroCta;
    expect(hotShare(scrolled, baseline, { x: hero.x, y: hero.y, width: hero.width, height: hero.height })).toBeLessThan(0.01);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('hiding restores the page exactly', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const domBefore = await page.evaluate(() => document.documentElement.outerHTML.replace(/<div data-heatlens-overlay=""[^>]*><\/div>/, ''));
    expect(await toggleWithPopup()).toBe('Show heatmap');
    await waitForOverlayGone(page);
    const domAfter = await page.evaluate(() => document.documentElement.outerHTML);
    expect(domAfter).toBe(domBefore);
    expect(await page.evaluate(() => document.querySelectorAll('[data-heatlens-overlay]').length)).toBe(0);
  });

  it('toggles with the keyboard shortcut Alt+Shift+H', async () => {
    await page.bringToFront();
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    await waitForOverlayStatus(page, ['ready']);
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    await waitForOverlayGone(page);
  });

  it('shown again on the same page: the heat it had at once, “cached · refreshing”, then the background’s answer', async () => {
    // The previous test painted and hid the overlay on this page. Record every status the overlay's
    // host shows from here on (its attributes are in the page's DOM; the panel is in a closed shadow root).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __heatlensStatuses: string[] }).__heatlensStatuses = seen;
      new MutationObserver(() => {
        const host = document.querySelector('[data-heatlens-overlay]');
        const entry = host ? `${host.getAttribute('data-status')}/${host.getAttribute('data-cache') ?? '-'}` : 'gone';
        if (seen[seen.length - 1] !== entry) seen.push(entry);
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-cache'] });
    });
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    await page.waitForFunction(() => {
      const seen = (window as unknown as { __heatlensStatuses: string[] }).__heatlensStatuses;
      return seen.some((entry) => entry === 'ready/cached' || entry === 'ready/network');
    });
    const statuses = await page.evaluate(() => (window as unknown as { __heatlensStatuses: string[] }).__heatlensStatuses);
    const firstReady = statuses.findIndex((entry) => entry.startsWith('ready/'));
    // Painted from what it had (marked as such) before the background's answer replaced it.
    expect(statuses[firstReady], statuses.join(' → ')).toBe('ready/revalidating');
    expect(statuses.slice(firstReady + 1).some((entry) => entry === 'ready/cached' || entry === 'ready/network'), statuses.join(' → ')).toBe(true);
    const overlay = await readOverlay(page);
    expect(overlay.text).toMatch(/Clicks: [\d,]+ clicks/);
    expect(overlay.text).not.toContain('cached · refreshing');
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    await waitForOverlayGone(page);
  });

  it('says when this width has no data, and where data does exist', async () => {
    await page.setViewport({ width: 1000, height: 800 });
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    const overlay = await waitForOverlayStatus(page, ['empty']);
    expect(overlay.text).toContain('No heatmap data for this page at this window width');
    expect(overlay.text).toMatch(/Desktop \(≥ 1280 px\): [\d,]+ points/);
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    await waitForOverlayGone(page);
    await page.setViewport(VIEWPORT);
  });

  it('shows PostHog’s error in the page instead of a blank overlay', async () => {
    environment.postHog.setFailure('quota');
    try {
      await page.goto(`${environment.siteUrl}/?from=error-test`, { waitUntil: 'load' });
      await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
      const overlay = await waitForOverlayStatus(page, ['error']);
      expect(overlay.text).toMatch(/quota/i);
    } finally {
      environment.postHog.setFailure(null);
    }
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    await waitForOverlayGone(page);
    expect((await readOverlay(page)).present).toBe(false);
  });
});
