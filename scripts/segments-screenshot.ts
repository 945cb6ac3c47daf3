/**
 * Writes the README's segment screenshot (`artifacts/segments.png`, copied to docs/segments.png):
 * the demo page's pricing section painted for the `pricing-test = test` variant, with the popup's
 * Segment picker that chose it composited in the corner. Run with `npx tsx scripts/segments-screenshot.ts`
 * after `npm run build`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { launchWithExtension } from '../test/e2e/harness';
import { waitForOverlayStatus } from '../test/e2e/overlay';
import { FiltersPopup } from '../test/e2e/pages/popup';
import { startDemoEnvironment } from '../test/server/demo-environment';
import { PRICING_FLAG } from '../test/server/segment-data';
import { demoLayout } from '../test/site/layout';

const artifacts = resolve(import.meta.dirname, '..', 'artifacts');

async function main(): Promise<void> {
  const environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  const chromium = await launchWithExtension();
  try {
    await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
    const page = await chromium.newPage({ width: 1440, height: 900 });
    await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    const popup = new FiltersPopup(await chromium.openPopup(page));
    await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
    await popup.toggleOverlay();
    await popup.openSection('Segment');
    await popup.page.waitForSelector('fieldset.segment[data-options="ready"]');
    await popup.page.select('select[aria-label="Segment"]', 'flag');
    await popup.page.select('select[aria-label="Segment feature flag"]', PRICING_FLAG);
    await popup.page.select('select[aria-label="Segment variant"]', 'test');
    await popup.page.waitForFunction(() => document.querySelector('[data-segment-label]')?.textContent?.includes('= test'));
    // Only the Segment section: fold the others so the picture stays small.
    await popup.page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) if (!details.querySelector('fieldset.segment')) details.open = false;
    });
    const picker = await popup.page.$('main');
    const pickerPng = PNG.sync.read(Buffer.from(await picker!.screenshot({ type: 'png' })));
    await popup.page.close();

    await page.bringToFront();
    await waitForOverlayStatus(page, ['ready']);
    const pricing = demoLayout(1440).pricingPro;
    await page.evaluate((y) => window.scrollTo(0, y), Math.max(0, pricing.y - 300));
    await new Promise((done) => setTimeout(done, 800));
    const pagePng = PNG.sync.read(Buffer.from(await page.screenshot({ type: 'png' })));

    // The picker in the top-left corner with a thin border, over the page.
    const [left, top] = [16, 16];
    const border = new PNG({ width: pickerPng.width + 4, height: pickerPng.height + 4 });
    border.data.fill(0x80);
    PNG.bitblt(border, pagePng, 0, 0, Math.min(border.width, pagePng.width - left), Math.min(border.height, pagePng.height - top), left - 2, top - 2);
    PNG.bitblt(pickerPng, pagePng, 0, 0, Math.min(pickerPng.width, pagePng.width - left), Math.min(pickerPng.height, pagePng.height - top), left, top);
    mkdirSync(artifacts, { recursive: true });
    const out = resolve(artifacts, 'segments.png');
    writeFileSync(out, PNG.sync.write(pagePng));
    console.log(`Screenshot: ${out}`);
  } finally {
    await chromium.close();
    await environment.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
