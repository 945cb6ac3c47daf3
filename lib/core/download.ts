/**
 * Saves a file from the content script: a detached anchor with a blob: URL, clicked. The anchor is
 * never in the page's DOM, so the page sees no element and no event.
 */
export function downloadFile(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  // The download has started from the URL by the next task; a minute is ample for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A base64 data: URL → Blob, without fetch (a page's CSP may forbid fetching data: URLs). */
export function dataUrlToBlob(dataUrl: string): Blob {
  const match = /^data:([^;,]+);base64,(.*)$/.exec(dataUrl);
  if (!match) throw new Error('not a base64 data URL');
  const binary = atob(match[2]!);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return new Blob([bytes], { type: match[1] });
}

/** "heatlens-127.0.0.1-2026-12-01T04-30-00.png": host and time, safe in every file system. */
export function exportFilename(pageUrl: string, extension: string, at: Date = new Date()): string {
  let host = 'page';
  try {
    host = new URL(pageUrl).host || 'page';
  } catch {
    // keep "page"
  }
  const safeHost = host.replace(/[^a-z0-9.-]+/gi, '-');
  return `heatlens-${safeHost}-${at.toISOString().replace(/\.\d{3}Z$/, '').replace(/:/g, '-')}.${extension}`;
}
