/**
 * In-page half of scripts/bench-render.ts: bundled with lib/render by esbuild and loaded into the
 * benchmark page, where it exposes `window.bench`. Kept out of page.evaluate closures because tsx
 * injects helpers (__name) into serialised functions that do not exist in the page.
 * heatmap.js (window.h337) and simpleheat (window.simpleheat) are loaded by their own script tags.
 */
import FIELD_WORKER_SOURCE from '../lib/render/field-worker?worker-source';
import { mainThreadFields } from '../lib/render/main-thread-fields';
import { computeHeatField, HeatPainter, heatFieldSteps, pointsFingerprint, runSliced, yieldToEventLoop, type HeatPoint, type HeatScene } from '../lib/render';

interface HeatmapJsInstance {
  setData(data: { min: number; max: number; data: { x: number; y: number; value: number }[] }): void;
  _renderer: { canvas: HTMLCanvasElement };
}

interface SimpleHeat {
  data(points: [number, number, number][]): SimpleHeat;
  max(max: number): SimpleHeat;
  radius(radius: number, blur?: number): SimpleHeat;
  draw(minOpacity?: number): SimpleHeat;
}

interface BenchWindow {
  h337: { create(config: { container: HTMLElement; radius: number }): HeatmapJsInstance };
  simpleheat(canvas: HTMLCanvasElement): SimpleHeat;
  bench: unknown;
  installBench: typeof installBench;
}

const benchWindow = window as unknown as BenchWindow;

/** Forces Chromium to finish rasterising what was drawn (reads one pixel back). */
function flush(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')!.getImageData(0, 0, 1, 1);
}

function maxWeight(points: HeatPoint[]): number {
  return points.reduce((max, point) => Math.max(max, point.weight), 0);
}

function installBench(pageWidth: number, pageHeight: number, viewportHeight: number, radius: number): void {
  const stage = document.getElementById('stage')!;
  const freshStage = () => {
    stage.replaceChildren();
    return stage;
  };
  const scene = (points: HeatPoint[], devicePixelRatio: number): HeatScene => ({
    layers: [{ id: 'clicks', palette: 'heat', radius, opacity: 1, documentPoints: points, fixedPoints: [] }],
    documentWidth: pageWidth,
    documentHeight: pageHeight,
    viewportWidth: pageWidth,
    viewportHeight,
    devicePixelRatio,
  });

  benchWindow.bench = {
    async heatlens(points: HeatPoint[], useWorker: boolean) {
      const canvas = document.createElement('canvas');
      freshStage().append(canvas);
      const painter = new HeatPainter(canvas, { useWorker, workerSource: FIELD_WORKER_SOURCE, mainThreadFields });
      const mode = await painter.computeMode(); // the worker handshake is not part of a paint
      let longTasks = 0;
      let longestTaskMs = 0;
      const record = (entries: PerformanceEntryList) => {
        for (const entry of entries) {
          longTasks++;
          longestTaskMs = Math.max(longestTaskMs, entry.duration);
        }
      };
      const observer = new PerformanceObserver((list) => record(list.getEntries()));
      observer.observe({ type: 'longtask' });
      const start = performance.now();
      await painter.setScene(scene(points, 1));
      painter.draw(0, 0);
      flush(canvas);
      const elapsed = performance.now() - start;
      await new Promise((resolve) => setTimeout(resolve, 0));
      record(observer.takeRecords());
      observer.disconnect();
      const maxCount = painter.maxCount('clicks');
      painter.destroy();
      return { elapsed, mode, longTasks, longestTaskMs, maxCount };
    },

    heatlensCompute(points: HeatPoint[]) {
      const start = performance.now();
      const field = computeHeatField(points, { width: pageWidth, height: pageHeight, radius, palette: 'heat' });
      return { elapsed: performance.now() - start, grid: `${field.columns}x${field.rows}`, cellSize: field.cellSize };
    },

    /** Where a main-thread paint spends its time, phase by phase. */
    async breakdown(points: HeatPoint[]) {
      const options = { width: pageWidth, height: pageHeight, radius, palette: 'heat' as const };
      const phases: Record<string, number> = {};
      let mark = performance.now();
      const lap = (name: string) => {
        const now = performance.now();
        phases[name] = now - mark;
        mark = now;
      };
      pointsFingerprint(points);
      lap('fingerprint');
      const field = (await runSliced(heatFieldSteps(points, options)))!;
      lap('fieldSliced');
      const bitmap = await createImageBitmap(new ImageData(field.rgba, field.columns, field.rows));
      lap('createImageBitmap');
      const canvas = document.createElement('canvas');
      canvas.width = pageWidth;
      canvas.height = viewportHeight;
      freshStage().append(canvas);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0, field.columns, viewportHeight / field.cellSize, 0, 0, pageWidth, viewportHeight);
      flush(canvas);
      lap('drawAndFlush');
      bitmap.close();
      return phases;
    },

    /** Per-step durations of the sliced computation and the gaps spent yielding (diagnostics). */
    async stepProfile(points: HeatPoint[]) {
      const options = { width: pageWidth, height: pageHeight, radius, palette: 'heat' as const };
      const steps: number[] = [];
      const gaps: number[] = [];
      let last = performance.now();
      const start = last;
      await runSliced(heatFieldSteps(points, options), {
        budgetMs: 0,
        yieldFn: async () => {
          const before = performance.now();
          steps.push(before - last);
          await yieldToEventLoop();
          last = performance.now();
          gaps.push(last - before);
        },
      });
      return { total: performance.now() - start, steps: steps.map((v) => Math.round(v * 10) / 10), gaps: gaps.map((v) => Math.round(v * 10) / 10) };
    },

    heatmapjs(points: HeatPoint[], heatmapRadius = radius) {
      const container = document.createElement('div');
      container.style.cssText = `width:${pageWidth}px;height:${pageHeight}px;position:relative`;
      freshStage().append(container);
      const instance = benchWindow.h337.create({ container, radius: heatmapRadius });
      const data = points.map((point) => ({ x: Math.round(point.x), y: Math.round(point.y), value: point.weight }));
      const start = performance.now();
      instance.setData({ min: 0, max: maxWeight(points), data });
      flush(instance._renderer.canvas);
      const canvas = instance._renderer.canvas;
      return { elapsed: performance.now() - start, canvas: `${canvas.width}x${canvas.height}` };
    },

    simpleheat(points: HeatPoint[]) {
      const canvas = document.createElement('canvas');
      canvas.width = pageWidth;
      canvas.height = pageHeight;
      freshStage().append(canvas);
      const heat = benchWindow.simpleheat(canvas);
      heat.data(points.map((point): [number, number, number] => [point.x, point.y, point.weight])).max(maxWeight(points)).radius(radius);
      const start = performance.now();
      heat.draw();
      flush(canvas);
      return { elapsed: performance.now() - start, canvas: `${canvas.width}x${canvas.height}` };
    },

    async scroll(points: HeatPoint[], devicePixelRatio: number, maxPixelRatio?: number, fieldResolution = true) {
      const canvas = document.createElement('canvas');
      freshStage().append(canvas);
      const painter = new HeatPainter(canvas, { useWorker: false, mainThreadFields, maxPixelRatio, fieldResolution });
      await painter.setScene(scene(points, devicePixelRatio));
      const drawOnly: number[] = [];
      const withFlush: number[] = [];
      for (let pass = 0; pass < 2; pass++) {
        // First pass warms up; the second is recorded.
        for (let y = 0; y <= pageHeight - viewportHeight; y += 50) {
          const start = performance.now();
          painter.draw(0, y);
          const drawn = performance.now();
          flush(canvas);
          const flushed = performance.now();
          if (pass === 1) {
            drawOnly.push(drawn - start);
            withFlush.push(flushed - start);
          }
        }
      }
      const size = `${canvas.width}x${canvas.height}`;
      painter.destroy();
      return { drawOnly, withFlush, canvas: size };
    },

    /** Paints `points` on a 1440×height page with the main-thread painter and keeps it alive (memory). */
    async keepPainter(points: HeatPoint[], height: number) {
      const canvas = document.createElement('canvas');
      freshStage().append(canvas);
      const painter = new HeatPainter(canvas, { useWorker: false, mainThreadFields });
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask' });
      const start = performance.now();
      await painter.setScene({ ...scene(points, 1), documentHeight: height });
      painter.draw(0, 0);
      flush(canvas);
      const elapsedMs = performance.now() - start;
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const entry of observer.takeRecords()) longTasks.push(entry.duration);
      observer.disconnect();
      (window as unknown as { keptPainter: HeatPainter }).keptPainter = painter;
      return { pixelBytes: painter.pixelMemoryBytes(), elapsedMs, longTasks };
    },

    dropPainter() {
      const holder = window as unknown as { keptPainter?: HeatPainter };
      holder.keptPainter?.destroy();
      delete holder.keptPainter;
    },

    async sample(points: HeatPoint[], devicePixelRatio: number, scrollY: number, maxPixelRatio?: number, fieldResolution = true) {
      const canvas = document.createElement('canvas');
      canvas.style.cssText = 'position:fixed;left:0;top:0';
      freshStage().append(canvas);
      const painter = new HeatPainter(canvas, { useWorker: false, mainThreadFields, maxPixelRatio, fieldResolution });
      await painter.setScene(scene(points, devicePixelRatio));
      painter.draw(0, scrollY);
    },
  };
}

benchWindow.installBench = installBench;
