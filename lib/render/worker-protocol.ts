import type { HeatFieldOptions } from './field';

/** Messages between the painter and the optional field worker. */

export interface FieldWorkerRequest {
  kind: 'compute';
  jobId: number;
  /** [x, y, weight] triples, transferred. */
  packed: Float64Array;
  options: HeatFieldOptions;
}

export interface FieldWorkerPing {
  kind: 'ping';
}

export interface FieldWorkerMeta {
  cellSize: number;
  columns: number;
  rows: number;
  maxCount: number;
  scaleMaximum: number;
  acceptedPoints: number;
}

export type FieldWorkerResponse =
  | { kind: 'pong' }
  | { kind: 'field'; jobId: number; meta: FieldWorkerMeta; bitmap: ImageBitmap | null; rgba: Uint8ClampedArray<ArrayBuffer> | null }
  | { kind: 'failed'; jobId: number; message: string };
