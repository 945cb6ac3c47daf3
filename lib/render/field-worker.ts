/**
 * Entry point of the optional field worker. Not imported as a module: the build bundles it into a
 * string (`./field-worker?worker-source`, see field-worker-build.ts) that the painter starts from a
 * Blob URL.
 */
import { createBlurScratch } from './blur';
import { computeDiffField } from './diff-field';
import { computeHeatField } from './field';
import type { FieldWorkerPing, FieldWorkerRequest, FieldWorkerResponse } from './worker-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<FieldWorkerRequest | FieldWorkerPing>) => void) | null;
  postMessage(message: FieldWorkerResponse, transfer?: Transferable[]): void;
  createImageBitmap?: (image: ImageData) => Promise<ImageBitmap>;
}

const scope = globalThis as unknown as WorkerScope;
const scratch = createBlurScratch();

function reply(message: FieldWorkerResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'ping') {
    reply({ kind: 'pong' });
    return;
  }
  void (async () => {
    try {
      const field =
        request.kind === 'diff' ? computeDiffField(request.packedB, request.packedA, request.options, scratch) : computeHeatField(request.packed, request.options, scratch);
      const meta = {
        cellSize: field.cellSize,
        columns: field.columns,
        rows: field.rows,
        maxCount: field.maxCount,
        scaleMaximum: field.scaleMaximum,
        scaleDensity: field.scaleDensity,
        originY: field.originY,
        acceptedPoints: field.acceptedPoints,
      };
      // Decoding into an ImageBitmap here keeps even that copy off the page's main thread.
      if (field.columns > 0 && field.rows > 0 && typeof scope.createImageBitmap === 'function' && typeof ImageData === 'function') {
        const bitmap = await scope.createImageBitmap(new ImageData(field.rgba, field.columns, field.rows));
        reply({ kind: 'field', jobId: request.jobId, meta, bitmap, rgba: null }, [bitmap]);
      } else {
        reply({ kind: 'field', jobId: request.jobId, meta, bitmap: null, rgba: field.rgba }, [field.rgba.buffer]);
      }
    } catch (error) {
      reply({ kind: 'failed', jobId: request.jobId, message: error instanceof Error ? error.message : String(error) });
    }
  })();
};
