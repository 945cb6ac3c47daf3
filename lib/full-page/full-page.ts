import { captionHeight } from './capture-image';

/**
 * "Full page image" (issue 9): the size, scale and capture strips of a picture of the whole document,
 * and what its caption says about them. Pure: the background does the capturing and drawing.
 */

/** Largest canvas side Chromium (and Firefox) will allocate, in pixels. */
export const CANVAS_MAX_SIDE = 32_767;
/** Largest canvas area Chromium will allocate (16,384²); Firefox allows more, so this bounds both. */
export const CANVAS_MAX_AREA = 268_435_456;
/**
 * Height in image pixels of one capture strip. One capture of a 24,000 px tall page is past the
 * compositor's texture size (16,384 in Chromium) and a data URL of tens of MB between the browser's
 * processes; strips of 8,192 px keep each capture well inside both.
 */
export const STRIP_MAX_PIXELS = 8_192;
/** Height in CSS px of one legend row under the caption text. */
export const LEGEND_ROW_HEIGHT = 22;

export interface PageGeometry {
  /** The document's scrollable size, CSS px. */
  documentWidth: number;
  documentHeight: number;
  devicePixelRatio: number;
}

/** One capture: a band of the document (CSS px), and where it lands in the image (pixels). */
export interface CaptureStrip {
  y: number;
  height: number;
  destinationY: number;
  destinationHeight: number;
}

export interface FullPagePlan {
  /** Image pixels per CSS px: the device pixel ratio, or less past the canvas limits. */
  scale: number;
  scaledDown: boolean;
  /** CSS size of the document area captured (whole CSS px). */
  cssWidth: number;
  cssHeight: number;
  /** The image: the page, then the caption band (text lines and legend rows) under it. */
  width: number;
  height: number;
  pageHeight: number;
  captionTop: number;
  strips: CaptureStrip[];
}

function positiveOr(value: number, fallback: number): number {
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Takes one strip of the page as an image; how depends on the browser and what it grants (capture.ts). */
export type StripCapturer = (strip: CaptureStrip, plan: FullPagePlan) => Promise<Blob>;

/** CSS height of the caption band: `lines` lines of text and `legendRows` legend rows. */
export function fullPageCaptionHeight(lines: number, legendRows: number): number {
  return captionHeight(lines) + legendRows * LEGEND_ROW_HEIGHT;
}

/**
 * The image's scale and size. At the device pixel ratio when the page and caption fit the canvas
 * limits (a 12,000 px page at ratio 2 is 24,000 px tall: fits); otherwise the largest scale, to a
 * thousandth, at which both the longest side and the area fit (a 40,000 px page at ratio 1 is drawn
 * at 0.81). Never a blank image: the page is always drawn whole, smaller if it must be.
 */
export function fullPagePlan(page: PageGeometry, caption: { lines: number; legendRows: number }): FullPagePlan {
  const cssWidth = Math.max(1, Math.ceil(positiveOr(page.documentWidth, 1)));
  const cssHeight = Math.max(1, Math.ceil(positiveOr(page.documentHeight, 1)));
  const ratio = positiveOr(page.devicePixelRatio, 1);
  const captionCss = fullPageCaptionHeight(caption.lines, caption.legendRows);
  const totalCss = cssHeight + captionCss;
  const fitting = Math.min(CANVAS_MAX_SIDE / cssWidth, CANVAS_MAX_SIDE / totalCss, Math.sqrt(CANVAS_MAX_AREA / (cssWidth * totalCss)));
  const scaledDown = fitting < ratio;
  const sizes = (scale: number) => {
    const width = Math.ceil(cssWidth * scale - 1e-6);
    const pageHeight = Math.ceil(cssHeight * scale - 1e-6);
    return { width, pageHeight, height: pageHeight + Math.ceil(captionCss * scale - 1e-6) };
  };
  const fits = ({ width, height }: { width: number; height: number }) => width <= CANVAS_MAX_SIDE && height <= CANVAS_MAX_SIDE && width * height <= CANVAS_MAX_AREA;
  // Rounded down to a thousandth; the page and the caption are each rounded up to whole pixels, which
  // can tip a size just past a limit: then a thousandth less.
  let scale = scaledDown ? Math.floor(fitting * 1000) / 1000 : ratio;
  while (!fits(sizes(scale)) && scale > 0.001) scale = Math.round((scale - 0.001) * 1000) / 1000;
  const { width, pageHeight, height } = sizes(scale);
  return { scale, scaledDown: scale < ratio, cssWidth, cssHeight, width, height, pageHeight, captionTop: pageHeight, strips: captureStrips(cssHeight, scale) };
}

/**
 * The document cut into bands of at most STRIP_MAX_PIXELS image pixels (whole CSS px each), covering
 * 0..cssHeight without gap or overlap; each band's image rows follow on from the previous one's.
 */
export function captureStrips(cssHeight: number, scale: number, maxPixels = STRIP_MAX_PIXELS): CaptureStrip[] {
  const stripCss = Math.max(1, Math.floor(maxPixels / scale));
  const strips: CaptureStrip[] = [];
  for (let y = 0; y < cssHeight; y += stripCss) {
    const height = Math.min(stripCss, cssHeight - y);
    const destinationY = Math.round(y * scale);
    const destinationHeight = Math.round((y + height) * scale) - destinationY;
    strips.push({ y, height, destinationY, destinationHeight });
  }
  return strips;
}

/** The caption line that says the image is smaller than the screen's pixels, and why. */
export function scaledDownNote(plan: FullPagePlan, page: PageGeometry): string | null {
  if (!plan.scaledDown) return null;
  const percent = Math.round((plan.scale / positiveOr(page.devicePixelRatio, 1)) * 1000) / 10;
  return `Scaled to ${percent}% of the screen's pixels: the page (${plan.cssWidth}×${plan.cssHeight} CSS px at pixel ratio ${positiveOr(page.devicePixelRatio, 1)}) is past the browser's largest image (${CANVAS_MAX_SIDE.toLocaleString('en-US')} px a side, ${Math.round(CANVAS_MAX_AREA / 1e6)} million pixels).`;
}

/** "12 clicks" / "1,234 visitors": the legend's figures as the panel writes them. */
export function legendLine(entry: { label: string; unit: string; hottestCount: number; totalCount: number }): string {
  const format = (value: number) => Math.round(value).toLocaleString('en-US');
  return `${entry.label}: hottest colour ≈ ${format(entry.hottestCount)} ${entry.unit} · ${format(entry.totalCount)} in total`;
}
