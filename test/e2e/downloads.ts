import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Waits for a finished download in `folder` whose name ends with `extension` and that was not in `before`. */
export async function nextDownload(folder: string, extension: string, before: ReadonlySet<string> = new Set(), timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = readdirSync(folder).find((name) => name.endsWith(extension) && !before.has(name));
    if (found) return join(folder, found);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${extension} download in ${folder}: ${readdirSync(folder).join(', ')}`);
}
