/**
 * What export needs beyond the overlay's paint path: the exporter itself, building the caption, the rows
 * as painted, CSV and JSON, and saving a file. It ships in the on-demand script (entrypoints/review.ts) and reaches the
 * overlay through lib/overlay/review-module.ts, so the overlay's own script stays small.
 */
export { captionLines } from './caption';
export { toCsv } from './csv';
export { exportDataFor } from './data';
export { dataUrlToBlob, downloadFile, exportFilename } from '../core/download';
export { toJson } from './json';
export { OverlayExport } from './overlay-export';

