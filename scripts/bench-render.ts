/**
 * Heat renderer benchmark: Heatlens (lib/render) vs heatmap.js 2.0.5 vs simpleheat 0.4.0 in headless
 * Chromium, on the same seeded data sets (1k, 10k, 100k points over a 1440×10000 page).
 *
 *   npx tsx scripts/bench-render.ts            # writes artifacts/bench-render.json (+ PNG samples)
 *   BENCH_RUNS=3 npx tsx scripts/bench-render.ts
 *
 * What is timed (medians over BENCH_RUNS runs, after one untimed warm-up on the 1k set):
 * - heatlens: HeatPainter.setScene (main-thread, time-sliced: the fallback every page can run) +
 *   draw at scroll 0, i.e. everything up to pixels on the viewport canvas.
 * - heatlens (worker): the same with the Blob URL worker (the page has no CSP here).
 * - heatlens compute: computeHeatField alone, synchronous (the pure core).
 * - heatmap.js: setData({max, data}) on an instance whose container is 1440×10000, as PostHog's
 *   toolbar paints the whole document; radius 25, other options at their defaults.
 * - heatmap.js radius 40: the same at heatmap.js's own default radius, for reference.
 * - simpleheat: draw() on a 1440×10000 canvas; radius 25 (its default), blur 15 (its default).
 * Every measurement ends with a 1-pixel getImageData on the output canvas, which forces Chromium to
 * finish rasterising the recorded drawing, so deferred work is not left out of the figure.
 * Scroll repaint: HeatPainter.draw for scroll positions 0..9100 step 50 over the 100k scene, each
 * followed by the same 1-pixel flush, at devicePixelRatio 1 and 2 with the default field-resolution
 * canvas (288×180, the compositor upscales), and with the device-resolution canvas (1440×900,
 * 2880×1800, and 1440×900 via maxPixelRatio: 1). --disable-gpu means canvas 2D is software-rasterised, so
 * repaint cost is proportional to canvas pixels here; with GPU raster it is one textured quad.
 *
 * Before every run the page is cleared and garbage-collected (DevTools HeapProfiler.collectGarbage).
 * Chromium comes from test/e2e/harness.ts launchWithExtension(), which holds the one-browser lock;
 * scripts/bench.ts runs this in the same browser as the extension measurements.
 */
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, launchWithExtension, letWorkersStartUnheld } from '../test/e2e/harness';
import type { Browser, Page } from 'puppeteer-core';
import type { HeatPoint } from '../lib/render/types';
import { seededRandom } from '../test/seeded-random';
import { fieldWorkerSourceEsbuildPlugin } from '../lib/render/field-worker-build';
import { throttleCpu } from './bench-throttle';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
export const PAGE_WIDTH = 1440;
export const PAGE_HEIGHT = 10_000;
export const VIEWPORT_HEIGHT = 900;
export const RADIUS = 25;
export const SIZES = [1_000, 10_000, 100_000];
export { CHROMIUM_ARGS };

export { seededRandom };

/**
 * Click-like data: 75% of points around 80 hotspots (buttons, links) whose popularity falls off
 * Zipf-like, 25% scattered; weights are small counts like PostHog's aggregated buckets.
 */
export function generatePoints(count: number, seed: number, pageHeight = PAGE_HEIGHT): HeatPoint[] {
  const PAGE_HEIGHT = pageHeight;
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const hotspots = Array.from({ length: 80 }, (_, rank) => ({
    x: 40 + random() * (PAGE_WIDTH - 80),
    y: 40 + random() * (PAGE_HEIGHT - 80),
    spread: 6 + random() * 40,
    popularity: 1 / (rank + 1),
  }));
  const totalPopularity = hotspots.reduce((sum, hotspot) => sum + hotspot.popularity, 0);
  const points: HeatPoint[] = [];
  while (points.length < count) {
    const weight = random() < 0.8 ? 1 : 1 + Math.floor(random() * 6);
    if (random() < 0.25) {
      points.push({ x: random() * PAGE_WIDTH, y: random() * PAGE_HEIGHT, weight });
      continue;
    }
    let pick = random() * totalPopularity;
    let hotspot = hotspots[0]!;
    for (const candidate of hotspots) {
      pick -= candidate.popularity;
      hotspot = candidate;
      if (pick <= 0) break;
    }
    const x = hotspot.x + gaussian() * hotspot.spread;
    const y = hotspot.y + gaussian() * hotspot.spread;
    if (x >= 0 && x < PAGE_WIDTH && y >= 0 && y < PAGE_HEIGHT) points.push({ x: Math.round(x), y: Math.round(y), weight });
  }
  return points;
}

/** Bundles the in-page harness (scripts/bench-render-harness.ts) together with lib/render. */
export async function bundleRenderer(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(root, 'scripts/bench-render-harness.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: true,
    logLevel: 'silent',
    plugins: [fieldWorkerSourceEsbuildPlugin()],
  });
  return result.outputFiles[0]!.text;
}

export function startServer(files: Record<string, string>): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const body = files[request.url ?? '/'];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = request.url === '/' ? 'text/html' : 'text/javascript';
    response.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

export const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;background:#fff}#stage{position:relative}</style>
<script src="/heatmap.js"></script><script src="/simpleheat.js"></script><script src="/harness.js"></script>
</head><body><div id="stage"></div></body></html>`;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

type Renderer = 'heatlens' | 'heatlensWorker' | 'heatlensCompute' | 'heatmapjs' | 'heatmapjsRadius40' | 'simpleheat';

/** Clears the stage, collects garbage and lets the page settle, so runs do not pay for each other. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.getElementById('stage')!.replaceChildren());
  const session = await page.createCDPSession();
  try {
    await session.send('HeapProfiler.collectGarbage');
  } finally {
    await session.detach();
  }
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

/**
 * Data sets live in the page (window.datasets, uploaded once): passing 100k points as an evaluate
 * argument leaves deserialisation garbage whose collection lands on whoever yields first, which
 * penalised the time-sliced renderer by ~90 ms.
 */
async function measure(page: Page, renderer: Renderer, size: number): Promise<Record<string, unknown> & { elapsed: number }> {
  await settle(page);
  return page.evaluate(
    async (name: Renderer, key: number) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const bench = (window as any).bench;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const data = (window as any).datasets[key] as HeatPoint[];
      if (name === 'heatlens') return bench.heatlens(data, false);
      if (name === 'heatlensWorker') return bench.heatlens(data, true);
      if (name === 'heatlensCompute') return bench.heatlensCompute(data);
      if (name === 'heatmapjs') return bench.heatmapjs(data);
      if (name === 'heatmapjsRadius40') return bench.heatmapjs(data, 40);
      return bench.simpleheat(data);
    },
    renderer,
    size,
  );
}

export type RenderBenchReport = Record<string, unknown> & { results: Record<string, unknown>[]; scroll: Record<string, unknown> };

/**
 * Runs the whole renderer comparison in a tab of `browser` (the caller owns the browser: the
 * harness's, so this and the extension runs share one Chromium) and writes the PNG samples.
 */
export async function runRenderBench(browser: Browser, artifacts = path.join(root, 'artifacts')): Promise<RenderBenchReport> {
  const datasets = SIZES.map((size, index) => ({ size, points: generatePoints(size, 0x5eed + index) }));
  const files: Record<string, string> = {
    '/': PAGE_HTML,
    '/harness.js': await bundleRenderer(),
    '/heatmap.js': readFileSync(require.resolve('heatmap.js/build/heatmap.js'), 'utf8'),
    '/simpleheat.js': readFileSync(require.resolve('simpleheat/simpleheat.js'), 'utf8'),
  };
  const { server, origin } = await startServer(files);
  mkdirSync(artifacts, { recursive: true });
  const page = await browser.newPage();
  await letWorkersStartUnheld(page);
  // heatmap.js at 100k on a 10,000 px canvas takes seconds; the default protocol timeout is generous
  // enough, but keep evaluate calls from being cut short on a slow machine.
  page.setDefaultTimeout(300_000);
  try {
    await page.setViewport({ width: PAGE_WIDTH, height: VIEWPORT_HEIGHT, deviceScaleFactor: 1 });
    await page.goto(origin, { waitUntil: 'load' });
    await page.evaluate(
      (width: number, height: number, viewport: number, radius: number) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (window as any).installBench(width, height, viewport, radius),
      PAGE_WIDTH,
      PAGE_HEIGHT,
      VIEWPORT_HEIGHT,
      RADIUS,
    );
    const chromiumVersion = await browser.version();
    for (const dataset of datasets) {
      await page.evaluate(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (size: number, points: HeatPoint[]) => void (((window as any).datasets ??= {})[size] = points),
        dataset.size,
        dataset.points,
      );
    }

    const renderers: Renderer[] = ['heatlens', 'heatlensWorker', 'heatlensCompute', 'heatmapjs', 'heatmapjsRadius40', 'simpleheat'];
    for (const renderer of renderers) await measure(page, renderer, datasets[0]!.size); // warm-up (JIT, caches)

    const results = [];
    for (const dataset of datasets) {
      const row: Record<string, unknown> = { points: dataset.size };
      const medians: Partial<Record<Renderer, number>> = {};
      // Round-robin (run 1 of every renderer, then run 2...), so a change in the machine's load during
      // the benchmark (it is shared) shifts every renderer alike instead of skewing the ratios.
      const runsOf = new Map<Renderer, Awaited<ReturnType<typeof measure>>[]>(renderers.map((renderer) => [renderer, []]));
      for (let run = 0; run < RUNS; run++) {
        for (const renderer of renderers) runsOf.get(renderer)!.push(await measure(page, renderer, dataset.size));
      }
      for (const renderer of renderers) {
        const runs = runsOf.get(renderer)!;
        const times = runs.map((result) => result.elapsed);
        medians[renderer] = median(times);
        const { elapsed: _elapsed, ...details } = runs[runs.length - 1]!;
        row[renderer] = { medianMs: round(median(times)), runsMs: times.map((time) => round(time)), ...details };
        process.stdout.write(`  ${dataset.size} points  ${renderer.padEnd(16)} median ${round(median(times))} ms\n`);
      }
      // Ratio of each round-robin run (run i of heatmap.js / run i of Heatlens), so "reliably" is
      // judged by the worst of the runs, not only by the medians.
      const perRun = (other: Renderer) => {
        const ratios = runsOf.get(other)!.map((result, run) => result.elapsed / runsOf.get('heatlens')![run]!.elapsed);
        return { min: round(Math.min(...ratios), 1), median: round(median(ratios), 1), max: round(Math.max(...ratios), 1), runs: ratios.map((ratio) => round(ratio, 1)) };
      };
      row.ratioRuns = { heatmapjsOverHeatlens: perRun('heatmapjs'), simpleheatOverHeatlens: perRun('simpleheat') };
      row.ratios = {
        heatmapjsOverHeatlens: round(medians.heatmapjs! / medians.heatlens!, 1),
        simpleheatOverHeatlens: round(medians.simpleheat! / medians.heatlens!, 1),
        heatmapjsOverHeatlensWorker: round(medians.heatmapjs! / medians.heatlensWorker!, 1),
        simpleheatOverHeatlensWorker: round(medians.simpleheat! / medians.heatlensWorker!, 1),
        heatmapjsRadius40OverHeatlens: round(medians.heatmapjsRadius40! / medians.heatlens!, 1),
      };
      results.push(row);
    }

    const largest = datasets[datasets.length - 1]!.size;
    const breakdownRuns: Record<string, number>[] = [];
    for (let run = 0; run < RUNS; run++) {
      await settle(page);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      breakdownRuns.push(await page.evaluate((key: number) => (window as any).bench.breakdown((window as any).datasets[key]) as Promise<Record<string, number>>, largest));
    }
    await settle(page);
    const stepProfile = await page.evaluate(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (key: number) => (window as any).bench.stepProfile((window as any).datasets[key]) as Promise<{ total: number; steps: number[]; gaps: number[] }>,
      largest,
    );
    const breakdown = Object.fromEntries(
      Object.keys(breakdownRuns[0]!).map((phase) => [phase, round(median(breakdownRuns.map((run) => run[phase]!)))]),
    );
    const scroll: Record<string, unknown> = {};
    // Default painter (backing store at field resolution, the compositor upscales), then the
    // previous device-resolution canvas for comparison.
    const scrollCases = [
      { key: 'dpr1', dpr: 1, maxPixelRatio: undefined, fieldResolution: true },
      { key: 'dpr2', dpr: 2, maxPixelRatio: undefined, fieldResolution: true },
      { key: 'dpr1-deviceResolution', dpr: 1, maxPixelRatio: undefined, fieldResolution: false },
      { key: 'dpr2-deviceResolution', dpr: 2, maxPixelRatio: undefined, fieldResolution: false },
      { key: 'dpr2-deviceResolution-maxPixelRatio1', dpr: 2, maxPixelRatio: 1, fieldResolution: false },
    ];
    for (const scrollCase of scrollCases) {
      await settle(page);
      const result = await page.evaluate(
        (key: number, ratio: number, cap: number | undefined, fieldResolution: boolean) =>
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          (window as any).bench.scroll((window as any).datasets[key], ratio, cap, fieldResolution) as Promise<{ drawOnly: number[]; withFlush: number[]; canvas: string }>,
        largest,
        scrollCase.dpr,
        scrollCase.maxPixelRatio,
        scrollCase.fieldResolution,
      );
      scroll[scrollCase.key] = {
        canvas: result.canvas,
        frames: result.withFlush.length,
        medianMs: round(median(result.withFlush), 3),
        p95Ms: round(percentile(result.withFlush, 0.95), 3),
        worstMs: round(Math.max(...result.withFlush), 3),
        drawCallOnlyMedianMs: round(median(result.drawOnly), 3),
      };
    }

    const memory = await measurePainterMemory(page);

    // Visual samples for eyeballing smoothness (not part of the timing).
    const samples = [
      { name: 'dpr1', dpr: 1, maxPixelRatio: undefined, fieldResolution: true },
      { name: 'dpr2', dpr: 2, maxPixelRatio: undefined, fieldResolution: true },
      { name: 'dpr2-deviceResolution', dpr: 2, maxPixelRatio: undefined, fieldResolution: false },
    ];
    for (const sample of samples) {
      await page.setViewport({ width: PAGE_WIDTH, height: VIEWPORT_HEIGHT, deviceScaleFactor: sample.dpr });
      await page.evaluate(
        (key: number, ratio: number, cap: number | undefined, fieldResolution: boolean) =>
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          (window as any).bench.sample((window as any).datasets[key], ratio, 0, cap, fieldResolution) as Promise<void>,
        datasets[1]!.size,
        sample.dpr,
        sample.maxPixelRatio,
        sample.fieldResolution,
      );
      await page.screenshot({ path: path.join(artifacts, `bench-render-heatlens-${sample.name}.png`) as `${string}.png`, clip: { x: 0, y: 0, width: 720, height: 450 } });
    }
    await page.setViewport({ width: PAGE_WIDTH, height: VIEWPORT_HEIGHT, deviceScaleFactor: 1 });
    await page.evaluate(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (key: number) => (window as any).bench.heatmapjs((window as any).datasets[key]),
      datasets[1]!.size,
    );
    await page.screenshot({ path: path.join(artifacts, 'bench-render-heatmapjs.png'), clip: { x: 0, y: 0, width: 720, height: 450 } });

    const report = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', chromium: chromiumVersion, flags: CHROMIUM_ARGS },
      setup: { pageWidth: PAGE_WIDTH, pageHeight: PAGE_HEIGHT, viewportHeight: VIEWPORT_HEIGHT, radius: RADIUS, runs: RUNS, seededDatasets: SIZES },
      results,
      mainThreadBreakdown100k: breakdown,
      // Durations of the individual slice steps at 100k (yielding after every step); a main-thread
      // task is at most the 12 ms budget plus one step.
      stepProfile100k: { longestStepMs: Math.max(...stepProfile.steps), steps: stepProfile.steps },
      scroll,
      memory,
    };
    return report;
  } finally {
    await page.close().catch(() => undefined);
    server.close();
  }
}

/**
 * heatmap.js 2.0.5 painting `points` over a 1440×`pageHeight` page (the whole document, as PostHog's
 * toolbar does; radius 25) in a tab of `browser` at CPU throttling `cpuRate`: the peer the extension's
 * own share of a toggle is held against, measured in the same run and at the same rate. Median of `runs`.
 */
export async function heatmapjsPaintMs(browser: Browser, points: HeatPoint[], pageHeight: number, cpuRate: number, runs: number): Promise<{ medianMs: number; runsMs: number[] }> {
  const { server, origin } = await startServer({
    '/': PAGE_HTML,
    '/harness.js': await bundleRenderer(),
    '/heatmap.js': readFileSync(require.resolve('heatmap.js/build/heatmap.js'), 'utf8'),
    '/simpleheat.js': readFileSync(require.resolve('simpleheat/simpleheat.js'), 'utf8'),
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(300_000);
  const throttle = await throttleCpu(page, cpuRate);
  try {
    await page.setViewport({ width: PAGE_WIDTH, height: VIEWPORT_HEIGHT, deviceScaleFactor: 1 });
    await page.goto(origin, { waitUntil: 'load' });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await page.evaluate((width: number, height: number, viewport: number, radius: number) => (window as any).installBench(width, height, viewport, radius), PAGE_WIDTH, pageHeight, VIEWPORT_HEIGHT, RADIUS);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await page.evaluate((data: HeatPoint[]) => void ((window as any).datasets = { reference: data }), points);
    const runsMs: number[] = [];
    for (let run = 0; run <= runs; run++) {
      await settle(page);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const result = await page.evaluate(() => (window as any).bench.heatmapjs((window as any).datasets.reference) as { elapsed: number });
      if (run > 0) runsMs.push(round(result.elapsed)); // run 0 warms the JIT
    }
    return { medianMs: round(median(runsMs)), runsMs };
  } finally {
    await throttle.release();
    await page.close().catch(() => undefined);
    server.close();
  }
}

export const MEMORY_POINTS = 500_000;
export const MEMORY_PAGE_HEIGHT = 40_000;

/** JS heap of the page's renderer (page and content-script worlds share it) after garbage collection. */
export async function usedHeapBytes(page: Page): Promise<number> {
  const session = await page.createCDPSession();
  try {
    await session.send('HeapProfiler.collectGarbage');
    return (await session.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await session.detach();
  }
}

/**
 * Memory of a painter showing 500k spots on a 1440×40,000 page (main-thread fallback, the heavier
 * case: it keeps its blur scratch; a worker's transient buffers go with each job): the JS heap
 * after garbage collection with the painter alive minus before (the points arrays are uploaded
 * first and not counted), and the pixel memory it holds (HeatPainter.pixelMemoryBytes).
 */
async function measurePainterMemory(page: Page) {
  await settle(page);
  await page.evaluate((count: number, height: number, points: HeatPoint[]) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (window as any).memoryPoints = points;
  }, MEMORY_POINTS, MEMORY_PAGE_HEIGHT, generatePoints(MEMORY_POINTS, 0x3e3, MEMORY_PAGE_HEIGHT));
  const before = await usedHeapBytes(page);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const painted = await page.evaluate((height: number) => (window as any).bench.keepPainter((window as any).memoryPoints, height) as Promise<{ pixelBytes: number; elapsedMs: number; longTasks: number[] }>, MEMORY_PAGE_HEIGHT);
  const after = await usedHeapBytes(page);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await page.evaluate(() => (window as any).bench.dropPainter());
  const heapBytes = Math.max(0, after - before);
  return {
    points: MEMORY_POINTS,
    page: `1440x${MEMORY_PAGE_HEIGHT}`,
    heapBytes,
    pixelBytes: painted.pixelBytes,
    totalMB: round((heapBytes + painted.pixelBytes) / 2 ** 20, 1),
    paintMs: round(painted.elapsedMs, 1),
    longTasksMs: painted.longTasks.map((duration) => round(duration, 1)),
  };
}

/** `npx tsx scripts/bench-render.ts`: the renderer comparison alone (needs a built extension, for the harness's browser lock). */
async function main(): Promise<void> {
  const chromium = await launchWithExtension();
  try {
    const report = await runRenderBench(chromium.browser);
    writeFileSync(path.join(root, 'artifacts', 'bench-render.json'), `${JSON.stringify(report, null, 2)}\n`);
    printTable(report.results, report.scroll);
    console.log('main-thread paint phases at 100k (median ms):', report.mainThreadBreakdown100k);
  } finally {
    await chromium.close();
  }
}

export function printTable(results: Record<string, unknown>[], scroll: Record<string, unknown>): void {
  const cell = (row: Record<string, unknown>, key: string) => String((row[key] as { medianMs: number }).medianMs).padStart(10);
  console.log('\nFull paint, median ms (1440x10000 page, radius 25)');
  console.log('points   heatlens  hl-worker  hl-compute  heatmap.js  hm.js r40  simpleheat   hm.js/hl  simple/hl  hm.js-r40/hl');
  for (const row of results) {
    const ratios = row.ratios as Record<string, number>;
    console.log(
      `${String(row.points).padEnd(7)}${cell(row, 'heatlens')}${cell(row, 'heatlensWorker')}${cell(row, 'heatlensCompute').padStart(12)}${cell(row, 'heatmapjs').padStart(12)}${cell(row, 'heatmapjsRadius40').padStart(11)}${cell(row, 'simpleheat').padStart(12)}${`${ratios.heatmapjsOverHeatlens}x`.padStart(11)}${`${ratios.simpleheatOverHeatlens}x`.padStart(11)}${`${ratios.heatmapjsRadius40OverHeatlens}x`.padStart(14)}`,
    );
  }
  console.log('\nRatios per round-robin run (run i of the peer / run i of Heatlens): min / median / max');
  for (const row of results) {
    const runs = row.ratioRuns as Record<string, { min: number; median: number; max: number; runs: number[] }>;
    const line = (label: string, ratio: { min: number; median: number; max: number; runs: number[] }) =>
      `${label} min ${ratio.min}x, median ${ratio.median}x, max ${ratio.max}x (runs ${ratio.runs.join(', ')})`;
    console.log(`  ${String(row.points).padEnd(7)}${line('heatmap.js/Heatlens', runs.heatmapjsOverHeatlens!)}; ${line('simpleheat/Heatlens', runs.simpleheatOverHeatlens!)}`);
  }
  console.log('\nScroll repaint (draw + raster flush), 100k points');
  for (const [key, value] of Object.entries(scroll)) {
    const figures = value as Record<string, unknown>;
    console.log(`  ${key} ${figures.canvas}: median ${figures.medianMs} ms, p95 ${figures.p95Ms} ms, worst ${figures.worstMs} ms (draw call alone ${figures.drawCallOnlyMedianMs} ms)`);
  }
  console.log('\nwrote artifacts/bench-render.json');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
