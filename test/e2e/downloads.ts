import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Waits for a finished download in `folder` whose name ends with `extension` and that was not in `before`.
 * Chromium reserves the final name with an empty file while it writes `.crdownload` beside it, so a name
 * alone is not a finished file: it must be non-empty, no partial download may be left, and its size must
 * hold still across two polls.
 */
export async function nextDownload(folder: string, extension: string, before: ReadonlySet<string> = new Set(), timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastSize = -1;
  while (Date.now() < deadline) {
    const names = readdirSync(folder);
    const found = names.find((name) => name.endsWith(extension) && !before.has(name));
    const writing = names.some((name) => name.endsWith('.crdownload'));
    if (found && !writing) {
      const size = sizeOf(join(folder, found));
      if (size > 0 && size === lastSize) return join(folder, found);
      lastSize = size;
    } else {
      lastSize = -1;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no finished ${extension} download in ${folder}: ${readdirSync(folder).join(', ')}`);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1; // renamed or removed between the listing and the stat
  }
}
