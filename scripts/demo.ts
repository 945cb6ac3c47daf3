/**
 * `npm run demo`: builds the extension, starts the demo site and the local PostHog-compatible server
 * with built-in sample data, opens Chromium with the real extension, configures it through the popup
 * as a user would, shows the heatmap and writes a screenshot. Headed when a display exists (the
 * browser then stays open until Ctrl-C), headless otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchWithExtension } from '../test/e2e/harness';
import { waitForOverlayStatus, waitForOverlayText } from '../test/e2e/overlay';
import { openReview } from '../test/e2e/overlay-shadow';
import { FiltersPopup } from '../test/e2e/pages/popup';
import { generateCompareData } from '../test/server/compare-data';
import { startDemoEnvironment } from '../test/server/demo-environment';
import { demoLayout } from '../test/site/layout';
import { generateLayoutChangeScenario, SCENARIO_VIEWPORT } from '../test/server/scenario-data';
import { layoutChangedScenario } from '../test/site/scenarios';

const root = resolve(import.meta.dirname, '..');
const artifacts = resolve(root, 'artifacts');

async function main(): Promise<void> {
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });

  const environment = await startDemoEnvironment();
  // Compare's weeks (issue 9), long before the sample data's last ten days: a redesign that moved clicks.
  const compareData = generateCompareData({ siteUrl: environment.siteUrl });
  environment.postHog.store.addRows(compareData.rows);
  // Issue 19: a page whose layout changed mid-range (a notice bar went live on the 8th of 14 days), with its annotation.
  const layoutChange = generateLayoutChangeScenario(environment.siteUrl);
  environment.postHog.store.addRows(layoutChange.rows);
  environment.postHog.store.addElementEvents(layoutChange.elementEvents);
  environment.postHog.store.addAnnotation(layoutChange.annotation!);
  console.log(`Demo site:          ${environment.siteUrl}/`);
  console.log(`PostHog-compatible: ${environment.postHogUrl} (project ${environment.projectId}, key ${environment.apiKey})`);

  const headed = Boolean(process.env.DISPLAY) && process.env.HEADLESS !== '1';
  const chromium = await launchWithExtension({ headed });
  try {
    await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
    const page = await chromium.newPage({ width: 1440, height: 900 });
    await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });

    const popup = new FiltersPopup(await chromium.openPopup(page));
    const saved = await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
    console.log(`Popup: ${saved}`);
    await popup.toggleOverlay();
    await popup.page.close();

    const overlay = await waitForOverlayStatus(page, ['ready', 'empty', 'error']);
    console.log(`Overlay: ${overlay.text.replace(/\s+/g, ' ')}`);

    mkdirSync(artifacts, { recursive: true });
    const screenshot = resolve(artifacts, 'demo.png');
    await page.bringToFront();
    await page.screenshot({ path: screenshot as `${string}.png` });
    console.log(`Screenshot: ${screenshot}`);

    // The same default, compact panel on a phone-sized window.
    const phone = await chromium.newPage({ width: 390, height: 844 });
    await phone.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    const phonePopup = new FiltersPopup(await chromium.openPopup(phone));
    await phonePopup.toggleOverlay();
    await phonePopup.page.close();
    await phone.bringToFront();
    await waitForOverlayStatus(phone, ['ready', 'empty', 'error']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const phoneShot = resolve(artifacts, 'demo-390.png');
    await phone.screenshot({ path: phoneShot as `${string}.png` });
    console.log(`Screenshot (390 px): ${phoneShot}`);
    await phone.close();
    await page.bringToFront();

    // Every layer at once: rage clicks over clicks, scroll depth bands and the fold line.
    const layersPopup = new FiltersPopup(await chromium.openPopup(page));
    for (const layer of ['Rage clicks', 'Dead clicks', 'Scroll depth', 'Fold line']) await layersPopup.setCheckbox(layer, true);
    await layersPopup.page.close();
    await page.bringToFront();
    await waitForOverlayStatus(page, ['ready']);
    // The page review, opened as a user would from the bar.
    await openReview(page);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await page.evaluate(() => window.scrollTo(0, 1750));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const layersShot = resolve(artifacts, 'demo-layers.png');
    await page.screenshot({ path: layersShot as `${string}.png` });
    console.log(`Screenshot (all layers): ${layersShot}`);

    // Compare: the week before and the week after a pricing redesign, painted as A−B on the pricing row.
    const comparePopup = new FiltersPopup(await chromium.openPopup(page));
    for (const layer of ['Rage clicks', 'Dead clicks', 'Scroll depth', 'Fold line']) await comparePopup.setCheckbox(layer, false);
    await comparePopup.openSection('Compare');
    await comparePopup.setCheckbox('Compare two ranges', true);
    await comparePopup.select('heatlens-compare-preset', 'custom');
    const { a, b } = compareData.weeks;
    await comparePopup.setValue('Range A from', a.dateFrom);
    await comparePopup.setValue('Range A to', a.dateTo);
    await comparePopup.setValue('Range B from', b.dateFrom);
    await comparePopup.setValue('Range B to', b.dateTo);
    await comparePopup.clickRadio('A−B');
    await comparePopup.page.close();
    await page.bringToFront();
    await waitForOverlayText(page, /What moved \(A → B\)(?!Reading)/, 30_000);
    await page.evaluate((top) => window.scrollTo(0, top), demoLayout(1440).pricingPro.y - 260);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const compareShot = resolve(artifacts, 'demo-compare.png');
    await page.screenshot({ path: compareShot as `${string}.png` });
    console.log(`Screenshot (compare A−B): ${compareShot}`);

    // A page that changed: the change named, earlier clicks re-anchored to their content (issue 19).
    const changedPage = await chromium.newPage(SCENARIO_VIEWPORT);
    await changedPage.goto(`${environment.siteUrl}${layoutChangedScenario.path}`, { waitUntil: 'load' });
    const layoutPopup = new FiltersPopup(await chromium.openPopup(changedPage));
    await layoutPopup.openSection('Compare');
    await layoutPopup.setCheckbox('Compare two ranges', false);
    await layoutPopup.openSection('Layers and filters');
    await layoutPopup.select('heatlens-date', 'custom');
    await layoutPopup.setValue('From date', layoutChange.days[0]!);
    await layoutPopup.setValue('To date', layoutChange.days[layoutChange.days.length - 1]!);
    await layoutPopup.toggleOverlay();
    await layoutPopup.page.close();
    await changedPage.bringToFront();
    const named = await waitForOverlayText(changedPage, /The layout changed around/, 30_000);
    console.log(`Layout change: ${/The layout changed around[^\n]*/.exec(named)?.[0] ?? named}`);
    await changedPage.waitForFunction(() => document.querySelector('[data-heatlens-overlay]')?.getAttribute('data-drawn') === 'whole', { timeout: 20_000 });
    const layoutShot = resolve(artifacts, 'demo-layout-change.png');
    await changedPage.screenshot({ path: layoutShot as `${string}.png` });
    console.log(`Screenshot (layout change, re-anchored): ${layoutShot}`);

    if (headed) {
      console.log('Chromium stays open with the overlay on; press Ctrl-C to stop.');
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    }
  } finally {
    await chromium.close();
    await environment.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
