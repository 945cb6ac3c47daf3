import type { BlurScratch } from './blur';
import type { DiffFieldOptions } from './diff-field';
import { gridGeometry, packPoints, pointCount } from './density';
import { cellSizeForRadius, sigmaForRadius, type HeatField, type HeatFieldOptions } from './field';
import type { MainThreadFields } from './main-thread-fields';
import { firstBand } from './band';
import { runSliced, yieldToEventLoop } from '../core/schedule';
import { DEFAULT_RADIUS, type HeatLayerInput, type HeatPoints, type HeatScene } from './types';
import type { FieldWorkerMeta, FieldWorkerPing, FieldWorkerRequest, FieldWorkerResponse } from './worker-protocol';
import { WORKER_HANDSHAKE_MS, WorkerClient } from '../core/worker-client';

/**
 * DOM shell of the renderer: computes one heat field per layer and point kind (document / fixed),
 * caches them as ImageBitmaps (or canvases), and on every scroll copies just the visible slice onto a
 * viewport-sized canvas. Scrolling never recomputes anything; the copy is a single scaled drawImage
 * per field, and the bilinear smoothing of that upscale is what keeps the coarse grid looking smooth.
 *
 * Where the field is computed (investigated for content scripts):
 * - A content script cannot construct a Worker from a chrome-extension:// / moz-extension:// URL:
 *   workers must be same-origin with the page the script runs in.
 * - A Blob URL worker is same-origin, but the page's CSP (worker-src, or script-src/child-src as
 *   fallbacks) applies to it, and many sites forbid blob:. Chromium then fails asynchronously with an
 *   error event; some browsers throw from the constructor; Firefox's content-script sandbox may refuse.
 * - The whole computation is ~15 ms for 100k points on a 1440×10000 page (scripts/bench-render.ts,
 *   headless Chromium on a shared 2-core machine), so a time-sliced main-thread run is an acceptable
 *   fallback.
 * So: with `useWorker` (default on) the painter starts a Blob URL worker and pings it; if creation
 * throws, an error event arrives, or no pong comes within WORKER_HANDSHAKE_MS, it terminates the
 * worker and computes on the main thread in slices of ~12 ms separated by scheduler.yield() /
 * MessageChannel ticks (points binned 20k per slice, one blur pass per slice), so no task gets near
 * the 50 ms long-task mark. A job that fails inside a working worker is redone on the main thread.
 * That main-thread computation is not part of the overlay's script: it comes with the on-demand
 * script when first needed (HeatPainterOptions.mainThreadFields). Compare's A−B field is a worker
 * job like the others.
 *
 * On a page several viewports tall with many points, the band around the viewport is computed and
 * drawn first and the whole document second, both in one colour scale (band.ts).
 */

export interface HeatPainterOptions {
  /** Try a Blob URL worker first (default true); falls back automatically. */
  useWorker?: boolean;
  /**
   * The worker's script (`import source from './field-worker?worker-source'`), or a promise of it. The
   * content script asks the background for it rather than carrying 7 KB of it on every page; without a
   * source the painter computes on the main thread in slices.
   */
  workerSource?: string | Promise<string | null> | null;
  /**
   * The computation for the main thread (lib/render/main-thread-fields.ts), or a loader of it: used
   * only without a worker. The overlay loads it with its on-demand script; without it, a page that
   * refuses the worker gets an error saying so instead of heat.
   */
  mainThreadFields?: MainThreadFields | (() => Promise<MainThreadFields>);
  /** Main-thread work per slice before yielding, ms (default 12). */
  sliceBudgetMs?: number;
  /**
   * Cap on the canvas backing-store scale (default: none, the canvas follows devicePixelRatio).
   * The field has no detail finer than a cell (6 CSS px at radius 25), so 1 looks the same on a
   * DPR 2 screen once the compositor scales the canvas up, at a quarter of the pixels to repaint
   * per scroll; worth setting where canvas 2D is software-rasterised.
   */
  maxPixelRatio?: number;
  /**
   * Backing store at field resolution (default true): the canvas holds one pixel per field cell
   * (6 CSS px at radius 25) and its CSS size stretches it over the viewport, so the compositor does
   * the bilinear upscale. A scroll then repaints ~1/36 of the pixels (240×150 for a 1440×900
   * viewport instead of 1440×900, or 2880×1800 at devicePixelRatio 2); with software raster that is
   * the difference between ~7 ms and well under 1 ms per frame, and the picture is the same because
   * the field has no detail finer than a cell. false paints at devicePixelRatio (bounded by
   * maxPixelRatio), as before.
   */
  fieldResolution?: boolean;
}

export { WORKER_HANDSHAKE_MS };

type FieldImage = ImageBitmap | HTMLCanvasElement | OffscreenCanvas;

/** A committed field as drawn: `columns`×`rows` pixels, each `cellSize` CSS px; fixed ones sit in the viewport. */
export interface FieldSnapshot {
  image: FieldImage;
  fixed: boolean;
  cellSize: number;
  /** Document y of the first row (a band drawn first, band.ts); 0 for a whole-page field. */
  originY: number;
  columns: number;
  rows: number;
}

interface CachedField {
  key: string;
  /** null when nothing is painted (no points, or zero-sized area). */
  image: FieldImage | null;
  cellSize: number;
  columns: number;
  rows: number;
  maxCount: number;
  /** Document y of the first row: 0, or the top of a band painted first (band.ts). */
  originY: number;
  /** Colour scale per CSS px², so the whole document's field can match its band's colours. */
  scaleDensity: number;
}

interface LayerFields {
  document: CachedField;
  fixed: CachedField;
}

/** A destroyed painter's computed fields, kept for the next painter of the same page. */
export interface PainterFields {
  readonly layers: ReadonlyMap<string, LayerFields>;
  /** Pixel bytes the field images hold. */
  readonly bytes: number;
}

/** Frees the images of fields nobody will adopt. */
export function releasePainterFields(fields: PainterFields): void {
  for (const entry of fields.layers.values()) {
    closeImage(entry.document.image);
    closeImage(entry.fixed.image);
  }
}

/** Source and destination rectangles of one drawImage call. */
export interface SliceRects {
  sourceX: number;
  sourceY: number;
  sourceWidth: number;
  sourceHeight: number;
  destinationX: number;
  destinationY: number;
  destinationWidth: number;
  destinationHeight: number;
}

/**
 * Part of a field (cellSize CSS px per field pixel) visible in a viewport whose top-left is at
 * (offsetX, offsetY) in the field's coordinates, mapped to canvas pixels at `pixelRatio`.
 * Intersected by hand rather than relying on drawImage clipping out-of-range source rectangles,
 * which browsers have handled inconsistently. null when nothing is visible.
 */
export function visibleSlice(
  field: { cellSize: number; columns: number; rows: number },
  offsetX: number,
  offsetY: number,
  viewportWidth: number,
  viewportHeight: number,
  pixelRatio: number,
): SliceRects | null {
  const fieldWidth = field.columns * field.cellSize;
  const fieldHeight = field.rows * field.cellSize;
  const left = Math.max(offsetX, 0);
  const top = Math.max(offsetY, 0);
  const right = Math.min(offsetX + viewportWidth, fieldWidth);
  const bottom = Math.min(offsetY + viewportHeight, fieldHeight);
  if (!(right > left && bottom > top)) return null;
  return {
    sourceX: left / field.cellSize,
    sourceY: top / field.cellSize,
    sourceWidth: (right - left) / field.cellSize,
    sourceHeight: (bottom - top) / field.cellSize,
    destinationX: (left - offsetX) * pixelRatio,
    destinationY: (top - offsetY) * pixelRatio,
    destinationWidth: (right - left) * pixelRatio,
    destinationHeight: (bottom - top) * pixelRatio,
  };
}

/**
 * Cheap content fingerprint so a scene rebuilt with equal data (new arrays, same points) reuses the
 * cached field: ~1 ms per 100k points, far below recomputing.
 */
export function pointsFingerprint(points: HeatPoints): string {
  // Two plain loops, no shared closure: one writing `hash` from a closure took 9.2 ms instead of 0.7 at 100k points (renderer bench).
  let hash = 0x811c9dc5;
  const count = pointCount(points);
  if (points instanceof Float64Array) {
    for (let index = 0; index < count * 3; index += 3) {
      hash = Math.imul(hash ^ ((points[index]! * 64) | 0), 0x01000193);
      hash = Math.imul(hash ^ ((points[index + 1]! * 64) | 0), 0x01000193);
      hash = Math.imul(hash ^ ((points[index + 2]! * 1024) | 0), 0x01000193);
    }
  } else {
    for (let index = 0; index < count; index++) {
      const point = points[index]!;
      hash = Math.imul(hash ^ ((point.x * 64) | 0), 0x01000193);
      hash = Math.imul(hash ^ ((point.y * 64) | 0), 0x01000193);
      hash = Math.imul(hash ^ ((point.weight * 1024) | 0), 0x01000193);
    }
  }
  return `${count}:${(hash >>> 0).toString(36)}`;
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

function clampOpacity(opacity: number): number {
  return Math.min(1, Math.max(0, finiteOr(opacity, 1)));
}

function fieldKey(layer: HeatLayerInput, points: HeatPoints, width: number, height: number, baseline?: HeatPoints): string {
  const key = `${layer.palette}|${finiteOr(layer.radius, DEFAULT_RADIUS)}|${width}x${height}|${pointsFingerprint(points)}`;
  return baseline ? `${key}|minus|${pointsFingerprint(baseline)}` : key;
}

function closeImage(image: FieldImage | null): void {
  if (image && 'close' in image && typeof image.close === 'function') image.close();
}

function emptyField(key: string): CachedField {
  return { key, image: null, cellSize: 1, columns: 0, rows: 0, maxCount: 0, originY: 0, scaleDensity: 0 };
}

/**
 * When the band around the viewport is painted before the rest (band.ts): the document's field has
 * at least this many cells (a 1,440 px wide page about 25,000 px tall at radius 25) and this many
 * points. Below that the whole field takes ~15–25 ms and the band's extra passes (a coarse pass for
 * the scale, the band, a second draw) would cost more than they save.
 */
export const BAND_FIRST_MIN_CELLS = 1_000_000;
export const BAND_FIRST_MIN_POINTS = 20_000;

function worthBandFirst(layer: HeatLayerInput, radius: number, width: number, height: number): boolean {
  if (layer.baseline || pointCount(layer.documentPoints) < BAND_FIRST_MIN_POINTS) return false;
  const geometry = gridGeometry(width, height, cellSizeForRadius(radius));
  return geometry.columns * geometry.rows >= BAND_FIRST_MIN_CELLS;
}

/** Rows above and below the viewport in the first band: the blur's full reach (3 box passes of ~σ each), plus a cell. */
function bandMargin(radius: number): number {
  return Math.ceil(3 * sigmaForRadius(radius) + 2 * cellSizeForRadius(radius));
}

/** RGBA → something drawImage accepts, preferring an ImageBitmap (GPU-friendly, decoded once). */
async function imageFromRgba(rgba: Uint8ClampedArray<ArrayBuffer>, columns: number, rows: number): Promise<FieldImage> {
  const imageData = new ImageData(rgba, columns, rows);
  if (typeof createImageBitmap === 'function') {
    try {
      return await createImageBitmap(imageData);
    } catch {
      // fall through to a canvas
    }
  }
  const canvas: HTMLCanvasElement | OffscreenCanvas =
    typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(columns, rows) : Object.assign(document.createElement('canvas'), { width: columns, height: rows });
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) throw new Error('2d context unavailable');
  context.putImageData(imageData, 0, 0);
  return canvas;
}

/** The field worker (field-worker.ts) through the shared worker client: start, handshake, answers. */
type FieldWorkerClient = WorkerClient<FieldWorkerRequest | FieldWorkerPing, FieldWorkerResponse>;
type FieldAnswer = Extract<FieldWorkerResponse, { kind: 'field' }>;

function startFieldWorker(source: string): FieldWorkerClient | null {
  return WorkerClient.start<FieldWorkerRequest | FieldWorkerPing, FieldWorkerResponse>(source, {
    name: 'field worker',
    handshakeMs: WORKER_HANDSHAKE_MS,
    // A field that arrives after its painter gave up on the worker: nobody will draw it.
    onUnclaimed: (answer) => closeImage(answer.bitmap),
  });
}

/** A field, computed in the worker; the points are packed and transferred, not copied. */
function computeInWorker(worker: FieldWorkerClient, points: HeatPoints, options: HeatFieldOptions): Promise<FieldAnswer> {
  const packed = packPoints(points);
  return worker.request({ kind: 'compute', packed, options }, [packed.buffer]);
}

/** Compare's A−B field (side B minus side A), off the page's main thread like the others. */
function computeDiffInWorker(worker: FieldWorkerClient, pointsB: HeatPoints, pointsA: HeatPoints, options: DiffFieldOptions): Promise<FieldAnswer> {
  const packedB = packPoints(pointsB);
  const packedA = packPoints(pointsA);
  return worker.request({ kind: 'diff', packedB, packedA, options }, [packedB.buffer, packedA.buffer]);
}

/** How long an unused worker is kept for the next painter (the overlay toggled off and on again). */
export const WORKER_IDLE_MS = 60_000;

/**
 * One field worker per page, shared by successive painters: starting a Blob URL worker, parsing its
 * script and warming its JIT cost tens of ms that a toggle off and on again should not pay twice.
 * Terminated WORKER_IDLE_MS after the last painter let go of it. Once a worker has been refused on a
 * page (CSP), later painters go straight to the main thread.
 */
const sharedWorker: { client: FieldWorkerClient | null; users: number; idleTimer: ReturnType<typeof setTimeout> | undefined; refused: boolean } = {
  client: null,
  users: 0,
  idleTimer: undefined,
  refused: false,
};

function acquireFieldWorker(source: string): FieldWorkerClient | null {
  clearTimeout(sharedWorker.idleTimer);
  if (sharedWorker.refused) return null;
  if (!sharedWorker.client || !sharedWorker.client.usable) {
    const client = startFieldWorker(source);
    if (!client) {
      // The constructor itself was refused (CSP, sandbox).
      sharedWorker.refused = true;
      return null;
    }
    sharedWorker.client = client;
    void client.ready.then(() => {
      // Refused by the page (CSP): later painters skip it. A slow start (a busy machine) is not that.
      if (client.refusedByPage) sharedWorker.refused = true;
    });
  }
  sharedWorker.users++;
  return sharedWorker.client;
}

function releaseFieldWorker(client: FieldWorkerClient): void {
  if (client !== sharedWorker.client) {
    client.terminate();
    return;
  }
  sharedWorker.users = Math.max(0, sharedWorker.users - 1);
  if (sharedWorker.users > 0) return;
  clearTimeout(sharedWorker.idleTimer);
  sharedWorker.idleTimer = setTimeout(() => {
    if (sharedWorker.users > 0 || sharedWorker.client !== client) return;
    client.terminate();
    sharedWorker.client = null;
  }, WORKER_IDLE_MS);
}

export class HeatPainter {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly sliceBudgetMs: number | undefined;
  private readonly maxPixelRatio: number;
  private readonly fieldResolution: boolean;
  /** Created with the main-thread computation, the first time the painter needs it. */
  private blurScratch: BlurScratch | null = null;
  private readonly mainThreadSource: HeatPainterOptions['mainThreadFields'];
  private mainThread: Promise<MainThreadFields> | null = null;
  private worker: FieldWorkerClient | null;
  /** Settles once the worker's source arrived and the shared worker was taken (or there is none). */
  private readonly workerStarting: Promise<void>;
  /** Scene whose fields are in `fields`; what draw() paints. */
  private committedScene: HeatScene | null = null;
  private fields = new Map<string, LayerFields>();
  private generation = 0;
  private lastScroll: { x: number; y: number } | null = null;
  private destroyed = false;

  constructor(canvas: HTMLCanvasElement, options: HeatPainterOptions = {}) {
    this.canvas = canvas;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('HeatPainter: 2d canvas context unavailable');
    this.context = context;
    this.sliceBudgetMs = options.sliceBudgetMs;
    this.mainThreadSource = options.mainThreadFields;
    this.maxPixelRatio = options.maxPixelRatio !== undefined && options.maxPixelRatio > 0 ? options.maxPixelRatio : 8;
    this.fieldResolution = options.fieldResolution !== false;
    this.worker = null;
    const source = options.useWorker === false ? null : (options.workerSource ?? null);
    this.workerStarting = Promise.resolve(source).then(
      (text) => {
        if (text && !this.destroyed) this.worker = acquireFieldWorker(text);
      },
      () => undefined,
    );
  }

  /** Where fields are being computed: 'worker' once the handshake succeeded. */
  async computeMode(): Promise<'worker' | 'main-thread'> {
    await this.workerStarting;
    return this.worker && (await this.worker.ready) && this.worker.usable ? 'worker' : 'main-thread';
  }

  /**
   * Takes new data/sizes. Recomputes a layer's document field only when its points, palette, radius
   * or the document size changed, and its fixed field only when those or the viewport size changed;
   * opacity and devicePixelRatio changes only redraw. A newer call supersedes an unfinished older one
   * (the older resolves without committing). Redraws at the last scroll position once committed.
   */
  async setScene(scene: HeatScene, progress: { /** Heat is on screen: the viewport's band (more to come) or everything. */ onDrawn?: (stage: 'band' | 'whole') => void } = {}): Promise<void> {
    if (this.destroyed) return;
    const generation = ++this.generation;
    const isStale = () => this.destroyed || generation !== this.generation;
    const next = new Map<string, LayerFields>();
    const created: CachedField[] = [];
    const reuse = (layerId: string, kind: keyof LayerFields, key: string): CachedField | undefined => {
      const cached = this.fields.get(layerId)?.[kind];
      return cached && cached.key === key ? cached : undefined;
    };
    if (!this.lastScroll && scene.scrollY !== undefined) this.lastScroll = { x: finiteOr(scene.scrollX ?? 0, 0), y: finiteOr(scene.scrollY, 0) };
    /** Layers whose band was computed first: their whole document comes second, in the band's colours. */
    const wholeDocumentLater: { layer: HeatLayerInput; key: string; band: CachedField }[] = [];
    try {
      // Whoever handed over the points (message decoding, validation, conversion) has just spent a
      // while on this task; fingerprinting, packing and posting (or computing) get tasks of their own.
      if (scene.layers.some((layer) => pointCount(layer.documentPoints) + pointCount(layer.fixedPoints) > 0)) {
        await yieldToEventLoop();
        if (isStale()) return;
      }
      for (const layer of scene.layers) {
        const documentKey = fieldKey(layer, layer.documentPoints, scene.documentWidth, scene.documentHeight, layer.baseline?.documentPoints);
        const fixedKey = fieldKey(layer, layer.fixedPoints, scene.viewportWidth, scene.viewportHeight, layer.baseline?.fixedPoints);
        let documentField = reuse(layer.id, 'document', documentKey);
        if (!documentField) {
          const radius = finiteOr(layer.radius, DEFAULT_RADIUS);
          const band = worthBandFirst(layer, radius, scene.documentWidth, scene.documentHeight)
            ? firstBand(this.lastScroll?.y ?? 0, scene.viewportHeight, scene.documentHeight, bandMargin(radius))
            : null;
          const computed = band
            ? await this.computeField(`${documentKey}|band`, layer, layer.documentPoints, scene.documentWidth, scene.documentHeight, isStale, undefined, { band })
            : await this.computeField(documentKey, layer, layer.documentPoints, scene.documentWidth, scene.documentHeight, isStale, layer.baseline?.documentPoints);
          if (!computed) return;
          if (band) wholeDocumentLater.push({ layer, key: documentKey, band: computed });
          documentField = computed;
        }
        if (!this.isCached(documentField)) created.push(documentField);
        const fixedField =
          reuse(layer.id, 'fixed', fixedKey) ??
          (await this.computeField(fixedKey, layer, layer.fixedPoints, scene.viewportWidth, scene.viewportHeight, isStale, layer.baseline?.fixedPoints));
        if (!fixedField) return;
        if (!this.isCached(fixedField)) created.push(fixedField);
        next.set(layer.id, { document: documentField, fixed: fixedField });
      }
      if (isStale()) return;
      this.commit(scene, next, created);
      progress.onDrawn?.(wholeDocumentLater.length > 0 ? 'band' : 'whole');
      if (wholeDocumentLater.length === 0) return;
      // The bands are on screen; now each of those layers' whole document, in the same colours. A map
      // of its own: the committed one (drawn on scroll meanwhile) keeps the bands until this commit,
      // which releases them.
      const whole = new Map(next);
      for (const { layer, key, band } of wholeDocumentLater) {
        const field = await this.computeField(key, layer, layer.documentPoints, scene.documentWidth, scene.documentHeight, isStale, undefined, { scaleDensity: band.scaleDensity });
        if (!field || isStale()) return;
        created.push(field);
        whole.set(layer.id, { document: field, fixed: whole.get(layer.id)!.fixed });
      }
      this.commit(scene, whole, created);
      progress.onDrawn?.('whole');
    } finally {
      for (const field of created) closeImage(field.image); // superseded before commit
    }
  }

  /** Makes `next` the painted fields (releasing the ones it replaces) and redraws at the last scroll position. */
  private commit(scene: HeatScene, next: Map<string, LayerFields>, created: CachedField[]): void {
    const kept = new Set<CachedField>();
    for (const entry of next.values()) kept.add(entry.document).add(entry.fixed);
    for (const entry of this.fields.values()) {
      if (!kept.has(entry.document)) closeImage(entry.document.image);
      if (!kept.has(entry.fixed)) closeImage(entry.fixed.image);
    }
    created.length = 0;
    this.fields = next;
    this.committedScene = scene;
    this.resizeCanvas(scene);
    if (this.lastScroll) this.draw(this.lastScroll.x, this.lastScroll.y);
  }

  /** Legend figure: spot count the hottest colour stands for, per committed layer (document field). */
  maxCount(layerId: string): number {
    const entry = this.fields.get(layerId);
    return entry ? Math.max(entry.document.maxCount, entry.fixed.maxCount) : 0;
  }

  /**
   * Bytes of pixel memory the painter holds: one RGBA pixel per cell of every committed field
   * (ImageBitmaps), the on-screen canvas's backing store, and the blur scratch the main-thread
   * fallback keeps for reuse. The density grid and colour buffer of a computation are transient
   * (in the worker, or on the main thread while a field is computed) and are not counted here.
   */
  pixelMemoryBytes(): number {
    let bytes = this.canvas.width * this.canvas.height * 4 + (this.blurScratch ? this.blurScratch.buffer.byteLength + this.blurScratch.rowAccumulator.byteLength : 0);
    for (const entry of this.fields.values()) {
      for (const field of [entry.document, entry.fixed]) if (field.image) bytes += field.columns * field.rows * 4;
    }
    return bytes;
  }

  /**
   * Paints the committed scene for a scroll position (document CSS px). Cheap: a clear and at most
   * two scaled drawImage calls per layer; call it from a scroll/rAF handler.
   */
  draw(scrollX: number, scrollY: number): void {
    if (this.destroyed) return;
    const x = finiteOr(scrollX, 0);
    const y = finiteOr(scrollY, 0);
    this.lastScroll = { x, y };
    const context = this.context;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.globalAlpha = 1;
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const scene = this.committedScene;
    if (!scene) return;
    const pixelRatio = this.pixelRatio(scene);
    context.imageSmoothingEnabled = true;
    for (const layer of scene.layers) {
      const entry = this.fields.get(layer.id);
      const opacity = clampOpacity(layer.opacity);
      if (!entry || opacity === 0) continue;
      context.globalAlpha = opacity;
      this.drawField(entry.document, x, y - entry.document.originY, scene, pixelRatio);
      this.drawField(entry.fixed, 0, 0, scene, pixelRatio);
    }
    context.globalAlpha = 1;
  }

  /**
   * Destroys the painter but hands its computed fields over for a later painter of the same page
   * (the overlay hidden and shown again: see lib/overlay/kept-heat.ts). Null, with the fields
   * released, when they hold more than `maxBytes` of pixels.
   */
  destroyKeepingFields(maxBytes: number): PainterFields | null {
    const layers = this.fields;
    this.fields = new Map();
    this.destroy();
    let bytes = 0;
    for (const entry of layers.values()) bytes += (entry.document.image ? entry.document.columns * entry.document.rows * 4 : 0) + (entry.fixed.image ? entry.fixed.columns * entry.fixed.rows * 4 : 0);
    const handed: PainterFields = { layers, bytes };
    if (layers.size === 0 || bytes > maxBytes) {
      releasePainterFields(handed);
      return null;
    }
    return handed;
  }

  /**
   * Takes fields handed over by destroyKeepingFields: the next setScene reuses those whose layer and
   * content key match (no recomputation) and releases the rest. Ignored once this painter has fields.
   */
  adoptFields(fields: PainterFields): void {
    if (this.destroyed || this.fields.size > 0) {
      releasePainterFields(fields);
      return;
    }
    this.fields = new Map(fields.layers);
  }

  /**
   * The committed fields, for the full-page image (lib/full-page/full-page.ts): per layer, its document
   * field (document CSS px from the top-left) and fixed field (viewport CSS px), and its opacity.
   */
  committedFields(): Array<{ opacity: number; fields: FieldSnapshot[] }> {
    const scene = this.committedScene;
    if (!scene) return [];
    return scene.layers.flatMap((layer) => {
      const entry = this.fields.get(layer.id);
      const snapshot = (field: CachedField, fixed: boolean): FieldSnapshot[] =>
        field.image ? [{ image: field.image, fixed, cellSize: field.cellSize, originY: field.originY, columns: field.columns, rows: field.rows }] : [];
      return entry ? [{ opacity: clampOpacity(layer.opacity), fields: [...snapshot(entry.document, false), ...snapshot(entry.fixed, true)] }] : [];
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.generation++;
    if (this.worker) releaseFieldWorker(this.worker);
    this.worker = null;
    for (const entry of this.fields.values()) {
      closeImage(entry.document.image);
      closeImage(entry.fixed.image);
    }
    this.fields.clear();
    this.committedScene = null;
    this.context.setTransform(1, 0, 0, 1, 0, 0);
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  private isCached(field: CachedField): boolean {
    for (const entry of this.fields.values()) if (entry.document === field || entry.fixed === field) return true;
    return false;
  }

  private drawField(field: CachedField, offsetX: number, offsetY: number, scene: HeatScene, pixelRatio: number): void {
    if (!field.image) return;
    const slice = visibleSlice(field, offsetX, offsetY, scene.viewportWidth, scene.viewportHeight, pixelRatio);
    if (!slice) return;
    this.context.drawImage(
      field.image,
      slice.sourceX,
      slice.sourceY,
      slice.sourceWidth,
      slice.sourceHeight,
      slice.destinationX,
      slice.destinationY,
      slice.destinationWidth,
      slice.destinationHeight,
    );
  }

  /** Canvas pixels per CSS px for the committed fields (see HeatPainterOptions.fieldResolution). */
  private pixelRatio(scene: HeatScene): number {
    const ratio = finiteOr(scene.devicePixelRatio, 1);
    const devicePixels = ratio > 0 ? Math.min(ratio, this.maxPixelRatio, 8) : 1;
    if (!this.fieldResolution) return devicePixels;
    // The finest field decides: one canvas pixel per cell of the smallest cell size painted.
    let finestCell = Infinity;
    for (const entry of this.fields.values()) {
      for (const field of [entry.document, entry.fixed]) if (field.image && field.cellSize > 0) finestCell = Math.min(finestCell, field.cellSize);
    }
    return Number.isFinite(finestCell) ? Math.min(devicePixels, 1 / finestCell) : devicePixels;
  }

  private resizeCanvas(scene: HeatScene): void {
    const pixelRatio = this.pixelRatio(scene);
    const cssWidth = Math.max(0, finiteOr(scene.viewportWidth, 0));
    const cssHeight = Math.max(0, finiteOr(scene.viewportHeight, 0));
    // Rounded up, and the CSS size set from the rounded backing size, so canvas pixels map to CSS px
    // exactly (the canvas may overhang the viewport by under one cell; it is position: fixed, so
    // that never creates scrollable overflow).
    const width = Math.ceil(cssWidth * pixelRatio - 1e-6);
    const height = Math.ceil(cssHeight * pixelRatio - 1e-6);
    // Assigning width/height clears the canvas and reallocates it even when unchanged; avoid that.
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    this.canvas.style.width = `${width / pixelRatio}px`;
    this.canvas.style.height = `${height / pixelRatio}px`;
  }

  private async computeField(
    key: string,
    layer: HeatLayerInput,
    points: HeatPoints,
    width: number,
    height: number,
    isStale: () => boolean,
    baseline?: HeatPoints,
    /** A band first (band.ts), or the whole document in its band's colours. */
    part: Pick<HeatFieldOptions, 'band' | 'scaleDensity'> = {},
  ): Promise<CachedField | null> {
    const radius = finiteOr(layer.radius, DEFAULT_RADIUS);
    if (baseline) {
      // Compare's A−B field (diff-field.ts).
      if (pointCount(points) === 0 && pointCount(baseline) === 0) return emptyField(key);
      const options: DiffFieldOptions = { width, height, radius };
      return this.computeWith(
        key,
        isStale,
        (worker) => computeDiffInWorker(worker, points, baseline, options),
        (fields, scratch) => fields.diffFieldSteps(points, baseline, options, scratch),
      );
    }
    if (pointCount(points) === 0) return emptyField(key);
    const options: HeatFieldOptions = { width, height, radius, palette: layer.palette, ...part };
    return this.computeWith(
      key,
      isStale,
      (worker) => computeInWorker(worker, points, options),
      (fields, scratch) => fields.heatFieldSteps(points, options, scratch),
    );
  }

  /**
   * One field: in the worker when there is one; otherwise (or when a job fails in it) on the main
   * thread in slices, with the computation loaded on demand (HeatPainterOptions.mainThreadFields).
   */
  private async computeWith(
    key: string,
    isStale: () => boolean,
    inWorker: (worker: FieldWorkerClient) => Promise<FieldAnswer>,
    onMainThread: (fields: MainThreadFields, scratch: BlurScratch) => Generator<void, HeatField, void>,
  ): Promise<CachedField | null> {
    await this.workerStarting;
    if (this.worker && (await this.worker.ready) && this.worker.usable) {
      try {
        const result = await inWorker(this.worker);
        if (isStale()) {
          closeImage(result.bitmap);
          return null;
        }
        return await this.cachedFromWorker(key, result.meta, result.bitmap, result.rgba);
      } catch {
        // The worker died or failed this job: carry on without it (and never hand it out again).
        if (this.worker) {
          this.worker.terminate();
          releaseFieldWorker(this.worker);
        }
        this.worker = null;
      }
    }
    const fields = await this.loadMainThread();
    if (isStale()) return null;
    this.blurScratch ??= fields.createBlurScratch();
    const field = await runSliced(onMainThread(fields, this.blurScratch), { budgetMs: this.sliceBudgetMs, isCancelled: isStale });
    if (!field || isStale()) return null;
    return this.cachedFromField(key, field);
  }

  private loadMainThread(): Promise<MainThreadFields> {
    const source = this.mainThreadSource;
    this.mainThread ??= source
      ? Promise.resolve(typeof source === 'function' ? source() : source)
      : Promise.reject(new Error('this page does not let Heatlens start its renderer’s worker, and the renderer could not be loaded without it'));
    // A failed load may be retried by the next scene.
    this.mainThread.catch(() => (this.mainThread = null));
    return this.mainThread;
  }

  private async cachedFromField(key: string, field: HeatField): Promise<CachedField> {
    const image = field.columns > 0 && field.rows > 0 && field.acceptedPoints > 0 ? await imageFromRgba(field.rgba, field.columns, field.rows) : null;
    return { key, image, cellSize: field.cellSize, columns: field.columns, rows: field.rows, maxCount: field.maxCount, originY: field.originY, scaleDensity: field.scaleDensity };
  }

  private async cachedFromWorker(
    key: string,
    meta: FieldWorkerMeta,
    bitmap: ImageBitmap | null,
    rgba: Uint8ClampedArray<ArrayBuffer> | null,
  ): Promise<CachedField> {
    let image: FieldImage | null = bitmap;
    if (meta.acceptedPoints === 0) {
      closeImage(bitmap);
      image = null;
    } else if (!image && rgba && meta.columns > 0 && meta.rows > 0) {
      image = await imageFromRgba(rgba, meta.columns, meta.rows);
    }
    return { key, image, cellSize: meta.cellSize, columns: meta.columns, rows: meta.rows, maxCount: meta.maxCount, originY: meta.originY, scaleDensity: meta.scaleDensity };
  }
}
