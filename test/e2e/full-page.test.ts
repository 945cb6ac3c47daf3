import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { PNG } from 'pngjs';
import type { CapturedInteraction } from '../server/store';
import type { DemoEnvironment } from '../server/demo-environment';
import { fullPageCaptionHeight } from '../../lib/full-page/full-page';
import { scrollStrips } from '../../lib/full-page/scroll-capture';
import { APP_TOP_BAR_HEIGHT, LONG_PAGE_HEIGHT, TALL_PAGE_HEIGHT, TALL_PAGE_TARGETS } from '../site/pages';
import { startConfiguredSession, type ConfiguredSession } from './fixture';
import { TAB_CAPTURE_GRANTED_EXTENSION_DIR, pressShortcut } from './harness';
import { captureWithoutOverlay, clickInOverlay, evaluateInOverlay, pixelsOf, readOverlay, waitForOverlayStatus, waitForOverlayText, type Pixels } from './overlay';
import { nextDownload } from './downloads';
import { openDetails, overlayBoxes } from './overlay-shadow';
import { FiltersPopup } from './pages/popup';

/**
 * "Full page image" (issue 9) through the real extension on /tall, a 14,000 px page.
 *
 * Chrome's released build captures by the tab's video while the page scrolls (lib/full-page/tab-capture.ts),
 * once the user has allowed the optional `tabCapture` in the popup. Headless Chromium cannot answer that
 * prompt, so the capture is tested on a build whose manifest requires the permission (`npm run
 * build:e2e-tab-capture`, see wxt.config.ts): the released code, allowed. The released build is tested
 * for the first click.
 */

/**
 * The browser window's own size (the harness's --window-size=1440,900), not puppeteer's viewport
 * emulation: the tab's video is of the window as it really is, as a user's would be.
 */
const WIDTH = 1440;
const HEIGHT = 900;
const ALT_SHIFT_H = { key: 'H', code: 'KeyH', keyCode: 72 };
/** Where the page is scrolled when the user exports: it must be back there afterwards. */
const SCROLL_Y = 3_000;
const CLICKS_PER_TARGET = 40;
/** Clicks on something position: fixed in the window's top-right corner (viewport CSS px), e.g. a sticky "Help" button. */
const FIXED_SPOT = { x: 1250, y: 120 };

/** The button near the bottom of /long (test/site/pages.ts), 40,000 px down. */
const LONG_BOTTOM_BUTTON = { id: 'bottom-button', x: 40, y: LONG_PAGE_HEIGHT - 200, width: 200, height: 48 };

/** Clicks on the centre of every /tall button and of /long's bottom button, as posthog-js records them in a WIDTH×HEIGHT window. */
function fileTallClicks(environment: DemoEnvironment): void {
  const interactions: CapturedInteraction[] = [];
  const appButton = { id: 'deep-button', x: 100, y: APP_TOP_BAR_HEIGHT + 2000, width: 200, height: 48 };
  for (const [path, target] of [...TALL_PAGE_TARGETS.map((target) => ['/tall', target] as const), ['/long', LONG_BOTTOM_BUTTON] as const, ['/app', appButton] as const]) {
    for (let click = 0; click < CLICKS_PER_TARGET; click++) {
      interactions.push({
        session_id: `tall-${target.id}-${click}`,
        distinct_id: `tall-visitor-${click}`,
        timestamp: new Date(Date.now() - 3_600_000),
        x: target.x + target.width / 2 + ((click % 5) - 2) * 4,
        y: target.y + target.height / 2 + ((click % 3) - 1) * 4,
        target_fixed: false,
        type: 'click',
        viewport_width: WIDTH,
        viewport_height: HEIGHT,
        current_url: `${environment.siteUrl}${path}`,
      });
    }
  }
  for (let click = 0; click < CLICKS_PER_TARGET; click++) {
    interactions.push({
      session_id: `tall-fixed-${click}`,
      distinct_id: `tall-visitor-${click}`,
      timestamp: new Date(Date.now() - 3_600_000),
      x: FIXED_SPOT.x + ((click % 5) - 2) * 4,
      y: FIXED_SPOT.y + ((click % 3) - 1) * 4,
      target_fixed: true,
      type: 'click',
      viewport_width: WIDTH,
      viewport_height: HEIGHT,
      current_url: `${environment.siteUrl}/tall`,
    });
  }
  environment.postHog.store.addCapturedInteractions(interactions);
}

async function startOnTall(options: { extensionDir?: string; chromiumArgs?: string[] } = {}): Promise<{ session: ConfiguredSession; downloads: string }> {
  const session = await startConfiguredSession({ viewport: { width: WIDTH, height: HEIGHT }, prepare: fileTallClicks, ...options });
  const downloads = mkdtempSync(join(tmpdir(), 'heatlens-downloads-'));
  const browserSession = await session.chromium.browser.target().createCDPSession();
  await browserSession.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  try {
    await session.page.setViewport(null);
    await showOn(session.page, `${session.environment.siteUrl}/tall`);
  } catch (error) {
    // The browser holds the one-browser lock: release it for the next describe.
    await closeTall(session, downloads);
    throw error;
  }
  return { session, downloads };
}

/** Closes what startOnTall opened (either may be missing when it failed). */
async function closeTall(session: ConfiguredSession | undefined, downloads: string | undefined): Promise<void> {
  await session?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
}

/** Opens `url`, scrolls to SCROLL_Y, shows the heatmap with the shortcut and opens the legend details (where Export is). */
async function showOn(page: Page, url: string, scrollY = SCROLL_Y): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  expect(await page.evaluate(() => innerWidth)).toBe(WIDTH);
  await page.evaluate((top) => window.scrollTo(0, top), scrollY);
  await page.waitForFunction((top) => window.scrollY === top, {}, scrollY);
  await page.bringToFront();
  await pressShortcut(page, ALT_SHIFT_H, { alt: true, shift: true });
  await waitForOverlayStatus(page, ['ready']);
  await openDetails(page);
}

/** Clicks Full page image and reads the downloaded PNG. */
async function saveFullPage(page: Page, downloads: string): Promise<PNG> {
  const before = new Set(readdirSync(downloads));
  await clickInOverlay(page, '.export-menu button', 'Full page image');
  // A refusal fails the test with its words, not with a download that never comes.
  const refused = (async () => {
    for (;;) {
      const state = await exportState(page);
      if (state.state === 'error') throw new Error(`Full page image failed: ${state.message}`);
      if (state.state === 'done') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const file = await Promise.race([nextDownload(downloads, '.png', before), refused.then(() => nextDownload(downloads, '.png', before))]);
  const deadline = Date.now() + 20_000;
  while ((await exportState(page)).state !== 'done' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (process.env.HEATLENS_KEEP_FULL_PAGE) copyFileSync(file, `${process.env.HEATLENS_KEEP_FULL_PAGE}-${Date.now()}.png`);
  return PNG.sync.read(readFileSync(file));
}

/**
 * What "not scrolling back and forth" means, judged on the page's own scroll positions: every position
 * before the last is a strip's (a strip Chrome dropped a frame of may come again, never more than once),
 * they never go up except to retake such a strip, the deepest strip is reached, and the last position is
 * the way back. How long it took is logged by the tests, not judged: it depends on the machine.
 */
function wentDownOnceAndBack(positions: readonly number[], strips: readonly { scrollY: number }[]): boolean {
  const stripYs = strips.map((strip) => strip.scrollY);
  const down = positions.slice(0, -1);
  if (down.length === 0 || down.length > 2 * stripYs.length) return false;
  if (!down.every((y) => stripYs.includes(y))) return false;
  const seen = new Map<number, number>();
  for (const y of down) seen.set(y, (seen.get(y) ?? 0) + 1);
  if ([...seen.values()].some((times) => times > 2)) return false;
  let deepest = -1;
  for (const y of down) {
    if (y < deepest && (seen.get(y) ?? 0) < 2) return false;
    deepest = Math.max(deepest, y);
  }
  return deepest === Math.max(...stripYs);
}

/** Largest red − blue in a rectangle: the hot end of the heat palette is red. */
function hottest(pixels: Pixels, rect: { x: number; y: number; width: number; height: number }): number {
  let max = -255;
  for (let y = Math.round(rect.y); y < rect.y + rect.height; y++) {
    for (let x = Math.round(rect.x); x < rect.x + rect.width; x++) {
      const [r, , b] = pixels.at(x, y);
      max = Math.max(max, r - b);
    }
  }
  return max;
}

/**
 * Over `rect` of the window (viewport px, every `step`th pixel), the share of the image's pixels (the
 * window's rows at `scrollY` in the image) within `tolerance` of the page photographed without the
 * overlay, and how many were compared.
 */
function shareLikeBarePage(
  pixels: Pixels,
  bareViewport: Pixels,
  rect: { x: number; y: number; width: number; height: number },
  scrollY: number,
  tolerance: number,
  step = 2,
): { share: number; total: number } {
  let same = 0;
  let total = 0;
  for (let y = Math.ceil(rect.y); y < rect.y + rect.height; y += step) {
    for (let x = Math.ceil(rect.x); x < rect.x + rect.width; x += step) {
      const p = pixels.at(x, y + scrollY);
      const q = bareViewport.at(x, y);
      total++;
      if (Math.abs(p[0] - q[0]) <= tolerance && Math.abs(p[1] - q[1]) <= tolerance && Math.abs(p[2] - q[2]) <= tolerance) same++;
    }
  }
  return { share: total > 0 ? same / total : 0, total };
}

async function exportState(page: Page): Promise<{ state: string; message: string }> {
  return (
    (await evaluateInOverlay<{ state: string; message: string }>(
      page,
      'function () { const menu = this.querySelector(".export-menu"); return { state: menu?.getAttribute("data-export") ?? "", message: menu?.querySelector(".export-message")?.textContent ?? "" }; }',
    )) ?? { state: '', message: '' }
  );
}

/** Mean of red − blue over a rectangle: the heat palette's hot end is red, the page is grey-white. */
function warmth(pixels: Pixels, rect: { x: number; y: number; width: number; height: number }): number {
  let sum = 0;
  let samples = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += 2) {
    for (let x = rect.x; x < rect.x + rect.width; x += 2) {
      const [r, , b] = pixels.at(x, y);
      sum += r - b;
      samples++;
    }
  }
  return sum / samples;
}

/** The spots the local server returns for /tall at this window's width. */
async function tallSpots(environment: DemoEnvironment): Promise<Array<{ pointer_relative_x: number; pointer_y: number; count: number; pointer_target_fixed: boolean }>> {
  const query = new URLSearchParams({ type: 'click', date_from: '-7d', url_exact: `${environment.siteUrl}/tall`, viewport_width_min: String(Math.floor(WIDTH * 0.9)) });
  const response = await fetch(`${environment.postHogUrl}/api/projects/${environment.projectId}/heatmaps/?${query}`, { headers: { Authorization: `Bearer ${environment.apiKey}` } });
  return ((await response.json()) as { results: Array<{ pointer_relative_x: number; pointer_y: number; count: number; pointer_target_fixed: boolean }> }).results;
}

/** A header of the page's own, position: fixed at the top: a colour nothing else on /tall has. */
const FIXED_HEADER = { height: 48, colour: [0x12, 0xa1, 0x50] as const };
/** A box of the page's own in the first screen (test/site's /tall has none there that the heat leaves bare). */
const FIRST_SCREEN_BOX = { x: 500, y: 500, height: 60, colour: [0x00, 0x8c, 0x8c] as const };
/** A sticky note of the page's own, in the flow at this document y (sticks to the top once scrolled past). */
const STICKY_NOTE = { y: 4_000, height: 40, colour: [0x8a, 0x2b, 0xe2] as const };

function isColour(pixel: [number, number, number], colour: readonly [number, number, number], tolerance = 28): boolean {
  return Math.abs(pixel[0] - colour[0]) <= tolerance && Math.abs(pixel[1] - colour[1]) <= tolerance && Math.abs(pixel[2] - colour[2]) <= tolerance;
}

/** Image rows whose pixel at column `x` has `colour`. */
function rowsOf(pixels: Pixels, height: number, x: number, colour: readonly [number, number, number], tolerance = 28): number[] {
  const rows: number[] = [];
  for (let y = 0; y < height; y++) if (isColour(pixels.at(x, y), colour, tolerance)) rows.push(y);
  return rows;
}

describe('Full page image on the released build, before the user allowed tab capture', () => {
  let session: ConfiguredSession;
  let downloads: string;

  beforeAll(async () => {
    ({ session, downloads } = await startOnTall());
  }, 300_000);

  afterAll(() => closeTall(session, downloads));

  it('says what to allow and where, opens Heatlens’s popup on that section, and leaves the page as it was', async () => {
    const { page, chromium } = session;
    const manifest = (await (await chromium.background()).evaluate('chrome.runtime.getManifest()')) as { permissions: string[]; optional_permissions: string[] };
    expect(manifest.permissions).not.toContain('tabCapture');
    expect(manifest.optional_permissions).toContain('tabCapture');
    const before = readdirSync(downloads).sort();
    const popupTarget = chromium.browser.waitForTarget((target) => target.url().startsWith(`chrome-extension://${chromium.extensionId}/popup.html`), { timeout: 20_000 });
    await clickInOverlay(page, '.export-menu button', 'Full page image');
    await expect.poll(async () => (await exportState(page)).state, { timeout: 20_000 }).toBe('error');
    const { message } = await exportState(page);
    expect(message).toContain('needs Chrome’s permission to capture this tab');
    expect(message).toContain('press “Allow full-page images” in Heatlens’s popup (now open)');
    expect(message).not.toMatch(/posthog/i);
    // The popup Chrome opened for the user: its Full page image section open, the button in it.
    const popup = await (await popupTarget).asPage();
    const section = await popup.waitForSelector('details.capture-permission[open]', { timeout: 10_000 });
    expect(await section!.evaluate((details) => details.querySelector('summary')?.textContent)).toBe('Full page image');
    expect(await popup.$('::-p-aria([name="Allow full-page images"][role="button"])')).not.toBeNull();
    await popup.close();
    expect(readdirSync(downloads).sort()).toEqual(before);
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLL_Y);
    expect((await readOverlay(page)).status).toBe('ready');
  });
});

describe('Full page image with tab capture allowed (Chrome: the page scrolls under the tab video)', () => {
  let session: ConfiguredSession;
  let downloads: string;
  let png: PNG;
  let pixels: Pixels;
  let bareViewport: Pixels;
  let clientHeight: number;
  let panelBox: { x: number; y: number; width: number; height: number } | undefined;
  let scrollEvents: Array<{ at: number; y: number }>;

  beforeAll(async () => {
    ({ session, downloads } = await startOnTall({ extensionDir: TAB_CAPTURE_GRANTED_EXTENSION_DIR }));
    const { page } = session;
    // The page's own fixed header and sticky note (as many sites have), added before the export.
    await page.evaluate(
      (header, note, first) => {
        const bar = document.createElement('div');
        bar.id = 'fixed-header';
        bar.style.cssText = `position:fixed;top:0;left:0;right:0;height:${header.height}px;background:rgb(${header.colour.join(',')});z-index:10`;
        document.body.append(bar);
        const sticky = document.createElement('div');
        sticky.id = 'sticky-note';
        sticky.style.cssText = `position:sticky;top:${header.height}px;height:${note.height}px;width:300px;margin-left:900px;background:rgb(${note.colour.join(',')})`;
        const main = document.querySelector('main')!;
        const box = document.createElement('div');
        box.style.cssText = `position:absolute;top:${first.y}px;left:${first.x}px;width:200px;height:${first.height}px;background:rgb(${first.colour.join(',')})`;
        main.append(box);
        const holder = document.createElement('div');
        holder.style.cssText = `position:absolute;top:${note.y}px;left:0;right:0;height:3000px`;
        holder.append(sticky);
        main.append(holder);
      },
      FIXED_HEADER,
      STICKY_NOTE,
      FIRST_SCREEN_BOX,
    );
    clientHeight = await page.evaluate(() => document.documentElement.clientHeight);
    bareViewport = await captureWithoutOverlay(page);
    [panelBox] = await overlayBoxes(page, '.panel');
    // Every scroll event the page sees during the capture, with its time: what the user sees move.
    await page.evaluate(() => {
      const events: Array<{ at: number; y: number }> = [];
      (window as unknown as { __scrollEvents: typeof events }).__scrollEvents = events;
      addEventListener('scroll', () => events.push({ at: performance.now(), y: window.scrollY }), { capture: true });
    });
    await clickInOverlay(page, '.export-menu button', 'Full page image');
    const deadline = Date.now() + 30_000;
    let outcome = await exportState(page);
    while (!['done', 'error'].includes(outcome.state) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      outcome = await exportState(page);
    }
    if (outcome.state === 'error') throw new Error(`Full page image failed: ${outcome.message}`);
    const file = await nextDownload(downloads, '.png');
    scrollEvents = await page.evaluate(() => (window as unknown as { __scrollEvents: Array<{ at: number; y: number }> }).__scrollEvents);
    png = PNG.sync.read(readFileSync(file));
    pixels = pixelsOf(png);
    if (process.env.HEATLENS_KEEP_FULL_PAGE) copyFileSync(file, `${process.env.HEATLENS_KEEP_FULL_PAGE}-tabcapture.png`);
  }, 300_000);

  afterAll(() => closeTall(session, downloads));

  it('is the whole page at device pixel ratio 1, with the caption under it', async () => {
    expect(await session.page.evaluate(() => document.documentElement.scrollHeight)).toBe(TALL_PAGE_HEIGHT);
    expect(png.width).toBe(WIDTH);
    // The page's 14,000 rows, then the caption band: four lines and one legend row (clicks), no more.
    const captionRows = png.height - TALL_PAGE_HEIGHT;
    expect(captionRows).toBe(fullPageCaptionHeight(4, 1));
    // The caption band starts exactly under the page's last row (the page is neither stretched nor cut).
    expect(pixels.at(png.width - 4, TALL_PAGE_HEIGHT)).toEqual([0x1d, 0x1f, 0x27]);
    expect(pixels.at(png.width - 4, TALL_PAGE_HEIGHT - 1)).not.toEqual([0x1d, 0x1f, 0x27]);
    // The caption band: the caption's dark background with light text on it.
    let dark = 0;
    let light = 0;
    for (let y = TALL_PAGE_HEIGHT; y < png.height; y++) {
      for (let x = 0; x < 700; x++) {
        const [r, g, b] = pixels.at(x, y);
        if (r < 50 && g < 50 && b < 60) dark++;
        if (r > 180 && g > 180 && b > 180) light++;
      }
    }
    expect(dark / (captionRows * 700)).toBeGreaterThan(0.6);
    expect(light).toBeGreaterThan(500);
  });

  it('has the heat at the document position of every hot spot the server reports, far below the first screen too', async () => {
    const spots = await tallSpots(session.environment);
    expect(spots.some((spot) => spot.pointer_target_fixed)).toBe(true);
    expect(spots.reduce((sum, spot) => sum + spot.count, 0)).toBe(CLICKS_PER_TARGET * (TALL_PAGE_TARGETS.length + 1));
    // Every spot of the server's answer is warm in the image, at relative x × width and y (a fixed
    // spot's y is in the viewport: at scroll 0 that is its place in the image too).
    expect(spots.filter((spot) => spot.pointer_y > 6_000).length).toBeGreaterThan(0);
    for (const spot of spots) {
      const x = Math.round(spot.pointer_relative_x * WIDTH);
      expect(warmth(pixels, { x: x - 4, y: spot.pointer_y - 4, width: 8, height: 8 }), `spot at ${x}, ${spot.pointer_y}`).toBeGreaterThan(60);
    }
    // Fixed-position heat sits where it is at scroll 0 (its viewport position), not where the window
    // was when exporting, nor in every strip the page scrolled through.
    expect(hottest(pixels, { x: FIXED_SPOT.x - 6, y: FIXED_SPOT.y - 6, width: 12, height: 12 })).toBeGreaterThan(100);
    expect(hottest(pixels, { x: FIXED_SPOT.x - 30, y: SCROLL_Y + FIXED_SPOT.y - 30, width: 60, height: 60 })).toBeLessThan(10);
    // Away from the heat the image is the page: the blank margin between two spots is the page's background.
    const blank = warmth(pixels, { x: 1000, y: 9_500, width: 100, height: 100 });
    expect(Math.abs(blank)).toBeLessThan(10);
  });

  it('holds the page’s own content from every depth, each in its place (not the first screen repeated, not where the user was)', () => {
    // /tall's "y = N px" labels sit at N (test/site/pages.ts): dark text in the label's rows, none 500 px lower.
    const darkIn = (top: number) => {
      let dark = 0;
      for (let y = top + 4; y < top + 26; y++) for (let x = 8; x < 120; x++) if (pixels.at(x, y)[0] < 120) dark++;
      return dark;
    };
    for (let y = 1_000; y < TALL_PAGE_HEIGHT; y += 1_000) {
      expect(darkIn(y), `label y = ${y} px`).toBeGreaterThan(20);
      expect(darkIn(y + 500), `nothing at ${y + 500} px`).toBe(0);
    }
    // The first strip is the page at scroll 0, not where the user was: the box in the first screen is at its document y.
    expect(rowsOf(pixels, TALL_PAGE_HEIGHT, FIRST_SCREEN_BOX.x + 100, FIRST_SCREEN_BOX.colour)).toEqual(
      Array.from({ length: FIRST_SCREEN_BOX.height }, (_, row) => FIRST_SCREEN_BOX.y + row),
    );
    // The window's rows where the user was (under the fixed header, away from the panel) are the page as it was there, pixel for pixel within the video's softness.
    const top = FIXED_HEADER.height + 10;
    const whereTheUserWas = shareLikeBarePage(pixels, bareViewport, { x: 0, y: top, width: 1000, height: clientHeight - 10 - top }, SCROLL_Y, 24, 3);
    expect(whereTheUserWas.share).toBeGreaterThan(0.98);
  });

  it('shows the page’s fixed header once, at the top, and its sticky note once, where the document has it', () => {
    const header = rowsOf(pixels, TALL_PAGE_HEIGHT, 700, FIXED_HEADER.colour);
    expect(header[0]).toBe(0);
    expect(header.at(-1)).toBe(FIXED_HEADER.height - 1);
    expect(header).toHaveLength(FIXED_HEADER.height);
    // The video's colour is a little soft at an edge (4:2:0 chroma): a wider tolerance than elsewhere.
    const note = rowsOf(pixels, TALL_PAGE_HEIGHT, 1000, STICKY_NOTE.colour, 40);
    expect(note[0]).toBe(STICKY_NOTE.y);
    expect(note).toHaveLength(STICKY_NOTE.height);
  });

  it('does not show Heatlens’s panel or its marker, and puts the page back where it was', async () => {
    if (!panelBox) throw new Error('the panel was not on screen before the export');
    // The video's colours are softer than a screenshot's: a wider tolerance.
    const underPanel = shareLikeBarePage(pixels, bareViewport, panelBox, SCROLL_Y, 24);
    expect(underPanel.total).toBeGreaterThan(100);
    expect(underPanel.share).toBeGreaterThan(0.97);
    // No black-and-white marker cells anywhere down the left edge (rows 2–6 of a cell band, columns 0–127).
    let pureBlack = 0;
    for (let y = 0; y < TALL_PAGE_HEIGHT; y++) for (let x = 0; x < 128; x += 8) if (Math.max(...pixels.at(x + 4, y)) < 20) pureBlack++;
    expect(pureBlack).toBe(0);
    const { page } = session;
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLL_Y);
    expect(await page.evaluate(() => document.querySelector('heatlens-capture-marker'))).toBeNull();
    expect(await page.evaluate(() => document.getElementById('fixed-header')!.getAttribute('style'))).not.toMatch(/opacity/);
    expect(await page.evaluate(() => document.getElementById('sticky-note')!.style.position)).toBe('sticky');
    expect((await readOverlay(page)).status).toBe('ready');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-heatlens-overlay]')!).display)).toBe('block');
  });

  it('the page ran down once, strip by strip, and came straight back: no back and forth (its time logged, not judged)', () => {
    const visible = scrollEvents.at(-1)!.at - scrollEvents[0]!.at;
    console.log(
      `Full page image of ${TALL_PAGE_HEIGHT} px by tab capture: the page scrolled for ${Math.round(visible)} ms (${scrollEvents.length} scroll events, deepest ${Math.max(...scrollEvents.map((event) => event.y))} px; ms between them: ${scrollEvents
        .slice(1)
        .map((event, index) => Math.round(event.at - scrollEvents[index]!.at))
        .join(' ')})`,
    );
    expect(scrollEvents.at(-1)!.y).toBe(SCROLL_Y);
    expect(wentDownOnceAndBack(scrollEvents.map((event) => event.y), scrollStrips(TALL_PAGE_HEIGHT, clientHeight))).toBe(true);
  });

  it('draws the fold line at the fold PostHog reports, though it is off screen when exporting', async () => {
    const { page, environment } = session;
    const popup = new FiltersPopup(await session.chromium.openPopup(page));
    await popup.setCheckbox('Fold line', true);
    await popup.page.close();
    await page.bringToFront();
    await waitForOverlayStatus(page, ['ready']);
    const query = new URLSearchParams({ type: 'click', date_from: '-7d', url_exact: `${environment.siteUrl}/tall`, viewport_width_min: String(Math.floor(WIDTH * 0.9)) });
    const response = await fetch(`${environment.postHogUrl}/api/projects/${environment.projectId}/heatmaps/?${query}`, { headers: { Authorization: `Bearer ${environment.apiKey}` } });
    const fold = Math.round(((await response.json()) as { fold: { median_viewport_height: number } }).fold.median_viewport_height);
    expect(fold).toBeGreaterThan(0);
    expect(fold).toBeLessThan(SCROLL_Y);
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLL_Y);
    await expect.poll(async () => (await overlayBoxes(page, '.fold-line')).length, { timeout: 10_000 }).toBe(1);
    const pixels = pixelsOf(await saveFullPage(page, downloads));
    // The fold line's orange (#f54e00), dashed across the page's width, on the rows at the fold.
    const orange = (y: number) => {
      let count = 0;
      for (let x = 0; x < WIDTH; x++) {
        const [r, g, b] = pixels.at(x, y);
        if (r > 200 && g > 50 && g < 120 && b < 60) count++;
      }
      return count;
    };
    expect(Math.max(orange(fold), orange(fold + 1), orange(fold + 2))).toBeGreaterThan(WIDTH / 3);
    // and nowhere near the middle of the page.
    expect(orange(7_000)).toBe(0);
  });

  it('in the A−B view: B’s extra clicks are warm at their document positions, and the legend row is the diverging ramp', async () => {
    const { page } = session;
    // All of /tall's clicks are in the last week: against the week before, B has more everywhere.
    const popup = new FiltersPopup(await session.chromium.openPopup(page));
    await popup.openSection('Compare');
    await popup.setCheckbox('Compare two ranges', true);
    await popup.page.close();
    await page.bringToFront();
    await waitForOverlayText(page, /A−B|B − A|B−A/);
    await waitForOverlayStatus(page, ['ready']);
    const png = await saveFullPage(page, downloads);
    const pixels = pixelsOf(png);
    const deep = TALL_PAGE_TARGETS[2];
    expect(deep.y).toBeGreaterThan(SCROLL_Y + HEIGHT);
    expect(hottest(pixels, { x: deep.x + deep.width / 2 - 10, y: deep.y + deep.height / 2 - 10, width: 20, height: 20 })).toBeGreaterThan(100);
    // The legend bar (x 10–130 in the caption band): cool at its left end, warm at its right, clear (white) in the middle.
    const isCool = ([r, , b]: [number, number, number]) => b - r > 100;
    const isWarm = ([r, , b]: [number, number, number]) => r - b > 100;
    const bar = [...Array(png.height - TALL_PAGE_HEIGHT).keys()].map((dy) => TALL_PAGE_HEIGHT + dy).find((y) => isCool(pixels.at(13, y)) && isWarm(pixels.at(127, y)));
    expect(bar, 'a legend bar in the caption band').toBeDefined();
    expect(Math.min(...pixels.at(70, bar!))).toBeGreaterThan(230);
  });
});

describe('Full page image with tab capture allowed, on a screen with device pixel ratio 2', () => {
  let session: ConfiguredSession;
  let downloads: string;

  beforeAll(async () => {
    ({ session, downloads } = await startOnTall({ extensionDir: TAB_CAPTURE_GRANTED_EXTENSION_DIR, chromiumArgs: ['--force-device-scale-factor=2'] }));
  }, 300_000);

  afterAll(() => closeTall(session, downloads));

  it('a 14,000 px page is 28,000 image rows at twice the width, heat and page content at twice their document positions', async () => {
    const { page } = session;
    expect(await page.evaluate(() => window.devicePixelRatio)).toBe(2);
    await page.evaluate(() => {
      const events: number[] = [];
      const positions: number[] = [];
      (window as unknown as { __scrollTimes: number[] }).__scrollTimes = events;
      (window as unknown as { __scrollPositions: number[] }).__scrollPositions = positions;
      addEventListener(
        'scroll',
        () => {
          events.push(performance.now());
          positions.push(window.scrollY);
        },
        { capture: true },
      );
    });
    const png = await saveFullPage(page, downloads);
    const times = await page.evaluate(() => (window as unknown as { __scrollTimes: number[] }).__scrollTimes);
    console.log(`Full page image of ${TALL_PAGE_HEIGHT} px by tab capture at ratio 2: the page scrolled for ${Math.round(times.at(-1)! - times[0]!)} ms`);
    const pixels = pixelsOf(png);
    expect(png.width).toBe(WIDTH * 2);
    const captionRows = png.height - TALL_PAGE_HEIGHT * 2;
    expect(captionRows).toBe(2 * fullPageCaptionHeight(4, 1));
    // The caption band starts right under the page: its dark background at its right end, not on the page's last row.
    expect(pixels.at(png.width - 4, TALL_PAGE_HEIGHT * 2 - 1)).not.toEqual([0x1d, 0x1f, 0x27]);
    expect(pixels.at(png.width - 4, TALL_PAGE_HEIGHT * 2 + captionRows / 2)).toEqual([0x1d, 0x1f, 0x27]);
    for (const target of TALL_PAGE_TARGETS) {
      const centre = { x: (target.x + target.width / 2) * 2, y: (target.y + target.height / 2) * 2 };
      expect(hottest(pixels, { x: centre.x - 10, y: centre.y - 10, width: 20, height: 20 }), target.id).toBeGreaterThan(100);
    }
    // The "y = N px" labels at twice their document y, nothing 500 px below them.
    const darkIn = (top: number) => {
      let dark = 0;
      for (let y = top * 2 + 8; y < top * 2 + 52; y++) for (let x = 16; x < 240; x++) if (pixels.at(x, y)[0] < 120) dark++;
      return dark;
    };
    for (const y of [2_000, 7_000, 13_000]) {
      expect(darkIn(y), `label y = ${y} px`).toBeGreaterThan(40);
      expect(darkIn(y + 500), `nothing at ${y + 500} px`).toBe(0);
    }
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLL_Y);
    const positions = await page.evaluate(() => (window as unknown as { __scrollPositions: number[] }).__scrollPositions);
    expect(positions.at(-1)).toBe(SCROLL_Y);
    expect(wentDownOnceAndBack(positions, scrollStrips(TALL_PAGE_HEIGHT, await page.evaluate(() => document.documentElement.clientHeight)))).toBe(true);
  });

  it('a 40,000 px page is past the canvas limits: scaled down to fit, not blank, and the panel says so', async () => {
    const { page } = session;
    await showOn(page, `${session.environment.siteUrl}/long`);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(LONG_PAGE_HEIGHT);
    const started = Date.now();
    const png = await saveFullPage(page, downloads);
    console.log(`Full page image of ${LONG_PAGE_HEIGHT} px by tab capture at ratio 2: click to saved and read back ${Date.now() - started} ms`);
    expect((await exportState(page)).message).toMatch(/scaled down to fit/);
    expect(png.height).toBeLessThanOrEqual(32_767);
    // The scale, a thousandth: the image's width is the page's CSS width times it, rounded up.
    const scale = Math.floor((png.width / WIDTH) * 1000) / 1000;
    expect(scale).toBeGreaterThan(0.7);
    expect(scale).toBeLessThan(0.9);
    const pixels = pixelsOf(png);
    // Heat on the bottom button, 39,800 px down, at its scaled position.
    const centre = { x: (LONG_BOTTOM_BUTTON.x + LONG_BOTTOM_BUTTON.width / 2) * scale, y: (LONG_BOTTOM_BUTTON.y + LONG_BOTTOM_BUTTON.height / 2) * scale };
    expect(hottest(pixels, { x: centre.x - 8, y: centre.y - 8, width: 16, height: 16 })).toBeGreaterThan(60);
    // The page itself is there, not a blank: the dark text of the "y = N px" markers every 1,000 px.
    for (const y of [1_000, 20_000, 39_000]) {
      let dark = 0;
      for (let py = Math.round(y * scale); py < (y + 30) * scale; py++) {
        for (let px = 0; px < 120 * scale; px++) if (pixels.at(px, py)[0] < 150) dark++;
      }
      expect(dark, `marker text at y = ${y}`).toBeGreaterThan(10);
    }
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLL_Y);
    expect((await readOverlay(page)).status).toBe('ready');
  });
});

describe('Full page image with tab capture allowed: failures, and a tab switched meanwhile', () => {
  let session: ConfiguredSession;
  let downloads: string;

  beforeAll(async () => {
    ({ session, downloads } = await startOnTall({ extensionDir: TAB_CAPTURE_GRANTED_EXTENSION_DIR }));
  }, 300_000);

  afterAll(() => closeTall(session, downloads));

  it('a page that grows while it is captured: says so, saves nothing, and puts the page and overlay back', async () => {
    const { page } = session;
    // Content that loads as the page scrolls deep (an infinite list).
    await page.evaluate(() => {
      addEventListener('scroll', () => {
        if (window.scrollY > 5_000 && !document.getElementById('more')) {
          const more = document.createElement('div');
          more.id = 'more';
          more.style.height = '2000px';
          document.body.append(more);
        }
      });
    });
    await clickInOverlay(page, '.export-menu button', 'Full page image');
    await expect.poll(async () => (await exportState(page)).state, { timeout: 20_000 }).toBe('error');
    const { message } = await exportState(page);
    expect(message).toContain('changed height');
    expect(message).not.toMatch(/posthog/i);
    expect(readdirSync(downloads)).toEqual([]);
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLL_Y);
    expect(await page.evaluate(() => document.querySelector('heatlens-capture-marker'))).toBeNull();
    expect((await readOverlay(page)).status).toBe('ready');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-heatlens-overlay]')!).display)).toBe('block');
  });

  it('a tab switched away during the capture: Chrome keeps rendering a tab it captures, so the image is still whole and right', async () => {
    const { page, chromium } = session;
    // A fresh /tall (the test before let the page grow).
    await showOn(page, `${session.environment.siteUrl}/tall`);
    const other = await chromium.newPage({ width: 800, height: 600 });
    await page.bringToFront();
    const before = new Set(readdirSync(downloads));
    // The first scroll of the capture is the moment to switch tabs (polled: an evaluate left waiting on a
    // page that never scrolls would hang until the protocol timeout and hide why).
    await page.evaluate(() => addEventListener('scroll', () => ((window as unknown as { __captureScrolled: boolean }).__captureScrolled = true), { once: true, capture: true }));
    await clickInOverlay(page, '.export-menu button', 'Full page image');
    await expect
      .poll(async () => ((await page.evaluate(() => (window as unknown as { __captureScrolled?: boolean }).__captureScrolled === true)) ? 'scrolling' : JSON.stringify(await exportState(page))), { timeout: 15_000, interval: 10 })
      .toBe('scrolling');
    await other.bringToFront();
    const file = await nextDownload(downloads, '.png', before);
    await page.bringToFront();
    await expect.poll(async () => (await exportState(page)).state, { timeout: 20_000 }).toBe('done');
    const png = PNG.sync.read(readFileSync(file));
    const pixels = pixelsOf(png);
    expect(png.height - TALL_PAGE_HEIGHT).toBe(fullPageCaptionHeight(4, 1));
    for (const y of [3_000, 9_000, 13_000]) {
      let dark = 0;
      for (let py = y + 4; py < y + 26; py++) for (let x = 8; x < 120; x++) if (pixels.at(x, py)[0] < 120) dark++;
      expect(dark, `label y = ${y} px`).toBeGreaterThan(20);
    }
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLL_Y);
    expect(await page.evaluate(() => document.querySelector('heatlens-capture-marker, heatlens-capture-repaint'))).toBeNull();
    expect((await readOverlay(page)).status).toBe('ready');
    await other.close();
  });

  it('a tab the user never invoked Heatlens on (shown from Heatlens in a tab): says to click the Heatlens button, which makes it work', async () => {
    const { chromium, environment } = session;
    // The session's own /tall tab leaves /tall, so the new tab is the only one there.
    await session.page.goto(`${environment.siteUrl}/app`, { waitUntil: 'load' });
    // The overlay shown on a tab without the toolbar button or shortcut there: as "Show heatmap" in
    // Heatlens opened in a tab does, with the site's permission (granted as on chrome://extensions, then
    // made active by a request from an extension page, as in extension-pages.test.ts).
    await chromium.grantHostPermission(`${environment.siteUrl}/*`);
    const extensionTab = await chromium.browser.newPage();
    await extensionTab.goto(`chrome-extension://${chromium.extensionId}/popup.html`, { waitUntil: 'load' });
    expect(
      await extensionTab.evaluate(
        (pattern) => (globalThis as unknown as { chrome: { permissions: { request(request: { origins: string[] }): Promise<boolean> } } }).chrome.permissions.request({ origins: [pattern] }),
        `${environment.siteUrl}/*`,
      ),
    ).toBe(true);
    const page = await chromium.newPage({ width: WIDTH, height: HEIGHT });
    await page.setViewport(null);
    await page.goto(`${environment.siteUrl}/tall`, { waitUntil: 'load' });
    await page.evaluate((top) => window.scrollTo(0, top), SCROLL_Y);
    // Sent, not awaited: the overlay shows itself only in a visible tab, and the page's tab is brought to the front next.
    await extensionTab.bringToFront();
    const tabFound = await extensionTab.evaluate(async (url) => {
      const api = (globalThis as unknown as { chrome: { tabs: { query(query: { url: string }): Promise<Array<{ id: number }>> }; runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome;
      const [tab] = await api.tabs.query({ url });
      if (!tab) return false;
      void api.runtime.sendMessage({ channel: 'heatlens', type: 'overlay.toggle', payload: { tabId: tab.id } });
      return true;
    }, `${environment.siteUrl}/tall`);
    expect(tabFound).toBe(true);
    await page.bringToFront();
    await waitForOverlayStatus(page, ['ready']);
    await extensionTab.close();
    await openDetails(page);
    const before = readdirSync(downloads).sort();
    await clickInOverlay(page, '.export-menu button', 'Full page image');
    await expect.poll(async () => (await exportState(page)).state, { timeout: 20_000 }).toBe('error');
    const { message } = await exportState(page);
    expect(message).toContain('Click the Heatlens button on this tab, then click Full page image again');
    expect(message).not.toMatch(/posthog/i);
    expect(readdirSync(downloads).sort()).toEqual(before);
    expect(await page.evaluate(() => window.scrollY)).toBe(SCROLL_Y);
    expect((await readOverlay(page)).status).toBe('ready');
    // What the message says to do: the toolbar button on this tab (the popup opens; the overlay stays).
    const popup = await chromium.openPopup(page);
    await popup.close();
    await page.bringToFront();
    const png = await saveFullPage(page, downloads);
    expect(png.height - TALL_PAGE_HEIGHT).toBe(fullPageCaptionHeight(4, 1));
    await page.close();
  });

  it('on a page that scrolls inside a pane, says it cannot be captured whole and offers Save image', async () => {
    const { page } = session;
    await showOn(page, `${session.environment.siteUrl}/app`, 0);
    const before = readdirSync(downloads).sort();
    await clickInOverlay(page, '.export-menu button', 'Full page image');
    await expect.poll(async () => (await exportState(page)).state, { timeout: 20_000 }).toBe('error');
    const { message } = await exportState(page);
    expect(message).toContain('scrolls inside a pane');
    expect(message).toContain('Save image');
    expect(readdirSync(downloads).sort()).toEqual(before);
  });
});
