import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { PNG } from 'pngjs';
import type { CompareWeeks } from '../server/compare-data';
import { demoLayout } from '../site/layout';
import { startConfiguredSession, startSessionWithCompareWeeks, type ConfiguredSession } from './fixture';
import { pressShortcut } from './harness';
import { captureWithoutOverlay, clickInOverlay, evaluateInOverlay, waitForOverlayStatus, waitForOverlayText } from './overlay';
import { nextDownload } from './downloads';
import { openDetails } from './overlay-shadow';
import { FiltersPopup } from './pages/popup';

const WIDTH = 1280;
const HEIGHT = 800;
const ALT_SHIFT_H = { key: 'H', code: 'KeyH', keyCode: 72 };
const layout = demoLayout(WIDTH);

let session: ConfiguredSession;
let page: Page;
let weeks: CompareWeeks;
let downloads: string;

async function exportStatus(): Promise<string> {
  return (await evaluateInOverlay<string>(page, 'function () { return this.querySelector(".export-menu")?.getAttribute("data-export") ?? ""; }')) ?? '';
}

/** The heatmaps endpoint's answer to a query string, asked directly: the truth the export must hold. */
async function serverAggregates(query: string): Promise<Array<{ pointer_relative_x: number; pointer_y: number; count: number; pointer_target_fixed: boolean }>> {
  const { environment } = session;
  const response = await fetch(`${environment.postHogUrl}/api/projects/${environment.projectId}/heatmaps/?${query}`, { headers: { Authorization: `Bearer ${environment.apiKey}` } });
  return ((await response.json()) as { results: never }).results;
}

function sortedRows(rows: Array<[number, number, number, boolean]>): string[] {
  return rows.map((row) => row.join('|')).sort();
}

describe('Export through the real extension', () => {
  beforeAll(async () => {
    ({ session, weeks } = await startSessionWithCompareWeeks({ viewport: { width: WIDTH, height: HEIGHT } }));
    page = session.page;
    downloads = mkdtempSync(join(tmpdir(), 'heatlens-downloads-'));
    const browserSession = await session.chromium.browser.target().createCDPSession();
    await browserSession.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    // Rage clicks too, so the export is checked on more than one layer.
    const popup = new FiltersPopup(await session.chromium.openPopup(page));
    await popup.setCheckbox('Rage clicks', true);
    await popup.page.close();
    await page.bringToFront();
    await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
    await waitForOverlayStatus(page, ['ready']);
    // Export is in the panel's legend details.
    await openDetails(page);
  }, 300_000);

  afterAll(async () => {
    await session?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('the CSV holds exactly the server aggregates of every painted layer, with the query in its header', async () => {
    const before = new Set(readdirSync(downloads));
    await clickInOverlay(page, '.export-menu button', 'CSV');
    const file = await nextDownload(downloads, '.csv', before, 20_000);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    const queries = lines.filter((line) => line.startsWith('# query ')).map((line) => /^# query (\w+): (.*)$/.exec(line)!);
    expect(queries.map((match) => match[1])).toEqual(['click', 'rageclick']);
    const header = lines.indexOf('layer,side,x,page_x,y,count,fixed');
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 1).map((line) => line.split(','));
    for (const [, layer, query] of queries) {
      expect(new URLSearchParams(query).get('url_exact')).toBe(`${session.environment.siteUrl}/`);
      const server = await serverAggregates(query!);
      expect(server.length).toBeGreaterThan(0);
      const exported = rows.filter((row) => row[0] === layer).map((row): [number, number, number, boolean] => [Number(row[2]), Number(row[4]), Number(row[5]), row[6] === 'true']);
      expect(sortedRows(exported)).toEqual(sortedRows(server.map((spot) => [spot.pointer_relative_x, spot.pointer_y, spot.count, spot.pointer_target_fixed])));
    }
  });

  it('the JSON holds the same rows', async () => {
    const before = new Set(readdirSync(downloads));
    await clickInOverlay(page, '.export-menu button', 'JSON');
    const file = await nextDownload(downloads, '.json', before, 20_000);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { rows: Array<{ layer: string; x: number; y: number; count: number; fixed: boolean }>; queries: Array<{ layer: string; query: string }> };
    const clickQuery = parsed.queries.find((query) => query.layer === 'click')!.query;
    const server = await serverAggregates(clickQuery);
    expect(sortedRows(parsed.rows.filter((row) => row.layer === 'click').map((row) => [row.x, row.y, row.count, row.fixed]))).toEqual(
      sortedRows(server.map((spot) => [spot.pointer_relative_x, spot.pointer_y, spot.count, spot.pointer_target_fixed])),
    );
  });

  it('Save image: a PNG of the viewport with the A−B heat on it and the caption under it', async () => {
    const popup = new FiltersPopup(await session.chromium.openPopup(page));
    await popup.setCheckbox('Rage clicks', false);
    await popup.openSection('Compare');
    await popup.setCheckbox('Compare two ranges', true);
    await popup.select('heatlens-compare-preset', 'custom');
    await popup.setValue('Range A from', weeks.a.dateFrom);
    await popup.setValue('Range A to', weeks.a.dateTo);
    await popup.setValue('Range B from', weeks.b.dateFrom);
    await popup.setValue('Range B to', weeks.b.dateTo);
    await popup.page.close();
    await page.bringToFront();
    await waitForOverlayText(page, new RegExp(`B ${weeks.b.dateFrom} → ${weeks.b.dateTo}`));
    const scrollY = layout.pricingStarter.y - 200;
    await page.evaluate((top) => window.scrollTo(0, top), scrollY);
    await page.waitForFunction((top) => Math.abs(window.scrollY - top) < 1, {}, scrollY);
    const bare = await captureWithoutOverlay(page);

    const before = new Set(readdirSync(downloads));
    await clickInOverlay(page, '.export-menu button', 'Save image');
    const file = await nextDownload(downloads, '.png', before, 20_000);
    await expect.poll(exportStatus, { timeout: 10_000 }).toBe('done');
    const png = PNG.sync.read(readFileSync(file));
    // Device pixel ratio 1 here: the viewport's size, plus the caption's four lines underneath.
    expect(png.width).toBe(WIDTH);
    expect(png.height).toBeGreaterThan(HEIGHT + 60);
    const at = (x: number, y: number) => {
      const index = (y * png.width + x) * 4;
      return [png.data[index]!, png.data[index + 1]!, png.data[index + 2]!] as const;
    };

    // The heat: "Choose Starter" went 38 → 141 clicks, so the image is warmer there than the bare page.
    const starter = layout.pricingStarter;
    let warmth = 0;
    let samples = 0;
    for (let y = starter.y - scrollY + 18; y < starter.y - scrollY + starter.height - 18; y += 2) {
      for (let x = starter.x + 80; x < starter.x + starter.width - 80; x += 2) {
        const [r, , b] = at(x, y);
        const [r0, , b0] = bare.at(x, y);
        warmth += r - r0 - (b - b0);
        samples++;
      }
    }
    expect(warmth / samples).toBeGreaterThan(60);
    // Where the page has no heat, the image is the page.
    const [r, g, b] = at(20, HEIGHT - 20);
    expect([r, g, b]).toEqual(bare.at(20, HEIGHT - 20));

    // The caption band: the caption's dark background, with light text on it on every line.
    const band = { top: HEIGHT, bottom: png.height };
    let dark = 0;
    let light = 0;
    const linesWithText = new Set<number>();
    for (let y = band.top; y < band.bottom; y++) {
      for (let x = 0; x < Math.min(png.width, 700); x++) {
        const [cr, cg, cb] = at(x, y);
        if (cr < 50 && cg < 50 && cb < 60) dark++;
        if (cr > 180 && cg > 180 && cb > 180) {
          light++;
          linesWithText.add(Math.floor((y - band.top - 10) / 18));
        }
      }
    }
    expect(dark / ((band.bottom - band.top) * 700)).toBeGreaterThan(0.7);
    expect(light).toBeGreaterThan(500);
    expect([...linesWithText].filter((line) => line >= 0 && line < 4).sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('Save image on a screen with device pixel ratio 2', () => {
  let hiDpi: ConfiguredSession;
  let hiDpiDownloads: string;

  beforeAll(async () => {
    // A real DPR 2 screen: a forced device scale factor, not CDP emulation, which the browser's tab
    // capture does not see.
    hiDpi = await startConfiguredSession({ viewport: { width: WIDTH, height: HEIGHT }, chromiumArgs: ['--force-device-scale-factor=2'] });
    hiDpiDownloads = mkdtempSync(join(tmpdir(), 'heatlens-downloads-'));
    const browserSession = await hiDpi.chromium.browser.target().createCDPSession();
    await browserSession.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: hiDpiDownloads });
    await hiDpi.page.setViewport(null);
    await hiDpi.page.bringToFront();
    await pressShortcut(hiDpi.page, ALT_SHIFT_H, { alt: true, shift: true });
    await waitForOverlayStatus(hiDpi.page, ['ready']);
    await openDetails(hiDpi.page);
  }, 300_000);

  afterAll(async () => {
    await hiDpi?.close();
    if (hiDpiDownloads) rmSync(hiDpiDownloads, { recursive: true, force: true });
  });

  it('has twice the pixels of the viewport, the caption scaled with it', async () => {
    const { ratio, width, height } = await hiDpi.page.evaluate(() => ({ ratio: window.devicePixelRatio, width: window.innerWidth, height: window.innerHeight }));
    expect(ratio).toBe(2);
    await clickInOverlay(hiDpi.page, '.export-menu button', 'Save image');
    const deadline = Date.now() + 20_000;
    let file: string | undefined;
    while (!file && Date.now() < deadline) {
      file = readdirSync(hiDpiDownloads).find((name) => name.endsWith('.png'));
      if (!file) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(file).toBeDefined();
    const png = PNG.sync.read(readFileSync(join(hiDpiDownloads, file!)));
    expect(png.width).toBe(width * 2);
    // The viewport at twice the pixels, then the caption band, twice as tall as at DPR 1.
    const captionRows = png.height - height * 2;
    expect(captionRows).toBeGreaterThan(2 * 60);
    const index = ((height * 2 + Math.floor(captionRows / 2)) * png.width + png.width - 4) * 4;
    expect([png.data[index], png.data[index + 1], png.data[index + 2]]).toEqual([0x1d, 0x1f, 0x27]);
  });
});
