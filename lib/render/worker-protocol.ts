import type { DiffFieldOptions } from './diff-field';
import type { HeatFieldOptions } from './field';

/** Messages between the painter and the optional field worker. */

export type FieldWorkerRequest =
  | {
      kind: 'compute';
      jobId: number;
      /** [x, y, weight] triples, transferred. */
      packed: Float64Array;
      options: HeatFieldOptions;
    }
  | {
      /** Compare's A−B field (diff-field.ts): side B minus side A. */
      kind: 'diff';
      jobId: number;
      packedB: Float64Array;
      packedA: Float64Array;
      options: DiffFieldOptions;
    };

export interface FieldWorkerPing {
  kind: 'ping';
}

export interface FieldWorkerMeta {
  cellSize: number;
  columns: number;
  rows: number;
  maxCount: number;
  scaleMaximum: number;
  scaleDensity: number;
  originY: number;
  acceptedPoints: number;
}

export type FieldWorkerResponse =
  | { kind: 'pong' }
  | { kind: 'field'; jobId: number; meta: FieldWorkerMeta; bitmap: ImageBitmap | null; rgba: Uint8ClampedArray<ArrayBuffer> | null }
  | { kind: 'failed'; jobId: number; message: string };
