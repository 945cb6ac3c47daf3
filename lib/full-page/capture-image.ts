import { InvalidSettingsError } from '../posthog/errors';

/** The browser refused to capture the tab; the message says why and what to do. Nothing to do with PostHog. */
export class CaptureRefusedError extends InvalidSettingsError {}

export const CAPTION_LINE_HEIGHT = 18;
export const CAPTION_PADDING = 10;
export const CAPTION_BACKGROUND = '#1d1f27';
export const CAPTION_TEXT = '#ffffff';

/** Height in CSS px of a caption of `lines` lines. */
export function captionHeight(lines: number): number {
  return CAPTION_PADDING * 2 + lines * CAPTION_LINE_HEIGHT;
}

/** A PNG blob as a data: URL (messages carry text), base64 built in 32 KB chunks. */
export async function pngDataUrl(png: Blob): Promise<string> {
  const bytes = new Uint8Array(await png.arrayBuffer());
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}

/**
 * The visible tab as the browser captured it (device pixels, so at the screen's pixel ratio), with
 * the caption composited underneath in an OffscreenCanvas, as a PNG data URL. Runs in the background
 * worker, which alone may call `tabs.captureVisibleTab`.
 */
export async function captureWithCaption(
  capture: () => Promise<string>,
  caption: readonly string[],
  cssWidth: number,
): Promise<string> {
  let shot: string;
  try {
    shot = await capture();
  } catch (error) {
    // Heatlens's own refusal (lib/full-page/own-tab-capture.ts) already says what to do.
    if (error instanceof CaptureRefusedError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CaptureRefusedError(
      `The browser refused to capture this tab (${reason}). Heatlens may capture a tab after you clicked its toolbar button or pressed Alt+Shift+H on it: do that, then Save image again.`,
    );
  }
  const bitmap = await createImageBitmap(await (await fetch(shot)).blob());
  const { width, height } = bitmap;
  const ratio = cssWidth > 0 ? width / cssWidth : 1;
  const captionPixels = Math.ceil(captionHeight(caption.length) * ratio);
  const canvas = new OffscreenCanvas(width, height + captionPixels);
  const context = canvas.getContext('2d');
  if (!context) throw new CaptureRefusedError('This browser has no 2D canvas in the extension’s background; the image cannot be composed.');
  context.drawImage(bitmap, 0, 0);
  bitmap.close(); // its width and height read 0 from here on
  context.fillStyle = CAPTION_BACKGROUND;
  context.fillRect(0, height, width, captionPixels);
  context.fillStyle = CAPTION_TEXT;
  context.textBaseline = 'top';
  context.font = `${Math.round(13 * ratio)}px system-ui, "Liberation Sans", sans-serif`;
  caption.forEach((line, index) => {
    context.fillText(line, CAPTION_PADDING * ratio, height + (CAPTION_PADDING + index * CAPTION_LINE_HEIGHT + 2) * ratio, width - CAPTION_PADDING * 2 * ratio);
  });
  const png = await canvas.convertToBlob({ type: 'image/png' });
  return pngDataUrl(png);
}
