import { it } from 'vitest';
import { generateCompareData } from '../server/compare-data';
import { startConfiguredSession } from './fixture';
import { pressShortcut } from './harness';
import { waitForOverlayText } from './overlay';
import { FiltersPopup } from './pages/popup';

it('screenshot at 390', async () => {
  let weeks: ReturnType<typeof generateCompareData>['weeks'];
  const session = await startConfiguredSession({
    viewport: { width: 390, height: 844 },
    prepare: (environment) => {
      const data = generateCompareData({ siteUrl: environment.siteUrl });
      weeks = data.weeks;
      environment.postHog.store.addRows(data.rows);
    },
  });
  try {
    const page = session.page;
    const popup = new FiltersPopup(await session.chromium.openPopup(page));
    await popup.select('heatlens-viewport', 'desktop');
    await popup.openSection('Compare');
    await popup.setCheckbox('Compare two ranges', true);
    await popup.select('heatlens-compare-preset', 'custom');
    await popup.setValue('Range A from', weeks!.a.dateFrom);
    await popup.setValue('Range A to', weeks!.a.dateTo);
    await popup.setValue('Range B from', weeks!.b.dateFrom);
    await popup.setValue('Range B to', weeks!.b.dateTo);
    await popup.page.screenshot({ path: '/tmp/c9-popup.png' });
    await popup.page.close();
    await page.bringToFront();
    await pressShortcut(page, { key: 'H', code: 'KeyH', keyCode: 72 }, { alt: true, shift: true });
    await waitForOverlayText(page, /What moved \(A → B\)(?!Reading)/, 30_000);
    await page.screenshot({ path: '/tmp/c9-390.png' });
  } finally {
    await session.close();
  }
}, 300_000);
