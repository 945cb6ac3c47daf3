/**
 * The size budget of the script Heatlens injects into the pages it inspects (issue 11): the overlay's
 * content script must stay at or under 30 KB gzipped (30,720 bytes at gzip's default level, as
 * `npm run bench` reports it). Everything heavy (the page review) is its own script, injected on demand.
 * Run after `npm run build`; `npm test` runs it. Exits non-zero when over budget.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const CONTENT_SCRIPT_BUDGET_BYTES = 30 * 1024;

const file = resolve(import.meta.dirname, '../.output/chrome-mv3/content-scripts/content.js');
const source = readFileSync(file);
const gzipped = gzipSync(source).length;
const verdict = gzipped <= CONTENT_SCRIPT_BUDGET_BYTES ? 'within' : 'OVER';
console.log(`content script: ${source.length} B raw, ${gzipped} B gzipped: ${verdict} the ${CONTENT_SCRIPT_BUDGET_BYTES} B budget`);
if (gzipped > CONTENT_SCRIPT_BUDGET_BYTES) {
  console.error('The content script grew past 30 KB gzipped: move what the paint path does not need into an on-demand script.');
  process.exit(1);
}
