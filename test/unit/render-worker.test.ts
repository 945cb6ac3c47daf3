// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { bundleFieldWorker } from '../../lib/render/field-worker-build';
import { computeHeatField } from '../../lib/render/field';
import { packPoints } from '../../lib/render/density';
import type { FieldWorkerResponse } from '../../lib/render/worker-protocol';
import FIELD_WORKER_SOURCE from '../../lib/render/field-worker?worker-source';

/** Runs the bundled worker text as a classic script with a stand-in worker global; returns its replies. */
function startWorker(source: string) {
  const replies: FieldWorkerResponse[] = [];
  const scope: { onmessage: ((event: { data: unknown }) => void) | null; postMessage(message: FieldWorkerResponse): void } = {
    onmessage: null,
    postMessage: (message) => void replies.push(message),
  };
  new Function('globalThis', 'self', source)(scope, scope);
  return { scope, replies };
}

describe('field worker source (built, not committed)', () => {
  it('the import the painter uses is the bundled worker', async () => {
    expect(FIELD_WORKER_SOURCE).toBe((await bundleFieldWorker()).code);
    // One classic script: no module syntax a Blob URL worker could not run.
    expect(FIELD_WORKER_SOURCE).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('answers the handshake and computes the same field as the main thread', async () => {
    const { scope, replies } = startWorker(FIELD_WORKER_SOURCE);
    scope.onmessage!({ data: { kind: 'ping' } });
    expect(replies).toEqual([{ kind: 'pong' }]);
    const points = [
      { x: 100, y: 120, weight: 3 },
      { x: 300, y: 40, weight: 1 },
    ];
    const options = { width: 400, height: 300, radius: 25, palette: 'heat' as const };
    scope.onmessage!({ data: { kind: 'compute', jobId: 7, packed: packPoints(points), options } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const reply = replies[1];
    if (reply?.kind !== 'field') throw new Error(`no field: ${JSON.stringify(reply)}`);
    const expected = computeHeatField(points, options);
    expect(reply.jobId).toBe(7);
    expect(reply.meta).toMatchObject({ columns: expected.columns, rows: expected.rows, maxCount: expected.maxCount, acceptedPoints: 2 });
    expect(Array.from(reply.rgba!)).toEqual(Array.from(expected.rgba));
  });
});
