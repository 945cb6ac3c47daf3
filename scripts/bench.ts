/**
 * `npm run bench`: Heatlens' performance figures, in one headless Chromium run (the e2e harness's
 * browser, with the real built extension), written to artifacts/bench.json and summarised as a table.
 *
 *   1. Builds the extension (`wxt build`, serialised with other builds through flock when present).
 *   2. Content script size, raw and gzipped (.output/chrome-mv3/content-scripts/content.js).
 *   3. Renderer comparison (scripts/bench-render.ts): full paint of the same seeded 1k/10k/100k
 *      point sets over a 1440×10000 page by Heatlens, heatmap.js 2.0.5 and simpleheat 0.4.0
 *      (their defaults and radius 25), medians over BENCH_RUNS runs, ratios; scroll repaint.
 *   4. Through the real extension and the local PostHog-compatible server (test/server):
 *      - long tasks (> 50 ms, PerformanceObserver in the page) while the overlay fetches and paints
 *        100k spots on the test site's 40,000 px /long page and while the page is then scrolled,
 *        against a baseline scroll of the same page without the overlay;
 *      - toggle-to-painted for 60k spots: Alt+Shift+H (the extension command, as a person presses
 *        it) until the overlay host says data-status="ready" and its canvas holds heat pixels.
 *        Cold: a fresh URL (query string) the data is filed under, so the background's 30 s cache
 *        cannot answer, and a fresh page load (the content script is injected by the toggle).
 *        Warm: the same page toggled off and on again within 30 s (cache and script warm).
 *
 *   BENCH_RUNS=3 npm run bench     # fewer renderer runs (default 5)
 *   BENCH_SKIP_BUILD=1 npm run bench
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
import { PopupPage } from '../test/e2e/pages/popup';
import { startDemoEnvironment, type DemoEnvironment } from '../test/server/demo-environment';
import type { HeatmapRowInput } from '../test/server/store';
import { CHROMIUM_ARGS, median, round, runRenderBench, seededRandom } from './bench-render';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'artifacts');
const CONTENT_SCRIPT = path.join(root, '.output/chrome-mv3/content-scripts/content.js');
const VIEWPORT = { width: 1440, height: 900 };
/** test/site's /long page. */
const LONG_PAGE_HEIGHT = 40_000;
const LONG_TASK_SPOTS = 100_000;
const TOGGLE_SPOTS = 60_000;
/** Height of the toggle page: 60k distinct spots need at least 60,000 / 101 relative-x values × 16 px ≈ 9,500 px. */
const TOGGLE_PAGE_HEIGHT = 10_000;
const COLD_TOGGLES = Math.max(1, Number(process.env.BENCH_COLD_TOGGLES ?? 3));
const WARM_TOGGLES = Math.max(1, Number(process.env.BENCH_WARM_TOGGLES ?? 5));
const TARGETS = {
  heatmapjsRatio100k: 20,
  simpleheatRatio100k: 10,
  scrollRepaintMedianMs: 4,
  longTaskMs: 50,
  toggleToPaintedMedianMs: 250,
  contentScriptGzipBytes: 30 * 1024,
};

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
 * `count` distinct spots (PostHog groups rows by relative x rounded to 0.01 and the 16 px y step)
 * for a 1440 px window, clustered like clicks: 80 hotspots with Zipf-like popularity plus 25% scatter.
 * One row per spot, and a few more rows on one spot in five, so counts vary like real data.
 */
function spotRows(count: number, url: string, seed: number, pageHeight: number): HeatmapRowInput[] {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const columns = VIEWPORT.width / 16; // 90: x / 16, as the server stores it
  const rowsOfPage = Math.floor(pageHeight / 16);
  const hotspots = Array.from({ length: 80 }, (_, rank) => ({ x: random() * columns, y: random() * rowsOfPage, spread: 2 + random() * 30, popularity: 1 / (rank + 1) }));
  const total = hotspots.reduce((sum, hotspot) => sum + hotspot.popularity, 0);
  const seen = new Set<string>();
  const rows: HeatmapRowInput[] = [];
  const timestamp = new Date(Date.now() - 3_600_000).toISOString();
  let session = 0;
  while (seen.size < count) {
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
    if (x < 0 || x > columns || y < 0 || y >= rowsOfPage) continue;
    // Visitors' windows vary within the ±10% the overlay asks for (82..98 × 16 px), which is what
    // gives PostHog's relative x (rounded to 0.01) all of its 101 values.
    const width = 82 + Math.floor(random() * 17);
    x = Math.min(width, Math.round((x / columns) * width));
    const key = `${Math.round((x / width) * 100)}|${y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const repeats = random() < 0.2 ? 1 + Math.floor(random() * 5) : 1;
    for (let repeat = 0; repeat < repeats; repeat++) {
      session++;
      rows.push({
        session_id: `bench-session-${session % 5000}`,
        distinct_id: `bench-person-${session % 3000}`,
        timestamp,
        x,
        y,
        viewport_width: width,
        viewport_height: Math.round(VIEWPORT.height / 16),
        pointer_target_fixed: false,
        current_url: url,
        type: 'click',
      });
    }
  }
  return rows;
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
 * host's data-status transitions with their time, and a marker the bench sets just before a toggle.
 */
const PROBE = `(() => {
  globalThis.__name = globalThis.__name || ((fn) => fn); // tsx wraps named closures in __name()
  const probe = { longTasks: [], statuses: [], mark: 0 };
  window.__heatlensBench = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration, name: entry.name });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let last = null;
  const check = () => {
    const host = document.querySelector('heatlens-overlay');
    const status = host ? host.getAttribute('data-status') : null;
    if (status !== last) { last = status; probe.statuses.push({ status, at: performance.now() }); }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
})();`;

interface Probe {
  longTasks: { start: number; duration: number; name: string }[];
  statuses: { status: string | null; at: number }[];
  mark: number;
}

const readProbe = (page: Page) => page.evaluate(() => (window as unknown as { __heatlensBench: Probe }).__heatlensBench);

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

async function waitForStatus(page: Page, statuses: (string | null)[], timeoutMs = 30_000): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = await readProbe(page);
    const last = probe.statuses[probe.statuses.length - 1];
    if (last && last.at > probe.mark && statuses.includes(last.status)) return probe;
    if (Date.now() > deadline) throw new Error(`overlay never reached ${statuses.join('/')}: ${JSON.stringify(probe.statuses.slice(-4))}; ${JSON.stringify(await readOverlay(page))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Toggles with the shortcut; ms from just before the key press until data-status="ready". */
async function toggleToPainted(page: Page): Promise<{ ms: number; mountedMs: number | null; painted: number; canvas: string }> {
  await page.bringToFront();
  await page.evaluate(() => void ((window as unknown as { __heatlensBench: Probe }).__heatlensBench.mark = performance.now()));
  const { mark } = await readProbe(page);
  await pressToggleShortcut(page);
  const probe = await waitForStatus(page, ['ready', 'empty', 'error']);
  const reached = probe.statuses[probe.statuses.length - 1]!;
  if (reached.status !== 'ready') throw new Error(`overlay ended ${reached.status}: ${JSON.stringify(await readOverlay(page))}`);
  const pixels = await heatPixels(page);
  if (!pixels || pixels.painted === 0) throw new Error('overlay said ready but its canvas is empty');
  const loading = probe.statuses.find((entry) => entry.at > mark && entry.status === 'loading');
  return { ms: reached.at - mark, mountedMs: loading ? round(loading.at - mark, 1) : null, ...pixels };
}

async function toggleOff(page: Page): Promise<void> {
  await page.bringToFront();
  await page.evaluate(() => void ((window as unknown as { __heatlensBench: Probe }).__heatlensBench.mark = performance.now()));
  await pressToggleShortcut(page);
  await waitForStatus(page, [null], 10_000);
}

async function openProbedPage(chromium: ExtensionBrowser, url: string): Promise<Page> {
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

async function measureLongTasks(chromium: ExtensionBrowser, environment: DemoEnvironment) {
  const url = `${environment.siteUrl}/long?bench=longtasks`;
  environment.postHog.store.clear();
  environment.postHog.store.addRows(spotRows(LONG_TASK_SPOTS, url, 0xbeef, LONG_PAGE_HEIGHT));
  const page = await openProbedPage(chromium, url);
  try {
    // Baseline: the same scroll without the overlay.
    const scrollTo = 20_000;
    const frames = 240;
    const t0 = await page.evaluate(() => performance.now());
    const baselineFrames = await scrollThrough(page, scrollTo, frames);
    const t1 = await page.evaluate(() => performance.now());
    await page.evaluate(() => window.scrollTo(0, 0));
    const profiler = process.env.BENCH_PROFILE === '1' ? await page.createCDPSession() : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.send('Profiler.start');
    }
    const painted = await toggleToPainted(page);
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      const selfMs = new Map<string, number>();
      const byId = new Map(profile.nodes.map((node) => [node.id, node]));
      const deltas = profile.timeDeltas ?? [];
      (profile.samples ?? []).forEach((id, index) => {
        const frame = byId.get(id)!.callFrame;
        const key = `${frame.functionName || '(anon)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
        selfMs.set(key, (selfMs.get(key) ?? 0) + (deltas[index] ?? 0) / 1000);
      });
      console.log([...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([key, value]) => `${value.toFixed(1).padStart(7)} ms  ${key}`).join('\n'));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const afterPaint = await page.evaluate(() => performance.now());
    const overlayFrames = await scrollThrough(page, scrollTo, frames);
    const t3 = await page.evaluate(() => performance.now());
    const probe = await readProbe(page);
    const toggleMark = probe.mark;
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    return {
      page: `/long (${pageHeight} px tall), ${LONG_TASK_SPOTS} spots`,
      toggleToReadyMs: round(painted.ms, 1),
      canvas: painted.canvas,
      baselineScroll: { ...summarizeTasks(tasksBetween(probe, t0, t1)), frameMedianMs: round(median(baselineFrames), 1), frameWorstMs: round(Math.max(...baselineFrames), 1) },
      // From the key press to data-status="ready": injection, fetch through the background, decoding
      // and validation, and the paint.
      fetchAndPaint: summarizeTasks(tasksBetween(probe, toggleMark, toggleMark + painted.ms)),
      // The second after "ready": the overlay's page review (lib/overlay/assessment.ts) starts then.
      secondAfterReady: {
        ...summarizeTasks(tasksBetween(probe, toggleMark + painted.ms, afterPaint)),
        taskStartsAfterReadyMs: tasksBetween(probe, toggleMark + painted.ms, afterPaint).map((task) => round(task.start - toggleMark - painted.ms, 1)),
      },
      scrollWithOverlay: { ...summarizeTasks(tasksBetween(probe, afterPaint, t3)), frameMedianMs: round(median(overlayFrames), 1), frameWorstMs: round(Math.max(...overlayFrames), 1) },
    };
  } finally {
    await page.close();
  }
}

/**
 * The local server's share of a cold toggle: the heatmap requests the extension just made, replayed
 * one after another from Node (the server keeps no cache), total ms.
 */
async function replayServerRequests(environment: DemoEnvironment): Promise<number> {
  const requests = environment.postHog.requestLog.filter((request) => request.path.includes('/heatmaps'));
  let total = 0;
  for (const request of requests) {
    const start = performance.now();
    const response = await fetch(`${environment.postHogUrl}${request.path}?${new URLSearchParams(request.query)}`, {
      headers: request.authorization ? { authorization: request.authorization } : {},
    });
    await response.arrayBuffer();
    total += performance.now() - start;
  }
  return round(total, 1);
}

/** A plain 1440×10000 page (the renderer comparison's size), served by the bench itself. */
async function startBenchPage(): Promise<{ origin: string; close(): void }> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Heatlens bench page</title>
<style>body{margin:0;font:16px system-ui;color:#223}main{position:relative;height:${TOGGLE_PAGE_HEIGHT}px;width:100%}
.band{position:absolute;left:0;right:0;height:500px;border-top:1px solid #ccd;padding:16px}</style></head>
<body><main>${Array.from({ length: TOGGLE_PAGE_HEIGHT / 500 }, (_, index) => `<div class="band" style="top:${index * 500}px">Section ${index + 1}<p>Some text, a <a href="#">link</a> and a <button type="button">button</button>.</p></div>`).join('')}</main></body></html>`;
  const server = createServer((request, response) => {
    if ((request.url ?? '').startsWith('/page')) response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

async function measureToggles(chromium: ExtensionBrowser, environment: DemoEnvironment) {
  const benchPage = await startBenchPage();
  try {
    return await measureTogglesOn(chromium, environment, benchPage.origin);
  } finally {
    benchPage.close();
  }
}

async function measureTogglesOn(chromium: ExtensionBrowser, environment: DemoEnvironment, origin: string) {
  const cold: { ms: number; mountedMs: number | null; serverMs: number; url: string }[] = [];
  let lastPage: Page | null = null;
  for (let run = 0; run < COLD_TOGGLES; run++) {
    const url = `${origin}/page?run=${Date.now()}-${run}`;
    // Only this run's rows in the store: the test server scans every row per request (PostHog's
    // ClickHouse does not), so leftovers would bill the extension for the server's linear scan.
    environment.postHog.store.clear();
    environment.postHog.store.addRows(spotRows(TOGGLE_SPOTS, url, 0x70661e + run, TOGGLE_PAGE_HEIGHT));
    await lastPage?.close();
    lastPage = await openProbedPage(chromium, url);
    environment.postHog.clearLog();
    const result = await toggleToPainted(lastPage);
    const serverMs = await replayServerRequests(environment);
    cold.push({ ms: round(result.ms, 1), mountedMs: result.mountedMs, serverMs, url: url.replace(origin, '') });
  }
  // Warm: the last page, toggled off and on again (same URL within 30 s: cached in the background).
  const warm: number[] = [];
  for (let run = 0; run < WARM_TOGGLES; run++) {
    await toggleOff(lastPage!);
    await new Promise((resolve) => setTimeout(resolve, 200));
    warm.push(round((await toggleToPainted(lastPage!)).ms, 1));
  }
  await lastPage?.close();
  return {
    spots: TOGGLE_SPOTS,
    page: `bench page 1440x${TOGGLE_PAGE_HEIGHT} (/page?run=…), window 1440x900`,
    cold: {
      note: 'fresh URL each time (background cache cold) and fresh page load (content script injected by the toggle); mountedMs: key press to the overlay showing "loading"; serverMs: the local server answering the same heatmap requests, replayed from Node',
      medianMs: round(median(cold.map((run) => run.ms)), 1),
      serverMedianMs: round(median(cold.map((run) => run.serverMs)), 1),
      runs: cold,
    },
    warm: { note: 'same page toggled off and on within 30 s (background cache warm, content script already injected)', medianMs: round(median(warm), 1), runsMs: warm },
  };
}

async function main(): Promise<void> {
  buildExtension();
  const size = contentScriptSize();
  console.log(`content script: ${size.rawBytes} B raw, ${size.gzipBytes} B gzipped`);

  const environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  const chromium = await launchWithExtension();
  try {
    const chromiumVersion = await chromium.browser.version();
    console.log('Renderer comparison (heatlens, heatmap.js, simpleheat)…');
    const render = process.env.BENCH_ONLY === 'extension' ? { results: [], scroll: {} } : await runRenderBench(chromium.browser, artifacts);

    console.log('Configuring the extension through its popup…');
    await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
    const setupPage = await chromium.newPage(VIEWPORT);
    await setupPage.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    const popup = new PopupPage(await chromium.openPopup(setupPage));
    await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
    await popup.page.close();
    await setupPage.close();

    console.log(`Long tasks while the extension paints ${LONG_TASK_SPOTS} spots…`);
    const longTasks = await measureLongTasks(chromium, environment);
    console.log(`Toggle-to-painted, ${TOGGLE_SPOTS} spots…`);
    const toggle = await measureToggles(chromium, environment);
    if (process.env.BENCH_ONLY === 'extension') {
      console.log(JSON.stringify({ longTasks, toggle }, null, 1));
      return;
    }

    const hundredK = render.results.find((row) => row.points === 100_000) as Record<string, { medianMs: number }> & { ratios: Record<string, number> };
    const scroll = render.scroll as Record<string, { medianMs: number; worstMs: number; p95Ms: number; canvas: string }>;
    const paintLongTasks = [...longTasks.fetchAndPaint.durationsMs, ...longTasks.scrollWithOverlay.durationsMs];
    const targets = {
      heatmapjsRatio100k: { target: `>= ${TARGETS.heatmapjsRatio100k}x`, measured: hundredK.ratios.heatmapjsOverHeatlens, met: hundredK.ratios.heatmapjsOverHeatlens! >= TARGETS.heatmapjsRatio100k },
      simpleheatRatio100k: { target: `>= ${TARGETS.simpleheatRatio100k}x`, measured: hundredK.ratios.simpleheatOverHeatlens, met: hundredK.ratios.simpleheatOverHeatlens! >= TARGETS.simpleheatRatio100k },
      scrollRepaintMedianMsDpr1: { target: `<= ${TARGETS.scrollRepaintMedianMs} ms`, measured: scroll.dpr1!.medianMs, met: scroll.dpr1!.medianMs <= TARGETS.scrollRepaintMedianMs },
      scrollRepaintMedianMsDpr2: { target: `<= ${TARGETS.scrollRepaintMedianMs} ms`, measured: scroll.dpr2!.medianMs, met: scroll.dpr2!.medianMs <= TARGETS.scrollRepaintMedianMs },
      longTasksFetchPaintScroll: {
        target: 'none (> 50 ms)',
        measured: `${paintLongTasks.length} (baseline scroll without overlay: ${longTasks.baselineScroll.count})`,
        met: paintLongTasks.length <= longTasks.baselineScroll.count,
      },
      longTasksSecondAfterReady: {
        target: 'none (> 50 ms)',
        measured: `${longTasks.secondAfterReady.count}${longTasks.secondAfterReady.count ? ` (${longTasks.secondAfterReady.durationsMs.join(', ')} ms: page review)` : ''}`,
        met: longTasks.secondAfterReady.count === 0,
      },
      toggleToPaintedColdMedianMs: { target: `<= ${TARGETS.toggleToPaintedMedianMs} ms`, measured: toggle.cold.medianMs, met: toggle.cold.medianMs <= TARGETS.toggleToPaintedMedianMs },
      toggleToPaintedWarmMedianMs: { target: `<= ${TARGETS.toggleToPaintedMedianMs} ms`, measured: toggle.warm.medianMs, met: toggle.warm.medianMs <= TARGETS.toggleToPaintedMedianMs },
      contentScriptGzipBytes: { target: `<= ${TARGETS.contentScriptGzipBytes} B`, measured: size.gzipBytes, met: size.gzipBytes <= TARGETS.contentScriptGzipBytes },
    };
    const report = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGB: round(os.totalmem() / 2 ** 30, 1), chromium: chromiumVersion, headless: true, flags: CHROMIUM_ARGS, raster: 'software (--disable-gpu)' },
      contentScript: size,
      render,
      extension: { longTasks, toggle },
      targets,
    };
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(path.join(artifacts, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
    printSummary(report.machine, render.results, scroll, longTasks, toggle, size, targets);
  } finally {
    await chromium.close();
    await environment.close();
  }
}

function printSummary(
  machine: Record<string, unknown>,
  results: Record<string, unknown>[],
  scroll: Record<string, { medianMs: number; worstMs: number; p95Ms: number; canvas: string }>,
  longTasks: Awaited<ReturnType<typeof measureLongTasks>>,
  toggle: Awaited<ReturnType<typeof measureToggles>>,
  size: ReturnType<typeof contentScriptSize>,
  targets: Record<string, { target: string; measured: unknown; met: boolean }>,
): void {
  const ms = (row: Record<string, unknown>, key: string) => String((row[key] as { medianMs: number }).medianMs).padStart(11);
  console.log(`\nMachine: ${machine.cpus} × ${machine.cpuModel}, ${machine.chromium} headless, --disable-gpu (software raster)`);
  console.log('\nFull paint, median ms, 1440x10000 page (heatmap.js and simpleheat draw the whole page; radius 25 unless noted)');
  console.log(`${'points'.padEnd(8)}${'heatlens'.padStart(11)}${'hl worker'.padStart(11)}${'heatmap.js'.padStart(11)}${'hm.js r40'.padStart(11)}${'simpleheat'.padStart(11)}${'hm.js/hl'.padStart(10)}${'simple/hl'.padStart(10)}${'r40/hl'.padStart(9)}`);
  for (const row of results) {
    const ratios = row.ratios as Record<string, number>;
    console.log(
      `${String(row.points).padEnd(8)}${ms(row, 'heatlens')}${ms(row, 'heatlensWorker')}${ms(row, 'heatmapjs')}${ms(row, 'heatmapjsRadius40')}${ms(row, 'simpleheat')}${`${ratios.heatmapjsOverHeatlens}x`.padStart(10)}${`${ratios.simpleheatOverHeatlens}x`.padStart(10)}${`${ratios.heatmapjsRadius40OverHeatlens}x`.padStart(9)}`,
    );
  }
  console.log('\nScroll repaint at 100k points (HeatPainter.draw + raster flush, 183 scroll positions)');
  for (const [key, value] of Object.entries(scroll)) console.log(`  ${key.padEnd(38)} ${value.canvas.padEnd(10)} median ${value.medianMs} ms, p95 ${value.p95Ms} ms, worst ${value.worstMs} ms`);
  console.log(`\nReal extension, ${longTasks.page}`);
  console.log(`  toggle to ready ${longTasks.toggleToReadyMs} ms; long tasks > 50 ms: fetch+paint ${longTasks.fetchAndPaint.count}, second after ready ${longTasks.secondAfterReady.count} (${longTasks.secondAfterReady.durationsMs.join(', ')} ms), scroll with overlay ${longTasks.scrollWithOverlay.count} (frames median ${longTasks.scrollWithOverlay.frameMedianMs} ms, worst ${longTasks.scrollWithOverlay.frameWorstMs} ms), baseline scroll without overlay ${longTasks.baselineScroll.count} (frames median ${longTasks.baselineScroll.frameMedianMs} ms, worst ${longTasks.baselineScroll.frameWorstMs} ms)`);
  console.log(`  toggle-to-painted, ${toggle.spots} spots: cold median ${toggle.cold.medianMs} ms (${toggle.cold.runs.map((run) => run.ms).join(', ')}; of which the local server ~${toggle.cold.serverMedianMs} ms), warm median ${toggle.warm.medianMs} ms (${toggle.warm.runsMs.join(', ')})`);
  console.log(`\nContent script: ${size.rawBytes} B raw, ${size.gzipBytes} B gzipped`);
  console.log('\nTargets');
  console.log(`${'figure'.padEnd(32)}${'target'.padEnd(30)}${'measured'.padEnd(60)}met`);
  for (const [key, value] of Object.entries(targets)) console.log(`${key.padEnd(32)}${value.target.padEnd(30)}${String(value.measured).padEnd(60)}${value.met ? 'yes' : 'NO'}`);
  console.log('\nwrote artifacts/bench.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
