import { CaptureRefusedError, pngDataUrl } from './capture-image';
import { captureFrameSize, decodeMarker, luma, markerSamplePoints, stitchDraws, type KeptPiece } from './scroll-capture';

/**
 * Runs in the offscreen document (entrypoints/capture/): the tab's video, opened from the stream id the
 * background got from chrome.tabCapture for the tab the user invoked Heatlens on. While the page
 * scrolls, each strip's frame is the one that carries that strip's marker (lib/full-page/scroll-capture.ts
 * says why timing cannot decide it); its kept rows are held as a bitmap at the device pixel ratio. The
 * background then asks for bands of the stitched page as PNG.
 */

export interface CaptureViewport {
  /** The window's CSS size, scrollbars included: what the tab's video shows. */
  width: number;
  height: number;
  /** The part the page shows (scrollbars excluded), CSS px. */
  clientWidth: number;
  clientHeight: number;
  devicePixelRatio: number;
}

/** A strip the page will scroll to, and the marker code it paints there (lib/full-page/scroll-capture.ts). */
export interface ExpectedStrip {
  code: number;
  marker: 'top' | 'bottom';
  scrollY: number;
  top: number;
  bottom: number;
}

interface HeldPiece extends KeptPiece {
  bitmap: ImageBitmap;
}

/** Rows of a frame copied out of the capturer's buffers, to be turned into a bitmap after the page moved on. */
interface CopiedRows {
  data: Uint8Array;
  init: VideoFrameBufferInit;
  /** Rows above the kept ones in the copy (the copy starts on an even row, as 4:2:0 needs). */
  offsetY: number;
  width: number;
  height: number;
}

/** Formats whose first plane is luma (Y). */
const LUMA_FIRST = new Set(['I420', 'I420A', 'I422', 'I422A', 'I444', 'I444A', 'NV12']);
const RGB_ORDER: Record<string, [number, number, number]> = { RGBA: [0, 1, 2], RGBX: [0, 1, 2], BGRA: [2, 1, 0], BGRX: [2, 1, 0] };

/** What Chromium's tab capture constraints look like (not in the DOM typings). */
function tabConstraints(streamId: string, size: { width: number; height: number }): MediaStreamConstraints {
  return {
    audio: false,
    video: {
      mandatory: {
        chromeMediaSource: 'tab',
        chromeMediaSourceId: streamId,
        // Exactly the window's pixels: any other size is scaled or letterboxed by the capturer.
        minWidth: size.width,
        maxWidth: size.width,
        minHeight: size.height,
        maxHeight: size.height,
        maxFrameRate: 60,
      },
    } as unknown as MediaTrackConstraints,
  };
}

declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack; maxBufferSize?: number });
  readonly readable: ReadableStream<VideoFrame>;
}

export class TabVideo {
  private track: MediaStreamTrack | null = null;
  private latest: VideoFrame | null = null;
  /** Strips whose frame has not arrived yet, by code. */
  private readonly expected = new Map<number, ExpectedStrip>();
  private readonly kept = new Set<number>();
  /** Called when a strip's frame is kept (await). */
  private onKept: (() => void) | null = null;
  private firstFrame: (() => void) | null = null;
  private pieces: HeldPiece[] = [];
  /**
   * Kept strips waiting to become bitmaps. They are made only once the page has stopped scrolling
   * (the first `strip`): on a busy machine that work would otherwise slow the scrolling the user sees.
   */
  private waiting: Array<() => Promise<void>> = [];
  private conversions: Promise<void> = Promise.resolve();
  private conversionError: unknown = null;
  private viewport: CaptureViewport | null = null;
  /** Frame pixels per CSS px: the device pixel ratio, twice that for a window of odd device pixels (captureFrameSize). */
  private frameRatio = 1;

  async open(streamId: string, viewport: CaptureViewport): Promise<void> {
    this.close();
    this.viewport = viewport;
    const size = captureFrameSize(viewport);
    this.frameRatio = viewport.devicePixelRatio * size.multiple;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(tabConstraints(streamId, size));
    } catch (error) {
      throw new CaptureRefusedError(`Chrome refused the video of this tab (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}). Use Save image for the visible part.`);
    }
    const track = stream.getVideoTracks()[0];
    if (!track) throw new CaptureRefusedError('Chrome gave Heatlens no video of this tab. Use Save image for the visible part.');
    this.track = track;
    const first = new Promise<void>((resolve) => (this.firstFrame = resolve));
    // Frames queue while one is being read (a strip's rows are copied out): none is dropped unread.
    void this.read(new MediaStreamTrackProcessor({ track, maxBufferSize: 30 }).readable.getReader(), track);
    // The capturer sends a first frame at once; without it nothing later would come either.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CaptureRefusedError('Chrome opened the video of this tab but sent no picture. Use Save image for the visible part.')), 3000);
    });
    try {
      await Promise.race([first, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The strips the page is about to scroll through. Every frame that arrives is read for a marker
   * (top band and bottom band); a frame that carries an expected strip's code has its kept rows
   * copied out of the capturer's buffer at once; they become bitmaps after the scrolling.
   */
  expect(strips: readonly ExpectedStrip[]): void {
    this.requireViewport();
    for (const strip of strips) {
      if (!this.kept.has(strip.code)) this.expected.set(strip.code, strip);
    }
  }

  /** Waits until the frames of `codes` (every expected strip when absent) are kept, `timeoutMs` at most; the codes still missing. */
  async await(codes: readonly number[] | undefined, timeoutMs: number): Promise<number[]> {
    this.requireViewport();
    const missing = () => (codes ?? [...this.expected.keys()]).filter((code) => !this.kept.has(code));
    const deadline = performance.now() + timeoutMs;
    while (missing().length > 0 && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - performance.now()));
        this.onKept = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.onKept = null;
    }
    return missing();
  }

  /** Document rows [y, y + height) of the stitched page, `width` × `destinationHeight` px at `scale` px per CSS px, as a PNG data URL. */
  async strip(request: { y: number; height: number; scale: number; width: number; destinationHeight: number }): Promise<string> {
    const viewport = this.requireViewport();
    const waiting = this.waiting;
    this.waiting = [];
    for (const convert of waiting) this.conversions = this.conversions.then(convert).catch((error: unknown) => void (this.conversionError ??= error));
    await this.conversions;
    if (this.conversionError) throw new CaptureRefusedError(`A strip of the page could not be kept (${this.conversionError instanceof Error ? this.conversionError.message : String(this.conversionError)}). Try again, or use Save image for the visible part.`);
    const canvas = new OffscreenCanvas(request.width, request.destinationHeight);
    const context = canvas.getContext('2d');
    if (!context) throw new CaptureRefusedError('This browser could not make a canvas for the full-page image; use Save image for the visible part.');
    // Columns right of what the window shows (a page wider than the window) stay white.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    // In document order (a strip taken again after a dropped frame arrives last).
    const pieces = [...this.pieces].sort((a, b) => a.top - b.top);
    for (const draw of stitchDraws(pieces, request.y, request.height, request.scale, viewport.devicePixelRatio)) {
      const { bitmap } = pieces[draw.piece]!;
      const destinationWidth = Math.round((bitmap.width / viewport.devicePixelRatio) * request.scale);
      context.drawImage(bitmap, 0, draw.sourceY, bitmap.width, draw.sourceHeight, 0, draw.destinationY, destinationWidth, draw.destinationHeight);
    }
    return pngDataUrl(await canvas.convertToBlob({ type: 'image/png' }));
  }

  close(): void {
    this.track?.stop();
    this.track = null;
    this.latest?.close();
    this.latest = null;
    this.expected.clear();
    this.kept.clear();
    this.onKept = null;
    this.firstFrame = null;
    for (const piece of this.pieces) piece.bitmap.close();
    this.pieces = [];
    this.waiting = [];
    this.conversions = Promise.resolve();
    this.conversionError = null;
    this.viewport = null;
  }

  private async read(reader: ReadableStreamDefaultReader<VideoFrame>, track: MediaStreamTrack): Promise<void> {
    for (;;) {
      const { value: frame, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done || !frame) return;
      if (this.track !== track) {
        frame.close();
        return;
      }
      this.firstFrame?.();
      this.firstFrame = null;
      if (this.expected.size > 0) {
        const strip = await this.expectedIn(frame);
        if (strip) await this.take(frame, strip);
      }
      this.latest?.close();
      this.latest = frame;
    }
  }

  /** The expected strip whose marker this frame carries, if any. */
  private async expectedIn(frame: VideoFrame): Promise<ExpectedStrip | null> {
    for (const band of ['top', 'bottom'] as const) {
      const code = await this.markerIn(frame, band);
      const strip = code === null ? undefined : this.expected.get(code);
      if (strip && strip.marker === band) return strip;
    }
    return null;
  }

  /** Copies the strip's kept rows out of the frame (a few ms), to become a bitmap after the scrolling. */
  private async take(frame: VideoFrame, strip: ExpectedStrip): Promise<void> {
    this.expected.delete(strip.code);
    this.kept.add(strip.code);
    let rows: CopiedRows | null = null;
    try {
      rows = await this.copyRows(frame, strip);
    } catch {
      rows = null;
    }
    if (rows) {
      const copied = rows;
      this.waiting.push(() => this.keep(copied, strip));
    } else {
      // A frame whose pixels cannot be copied out (no format): made into a bitmap from a clone, in turn.
      const clone = frame.clone();
      this.waiting.push(() => this.keepFrame(clone, strip));
    }
    this.onKept?.();
  }

  private requireViewport(): CaptureViewport {
    if (!this.viewport || !this.track) throw new CaptureRefusedError('The video of the tab is not open (the capture was stopped); click Full page image again.');
    return this.viewport;
  }

  /** The marker code in `band` of this frame (lib/full-page/scroll-capture.ts), read from the frame's own pixels. */
  private async markerIn(frame: VideoFrame, band: 'top' | 'bottom'): Promise<number | null> {
    const viewport = this.viewport;
    if (!viewport) return null;
    const expected = captureFrameSize(viewport);
    if (frame.displayWidth !== expected.width || frame.displayHeight !== expected.height) return null;
    try {
      return decodeMarker(await this.lumaAt(frame, markerSamplePoints(band, viewport.clientHeight, this.frameRatio)));
    } catch {
      return null;
    }
  }

  /** What the size of the video frames says when strips are missing: Chrome sent another size than the window's. */
  sizeMismatch(): string {
    const expected = this.viewport ? captureFrameSize(this.viewport) : null;
    const latest = this.latest;
    return latest && expected && (latest.displayWidth !== expected.width || latest.displayHeight !== expected.height)
      ? ` Chrome sent pictures of ${latest.displayWidth}×${latest.displayHeight} px where the window has ${expected.width}×${expected.height}.`
      : '';
  }

  /** Luma at points of one row: two rows copied out of the frame (the Y plane directly where there is one). */
  private async lumaAt(frame: VideoFrame, points: Array<{ x: number; y: number }>): Promise<number[]> {
    const row = points[0]!.y;
    const top = row - (row % 2);
    const width = Math.min(frame.codedWidth - (frame.codedWidth % 2), points[points.length - 1]!.x + 2 + ((points[points.length - 1]!.x + 2) % 2));
    const format = frame.format;
    if (format && (LUMA_FIRST.has(format) || RGB_ORDER[format])) {
      const rect = { x: 0, y: top, width, height: 2 };
      const data = new Uint8Array(frame.allocationSize({ rect }));
      const [plane] = await frame.copyTo(data, { rect });
      const offset = plane!.offset + (row - top) * plane!.stride;
      if (LUMA_FIRST.has(format)) return points.map(({ x }) => data[offset + x]!);
      const [r, g, b] = RGB_ORDER[format]!;
      return points.map(({ x }) => luma(data[offset + x * 4 + r]!, data[offset + x * 4 + g]!, data[offset + x * 4 + b]!));
    }
    // An opaque (GPU) frame: drawn into a small canvas.
    const canvas = new OffscreenCanvas(width, 1);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return [];
    context.drawImage(frame, 0, row, width, 1, 0, 0, width, 1);
    const pixels = context.getImageData(0, 0, width, 1).data;
    return points.map(({ x }) => luma(pixels[x * 4]!, pixels[x * 4 + 1]!, pixels[x * 4 + 2]!));
  }

  /** The frame's rows for document rows [top, bottom), copied out of the capturer's buffer (a few ms). */
  private async copyRows(frame: VideoFrame, request: ExpectedStrip): Promise<CopiedRows | null> {
    const viewport = this.requireViewport();
    const format = frame.format;
    if (!format) return null;
    const ratio = this.frameRatio;
    const sourceY = Math.round((request.top - request.scrollY) * ratio);
    const sourceBottom = Math.round((request.bottom - request.scrollY) * ratio);
    const top = sourceY - (sourceY % 2);
    const bottom = Math.min(frame.codedHeight, sourceBottom + (sourceBottom % 2));
    const width = Math.min(frame.codedWidth, Math.round(viewport.clientWidth * ratio) + (Math.round(viewport.clientWidth * ratio) % 2));
    const rect = { x: 0, y: top, width, height: bottom - top };
    const data = new Uint8Array(frame.allocationSize({ rect }));
    const layout = await frame.copyTo(data, { rect });
    return {
      data,
      init: { format, codedWidth: width, codedHeight: bottom - top, timestamp: frame.timestamp, layout, colorSpace: frame.colorSpace.toJSON() },
      offsetY: sourceY - top,
      width: Math.min(width, Math.round(viewport.clientWidth * ratio)),
      height: sourceBottom - sourceY,
    };
  }

  /** Turns copied rows into a bitmap at the device pixel ratio (a frame taken at twice that is scaled down 2:1 here). */
  private async keep(rows: CopiedRows, request: ExpectedStrip): Promise<void> {
    const frame = new VideoFrame(rows.data, rows.init);
    try {
      this.pieces.push({ top: request.top, bottom: request.bottom, bitmap: await createImageBitmap(frame, 0, rows.offsetY, rows.width, rows.height, this.resizeTo(request)) });
    } finally {
      frame.close();
    }
  }

  private async keepFrame(frame: VideoFrame, request: ExpectedStrip): Promise<void> {
    const viewport = this.requireViewport();
    const ratio = this.frameRatio;
    const sourceY = Math.round((request.top - request.scrollY) * ratio);
    const sourceHeight = Math.round((request.bottom - request.scrollY) * ratio) - sourceY;
    const width = Math.min(frame.displayWidth, Math.round(viewport.clientWidth * ratio));
    try {
      this.pieces.push({ top: request.top, bottom: request.bottom, bitmap: await createImageBitmap(frame, 0, sourceY, width, sourceHeight, this.resizeTo(request)) });
    } finally {
      frame.close();
    }
  }

  private resizeTo(request: ExpectedStrip): ImageBitmapOptions {
    const viewport = this.requireViewport();
    if (this.frameRatio === viewport.devicePixelRatio) return {};
    return {
      resizeWidth: Math.round(viewport.clientWidth * viewport.devicePixelRatio),
      resizeHeight: Math.round((request.bottom - request.top) * viewport.devicePixelRatio),
      // Exactly 2:1: bilinear sampling between each pair of rows and columns is their box average, crisp.
      resizeQuality: 'low',
    };
  }
}
