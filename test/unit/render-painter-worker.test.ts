import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldWorkerPing, FieldWorkerRequest, FieldWorkerResponse } from '../../lib/render/worker-protocol';

/**
 * Where the painter computes its fields (what the overlay host's data-fields shows): in the field
 * worker when it answers its ping, on the main thread when the page refuses it. The worker client
 * itself is tested in worker-client.test.ts; these check the painter's use of it, including the one
 * worker shared by successive painters of a page.
 */

/** Stands in for the browser's Worker: answers the ping, or reports the page's refusal, as told. */
class FieldWorkerStandIn extends EventTarget {
  static started = 0;
  static behaviour: 'answer' | 'refuse' | 'silent' = 'answer';
  terminated = false;

  constructor(_url: string) {
    super();
    FieldWorkerStandIn.started++;
  }

  postMessage(message: FieldWorkerRequest | FieldWorkerPing): void {
    if (message.kind !== 'ping' || FieldWorkerStandIn.behaviour === 'silent') return;
    setTimeout(() => {
      if (this.terminated) return;
      if (FieldWorkerStandIn.behaviour === 'refuse') this.dispatchEvent(new Event('error', { cancelable: true }));
      else this.dispatchEvent(Object.assign(new Event('message'), { data: { kind: 'pong' } satisfies FieldWorkerResponse }));
    });
  }

  terminate(): void {
    this.terminated = true;
  }
}

/** The painter needs a 2d context; where fields are computed draws nothing, and destroy() only clears. */
const canvas = () => ({ width: 0, height: 0, getContext: () => ({ setTransform: () => undefined, clearRect: () => undefined }) }) as unknown as HTMLCanvasElement;

/** A fresh painter module: the shared worker and the page's refusal are per page, i.e. per module instance. */
const painterModule = async () => {
  vi.resetModules();
  return import('../../lib/render/painter');
};

describe('HeatPainter: worker or main thread', () => {
  beforeEach(() => {
    FieldWorkerStandIn.started = 0;
    FieldWorkerStandIn.behaviour = 'answer';
    vi.stubGlobal('Worker', FieldWorkerStandIn);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('computes in the worker when it answers its ping, and a second painter reuses that worker', async () => {
    const { HeatPainter } = await painterModule();
    const first = new HeatPainter(canvas(), { workerSource: 'worker text' });
    expect(await first.computeMode()).toBe('worker');
    first.destroy();
    const second = new HeatPainter(canvas(), { workerSource: Promise.resolve('worker text') });
    expect(await second.computeMode()).toBe('worker');
    expect(FieldWorkerStandIn.started).toBe(1);
    second.destroy();
  });

  it('computes on the main thread when the page refuses the worker, and later painters do not try again', async () => {
    FieldWorkerStandIn.behaviour = 'refuse';
    const { HeatPainter } = await painterModule();
    expect(await new HeatPainter(canvas(), { workerSource: 'worker text' }).computeMode()).toBe('main-thread');
    expect(await new HeatPainter(canvas(), { workerSource: 'worker text' }).computeMode()).toBe('main-thread');
    expect(FieldWorkerStandIn.started).toBe(1);
  });

  it('computes on the main thread after the handshake time without an answer, and a later painter tries again', async () => {
    vi.useFakeTimers();
    FieldWorkerStandIn.behaviour = 'silent';
    const { HeatPainter, WORKER_HANDSHAKE_MS } = await painterModule();
    const mode = new HeatPainter(canvas(), { workerSource: 'worker text' }).computeMode();
    await vi.advanceTimersByTimeAsync(WORKER_HANDSHAKE_MS);
    expect(await mode).toBe('main-thread');
    // A slow start (a busy machine) is not the page forbidding workers.
    FieldWorkerStandIn.behaviour = 'answer';
    const next = new HeatPainter(canvas(), { workerSource: 'worker text' }).computeMode();
    await vi.advanceTimersByTimeAsync(1);
    expect(await next).toBe('worker');
    expect(FieldWorkerStandIn.started).toBe(2);
  });

  it('computes on the main thread without a worker source, or with useWorker off', async () => {
    const { HeatPainter } = await painterModule();
    expect(await new HeatPainter(canvas(), { workerSource: null }).computeMode()).toBe('main-thread');
    expect(await new HeatPainter(canvas(), { workerSource: 'worker text', useWorker: false }).computeMode()).toBe('main-thread');
    expect(FieldWorkerStandIn.started).toBe(0);
  });
});
