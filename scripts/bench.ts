/**
 * `npm run bench`: every figure issues 11 and 21 set a target for, from one run in one headless Chromium
 * (the e2e harness's browser, with the real built extension), written to artifacts/bench.json and
 * printed as a table with met / not met. Exits non-zero when a target is missed: the timings that
 * `npm test` does not assert (long tasks, the extension's share, toggles, renderer ratios, memory) are
 * judged here.
 *
 *   1. Builds the extension (`wxt build`, serialised with other builds through flock when present).
 *   2. Content script size, raw and gzipped (.output/chrome-mv3/content-scripts/content.js).
 *   3. Renderer comparison (scripts/bench-render.ts): full paint of the same seeded 1k/10k/100k
 *      point sets over a 1440×10000 page by Heatlens, heatmap.js 2.0.5 and simpleheat 0.4.0, in
 *      BENCH_RUNS round-robin runs; the ratio of every run (min / median / max); scroll repaint; the
 *      painter's memory with 500k spots on a 1440×40,000 page.
 *   4. Through the real extension and the local PostHog-compatible server (test/server), data sets
 *      generated here from a seed (never committed):
 *      - the extension's share and the server's share of a cold toggle (key press → heat on screen)
 *        for 60k and 150k click events on a 12,000 px page and 500k on a 40,000 px page;
 *      - warm toggles (within the max-age) and stale ones (past it: cached heat at once, revalidated),
 *        on the same page (the overlay paints the heat it kept when hidden) and in another tab of
 *        the same URL (only the background's cache, restored from IndexedDB after the worker slept);
 *      - the extension's share at 150k events at 1× and 4× CPU throttling against heatmap.js painting
 *        the same spots at the same rate (bench-render.ts heatmapjsPaintMs), in the same run;
 *      - long tasks (> 50 ms, PerformanceObserver in the page) on test/site's 40,000 px /long page
 *        at 1× and 4× CPU throttling (bench-throttle.ts: the page; Chromium refuses it on workers)
 *        while the overlay paints, the page scrolls, the window is resized, layers are switched and
 *        Compare is turned on and switched through A, B and A−B,
 *        with 100k distinct spots and with 500k events (and 500k once more with the page's CSP
 *        refusing workers: the main-thread fallback); where the heat was computed; the page's JS heap
 *        before and after.
 *
 *   BENCH_RUNS=3 npm run bench     # fewer renderer runs (default 5)
 *   BENCH_SKIP_BUILD=1 npm run bench
 *   BENCH_ONLY=extension npm run bench   # skip the renderer comparison
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import { launchWithExtension, type ExtensionBrowser } from '../test/e2e/harness';
import { evaluateInOverlay, readOverlay } from '../test/e2e/overlay';
import { openReview } from '../test/e2e/overlay-shadow';
import { FiltersPopup, PopupPage } from '../test/e2e/pages/popup';
import { startDemoEnvironment, type DemoEnvironment } from '../test/server/demo-environment';
import type { LoggedRequest } from '../test/server/server';
import type { HeatmapRowInput } from '../test/server/store';
import { describeParseBench, runParseBench } from './bench-parse';
import { throttleCpu } from './bench-throttle';
import { CHROMIUM_ARGS, heatmapjsPaintMs, median, round, runRenderBench, seededRandom, usedHeapBytes } from './bench-render';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'artifacts');
const CONTENT_SCRIPT = path.join(root, '.output/chrome-mv3/content-scripts/content.js');
const VIEWPORT = { width: 1440, height: 900 };
/** test/site's /long page. */
const LONG_PAGE_HEIGHT = 40_000;
const LONG_TASK_SPOTS = 100_000;
const LONG_TASK_EVENTS = 500_000;
/** Cold toggles: the issue's page (12,000 px) for 60k and 150k events, the 40,000 px page for 500k. */
const COLD_TOGGLES = Math.max(1, Number(process.env.BENCH_COLD_TOGGLES ?? 3));
const SHARE_SETS = [
  { events: 60_000, pageHeight: 12_000, runs: COLD_TOGGLES, targetMs: null as number | null },
  { events: 150_000, pageHeight: 12_000, runs: COLD_TOGGLES, targetMs: 300 },
  { events: 500_000, pageHeight: LONG_PAGE_HEIGHT, runs: Math.max(1, COLD_TOGGLES - 1), targetMs: 600 },
];
const WARM_EVENTS = 150_000;
const WARM_TOGGLES = Math.max(1, Number(process.env.BENCH_WARM_TOGGLES ?? 5));
/** The local server sends `Cache-Control: max-age=30`, as PostHog does. */
const STALE_WAIT_MS = 31_000;
/**
 * CPU throttling rates every long-task phase and the extension's share are measured at (DevTools'
 * Emulation.setCPUThrottlingRate; 4× is what Lighthouse judges pages at). BENCH_CPU_RATES=1 for a quick run.
 */
const CPU_RATES = (process.env.BENCH_CPU_RATES ?? '1,4').split(',').map(Number).filter((rate) => rate >= 1);
/** The cold toggle whose extension share is held against heatmap.js painting the same spots. */
const SHARE_VS_HEATMAPJS_EVENTS = 150_000;
const HEATMAPJS_REFERENCE_RUNS = 3;
const TARGETS = {
  /** The extension's share of a cold toggle, as a fraction of heatmap.js's paint of the same spots. */
  shareOfHeatmapjs: 0.3,
  heatmapjsRatio100k: 20,
  simpleheatRatio100k: 10,
  scrollRepaintMedianMs: 4,
  longTaskMs: 50,
  warmToggleMs: 150,
  memoryMB: 50,
  contentScriptGzipBytes: 30 * 1024,
};

/**
 * One figure against its target. A missed target makes `npm run bench` exit non-zero; a `goal` (a
 * stricter aim of our own, beyond the issue's targets) is printed with met / not met and never fails it.
 */
interface Target {
  target: string;
  measured: string;
  met: boolean;
  goal?: true;
}

function buildExtension(): void {
  if (process.env.BENCH_SKIP_BUILD === '1') return;
  console.log('Building the extension…');
  const flock = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
  const [command, args] = flock ? ['flock', [path.join(os.tmpdir(), 'heatlens-build.lock'), 'npx', 'wxt', 'build']] : ['npx', ['wxt', 'build']];
  const build = spawnSync(command, args as string[], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}\n${build.stderr}\n`);
    throw new Error(`wxt build failed (exit ${build.status})`);
  }
}

function contentScriptSize() {
  const source = readFileSync(CONTENT_SCRIPT);
  return { rawBytes: source.length, gzipBytes: gzipSync(source).length, gzip9Bytes: gzipSync(source, { level: 9 }).length };
}

/**
 * Clicks clustered like real ones, in the server's 16 px cells of a 1440 px window: 80 hotspots with
 * Zipf-like popularity plus 25% scatter over the page. `next()` gives a cell, or null when a hotspot's
 * spread fell off the page (the caller draws again). `width` is the visitor's window in cells, within
 * the ±10% the overlay asks for (82..98 × 16 px), and `x` is scaled to it, which is what gives
 * PostHog's relative x (rounded to 0.01) all of its 101 values.
 */
function clickSampler(seed: number, pageHeight: number): { random: () => number; next(): { x: number; y: number; width: number } | null } {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const columns = VIEWPORT.width / 16; // 90: x / 16, as the server stores it
  const rowsOfPage = Math.floor(pageHeight / 16);
  const hotspots = Array.from({ length: 80 }, (_, rank) => ({ x: random() * columns, y: random() * rowsOfPage, spread: 2 + random() * 30, popularity: 1 / (rank + 1) }));
  const total = hotspots.reduce((sum, hotspot) => sum + hotspot.popularity, 0);
  return {
    random,
    next() {
      let x: number;
      let y: number;
      if (random() < 0.25) {
        x = Math.floor(random() * (columns + 1));
        y = Math.floor(random() * rowsOfPage);
      } else {
        let pick = random() * total;
        let hotspot = hotspots[0]!;
        for (const candidate of hotspots) {
          pick -= candidate.popularity;
          hotspot = candidate;
          if (pick <= 0) break;
        }
        x = Math.round(hotspot.x + gaussian() * hotspot.spread * 0.3);
        y = Math.round(hotspot.y + gaussian() * hotspot.spread);
      }
      if (x < 0 || x > columns || y < 0 || y >= rowsOfPage) return null;
      const width = 82 + Math.floor(random() * 17);
      return { x: Math.min(width, Math.round((x / columns) * width)), y, width };
    },
  };
}

/**
 * `count` distinct spots (PostHog groups rows by relative x rounded to 0.01 and the 16 px y step)
 * for a 1440 px window, clustered like clicks: 80 hotspots with Zipf-like popularity plus 25% scatter.
 * One row per spot, and a few more rows on one spot in five, so counts vary like real data.
 */
export function spotRows(count: number, url: string, seed: number, pageHeight: number): HeatmapRowInput[] {
  const sampler = clickSampler(seed, pageHeight);
  const seen = new Set<string>();
  const rows: HeatmapRowInput[] = [];
  const timestamp = new Date(Date.now() - 3_600_000).toISOString();
  let session = 0;
  while (seen.size < count) {
    const cell = sampler.next();
    if (!cell) continue;
    const key = `${Math.round((cell.x / cell.width) * 100)}|${cell.y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const repeats = sampler.random() < 0.2 ? 1 + Math.floor(sampler.random() * 5) : 1;
    for (let repeat = 0; repeat < repeats; repeat++) {
      session++;
      rows.push(clickRow(cell, session, timestamp, url, 'click'));
    }
  }
  return rows;
}

/**
 * `events` click events (rows) for a 1440 px window, clustered like real clicks: 80 hotspots with
 * Zipf-like popularity plus 25% scatter over the page. Many events fall on the same cell, so the
 * distinct spots PostHog answers with are fewer than the events, as in real data (the issue's page:
 * 147,536 events over ~60,000 cells).
 */
export function eventRows(events: number, url: string, seed: number, pageHeight: number, type = 'click'): HeatmapRowInput[] {
  const sampler = clickSampler(seed, pageHeight);
  const timestamp = new Date(Date.now() - 3_600_000).toISOString();
  const rows: HeatmapRowInput[] = [];
  while (rows.length < events) {
    const cell = sampler.next();
    if (!cell) continue;
    rows.push(clickRow(cell, rows.length, timestamp, url, type));
  }
  return rows;
}

/** One event row on `cell` of a 1440 px window; `index` spreads rows over 5,000 sessions and 3,000 people. */
function clickRow(cell: { x: number; y: number; width: number }, index: number, timestamp: string, url: string, type: string): HeatmapRowInput {
  return {
    session_id: `bench-session-${index % 5000}`,
    distinct_id: `bench-person-${index % 3000}`,
    timestamp,
    x: cell.x,
    y: cell.y,
    viewport_width: cell.width,
    viewport_height: Math.round(VIEWPORT.height / 16),
    pointer_target_fixed: false,
    current_url: url,
    type,
  };
}

/**
 * The spots PostHog answers for `rows` as a heat renderer is given them on a 1440 px window: relative x
 * (rounded to 0.01) × 1440, y in px, the count of events on the spot as its weight.
 */
function heatmapjsPoints(rows: readonly HeatmapRowInput[]): { x: number; y: number; weight: number }[] {
  const spots = new Map<string, { x: number; y: number; weight: number }>();
  for (const row of rows) {
    const relative = Math.round((row.x / row.viewport_width) * 100);
    const key = `${relative}|${row.y}|${row.pointer_target_fixed}`;
    const spot = spots.get(key);
    if (spot) spot.weight++;
    else spots.set(key, { x: (relative / 100) * VIEWPORT.width, y: row.y * 16, weight: 1 });
  }
  return [...spots.values()];
}

/** Distinct spots PostHog groups `rows` into (relative x rounded to 0.01, y step, fixed flag). */
function distinctSpots(rows: readonly HeatmapRowInput[]): number {
  return new Set(rows.map((row) => `${Math.round((row.x / row.viewport_width) * 100)}|${row.y}|${row.pointer_target_fixed}`)).size;
}

/** Alt+Shift+H through DevTools' raw key events, which (unlike page.keyboard) reach extension commands. */
async function pressToggleShortcut(page: Page): Promise<void> {
  const session = await page.createCDPSession();
  try {
    const common = { modifiers: 1 | 8, key: 'H', code: 'KeyH', windowsVirtualKeyCode: 72, nativeVirtualKeyCode: 72 };
    await session.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...common });
    await session.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common });
  } finally {
    await session.detach();
  }
}

/**
 * In-page probe (runs in the page's main world before any page script): long tasks, the overlay
 * host's data-status transitions with their time, and a marker the bench sets just before an action.
 */
const PROBE = `(() => {
  globalThis.__name = globalThis.__name || ((fn) => fn); // tsx wraps named closures in __name()
  const probe = { longTasks: [], statuses: [], drawn: [], mark: 0 };
  window.__heatlensBench = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration, name: entry.name });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let last = null;
  let lastDrawn = null;
  const check = () => {
    const host = document.querySelector('[data-heatlens-overlay]');
    const status = host ? host.getAttribute('data-status') : null;
    const cache = host ? host.getAttribute('data-cache') : null;
    const drawn = host ? host.getAttribute('data-drawn') : null;
    if (status !== last) { last = status; probe.statuses.push({ status, cache, at: performance.now() }); }
    if (drawn !== lastDrawn) { lastDrawn = drawn; if (drawn) probe.drawn.push({ drawn, at: performance.now() }); }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-cache', 'data-drawn'] });
})();`;

interface Probe {
  longTasks: { start: number; duration: number; name: string }[];
  statuses: { status: string | null; cache: string | null; at: number }[];
  /** The overlay's data-drawn: heat on screen, the viewport's band first ('band') on tall pages with many points, or all of it ('whole'). */
  drawn: { drawn: string; at: number }[];
  mark: number;
}

const readProbe = (page: Page) => page.evaluate(() => (window as unknown as { __heatlensBench: Probe }).__heatlensBench);
const setMark = (page: Page) => page.evaluate(() => ((window as unknown as { __heatlensBench: Probe }).__heatlensBench.mark = performance.now()));

/** Non-transparent pixels on the overlay's heat canvas (read through DevTools: the shadow root is closed). */
async function heatPixels(page: Page): Promise<{ painted: number; canvas: string } | null> {
  return evaluateInOverlay<{ painted: number; canvas: string }>(
    page,
    `function () {
      const canvas = this.querySelector('canvas');
      if (!canvas || !canvas.width || !canvas.height) return { painted: 0, canvas: '0x0' };
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let index = 3; index < data.length; index += 4) if (data[index] > 0) painted++;
      return { painted, canvas: canvas.width + 'x' + canvas.height + ' (CSS ' + canvas.style.width + ' x ' + canvas.style.height + ')' };
    }`,
  );
}

async function waitForStatus(page: Page, statuses: (string | null)[], timeoutMs = 60_000): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = await readProbe(page);
    const last = probe.statuses[probe.statuses.length - 1];
    if (last && last.at > probe.mark && statuses.includes(last.status)) return probe;
    if (Date.now() > deadline) throw new Error(`overlay never reached ${statuses.join('/')}: ${JSON.stringify(probe.statuses.slice(-4))}; ${JSON.stringify(await readOverlay(page))}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Toggles with the shortcut; ms from just before the key press until data-status="ready" (heat painted). */
export async function toggleToPainted(page: Page): Promise<{
  ms: number;
  /** Key press to the first heat on screen (the viewport's band, or all of it). */
  heatMs: number;
  heatStage: string;
  mountedMs: number | null;
  painted: number;
  canvas: string;
  panel: string;
  cache: string | null;
  wall: { from: number; to: number; heat: number };
}> {
  await page.bringToFront();
  let mark = await setMark(page);
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  await pressToggleShortcut(page);
  // Chromium sometimes drops a command pressed just after a page load: press again if nothing
  // appeared, and time from that second press (the wait for the first is not the extension's).
  const appeared = await waitForStatus(page, ['loading', 'ready', 'empty', 'error'], 3_000).then(() => true, () => false);
  if (!appeared) {
    mark = await setMark(page);
    await pressToggleShortcut(page);
  }
  const probe = await waitForStatus(page, ['ready', 'empty', 'error']);
  const reached = probe.statuses[probe.statuses.length - 1]!;
  const overlay = await readOverlay(page);
  if (reached.status !== 'ready') throw new Error(`overlay ended ${reached.status}: ${JSON.stringify(overlay)}`);
  const pixels = await heatPixels(page);
  if (!pixels || pixels.painted === 0) throw new Error('overlay said ready but its canvas is empty');
  const loading = probe.statuses.find((entry) => entry.at > mark && entry.status === 'loading');
  const drawn = probe.drawn.find((entry) => entry.at > mark) ?? { drawn: 'whole', at: reached.at };
  return {
    ms: reached.at - mark,
    heatMs: drawn.at - mark,
    heatStage: drawn.drawn,
    mountedMs: loading ? round(loading.at - mark, 1) : null,
    ...pixels,
    panel: overlay.text,
    cache: reached.cache,
    wall: { from: timeOrigin + mark, to: timeOrigin + reached.at, heat: timeOrigin + drawn.at },
  };
}

export async function toggleOff(page: Page): Promise<void> {
  await page.bringToFront();
  await setMark(page);
  await pressToggleShortcut(page);
  await waitForStatus(page, [null], 10_000);
}

export async function openProbedPage(chromium: ExtensionBrowser, url: string): Promise<Page> {
  const page = await chromium.newPage(VIEWPORT);
  await page.evaluateOnNewDocument(PROBE);
  await page.goto(url, { waitUntil: 'load' });
  await page.bringToFront();
  return page;
}

/** Scrolls the page from top to `to` in `steps` animation frames; returns frame intervals (ms). */
async function scrollThrough(page: Page, to: number, steps: number): Promise<number[]> {
  return page.evaluate(
    (target: number, count: number) =>
      new Promise<number[]>((resolve) => {
        window.scrollTo(0, 0);
        const intervals: number[] = [];
        let step = 0;
        let last = performance.now();
        const frame = (now: number) => {
          intervals.push(now - last);
          last = now;
          step++;
          window.scrollTo(0, (target * step) / count);
          if (step < count) requestAnimationFrame(frame);
          else resolve(intervals.slice(1));
        };
        requestAnimationFrame(frame);
      }),
    to,
    steps,
  );
}

const tasksBetween = (probe: Probe, from: number, to: number) => probe.longTasks.filter((task) => task.start >= from && task.start < to);
const summarizeTasks = (tasks: Probe['longTasks']) => ({ count: tasks.length, longestMs: round(Math.max(0, ...tasks.map((task) => task.duration)), 1), durationsMs: tasks.map((task) => round(task.duration, 1)) });
const pageNow = (page: Page) => page.evaluate(() => performance.now());
/** Where the overlay computed its last heat: "worker", or "main-thread" (the overlay host's data-fields). */
const fieldsComputedIn = (page: Page) => page.evaluate(() => document.querySelector('[data-heatlens-overlay]')?.getAttribute('data-fields') ?? 'unknown');


/** Changes layers in the popup as a user does. */
async function switchLayers(chromium: ExtensionBrowser, page: Page, changes: [label: string, on: boolean][]): Promise<void> {
  const popup = new FiltersPopup(await chromium.openPopup(page));
  try {
    for (const [label, on] of changes) await popup.setCheckbox(label, on);
  } finally {
    await popup.page.close();
    await page.bringToFront();
  }
}

/** Compare on (both sides the same days: yesterday and today, UTC) or off, in the popup as a user does. */
export async function setCompare(chromium: ExtensionBrowser, page: Page, on: boolean): Promise<void> {
  const popup = new FiltersPopup(await chromium.openPopup(page));
  try {
    await popup.openSection('Compare');
    await popup.setCheckbox('Compare two ranges', on);
    if (on) {
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      await popup.select('heatlens-compare-preset', 'custom');
      for (const side of ['A', 'B']) {
        await popup.setValue(`Range ${side} from`, yesterday);
        await popup.setValue(`Range ${side} to`, today);
      }
    }
  } finally {
    await popup.page.close();
    await page.bringToFront();
  }
}

/** Waits until the panel shows comparison view `view`; returns the page's time then. */
async function waitForShownView(page: Page, view: string, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await evaluateInOverlay<string | null>(page, 'function () { return this.querySelector(".compare-switch button.on")?.getAttribute("data-view") ?? null; }');
    if (shown === view) return pageNow(page);
    if (Date.now() > deadline) throw new Error(`the panel never showed comparison view ${view} (shows ${shown})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The panel's A / B / A−B switch. */
export async function switchCompareView(page: Page, view: 'a' | 'b' | 'diff'): Promise<void> {
  await evaluateInOverlay(page, `function () { this.querySelector('.compare-switch [data-view=${view}]').click(); }`);
}

/**
 * Long tasks on the host page while the real extension paints `rows` on test/site's 40,000 px /long
 * page, then while the page is scrolled, resized, and layers are switched; plus the page's JS heap
 * before and after (garbage collected), which includes the payload the overlay keeps.
 */
export async function measureLongTasks(
  chromium: ExtensionBrowser,
  environment: DemoEnvironment,
  label: string,
  makeRows: (url: string) => HeatmapRowInput[],
  options: {
    /** The page's CSP refuses workers: heat and review are computed on the main thread, in slices. */
    refuseWorkers?: boolean;
    /** CPU throttling rate (DevTools' Emulation.setCPUThrottlingRate) on the page and its workers; default 1. */
    cpuRate?: number;
  } = {},
) {
  const url = `${environment.siteUrl}/long?bench=${label}`;
  environment.site.setHeaders('/long', options.refuseWorkers ? { 'Content-Security-Policy': "worker-src 'none'" } : {});
  environment.postHog.store.clear();
  const rows = makeRows(url);
  environment.postHog.store.addRows(rows);
  // A rage-click layer to switch to: every tenth event, filed as a rage click too.
  environment.postHog.store.addRows(rows.filter((_, index) => index % 10 === 0).map((row) => ({ ...row, type: 'rageclick' })));
  const page = await openProbedPage(chromium, url);
  const cpuRate = options.cpuRate ?? 1;
  const throttle = cpuRate === 1 ? null : await throttleCpu(page, cpuRate);
  // BENCH_PROFILE=dir: a CPU profile of the page's main thread for the whole measurement, to find
  // what a long task was (scripts/bench-profile.ts reads it).
  const profiler = process.env.BENCH_PROFILE ? await page.createCDPSession() : null;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
    await profiler.send('Profiler.start');
  }
  // The profile's clock and the page's performance.now() differ: a named busy loop at a known page
  // time shows up in the profile and lines the two up.
  const profileSyncAt = profiler
    ? await page.evaluate(function heatlensBenchProfileSync() {
        const at = performance.now();
        while (performance.now() - at < 3);
        return at;
      })
    : 0;
  try {
    const scrollTo = 20_000;
    const frames = 240;
    const t0 = await pageNow(page);
    const baselineFrames = await scrollThrough(page, scrollTo, frames);
    const t1 = await pageNow(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    // Baseline resize without the overlay: a 40,000 px page's own relayout can be a long task by itself.
    const tr0 = await pageNow(page);
    await page.setViewport({ width: 1200, height: VIEWPORT.height });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.setViewport(VIEWPORT);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const tr1 = await pageNow(page);
    const heapBefore = await usedHeapBytes(page);
    const painted = await toggleToPainted(page);
    const readyAt = (await readProbe(page)).mark + painted.ms;
    const computedIn = new Set([await fieldsComputedIn(page)]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const afterPaint = await pageNow(page);
    const heapAfter = await usedHeapBytes(page);
    const overlayFrames = await scrollThrough(page, scrollTo, frames);
    const t3 = await pageNow(page);
    // Resize narrower and back: each repaints (and refetches: "match my window" depends on the width).
    // Each repaint's window runs from the action to "ready"; the page review starts again after it.
    const repaints: { from: number; to: number }[] = [];
    const repaint = async (action: () => Promise<void>) => {
      const from = await setMark(page);
      await action();
      const reached = await waitForStatus(page, ['ready', 'empty']);
      repaints.push({ from, to: reached.statuses[reached.statuses.length - 1]!.at });
      computedIn.add(await fieldsComputedIn(page));
      // The page review restarts after every repaint: let it finish before the next action, so its
      // tasks do not fall into the next repaint's window.
      await openReview(page).catch(() => undefined);
    };
    await repaint(() => page.setViewport({ width: 1200, height: VIEWPORT.height }));
    await repaint(() => page.setViewport(VIEWPORT));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await repaint(() => switchLayers(chromium, page, [['Rage clicks', true]]));
    await repaint(() => switchLayers(chromium, page, [['Clicks', false]]));
    await repaint(() => switchLayers(chromium, page, [['Clicks', true], ['Rage clicks', false]]));
    // Compare: both sides the same days (the data is from the last hour), so A, B and A−B each paint
    // every spot; then the panel's switch through A, B and A−B (the payload kept, only the heat
    // recomputed), and Compare off again.
    const compareFrom = repaints.length;
    await repaint(() => setCompare(chromium, page, true));
    for (const view of ['a', 'b', 'diff'] as const) {
      // A view switch repaints without refetching: the status stays "ready"; the panel shows the
      // view once its heat is painted (lib/overlay/controller.tsx paint), and the review is not re-run.
      const from = await setMark(page);
      await switchCompareView(page, view);
      const to = await waitForShownView(page, view);
      repaints.push({ from, to });
    }
    await repaint(() => setCompare(chromium, page, false));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const t5 = await pageNow(page);
    const probe = await readProbe(page);
    const toggleMark = readyAt - painted.ms;
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    await toggleOff(page);
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      mkdirSync(process.env.BENCH_PROFILE!, { recursive: true });
      writeFileSync(path.join(process.env.BENCH_PROFILE!, `${label}-${cpuRate}x.json`), JSON.stringify({ profile, profileSyncAt, longTasks: probe.longTasks, repaints }));
    }
    return {
      cpuRate,
      // Chromium refuses CPU throttling on a dedicated worker's target ("Operation is only supported
      // for pages, not workers"): at 4× the page's main thread is slowed, its workers are not.
      workersThrottled: throttle ? { applied: throttle.throttledWorkers, refusedByChromium: throttle.refusedWorkers } : null,
      page: `/long (${pageHeight} px tall)`,
      events: rows.length,
      spots: distinctSpots(rows),
      toggleToReadyMs: round(painted.ms, 1),
      fieldsComputedIn: [...computedIn].join(', '),
      canvas: painted.canvas,
      heapMB: { beforeToggle: round(heapBefore / 2 ** 20, 1), painted: round(heapAfter / 2 ** 20, 1), overlay: round((heapAfter - heapBefore) / 2 ** 20, 1) },
      baselineScroll: { ...summarizeTasks(tasksBetween(probe, t0, t1)), frameMedianMs: round(median(baselineFrames), 1), frameWorstMs: round(Math.max(...baselineFrames), 1) },
      // Key press to data-status="ready": injection, fetch through the background, decoding, paint.
      fetchAndPaint: summarizeTasks(tasksBetween(probe, toggleMark, readyAt)),
      secondAfterReady: summarizeTasks(tasksBetween(probe, readyAt, afterPaint)),
      scrollWithOverlay: { ...summarizeTasks(tasksBetween(probe, afterPaint, t3)), frameMedianMs: round(median(overlayFrames), 1), frameWorstMs: round(Math.max(...overlayFrames), 1) },
      // Repaint windows (action → "ready") only; what follows each "ready" is the page review again.
      resize: summarizeTasks(repaints.slice(0, 2).flatMap((window) => tasksBetween(probe, window.from, window.to))),
      baselineResize: summarizeTasks(tasksBetween(probe, tr0, tr1)),
      layerSwitches: summarizeTasks(repaints.slice(2, compareFrom).flatMap((window) => tasksBetween(probe, window.from, window.to))),
      compareSwitches: summarizeTasks(repaints.slice(compareFrom).flatMap((window) => tasksBetween(probe, window.from, window.to))),
      reviewAfterRepaints: summarizeTasks(tasksBetween(probe, t3, t5).filter((task) => !repaints.some((window) => task.start >= window.from && task.start < window.to))),
    };
  } finally {
    await throttle?.release();
    await page.close();
    environment.site.setHeaders('/long', {});
  }
}

/**
 * Time the server spent on PostHog API requests between `from` and `to` (wall clock, ms): the union
 * of their [arrival, answer sent] intervals, clipped to the window (the page review's own requests,
 * which start after the heat is on screen, are not part of it). Every API request, not only
 * /heatmaps/: a plain payload also asks HogQL (/query/, the layout-change look) before its heatmap
 * request, and that is the server's time, not the extension's.
 */
function serverShareMs(log: readonly LoggedRequest[], from: number, to: number): number {
  const intervals = log
    .filter((request) => request.path.startsWith('/api/') && request.finishedAt !== undefined)
    .map((request) => [Math.max(from, request.at), Math.min(to, request.finishedAt!)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of intervals) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

/** A plain 1440-wide page of the height asked for (?h=), served by the bench itself. */
export async function startBenchPage(): Promise<{ origin: string; close(): void }> {
  const html = (height: number) => `<!doctype html><html><head><meta charset="utf-8"><title>Heatlens bench page</title>
<style>body{margin:0;font:16px system-ui;color:#223}main{position:relative;height:${height}px;width:100%}
.band{position:absolute;left:0;right:0;height:500px;border-top:1px solid #ccd;padding:16px}</style></head>
<body><main>${Array.from({ length: Math.ceil(height / 500) }, (_, index) => `<div class="band" style="top:${index * 500}px">Section ${index + 1}<p>Some text, a <a href="#">link</a> and a <button type="button">button</button>.</p></div>`).join('')}</main></body></html>`;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://bench.invalid');
    if (url.pathname === '/page') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(Number(url.searchParams.get('h')) || 12_000));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

interface ShareRun {
  /** Key press → heat on screen (the viewport's band first on tall pages with many points). */
  totalMs: number;
  serverMs: number;
  /** totalMs − serverMs: what the issue calls the extension's share. */
  extensionMs: number;
  /** Key press → the whole document painted and the panel ready, and the extension's share of that. */
  readyMs: number;
  extensionToReadyMs: number;
  heatStage: string;
  mountedMs: number | null;
}

/**
 * Cold toggles for each data set: a fresh URL (the background cache cannot answer) and a fresh page
 * load (the toggle injects the content script). The extension's share is the key press to heat on
 * screen minus the time the server spent on its heatmap requests (from each request's arrival to its
 * answer handed to the socket, overlapping requests counted once).
 */
async function measureShares(
  chromium: ExtensionBrowser,
  environment: DemoEnvironment,
  origin: string,
  options: { /** CPU throttling of the toggled pages (bench-throttle.ts). */ cpuRate?: number; shareSets?: typeof SHARE_SETS; /** The warm and stale toggles after the 150k set (1× only). */ warmAndStale?: boolean } = {},
) {
  const cpuRate = options.cpuRate ?? 1;
  const sets = [];
  let warm: { events: number; note: string; medianMs: number; runsMs: number[] } | null = null;
  let stale: { events: number; note: string; ms: number; cache: string | null; panelSaysCached: boolean; revalidationRequests: number } | null = null;
  let warmOtherTab: { events: number; note: string; medianMs: number; runsMs: number[] } | null = null;
  let staleOtherTab: { events: number; note: string; ms: number; cache: string | null; panelSaysCached: boolean; revalidationRequests: number } | null = null;
  for (const set of options.shareSets ?? SHARE_SETS) {
    const runs: ShareRun[] = [];
    let spots = 0;
    for (let run = 0; run < set.runs; run++) {
      const url = `${origin}/page?h=${set.pageHeight}&events=${set.events}&run=${Date.now()}-${run}`;
      environment.postHog.store.clear();
      const rows = eventRows(set.events, url, 0x70661e + run, set.pageHeight);
      spots = distinctSpots(rows);
      environment.postHog.store.addRows(rows);
      const page = await openProbedPage(chromium, url);
      const throttle = cpuRate === 1 ? null : await throttleCpu(page, cpuRate);
      environment.postHog.clearLog();
      const result = await toggleToPainted(page);
      await throttle?.release();
      const serverMs = serverShareMs(environment.postHog.requestLog, result.wall.from, result.wall.heat);
      runs.push({
        totalMs: round(result.heatMs, 1),
        serverMs: round(serverMs, 1),
        extensionMs: round(result.heatMs - serverMs, 1),
        readyMs: round(result.ms, 1),
        extensionToReadyMs: round(result.ms - serverShareMs(environment.postHog.requestLog, result.wall.from, result.wall.to), 1),
        heatStage: result.heatStage,
        mountedMs: result.mountedMs,
      });
      console.log(`  ${set.events} events, run ${run + 1}: ${JSON.stringify(runs[runs.length - 1])}`);
      if (options.warmAndStale !== false && set.events === WARM_EVENTS && run === set.runs - 1) {
        // Warm: toggled off and on within the answers' max-age (cache fresh, script injected).
        const warmRuns: number[] = [];
        for (let toggle = 0; toggle < WARM_TOGGLES; toggle++) {
          await toggleOff(page);
          await new Promise((resolve) => setTimeout(resolve, 200));
          warmRuns.push(round((await toggleToPainted(page)).ms, 1));
        }
        warm = { events: WARM_EVENTS, note: 'same page toggled off and on within the max-age (the overlay paints the heat it kept, the background cache is fresh)', medianMs: round(median(warmRuns), 1), runsMs: warmRuns };
        // Warm in another tab: nothing kept in that page; the background's cache answers (within the max-age).
        const otherTabRuns: number[] = [];
        for (let toggle = 0; toggle < Math.max(1, Math.ceil(WARM_TOGGLES / 2)); toggle++) {
          const otherTab = await openProbedPage(chromium, url);
          otherTabRuns.push(round((await toggleToPainted(otherTab)).ms, 1));
          await otherTab.close();
          await page.bringToFront();
        }
        warmOtherTab = { events: WARM_EVENTS, note: 'the same URL freshly loaded in another tab within the max-age (content script injected by the toggle, background cache fresh)', medianMs: round(median(otherTabRuns), 1), runsMs: otherTabRuns };
        // Stale: past the max-age the cached heat is shown at once while the background revalidates.
        await toggleOff(page);
        await new Promise((resolve) => setTimeout(resolve, STALE_WAIT_MS));
        environment.postHog.clearLog();
        const staleToggle = await toggleToPainted(page);
        stale = {
          events: WARM_EVENTS,
          note: `toggled on ${STALE_WAIT_MS / 1000} s later, past the max-age: cached heat at once, revalidated in the background`,
          ms: round(staleToggle.ms, 1),
          cache: staleToggle.cache,
          // data-cache is written by the same render that puts "cached · refreshing" in the panel.
          panelSaysCached: staleToggle.cache === 'revalidating',
          revalidationRequests: await waitForRequests(environment, 1, 10_000),
        };
        // Stale in another tab: past the max-age again, in a page that kept nothing (the background's
        // worker has been stopped meanwhile: its cache comes back from IndexedDB).
        await toggleOff(page);
        await new Promise((resolve) => setTimeout(resolve, STALE_WAIT_MS));
        const otherTab = await openProbedPage(chromium, url);
        environment.postHog.clearLog();
        const otherStale = await toggleToPainted(otherTab);
        staleOtherTab = {
          events: WARM_EVENTS,
          note: `the same URL freshly loaded in another tab ${STALE_WAIT_MS / 1000} s later: the background's cached answer (restored from IndexedDB) at once, revalidated`,
          ms: round(otherStale.ms, 1),
          cache: otherStale.cache,
          panelSaysCached: otherStale.cache === 'revalidating',
          revalidationRequests: await waitForRequests(environment, 1, 10_000),
        };
        await otherTab.close();
        console.log(`  warm ${JSON.stringify(warm.runsMs)}, warm in another tab ${JSON.stringify(warmOtherTab.runsMs)}, stale ${JSON.stringify(stale)}, stale in another tab ${JSON.stringify(staleOtherTab)}`);
      }
      await page.close();
    }
    const pick = (key: keyof ShareRun) => round(median(runs.map((run) => run[key] as number)), 1);
    sets.push({
      ...set,
      cpuRate,
      spots,
      runs,
      heatStages: [...new Set(runs.map((run) => run.heatStage))],
      medianMs: { total: pick('totalMs'), server: pick('serverMs'), extension: pick('extensionMs'), ready: pick('readyMs'), extensionToReady: pick('extensionToReadyMs') },
    });
  }
  return { sets, warm, stale, warmOtherTab, staleOtherTab };
}

async function waitForRequests(environment: DemoEnvironment, count: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const heatmapRequests = () => environment.postHog.requestLog.filter((request) => /\/heatmaps\/?$/.test(request.path)).length;
  while (heatmapRequests() < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return heatmapRequests();
}

async function main(): Promise<void> {
  buildExtension();
  const size = contentScriptSize();
  console.log(`content script: ${size.rawBytes} B raw, ${size.gzipBytes} B gzipped`);

  const environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  const benchPage = await startBenchPage();
  const chromium = await launchWithExtension();
  try {
    const chromiumVersion = await chromium.browser.version();
    const loadAtStart = os.loadavg();
    const extensionOnly = process.env.BENCH_ONLY === 'extension';
    if (!extensionOnly) console.log('Renderer comparison (heatlens, heatmap.js, simpleheat)…');
    const render = extensionOnly ? null : await runRenderBench(chromium.browser, artifacts);

    // Before Chromium has work to do: this runs in Node, on the same two cores.
    console.log('Reading the answer as it streams in (the real client in Node; 150k events ≈ 50k spots)…');
    const parse = {
      link50Mbps: await runParseBench({ spots: 50_000, megabitsPerSecond: 50 }),
      localLink: await runParseBench({ spots: 50_000, megabitsPerSecond: 2_000 }),
    };
    for (const result of Object.values(parse)) console.log(`  ${describeParseBench(result)}`);

    console.log('Configuring the extension through its popup…');
    await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
    const setupPage = await chromium.newPage(VIEWPORT);
    await setupPage.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    const popup = new PopupPage(await chromium.openPopup(setupPage));
    await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
    await popup.page.close();
    await setupPage.close();

    type LongTaskRun = Awaited<ReturnType<typeof measureLongTasks>>;
    const longTaskRuns: { name: string; run: LongTaskRun }[] = [];
    for (const cpuRate of CPU_RATES) {
      console.log(`Long tasks at ${cpuRate}x CPU throttling: ${LONG_TASK_SPOTS} distinct spots on /long…`);
      longTaskRuns.push({ name: `100kSpotsAt${cpuRate}x`, run: await measureLongTasks(chromium, environment, `spots100k-${cpuRate}x`, (url) => spotRows(LONG_TASK_SPOTS, url, 0xbeef, LONG_PAGE_HEIGHT), { cpuRate }) });
      console.log(`Long tasks at ${cpuRate}x: ${LONG_TASK_EVENTS} events on /long…`);
      longTaskRuns.push({ name: `500kEventsAt${cpuRate}x`, run: await measureLongTasks(chromium, environment, `events500k-${cpuRate}x`, (url) => eventRows(LONG_TASK_EVENTS, url, 0xbee5, LONG_PAGE_HEIGHT), { cpuRate }) });
      console.log(`Long tasks at ${cpuRate}x: ${LONG_TASK_EVENTS} events on /long, the page's CSP refusing workers…`);
      longTaskRuns.push({
        name: `500kEventsWorkersRefusedAt${cpuRate}x`,
        run: await measureLongTasks(chromium, environment, `events500kNoWorkers-${cpuRate}x`, (url) => eventRows(LONG_TASK_EVENTS, url, 0xbee5, LONG_PAGE_HEIGHT), { refuseWorkers: true, cpuRate }),
      });
      for (const { run } of longTaskRuns.slice(-3)) console.log(`  ${describeLongTasks(run)}`);
    }
    const longTasks500k = longTaskRuns.find((entry) => entry.name === '500kEventsAt1x')?.run ?? longTaskRuns[1]!.run;
    console.log('Extension and server shares, warm and stale toggles…');
    const shares = await measureShares(chromium, environment, benchPage.origin);
    // The extension's share at each rate against heatmap.js painting the same spots at that rate, in this run.
    const shareSet = SHARE_SETS.find((set) => set.events === SHARE_VS_HEATMAPJS_EVENTS)!;
    const sharesVsHeatmapjs: { cpuRate: number; extensionMedianMs: number; extensionRunsMs: number[]; heatmapjs: { medianMs: number; runsMs: number[] }; ratio: number }[] = [];
    const referencePoints = heatmapjsPoints(eventRows(shareSet.events, 'reference', 0x70661e, shareSet.pageHeight));
    for (const cpuRate of CPU_RATES) {
      console.log(`The extension's share at ${SHARE_VS_HEATMAPJS_EVENTS / 1000}k events and heatmap.js painting the same ${referencePoints.length} spots, at ${cpuRate}x…`);
      const set = cpuRate === 1 ? shares.sets.find((entry) => entry.events === shareSet.events)! : (await measureShares(chromium, environment, benchPage.origin, { cpuRate, shareSets: [shareSet], warmAndStale: false })).sets[0]!;
      const heatmapjs = await heatmapjsPaintMs(chromium.browser, referencePoints, shareSet.pageHeight, cpuRate, HEATMAPJS_REFERENCE_RUNS);
      sharesVsHeatmapjs.push({ cpuRate, extensionMedianMs: set.medianMs.extension, extensionRunsMs: set.runs.map((run) => run.extensionMs), heatmapjs, ratio: round(set.medianMs.extension / heatmapjs.medianMs, 3) });
      console.log(`  ${JSON.stringify(sharesVsHeatmapjs[sharesVsHeatmapjs.length - 1])}`);
    }
    const loadAtEnd = os.loadavg();

    const targets: Record<string, Target> = {};
    if (render) {
      const hundredK = render.results.find((row) => row.points === 100_000) as { ratioRuns: Record<string, { min: number; median: number; max: number }> };
      const ratio = (key: string, target: number) => {
        const runs = hundredK.ratioRuns[key]!;
        return { target: `>= ${target}x in every run`, measured: `min ${runs.min}x, median ${runs.median}x, max ${runs.max}x`, met: runs.min >= target };
      };
      targets.heatmapjsRatio100k = ratio('heatmapjsOverHeatlens', TARGETS.heatmapjsRatio100k);
      targets.simpleheatRatio100k = ratio('simpleheatOverHeatlens', TARGETS.simpleheatRatio100k);
      const scroll = render.scroll as Record<string, { medianMs: number }>;
      targets.scrollRepaintMedianMsDpr1 = { target: `<= ${TARGETS.scrollRepaintMedianMs} ms`, measured: `${scroll.dpr1!.medianMs} ms`, met: scroll.dpr1!.medianMs <= TARGETS.scrollRepaintMedianMs };
      targets.scrollRepaintMedianMsDpr2 = { target: `<= ${TARGETS.scrollRepaintMedianMs} ms`, measured: `${scroll.dpr2!.medianMs} ms`, met: scroll.dpr2!.medianMs <= TARGETS.scrollRepaintMedianMs };
      const memory = render.memory as { totalMB: number; heapBytes: number; pixelBytes: number; longTasksMs: number[] };
      targets.painterMemory500kSpots = {
        target: `<= ${TARGETS.memoryMB} MB`,
        measured: `${memory.totalMB} MB (heap ${round(memory.heapBytes / 2 ** 20, 1)} + pixels ${round(memory.pixelBytes / 2 ** 20, 1)})`,
        met: memory.totalMB <= TARGETS.memoryMB,
      };
      targets.longTasksPaint500kSpotsMainThread = { target: 'none (> 50 ms)', measured: `${memory.longTasksMs.length}${memory.longTasksMs.length ? ` (${memory.longTasksMs.join(', ')} ms)` : ''}`, met: memory.longTasksMs.length === 0 };
    }
    for (const { name, run } of longTaskRuns) {
      const phases = { fetchAndPaint: run.fetchAndPaint, scroll: run.scrollWithOverlay, resize: run.resize, layerSwitches: run.layerSwitches, compareSwitches: run.compareSwitches };
      const all = Object.values(phases).flatMap((phase) => phase.durationsMs);
      targets[`longTasks${name}`] = {
        target: 'none (> 50 ms)',
        measured: `${all.length} (heat computed in: ${run.fieldsComputedIn}): ${Object.entries(phases).map(([phase, summary]) => `${phase} ${summary.count}${summary.count ? ` (${summary.durationsMs.join(', ')} ms)` : ''}`).join(', ')}; without the overlay: scroll ${run.baselineScroll.count}${run.baselineScroll.count ? ` (${run.baselineScroll.durationsMs.join(', ')} ms)` : ''}, resize ${run.baselineResize.count}${run.baselineResize.count ? ` (${run.baselineResize.durationsMs.join(', ')} ms)` : ''}`,
        met: all.length === 0,
      };
      const review = [...run.secondAfterReady.durationsMs, ...run.reviewAfterRepaints.durationsMs];
      targets[`longTasksReview${name}`] = {
        target: 'none (> 50 ms)',
        measured: `${review.length}${review.length ? ` (${review.join(', ')} ms)` : ''}: the page review, after the first paint and after each repaint`,
        met: review.length === 0,
      };
    }
    targets.overlayHeap500kEvents = {
      target: `<= ${TARGETS.memoryMB} MB`,
      measured: `${longTasks500k.heapMB.overlay} MB JS heap (${longTasks500k.spots} spots)`,
      met: longTasks500k.heapMB.overlay <= TARGETS.memoryMB,
    };
    for (const set of shares.sets) {
      if (set.targetMs === null) continue;
      targets[`extensionShare${set.events / 1000}kEvents`] = {
        // The 150k figure is held against heatmap.js below (the machine's speed cancels out); its
        // absolute figure is the quiet fast machine's aim, printed as a goal.
        goal: set.events === SHARE_VS_HEATMAPJS_EVENTS ? true : undefined,
        target: `<= ${set.targetMs} ms`,
        measured: `${set.medianMs.extension} ms median to heat on screen (${set.heatStages.join('/')}; runs ${set.runs.map((run) => run.extensionMs).join(', ')}); server ${set.medianMs.server} ms; to the whole page painted ${set.medianMs.extensionToReady} ms`,
        met: set.medianMs.extension <= set.targetMs,
      };
    }
    for (const entry of sharesVsHeatmapjs) {
      targets[`extensionShare${SHARE_VS_HEATMAPJS_EVENTS / 1000}kEventsVsHeatmapjsAt${entry.cpuRate}x`] = {
        target: `<= ${TARGETS.shareOfHeatmapjs}x heatmap.js's paint`,
        measured: `${entry.ratio}x: extension ${entry.extensionMedianMs} ms median (runs ${entry.extensionRunsMs.join(', ')}) vs heatmap.js ${entry.heatmapjs.medianMs} ms (runs ${entry.heatmapjs.runsMs.join(', ')}) painting the same ${referencePoints.length} spots`,
        met: entry.ratio <= TARGETS.shareOfHeatmapjs,
      };
    }
    if (shares.warm) targets.warmToggle150kEvents = { target: `<= ${TARGETS.warmToggleMs} ms`, measured: `${shares.warm.medianMs} ms median (${shares.warm.runsMs.join(', ')})`, met: shares.warm.medianMs <= TARGETS.warmToggleMs };
    if (shares.stale) {
      targets.staleToggleShowsCached = {
        target: `cached heat at once (<= ${TARGETS.warmToggleMs} ms), panel says so, revalidated`,
        measured: `${shares.stale.ms} ms, panel ${shares.stale.panelSaysCached ? 'says cached' : 'does not say cached'}, ${shares.stale.revalidationRequests} request(s)`,
        met: shares.stale.ms <= TARGETS.warmToggleMs && shares.stale.panelSaysCached && shares.stale.revalidationRequests > 0,
      };
    }
    // Issue 21: the first toggle in a second tab of the same URL (the answer cached in the background).
    if (shares.warmOtherTab) {
      targets.firstToggleOtherTab150kEvents = {
        target: `<= ${TARGETS.warmToggleMs} ms`,
        measured: `${shares.warmOtherTab.medianMs} ms median (${shares.warmOtherTab.runsMs.join(', ')})`,
        met: shares.warmOtherTab.medianMs <= TARGETS.warmToggleMs,
      };
    }
    // Our own stricter goal: printed, not enforced.
    if (shares.staleOtherTab) {
      targets.staleToggleOtherTabShowsCached = {
        goal: true,
        target: `cached heat at once (<= ${TARGETS.warmToggleMs} ms), panel says so, revalidated`,
        measured: `${shares.staleOtherTab.ms} ms, panel ${shares.staleOtherTab.panelSaysCached ? 'says cached' : 'does not say cached'}, ${shares.staleOtherTab.revalidationRequests} request(s)`,
        met: shares.staleOtherTab.ms <= TARGETS.warmToggleMs && shares.staleOtherTab.panelSaysCached && shares.staleOtherTab.revalidationRequests > 0,
      };
    }
    targets.answerReadAsItStreams = {
      target: 'less left after the last byte than reading it whole',
      measured: `after the last byte ${parse.link50Mbps.streamed.afterLastByteMs} ms vs ${parse.link50Mbps.whole.afterLastByteMs} ms whole at 50 Mbit/s (${parse.link50Mbps.ratio}×); first byte → spots at 2 Gbit/s ${parse.localLink.streamed.totalMs} vs ${parse.localLink.whole.totalMs} ms`,
      met: parse.link50Mbps.streamed.afterLastByteMs < parse.link50Mbps.whole.afterLastByteMs && parse.localLink.streamed.afterLastByteMs < parse.localLink.whole.afterLastByteMs,
    };
    targets.contentScriptGzipBytes = { target: `<= ${TARGETS.contentScriptGzipBytes} B`, measured: `${size.gzipBytes} B`, met: size.gzipBytes <= TARGETS.contentScriptGzipBytes };

    const report = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGB: round(os.totalmem() / 2 ** 30, 1),
        loadAverage1m: { atStart: round(loadAtStart[0]!, 2), atEnd: round(loadAtEnd[0]!, 2) },
        chromium: chromiumVersion,
        headless: true,
        flags: CHROMIUM_ARGS,
        raster: 'software (--disable-gpu)',
        // A CPU figure for "which machine": heatmap.js's own time for the renderer comparison's reference job.
        heatmapjsReferenceMs: render ? ((render.results.find((row) => row.points === 100_000) as { heatmapjs: { medianMs: number } }).heatmapjs.medianMs) : null,
        cpuRates: CPU_RATES,
      },
      contentScript: size,
      render,
      parse,
      extension: { longTaskRuns, shares, sharesVsHeatmapjs },
      targets,
    };
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(path.join(artifacts, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
    printSummary(report);
    const missed = Object.entries(targets).filter(([, value]) => !value.met && !value.goal).map(([key]) => key);
    if (missed.length > 0) {
      console.error(`\nTargets missed: ${missed.join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await chromium.close();
    benchPage.close();
    await environment.close();
  }
}

/** One line per long-task measurement: where the heat was computed, and every phase's long tasks. */
function describeLongTasks(run: Awaited<ReturnType<typeof measureLongTasks>>): string {
  const phase = (summary: { count: number; durationsMs: number[] }) => `${summary.count}${summary.count ? ` ${JSON.stringify(summary.durationsMs)}` : ''}`;
  const workers = run.workersThrottled ? `; workers throttled ${run.workersThrottled.applied}, refused by Chromium ${run.workersThrottled.refusedByChromium}` : '';
  return (
    `${run.cpuRate}x, ${run.events} events / ${run.spots} spots: toggle to ready ${run.toggleToReadyMs} ms, heat computed in: ${run.fieldsComputedIn}${workers}; heap ${JSON.stringify(run.heapMB)} MB\n` +
    `    long tasks > 50 ms: fetch+paint ${phase(run.fetchAndPaint)}, after ready ${phase(run.secondAfterReady)}, scroll ${phase(run.scrollWithOverlay)} (frames median ${run.scrollWithOverlay.frameMedianMs} ms), resize ${phase(run.resize)}, layer switches ${phase(run.layerSwitches)}, compare switches ${phase(run.compareSwitches)}, page review after repaints ${phase(run.reviewAfterRepaints)}; without the overlay: scroll ${phase(run.baselineScroll)}, resize ${phase(run.baselineResize)}`
  );
}

function printSummary(report: {
  machine: { cpus: number; cpuModel: string; chromium: string; loadAverage1m: { atStart: number; atEnd: number }; heatmapjsReferenceMs: number | null };
  render: Awaited<ReturnType<typeof runRenderBench>> | null;
  extension: {
    longTaskRuns: { name: string; run: Awaited<ReturnType<typeof measureLongTasks>> }[];
    shares: Awaited<ReturnType<typeof measureShares>>;
    sharesVsHeatmapjs: { cpuRate: number; extensionMedianMs: number; heatmapjs: { medianMs: number }; ratio: number }[];
  };
  targets: Record<string, Target>;
}): void {
  const { machine, render, extension, targets } = report;
  console.log(`\nMachine: ${machine.cpus} × ${machine.cpuModel}, ${machine.chromium} headless, --disable-gpu (software raster); load average ${machine.loadAverage1m.atStart} at start, ${machine.loadAverage1m.atEnd} at end`);
  console.log(
    `  CPU figure: heatmap.js's own paint of the reference job (100k points, 1440x10000, radius 25, median) ${machine.heatmapjsReferenceMs ?? 'not measured (BENCH_ONLY=extension)'} ms` +
      ` (issue 21: 670 ms on the quiet fast machine, 2,523 ms on one ~3.8x slower)`,
  );
  if (render) {
    const ms = (row: Record<string, unknown>, key: string) => String((row[key] as { medianMs: number }).medianMs).padStart(11);
    console.log('\nFull paint, median ms, 1440x10000 page (heatmap.js and simpleheat draw the whole page; radius 25 unless noted); ratios per run: min/median/max');
    console.log(`${'points'.padEnd(8)}${'heatlens'.padStart(11)}${'hl worker'.padStart(11)}${'heatmap.js'.padStart(11)}${'hm.js r40'.padStart(11)}${'simpleheat'.padStart(11)}${'hm.js/hl'.padStart(20)}${'simple/hl'.padStart(20)}`);
    for (const row of render.results) {
      const runs = row.ratioRuns as Record<string, { min: number; median: number; max: number }>;
      const spread = (key: string) => `${runs[key]!.min}/${runs[key]!.median}/${runs[key]!.max}x`.padStart(20);
      console.log(`${String(row.points).padEnd(8)}${ms(row, 'heatlens')}${ms(row, 'heatlensWorker')}${ms(row, 'heatmapjs')}${ms(row, 'heatmapjsRadius40')}${ms(row, 'simpleheat')}${spread('heatmapjsOverHeatlens')}${spread('simpleheatOverHeatlens')}`);
    }
    console.log('\nScroll repaint at 100k points (HeatPainter.draw + raster flush)');
    for (const [key, value] of Object.entries(render.scroll as Record<string, { medianMs: number; worstMs: number; p95Ms: number; canvas: string }>)) {
      console.log(`  ${key.padEnd(38)} ${value.canvas.padEnd(10)} median ${value.medianMs} ms, p95 ${value.p95Ms} ms, worst ${value.worstMs} ms`);
    }
    console.log(`\nPainter memory, 500k spots on 1440x40000: ${JSON.stringify(render.memory)}`);
  }
  console.log('\nReal extension on /long (40,000 px), long tasks per phase at each CPU throttling rate (Chromium throttles the page, not its workers)');
  for (const { name, run } of extension.longTaskRuns) console.log(`  ${name}: ${describeLongTasks(run)}`);
  console.log('\nCold toggle, key press → heat on screen (medians; extension = total − server), 1x');
  for (const set of extension.shares.sets) {
    console.log(
      `  ${String(set.events).padStart(7)} events (${set.spots} spots, ${set.pageHeight} px page): heat on screen (${set.heatStages.join('/')}) ${set.medianMs.total} ms = server ${set.medianMs.server} ms + extension ${set.medianMs.extension} ms; whole page ${set.medianMs.ready} ms (extension ${set.medianMs.extensionToReady} ms)   runs ${JSON.stringify(set.runs.map((run) => [run.totalMs, run.serverMs, run.extensionMs, run.readyMs]))}`,
    );
  }
  for (const entry of extension.sharesVsHeatmapjs) {
    console.log(`  ${SHARE_VS_HEATMAPJS_EVENTS / 1000}k events at ${entry.cpuRate}x: extension ${entry.extensionMedianMs} ms vs heatmap.js ${entry.heatmapjs.medianMs} ms painting the same spots: ${entry.ratio}x`);
  }
  const { warm, stale, warmOtherTab, staleOtherTab } = extension.shares;
  if (warm && stale) console.log(`  warm (150k events): median ${warm.medianMs} ms (${warm.runsMs.join(', ')}); stale: ${stale.ms} ms, panel says cached: ${stale.panelSaysCached}`);
  if (warmOtherTab && staleOtherTab) console.log(`  first toggle in another tab: median ${warmOtherTab.medianMs} ms (${warmOtherTab.runsMs.join(', ')}); stale ${staleOtherTab.ms} ms, panel says cached: ${staleOtherTab.panelSaysCached}`);
  console.log('\nTargets');
  const figureWidth = Math.max(...Object.keys(targets).map((key) => key.length)) + 2;
  const targetWidth = Math.max(...Object.values(targets).map((value) => value.target.length)) + 2;
  console.log(`${'figure'.padEnd(figureWidth)}${'target'.padEnd(targetWidth)}${'met'.padEnd(6)}measured`);
  for (const [key, value] of Object.entries(targets)) console.log(`${key.padEnd(figureWidth)}${value.target.padEnd(targetWidth)}${(value.met ? 'yes' : value.goal ? 'no' : 'NO').padEnd(6)}${value.measured}${value.goal ? ' (our own goal, not enforced)' : ''}`);
  console.log('\nwrote artifacts/bench.json');
}

// Importable (a measurement on its own, e.g. `measureLongTasks`, from a one-off script); runs when invoked.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
