import { heatLayerById } from '../layers';
import { divergingColourStops } from '../render/diff-field';
import { paletteColourStops } from '../render/palette';
import { CAPTION_BACKGROUND, CAPTION_LINE_HEIGHT, CAPTION_PADDING, CAPTION_TEXT, CaptureRefusedError, captionHeight, pngDataUrl } from './capture-image';
import { dataUrlToBlob } from '../core/download';
import { fullPagePlan, LEGEND_ROW_HEIGHT, legendLine, scaledDownNote, type CaptureStrip, type FullPagePlan } from './full-page';
import type { FullPageRequest } from './messages';

/** The page captured into a canvas of the planned size; the heat and caption are drawn by finishFullPage. */
export interface PageCapture {
  request: FullPageRequest;
  plan: FullPagePlan;
  caption: string[];
  canvas: OffscreenCanvas;
  context: OffscreenCanvasRenderingContext2D;
}

/**
 * Runs in the background worker. The first half of "Full page image": plans the image (scaled down
 * past the canvas limits, with a caption line saying so) and draws the page into it, strip by strip,
 * from `captureStrip` (the browser-specific part; the page never scrolls). Kept apart from the
 * drawing so the overlay, hidden for the capture, comes back as soon as the page is captured.
 */
export async function captureFullPage(
  request: FullPageRequest,
  captureStrip: (strip: CaptureStrip, plan: FullPagePlan) => Promise<Blob>,
): Promise<PageCapture> {
  const legendRows = request.legend.length + (request.diffLegend ? 1 : 0);
  let plan = fullPagePlan(request.page, { lines: request.caption.length, legendRows });
  let caption = request.caption;
  const note = scaledDownNote(plan, request.page);
  if (note) {
    // The note is one more caption line: plan again with it (the scale can only shrink a little more).
    caption = [...request.caption, note];
    plan = fullPagePlan(request.page, { lines: caption.length, legendRows });
    caption = [...request.caption, scaledDownNote(plan, request.page) ?? note];
  }
  const canvas = new OffscreenCanvas(plan.width, plan.height);
  const context = canvas.getContext('2d');
  if (!context) throw new CaptureRefusedError('This browser could not make a canvas of the page’s size for the full-page image; use Save image for the visible part.');
  for (const strip of plan.strips) {
    const bitmap = await createImageBitmap(await captureStrip(strip, plan));
    context.drawImage(bitmap, 0, strip.destinationY, plan.width, strip.destinationHeight);
    bitmap.close();
  }
  return { request, plan, caption, canvas, context };
}

/**
 * The second half: the heat of every painted field at its document position, fixed heat where it
 * sits at scroll 0, the guides, and the caption band with the legend under the page. A PNG data URL.
 */
export async function finishFullPage({ request, plan, caption, canvas, context }: PageCapture): Promise<{ dataUrl: string; scaledDown: boolean }> {
  const scale = plan.scale;
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  // The painter draws document fields from the document's top-left and fixed fields from the
  // viewport's; at scroll 0 both origins are the image's top-left.
  for (const field of request.fields) {
    if (field.opacity <= 0) continue;
    const bitmap = await createImageBitmap(dataUrlBlob(field.dataUrl));
    context.globalAlpha = field.opacity;
    const top = field.fixed ? 0 : field.originY * scale;
    context.drawImage(bitmap, 0, 0, field.columns, field.rows, 0, top, field.columns * field.cellSize * scale, field.rows * field.cellSize * scale);
    bitmap.close();
  }
  context.globalAlpha = 1;

  drawGuides(context, request.guides, plan);
  drawCaption(context, caption, request, plan);

  const png = await canvas.convertToBlob({ type: 'image/png' });
  return { dataUrl: await pngDataUrl(png), scaledDown: plan.scaledDown };
}

/** Same look as the overlay's guides (components/Guides.tsx): shaded bands, dashed lines with a label. */
function drawGuides(context: OffscreenCanvasRenderingContext2D, guides: FullPageRequest['guides'], plan: FullPagePlan): void {
  const scale = plan.scale;
  for (const band of guides.bands) {
    const alpha = Math.max(0, Math.min(0.6, (1 - band.share) * 0.6)) * guides.bandOpacity;
    if (alpha <= 0) continue;
    context.fillStyle = `rgba(20, 24, 40, ${alpha.toFixed(3)})`;
    context.fillRect(0, band.top * scale, plan.width, (Math.min(band.bottom, plan.cssHeight) - band.top) * scale);
  }
  const line = (y: number, label: string, colour: string, labelAtRight: boolean) => {
    if (y < 0 || y > plan.cssHeight) return;
    context.save();
    context.strokeStyle = colour;
    context.lineWidth = 2 * scale;
    context.setLineDash([6 * scale, 4 * scale]);
    context.beginPath();
    context.moveTo(0, (y + 1) * scale);
    context.lineTo(plan.width, (y + 1) * scale);
    context.stroke();
    context.restore();
    context.font = `600 ${Math.round(12 * scale)}px system-ui, "Liberation Sans", sans-serif`;
    context.textBaseline = 'top';
    const textWidth = context.measureText(label).width;
    const boxWidth = textWidth + 12 * scale;
    const x = labelAtRight ? plan.width - 8 * scale - boxWidth : 8 * scale;
    context.fillStyle = colour;
    context.fillRect(x, (y + 2) * scale, boxWidth, 20 * scale);
    context.fillStyle = '#ffffff';
    context.fillText(label, x + 6 * scale, (y + 5) * scale);
  };
  for (const marker of guides.markers) line(marker.y, marker.label, '#1d4aff', false);
  if (guides.fold) line(guides.fold.y, guides.fold.label, '#f54e00', true);
}

/** The caption band under the page: the text lines, then one legend row per layer (its palette and figures), or A−B's ramp. */
function drawCaption(context: OffscreenCanvasRenderingContext2D, lines: readonly string[], request: FullPageRequest, plan: FullPagePlan): void {
  const scale = plan.scale;
  const top = plan.captionTop;
  context.fillStyle = CAPTION_BACKGROUND;
  context.fillRect(0, top, plan.width, plan.height - top);
  context.fillStyle = CAPTION_TEXT;
  context.textBaseline = 'top';
  context.font = `${Math.round(13 * scale)}px system-ui, "Liberation Sans", sans-serif`;
  const maxWidth = plan.width - CAPTION_PADDING * 2 * scale;
  lines.forEach((line, index) => {
    context.fillText(line, CAPTION_PADDING * scale, top + (CAPTION_PADDING + index * CAPTION_LINE_HEIGHT + 2) * scale, maxWidth);
  });
  const legendTop = top + (captionHeight(lines.length) - CAPTION_PADDING) * scale;
  const barWidth = 120 * scale;
  const rows: Array<{ stops: Array<[number, string]>; text: string }> = request.legend.map((entry) => ({
    stops: paletteColourStops(heatLayerById(entry.id).palette),
    text: legendLine(entry),
  }));
  if (request.diffLegend) rows.push({ stops: divergingColourStops(), text: request.diffLegend });
  rows.forEach((row, index) => {
    const y = legendTop + index * LEGEND_ROW_HEIGHT * scale;
    const x = CAPTION_PADDING * scale;
    const gradient = context.createLinearGradient(x, 0, x + barWidth, 0);
    for (const [position, colour] of row.stops) gradient.addColorStop(position, colour);
    // The palettes are translucent where they are faint: on white, as they are over most pages.
    context.fillStyle = '#ffffff';
    context.fillRect(x, y + 3 * scale, barWidth, 12 * scale);
    context.fillStyle = gradient;
    context.fillRect(x, y + 3 * scale, barWidth, 12 * scale);
    context.fillStyle = CAPTION_TEXT;
    context.fillText(row.text, x + barWidth + 8 * scale, y + 2 * scale, maxWidth - barWidth - 8 * scale);
  });
}

/** A captured image's base64 data: URL → Blob; anything else is a refused capture, said as such. */
export function dataUrlBlob(dataUrl: string): Blob {
  try {
    return dataUrlToBlob(dataUrl);
  } catch {
    throw new CaptureRefusedError('A captured image arrived in a form Heatlens does not read.');
  }
}
