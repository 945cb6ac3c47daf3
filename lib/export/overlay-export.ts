import { stripPostHogFragment } from '../core/geometry';
import type { CompareView } from '../compare/view';
import type { HeatmapPayload } from '../messaging/protocol';
import { MessageError } from '../messaging/envelope';
import type { Preferences } from '../settings/store';
import type { GuidesProps } from '../layers/guides';
import { captionLines } from './caption';
import { toCsv } from './csv';
import { exportDataFor } from './data';
import { dataUrlToBlob, downloadFile, exportFilename } from '../core/download';
import { toJson } from './json';
import { CaptureRefusedError } from '../full-page/capture-image';
import { PageScroller } from '../full-page/page-scroller';
import { markerCode, scrollStrips } from '../full-page/scroll-capture';
import type { CaptureViewport, ExpectedStrip } from '../full-page/tab-video';

export type ExportState =
  | { kind: 'idle' }
  /**
   * The visible tab is being captured: the panel looks exactly as when idle (no greyed buttons, no
   * message), because it is in the picture; the browser may take that picture at any moment after the
   * click (at once from a warm worker, later from one Chrome had stopped). Further clicks are ignored.
   */
  | { kind: 'capturing' }
  | { kind: 'busy'; message: string }
  | { kind: 'done'; message: string; filename: string }
  | { kind: 'error'; message: string };

export interface ExportDependencies {
  /** The background's capture of this tab, caption composited (see capture-image.ts). */
  captureVisible(request: { caption: string[]; cssWidth: number }): Promise<{ dataUrl: string }>;
  /** The background's capture of the whole document, kept there with what to draw on it (full-page-image.ts). */
  captureFullPage(request: FullPageRequest): Promise<unknown>;
  /** That capture with the heat, guides, legend and caption drawn on it, as a PNG. */
  finishFullPage(): Promise<{ dataUrl: string; scaledDown: boolean }>;
  /** How this build captures the whole page; `scroll` has opened the tab's video (lib/full-page/tab-capture.ts). */
  beginFullPage(request: { viewport: CaptureViewport }): Promise<{ mode: 'beyond-viewport' | 'scroll'; salt: number }>;
  /** The strips the page is about to scroll through: the background keeps the frame of the tab's video that carries each one's marker. */
  expectStrips(request: { strips: ExpectedStrip[] }): Promise<unknown>;
  /** Waits for those frames (or these codes'); the codes still missing. */
  awaitStrips(request: { codes?: number[]; timeoutMs: number }): Promise<{ missing: number[] }>;
  /** Stops the tab's video after a failed scroll capture. */
  abortFullPage(): Promise<unknown>;
}

export type { FullPageField, FullPageGuides, FullPageLegendEntry, FullPageRequest } from '../full-page/messages';
import type { FullPageField, FullPageLegendEntry, FullPageRequest } from '../full-page/messages';

/** What the overlay hands the exporter for a full-page image (lib/overlay/controller.tsx). */
export interface FullPageSource {
  /** The page scrolls inside a pane, not the window: the browser cannot capture it whole. */
  scrollsInPane: boolean;
  page: { documentWidth: number; documentHeight: number; devicePixelRatio: number };
  fields: Array<{ opacity: number; fields: Array<{ image: CanvasImageSource; fixed: boolean; cellSize: number; originY: number; columns: number; rows: number }> }>;
  /** The guides as drawn (components/Guides.tsx), null before any. */
  guides: GuidesProps | null;
  legend: FullPageLegendEntry[];
  /** Hides Heatlens's own overlay (panel, heat, guides) for the capture; the returned function shows it again. */
  hideOverlay(): () => void;
  /** Whether an element is Heatlens's own (left alone when the page's fixed and sticky elements are handled). */
  isOwnElement(element: Element): boolean;
}

/** A field image (ImageBitmap or canvas) as a PNG data URL, at its own cell resolution (a few hundred pixels wide). */
async function fieldPng(image: CanvasImageSource, columns: number, rows: number): Promise<string> {
  const canvas = new OffscreenCanvas(columns, rows);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas here to read the heat from');
  context.drawImage(image, 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the heat could not be read'));
    reader.readAsDataURL(blob);
  });
}

/**
 * Resolves in a task after the page's next rendering update, so what was changed before it has been
 * painted (a change made inside a rAF callback would be painted in that same update instead).
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    }),
  );
}

function messageOf(error: unknown): string {
  if (error instanceof MessageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs in the on-demand script (lib/export/tools.ts), created the first time the user exports.
 *
 * The overlay's export actions: "Save image" (the visible viewport with heat, guides and the panel's
 * legend, captured by the browser at device pixel ratio, a caption composited under it) and
 * "Download data" (CSV or JSON of the aggregates as painted). `painted` reads what the overlay shows.
 */
export class OverlayExport {
  private current: ExportState = { kind: 'idle' };

  constructor(
    private readonly dependencies: ExportDependencies,
    private readonly painted: () => { payload: HeatmapPayload; preferences: Preferences; view: CompareView | null } | null,
    private readonly onChange: () => void,
    private readonly fullPageSource: () => FullPageSource | null = () => null,
  ) {}

  get state(): ExportState {
    return this.current;
  }

  private set(state: ExportState): void {
    this.current = state;
    this.onChange();
  }

  private viewLabel(view: CompareView | null, payload: HeatmapPayload): string {
    if (!payload.comparison) return 'heatmap';
    return view === 'a' ? 'A' : view === 'b' ? 'B' : 'A−B (B minus A)';
  }

  async saveImage(): Promise<void> {
    const painted = this.painted();
    if (!painted || this.current.kind === 'busy' || this.current.kind === 'capturing') return;
    const pageUrl = stripPostHogFragment(location.href);
    const caption = captionLines(painted.payload, { pageUrl, view: this.viewLabel(painted.view, painted.payload), capturedAt: new Date() });
    // Not "busy": whatever the panel shows until the capture returns is in the saved image.
    this.set({ kind: 'capturing' });
    try {
      const { dataUrl } = await this.dependencies.captureVisible({ caption, cssWidth: window.innerWidth });
      const filename = exportFilename(pageUrl, 'png');
      downloadFile(filename, dataUrlToBlob(dataUrl));
      this.set({ kind: 'done', message: `Saved ${filename}`, filename });
    } catch (error) {
      this.set({ kind: 'error', message: messageOf(error) });
    }
  }

  /**
   * "Full page image": the whole document at device pixel ratio (smaller only past the canvas limits),
   * captured by the background (Chrome: the page scrolls strip by strip under the tab's video, about a
   * second for 12,000 px; Firefox: captureVisibleTab of document rectangles, the page never moves), with every painted field drawn at
   * its document position, fixed heat where it sits at scroll 0, the guides, the legend and the caption.
   * Heatlens's own overlay is hidden for the capture and shown again afterwards, whatever happens.
   */
  async saveFullPage(): Promise<void> {
    const painted = this.painted();
    const source = this.fullPageSource();
    if (!painted || !source || this.current.kind === 'busy' || this.current.kind === 'capturing') return;
    if (source.scrollsInPane) {
      this.set({
        kind: 'error',
        message: 'This page scrolls inside a pane, not the window, so the browser cannot capture it whole. Use Save image for the visible part.',
      });
      return;
    }
    const pageUrl = stripPostHogFragment(location.href);
    const caption = captionLines(painted.payload, { pageUrl, view: this.viewLabel(painted.view, painted.payload), capturedAt: new Date() });
    this.set({ kind: 'busy', message: 'Capturing the whole page…' });
    try {
      const fields: FullPageField[] = [];
      for (const layer of source.fields) {
        for (const field of layer.fields) {
          fields.push({ dataUrl: await fieldPng(field.image, field.columns, field.rows), opacity: layer.opacity, fixed: field.fixed, cellSize: field.cellSize, originY: field.originY, columns: field.columns, rows: field.rows });
        }
      }
      const guides = source.guides;
      const request: FullPageRequest = {
        caption,
        legend: source.legend,
        page: source.page,
        fields,
        guides: { fold: guides?.fold ?? null, markers: guides?.scroll?.markers ?? [], bands: guides?.scroll?.bands ?? [], bandOpacity: guides?.scroll?.opacity ?? 0 },
        diffLegend:
          painted.payload.comparison && painted.view === 'diff'
            ? `A−B: warm where B has more, cool where it has fewer, clear where they agree (each range ${painted.payload.comparison.normalisation === 'visitors' ? 'per visitor' : 'as a share of its own total'})`
            : null,
      };
      // Hidden only while the browser captures: the drawing afterwards can take seconds on a tall page.
      const showAgain = source.hideOverlay();
      let hidden = true;
      const show = () => {
        if (hidden) showAgain();
        hidden = false;
      };
      try {
        const viewport = {
          width: window.innerWidth,
          height: window.innerHeight,
          clientWidth: document.documentElement.clientWidth || window.innerWidth,
          clientHeight: document.documentElement.clientHeight || window.innerHeight,
          devicePixelRatio: window.devicePixelRatio || 1,
        };
        const { mode, salt } = await whilePageRepaints(this.dependencies.beginFullPage({ viewport }));
        if (mode === 'scroll') {
          await this.scrollUnderTabVideo(source, viewport, salt);
          // Every strip's frame is kept: the overlay may come back while they are stitched.
          show();
        }
        await this.dependencies.captureFullPage(request);
      } finally {
        show();
      }
      this.set({ kind: 'busy', message: 'Drawing the heat on the page…' });
      const reply = await this.dependencies.finishFullPage();
      const filename = exportFilename(pageUrl, 'png').replace(/\.png$/, '-full-page.png');
      downloadFile(filename, dataUrlToBlob(reply.dataUrl));
      this.set({ kind: 'done', message: reply.scaledDown ? `Saved ${filename}, scaled down to fit the browser's largest image (the caption says by how much)` : `Saved ${filename}`, filename });
    } catch (error) {
      this.set({ kind: 'error', message: messageOf(error) });
    }
  }

  /**
   * Chrome's released build: the page scrolls strip by strip while the background keeps, for each, the
   * frame of the tab's video that carries the strip's marker (lib/full-page/scroll-capture.ts), then goes
   * back exactly where it was. The scrolling is all the user sees move: one frame per strip.
   */
  private async scrollUnderTabVideo(source: FullPageSource, viewport: CaptureViewport, salt: number): Promise<void> {
    const documentHeight = Math.ceil(source.page.documentHeight);
    const scroller = new PageScroller(documentHeight, (element) => source.isOwnElement(element));
    try {
      const strips: ExpectedStrip[] = scrollStrips(documentHeight, Math.floor(viewport.clientHeight)).map((strip, index) => ({ ...strip, code: markerCode(index, salt) }));
      await this.dependencies.expectStrips({ strips });
      scroller.begin();
      // One strip per frame of the page: each is painted before the next scroll (the tab's video takes
      // up to 60 frames a second); its frames arrive some tens of ms later, while the page is further down.
      for (const [index, strip] of strips.entries()) {
        scroller.show(strip, index, strip.code);
        await afterNextPaint();
      }
      const { missing } = await this.dependencies.awaitStrips({ timeoutMs: 1500 });
      // A frame Chrome dropped (a busy moment): that strip again, on its own.
      for (const code of missing) {
        const index = strips.findIndex((strip) => strip.code === code);
        scroller.show(strips[index]!, index, code);
        const again = await this.dependencies.awaitStrips({ codes: [code], timeoutMs: 1500 });
        if (again.missing.length > 0) {
          throw new CaptureRefusedError('Chrome did not send the picture of part of the page (is the tab still shown, and the page not busy?). Stay on the tab and try again, or use Save image for the visible part.');
        }
      }
    } catch (error) {
      await this.dependencies.abortFullPage().catch(() => undefined);
      throw error;
    } finally {
      scroller.restore();
    }
  }

  async downloadData(format: 'csv' | 'json'): Promise<void> {
    const painted = this.painted();
    if (!painted) return;
    const pageUrl = stripPostHogFragment(location.href);
    const data = exportDataFor(painted.payload, painted.preferences, painted.view, { pageUrl, viewportWidth: window.innerWidth });
    const filename = exportFilename(pageUrl, format);
    const blob = format === 'csv' ? new Blob([toCsv(data)], { type: 'text/csv' }) : new Blob([toJson(data)], { type: 'application/json' });
    downloadFile(filename, blob);
    this.set({ kind: 'done', message: `Saved ${filename} (${data.rows.length} rows)`, filename });
  }
}

/**
 * Chrome's tab video sends a frame only when the page's picture changes, and the background waits for
 * a first one to know the video works; a still page may send none when the video opens (seen in
 * headless Chromium after Heatlens's popup was opened and closed over the tab). While `work` runs (the
 * video opening), one CSS pixel at the window's top-left corner flips between two almost transparent
 * shades every animation frame, so the picture keeps changing; it is gone before the page scrolls, so
 * no strip is taken with it.
 */
async function whilePageRepaints<T>(work: Promise<T>): Promise<T> {
  const pixel = document.createElement('heatlens-capture-repaint');
  pixel.setAttribute('aria-hidden', 'true');
  pixel.style.cssText = 'all:initial;position:fixed;top:0;left:0;width:1px;height:1px;z-index:2147483647;pointer-events:none;display:block';
  (document.body ?? document.documentElement).append(pixel);
  let flip = false;
  let frame = 0;
  const repaint = () => {
    flip = !flip;
    pixel.style.setProperty('background', flip ? 'rgba(0,0,0,0.01)' : 'rgba(255,255,255,0.01)');
    frame = requestAnimationFrame(repaint);
  };
  repaint();
  try {
    return await work;
  } finally {
    cancelAnimationFrame(frame);
    pixel.remove();
  }
}
