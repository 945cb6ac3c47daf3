import type { Page } from 'puppeteer-core';
import { generateCompareData, type CompareWeeks } from '../server/compare-data';
import { startDemoEnvironment, type DemoEnvironment } from '../server/demo-environment';
import { launchWithExtension, type ExtensionBrowser } from './harness';
import { openPopup } from './hostile';

export interface ConfiguredSession {
  environment: DemoEnvironment;
  chromium: ExtensionBrowser;
  page: Page;
  /** What the popup said after Save. */
  saved: string;
  close(): Promise<void>;
}

/**
 * What every end-to-end file starts from, as a user would: the demo site and the local PostHog server
 * (a "self-hosted" origin, its permission granted as on chrome://extensions), Chromium with the built
 * extension, a page of the site open, and the connection saved through the popup by its labels.
 */
export async function startConfiguredSession(options: {
  viewport?: { width: number; height: number };
  /** Runs after the servers start, before the browser does (e.g. to file extra data). */
  prepare?: (environment: DemoEnvironment) => void;
  /** More Chromium flags (see launchWithExtension). */
  chromiumArgs?: string[];
  /** Another build of the extension (see launchWithExtension). */
  extensionDir?: string;
} = {}): Promise<ConfiguredSession> {
  const environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  options.prepare?.(environment);
  let chromium: ExtensionBrowser | undefined;
  try {
    chromium = await launchWithExtension({ extraArgs: options.chromiumArgs, extensionDir: options.extensionDir });
    await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
    const page = await chromium.newPage(options.viewport ?? { width: 1280, height: 800 });
    await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    const popup = await openPopup(chromium, page);
    const saved = await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
    await popup.page.close();
    await page.bringToFront();
    const browser = chromium;
    return {
      environment,
      chromium: browser,
      page,
      saved,
      async close() {
        await browser.close();
        await environment.close();
      },
    };
  } catch (error) {
    await chromium?.close();
    await environment.close();
    throw error;
  }
}

/**
 * A configured session whose local PostHog also holds the compare demo weeks
 * (test/server/compare-data.ts: Choose Pro 141 → 38, Choose Starter 38 → 141, one week doubling another).
 */
export async function startSessionWithCompareWeeks(options: { viewport: { width: number; height: number }; chromiumArgs?: string[] }): Promise<{ session: ConfiguredSession; weeks: CompareWeeks }> {
  let weeks: CompareWeeks | undefined;
  const session = await startConfiguredSession({
    ...options,
    prepare: (environment) => {
      const data = generateCompareData({ siteUrl: environment.siteUrl });
      weeks = data.weeks;
      environment.postHog.store.addRows(data.rows);
    },
  });
  return { session, weeks: weeks! };
}
