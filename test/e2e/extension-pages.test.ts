import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startDemoEnvironment, type DemoEnvironment } from '../server/demo-environment';
import { emptyRegionForTests, hotTargets } from '../server/sample-data';
import { demoLayout } from '../site/layout';
import { axeViolations, axeViolationsInClosedShadow, describeViolations, seriousOrCritical } from './axe';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from './harness';
import { openPopup } from './hostile';
import { capture, captureWithoutOverlay, hotShare, waitForOverlayGone, waitForOverlayStatus, type Pixels } from './overlay';
import { FiltersPopup } from './pages/popup';

// Heatlens's pages in a tab of their own: the popup opened as a tab (Firefox for Android, a
// bookmark) and the options page. Neither gets activeTab; both must configure and toggle.

const VIEWPORT = { width: emptyRegionForTests.viewportWidth, height: 800 };

let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
/** The demo landing page: the page the user means. */
let page: Page;

beforeAll(async () => {
  environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  chromium = await launchWithExtension();
  // As a user would on chrome://extensions: the local server is a "self-hosted" PostHog, and the demo
  // site is given "site access" ahead of time, because Chromium's permission prompt (the Show click
  // asks for the page's origin: there is no activeTab in a tab of our own) never resolves headless.
  await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
  await chromium.grantHostPermission(`${environment.siteUrl}/*`);
  await holdSitePermission();
  page = await chromium.newPage(VIEWPORT);
  await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
});

afterAll(async () => {
  await chromium?.close();
  await environment?.close();
});

/**
 * Precondition: Heatlens already holds the demo site's permission, as after a user allowed it once
 * (e.g. "Always show on this site"). Site access granted on chrome://extensions is only a
 * pre-approval in Chromium; a request from an extension page with a user gesture (DevTools'
 * evaluate carries one) makes it active, and only then does Chromium show the extension that site's
 * tab addresses. Without it, the page picker lists hidden addresses and offers the optional `tabs`
 * permission, whose prompt cannot be answered headless: the Firefox run covers that path.
 */
async function holdSitePermission(): Promise<void> {
  const tab = await chromium.browser.newPage();
  try {
    await tab.goto(`chrome-extension://${chromium.extensionId}/popup.html`, { waitUntil: 'load' });
    const granted = await tab.evaluate(
      (pattern) => (globalThis as unknown as { chrome: { permissions: { request(request: { origins: string[] }): Promise<boolean> } } }).chrome.permissions.request({ origins: [pattern] }),
      `${environment.siteUrl}/*`,
    );
    expect(granted).toBe(true);
  } finally {
    await tab.close();
  }
}

/** Opens a Heatlens page by URL in a new tab of the window, as a bookmark or "Extension options" does. */
async function openInTab(file: 'popup.html' | 'options.html'): Promise<FiltersPopup> {
  const tab = await chromium.browser.newPage();
  await tab.goto(`chrome-extension://${chromium.extensionId}/${file}`, { waitUntil: 'load' });
  await tab.waitForSelector('main[data-in-tab="true"] .toggle button.primary:not([disabled])', { timeout: 10_000 });
  return new FiltersPopup(tab);
}

async function selectedTarget(view: FiltersPopup): Promise<string> {
  return view.page.$eval('#heatlens-target', (select) => {
    const element = select as HTMLSelectElement;
    return element.selectedOptions[0]?.textContent ?? '';
  });
}

/** Presses Show/Hide in a Heatlens tab. Not PopupPage.toggleOverlay: Show switches to the page's tab, where polling a hidden tab would stall. */
async function pressToggle(view: FiltersPopup, expected: 'Show heatmap' | 'Hide heatmap'): Promise<void> {
  await view.page.bringToFront();
  expect(await view.toggleButtonLabel()).toBe(expected);
  await view.clickButton(expected);
}

/** Heat on the demo page's hot targets that are in view (the check the spine uses). */
async function expectHeatPainted(target: Page, before: Pixels): Promise<void> {
  await target.bringToFront();
  const overlay = await waitForOverlayStatus(target, ['ready']);
  expect(overlay.text).toContain(`Data from ${environment.siteUrl}/`);
  const after = await capture(target);
  const layout = demoLayout(VIEWPORT.width);
  const inView = hotTargets.filter((name) => {
    const rect = layout[name as keyof typeof layout];
    return rect && (rect.fixed || rect.y + rect.height < VIEWPORT.height);
  });
  expect(inView.length).toBeGreaterThan(0);
  for (const name of inView) {
    const rect = layout[name as keyof typeof layout];
    expect(hotShare(after, before, rect), `hot colour on ${name}`).toBeGreaterThan(0.02);
  }
}

async function expectNoSeriousA11yIssues(view: Page): Promise<void> {
  const violations = seriousOrCritical(await axeViolations(view));
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe('Heatlens pages in a tab of their own', () => {
  it('the popup opened as a tab targets the most recently active page, switchably, configures and toggles', async () => {
    // Another page of the site, visited before the landing page: a candidate, but not the default.
    const other = await chromium.newPage(VIEWPORT);
    await other.goto(`${environment.siteUrl}/long`, { waitUntil: 'load' });
    await page.bringToFront();
    await page.evaluate(() => window.scrollTo(0, 0));
    const before = await captureWithoutOverlay(page);

    const view = await openInTab('popup.html');
    expect(await selectedTarget(view)).toContain(`${environment.siteUrl}/`);
    expect(await selectedTarget(view)).toContain('Acme Analytics');
    const offered = await view.page.$$eval('#heatlens-target option', (options) => options.map((option) => option.textContent ?? ''));
    expect(offered.some((text) => text.includes(`${environment.siteUrl}/long`))).toBe(true);
    // Heatlens's own tab is never offered as the page to annotate.
    expect(offered.some((text) => text.includes('chrome-extension://'))).toBe(false);

    const saved = await view.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
    expect(saved).toContain(`Connected to project “${environment.projectName}”`);

    await pressToggle(view, 'Show heatmap');
    await expectHeatPainted(page, before);
    // Only the page the user meant got the overlay.
    expect(await other.evaluate(() => document.querySelectorAll('[data-heatlens-overlay]').length)).toBe(0);

    await pressToggle(view, 'Hide heatmap');
    await view.page.waitForSelector('::-p-aria([name="Show heatmap"][role="button"])');
    await waitForOverlayGone(page);

    // Switching the target: the other page gets the overlay, the landing page does not.
    const otherId = await view.page.$$eval(
      '#heatlens-target option',
      (options, url) => (options as HTMLOptionElement[]).find((option) => option.textContent?.includes(url))?.value ?? null,
      `${environment.siteUrl}/long`,
    );
    expect(otherId).not.toBeNull();
    await view.select('heatlens-target', otherId!);
    await view.page.waitForFunction((url) => (document.querySelector('#heatlens-target') as HTMLSelectElement).selectedOptions[0]?.textContent?.includes(url), {}, `${environment.siteUrl}/long`);
    await pressToggle(view, 'Show heatmap');
    await other.bringToFront();
    await waitForOverlayStatus(other, ['ready', 'empty']);
    expect(await page.evaluate(() => document.querySelectorAll('[data-heatlens-overlay]').length)).toBe(0);
    await pressToggle(view, 'Hide heatmap');
    await view.page.waitForSelector('::-p-aria([name="Show heatmap"][role="button"])');
    await waitForOverlayGone(other);

    await expectNoSeriousA11yIssues(view.page);
    await view.page.close();
    await other.close();
  });

  it('the options page ("Extension options", in a tab) configures and toggles the overlay', async () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { options_ui?: { page: string; open_in_tab?: boolean } };
    expect(manifest.options_ui).toEqual({ page: 'options.html', open_in_tab: true });

    await page.bringToFront();
    await page.evaluate(() => window.scrollTo(0, 0));
    const before = await captureWithoutOverlay(page);
    const view = await openInTab('options.html');
    expect(await view.page.$eval('h1', (heading) => heading.textContent ?? '')).toContain('Heatlens settings');
    expect(await selectedTarget(view)).toContain(`${environment.siteUrl}/`);
    // Saved already by the previous test: the connection section starts closed.
    await view.openSection('PostHog connection');
    const saved = await view.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
    expect(saved).toContain(`Connected to project “${environment.projectName}”`);

    await pressToggle(view, 'Show heatmap');
    await expectHeatPainted(page, before);
    await pressToggle(view, 'Hide heatmap');
    await waitForOverlayGone(page);

    // The wider layout: the options page is not squeezed to the toolbar popup's 340 px.
    await view.page.setViewport({ width: 1280, height: 800 });
    expect(await view.page.$eval('main', (main) => main.getBoundingClientRect().width)).toBeGreaterThan(500);
    await expectNoSeriousA11yIssues(view.page);
    await view.page.close();
  });

  it('the toolbar popup passes axe at its own size and says a local failure is local, not PostHog’s', async () => {
    const browserPage = await chromium.newPage(VIEWPORT);
    await browserPage.goto('chrome://version', { waitUntil: 'load' });
    const popup = await openPopup(chromium, browserPage);
    await expectNoSeriousA11yIssues(popup.page);
    await popup.clickButton('Show heatmap');
    const error = await popup.page.waitForSelector('.toggle .result.error', { timeout: 15_000 });
    const text = (await error!.evaluate((element) => element.textContent ?? '')).trim();
    expect(text).toMatch(/Heatlens cannot run on this page/);
    expect(text).not.toMatch(/PostHog/);
    await popup.page.close();
    await browserPage.close();
  });

  it('the axe helper sees what it must: a seeded fault in a document and inside a closed shadow root', async () => {
    // Without this, "no serious violations" above could mean the helper never looked.
    const popup = await openPopup(chromium, page);
    await popup.page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('input'), { className: 'axe-probe' })));
    expect(seriousOrCritical(await axeViolations(popup.page)).map((violation) => violation.id)).toContain('label');
    await popup.page.close();

    await page.bringToFront();
    await page.evaluate(() => {
      const host = document.createElement('axe-probe-host');
      host.attachShadow({ mode: 'closed' }).innerHTML = '<main><input type="text"></main>';
      document.body.append(host);
    });
    try {
      const inShadow = await axeViolationsInClosedShadow(page, 'axe-probe-host');
      expect(inShadow.map((violation) => violation.id)).toContain('label');
      expect(inShadow.every((violation) => violation.nodes.every((node) => node.includes('axe-probe-host')))).toBe(true);
      // The document alone cannot see into the closed root, and the host's shadowRoot is closed again.
      expect((await axeViolations(page, { include: 'axe-probe-host' })).map((violation) => violation.id)).not.toContain('label');
      expect(await page.evaluate(() => document.querySelector('axe-probe-host')!.shadowRoot)).toBeNull();
    } finally {
      await page.evaluate(() => document.querySelector('axe-probe-host')?.remove());
    }
  });
});
