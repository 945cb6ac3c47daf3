import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WORKER_HANDSHAKE_MS, WorkerClient, type WorkerFailure, type WorkerPing, type WorkerPong } from '../../lib/core/worker-client';

/** A protocol of the shape both of Heatlens's workers speak: requests with a jobId, a notice, a ping. */
type Request = WorkerPing | { kind: 'double'; jobId: number; value: number } | { kind: 'forget'; session: number };
type Response = WorkerPong | WorkerFailure | { kind: 'doubled'; jobId: number; value: number };

/** Stands in for the browser's Worker: records what it is sent; the test decides what it answers, and when. */
class FakeWorker extends EventTarget {
  static instances: FakeWorker[] = [];
  /** Throw from the constructor, as a browser may when the page's CSP forbids blob: workers. */
  static throwOnStart = false;
  readonly posted: Array<{ message: Request; transfer: Transferable[] | undefined }> = [];
  terminated = false;

  constructor(readonly url: string) {
    super();
    if (FakeWorker.throwOnStart) throw new DOMException('refused by the content security policy', 'SecurityError');
    FakeWorker.instances.push(this);
  }

  postMessage(message: Request, transfer?: Transferable[]): void {
    this.posted.push({ message: structuredClone(message), transfer });
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker posts a message to the page. */
  answer(message: Response): void {
    if (!this.terminated) this.dispatchEvent(Object.assign(new Event('message'), { data: message }));
  }

  /** The error event Chromium fires after the constructor returned when the page refuses the worker. */
  fail(): Event {
    const event = new Event('error', { cancelable: true });
    this.dispatchEvent(event);
    return event;
  }

  jobs(): Array<Extract<Request, { jobId: number }>> {
    return this.posted.map((entry) => entry.message).filter((message): message is Extract<Request, { jobId: number }> => 'jobId' in message);
  }
}

const start = (options: { answerMs?: number; handshakeMs?: number; onUnclaimed?: (answer: Extract<Response, { kind: 'doubled' }>) => void } = {}) => {
  const client = WorkerClient.start<Request, Response>('self.onmessage = () => {}', { name: 'test worker', ...options });
  if (!client) throw new Error('the client did not start');
  const worker = FakeWorker.instances.at(-1)!;
  return { client, worker };
};

/** True once the promise settled, without waiting for it. */
const settledYet = async (promise: Promise<unknown>) => {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await Promise.resolve();
  await Promise.resolve();
  return settled;
};

describe('WorkerClient', () => {
  let revoked: string[];

  beforeEach(() => {
    FakeWorker.instances = [];
    FakeWorker.throwOnStart = false;
    vi.stubGlobal('Worker', FakeWorker);
    revoked = [];
    const revoke = URL.revokeObjectURL.bind(URL);
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => {
      revoked.push(url);
      revoke(url);
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('starts the worker from a Blob URL of its text and pings it', () => {
    const { worker } = start();
    expect(worker.url).toMatch(/^blob:/);
    expect(worker.posted.map((entry) => entry.message)).toEqual([{ kind: 'ping' }]);
  });

  it('is null where there are no workers, or when the constructor refuses the worker (and frees the Blob URL)', () => {
    vi.stubGlobal('Worker', undefined);
    expect(WorkerClient.start<Request, Response>('', { name: 'test worker' })).toBeNull();
    vi.stubGlobal('Worker', FakeWorker);
    FakeWorker.throwOnStart = true;
    expect(WorkerClient.start<Request, Response>('', { name: 'test worker' })).toBeNull();
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatch(/^blob:/);
  });

  it('is ready once the worker answers its ping, and matches each answer to its request by number', async () => {
    const { client, worker } = start();
    worker.answer({ kind: 'pong' });
    expect(await client.ready).toBe(true);
    expect(client.usable).toBe(true);
    const buffer = new ArrayBuffer(8);
    const first = client.request({ kind: 'double', value: 2 }, [buffer]);
    const second = client.request({ kind: 'double', value: 5 });
    const [firstJob, secondJob] = worker.jobs();
    expect(firstJob).toEqual({ kind: 'double', value: 2, jobId: 1 });
    expect(secondJob).toEqual({ kind: 'double', value: 5, jobId: 2 });
    expect(worker.posted[1]!.transfer).toEqual([buffer]);
    // Answered out of order: each request still gets its own answer.
    worker.answer({ kind: 'doubled', jobId: 2, value: 10 });
    worker.answer({ kind: 'doubled', jobId: 1, value: 4 });
    expect(await first).toEqual({ kind: 'doubled', jobId: 1, value: 4 });
    expect(await second).toEqual({ kind: 'doubled', jobId: 2, value: 10 });
  });

  it('takes an error before the ping is answered as the page refusing the worker', async () => {
    const { client, worker } = start();
    const event = worker.fail();
    expect(await client.ready).toBe(false);
    expect(client.refusedByPage).toBe(true);
    expect(client.usable).toBe(false);
    expect(client.ended).toBe(false);
    // Handled: the page's console does not show it as an uncaught error.
    expect(event.defaultPrevented).toBe(true);
    expect(worker.terminated).toBe(true);
    expect(revoked).toEqual([worker.url]);
    await expect(client.request({ kind: 'double', value: 1 })).rejects.toThrow('test worker unavailable');
    expect(worker.jobs()).toEqual([]);
  });

  it('gives up on a worker that does not answer its ping within the handshake, without calling it refused', async () => {
    vi.useFakeTimers();
    const { client, worker } = start();
    await vi.advanceTimersByTimeAsync(WORKER_HANDSHAKE_MS - 1);
    expect(await settledYet(client.ready)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await client.ready).toBe(false);
    // A slow start (a busy machine) is not the page forbidding workers.
    expect(client.refusedByPage).toBe(false);
    expect(worker.terminated).toBe(true);
    expect(revoked).toEqual([worker.url]);
  });

  it('waits as long as it is told to for the handshake', async () => {
    vi.useFakeTimers();
    const { client } = start({ handshakeMs: 50 });
    await vi.advanceTimersByTimeAsync(50);
    expect(await client.ready).toBe(false);
  });

  it('rejects only the request the worker failed, and stays usable', async () => {
    const { client, worker } = start();
    worker.answer({ kind: 'pong' });
    await client.ready;
    const failing = client.request({ kind: 'double', value: Number.NaN });
    const working = client.request({ kind: 'double', value: 3 });
    worker.answer({ kind: 'failed', jobId: 1, message: 'not a number' });
    await expect(failing).rejects.toThrow('not a number');
    expect(client.usable).toBe(true);
    worker.answer({ kind: 'doubled', jobId: 2, value: 6 });
    expect(await working).toMatchObject({ value: 6 });
  });

  it('breaks on an error after the handshake: what is in flight is rejected, and the page did not refuse it', async () => {
    const { client, worker } = start();
    worker.answer({ kind: 'pong' });
    await client.ready;
    const inFlight = client.request({ kind: 'double', value: 1 });
    worker.fail();
    await expect(inFlight).rejects.toThrow('test worker error');
    expect(client.refusedByPage).toBe(false);
    expect(client.usable).toBe(false);
    expect(client.ended).toBe(false);
    expect(worker.terminated).toBe(true);
  });

  it('takes a worker that leaves a request unanswered past answerMs as dead, and rejects everything in flight', async () => {
    vi.useFakeTimers();
    const { client, worker } = start({ answerMs: 100 });
    worker.answer({ kind: 'pong' });
    await client.ready;
    const answered = client.request({ kind: 'double', value: 1 });
    worker.answer({ kind: 'doubled', jobId: 1, value: 2 });
    expect(await answered).toMatchObject({ value: 2 });
    // An answered request's watchdog is cleared: it does not break the worker later.
    await vi.advanceTimersByTimeAsync(150);
    expect(client.usable).toBe(true);
    const first = client.request({ kind: 'double', value: 2 });
    const firstRejected = expect(first).rejects.toThrow('test worker stopped answering');
    await vi.advanceTimersByTimeAsync(50);
    const second = client.request({ kind: 'double', value: 3 });
    const secondRejected = expect(second).rejects.toThrow('test worker stopped answering');
    await vi.advanceTimersByTimeAsync(50);
    await firstRejected;
    await secondRejected;
    expect(client.usable).toBe(false);
    expect(worker.terminated).toBe(true);
  });

  it('without answerMs, waits for an answer however long it takes', async () => {
    vi.useFakeTimers();
    const { client, worker } = start();
    worker.answer({ kind: 'pong' });
    await client.ready;
    const slow = client.request({ kind: 'double', value: 21 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.usable).toBe(true);
    worker.answer({ kind: 'doubled', jobId: 1, value: 42 });
    expect(await slow).toMatchObject({ value: 42 });
  });

  it('hands an answer nobody waits for to onUnclaimed (to free what it holds)', async () => {
    const unclaimed: unknown[] = [];
    const { client, worker } = start({ onUnclaimed: (answer) => unclaimed.push(answer) });
    worker.answer({ kind: 'pong' });
    await client.ready;
    worker.answer({ kind: 'doubled', jobId: 99, value: 0 });
    worker.answer({ kind: 'failed', jobId: 98, message: 'nothing to free' });
    expect(unclaimed).toEqual([{ kind: 'doubled', jobId: 99, value: 0 }]);
  });

  it('posts notices without numbering them, and drops them once the worker is gone', async () => {
    const { client, worker } = start();
    worker.answer({ kind: 'pong' });
    await client.ready;
    client.notify({ kind: 'forget', session: 3 });
    expect(worker.posted.at(-1)!.message).toEqual({ kind: 'forget', session: 3 });
    client.terminate();
    client.notify({ kind: 'forget', session: 4 });
    expect(worker.posted).toHaveLength(2);
  });

  it('terminated on purpose: ended, what is in flight rejected with the reason given, the handshake settled at once', async () => {
    const { client, worker } = start();
    const inFlight = client.request({ kind: 'double', value: 1 });
    client.terminate(new Error('the owner closed'));
    await expect(inFlight).rejects.toThrow('the owner closed');
    // No handshake timeout to wait out: a terminated worker never answers.
    expect(await settledYet(client.ready)).toBe(true);
    expect(await client.ready).toBe(false);
    expect(client.ended).toBe(true);
    expect(client.usable).toBe(false);
    expect(client.refusedByPage).toBe(false);
    expect(worker.terminated).toBe(true);
    expect(revoked).toEqual([worker.url]);
    await expect(client.request({ kind: 'double', value: 2 })).rejects.toThrow('test worker unavailable');
  });

  it('a broken worker terminated afterwards is not "ended" (its owner redoes the work elsewhere)', async () => {
    const { client, worker } = start();
    worker.fail();
    await client.ready;
    client.terminate();
    expect(client.ended).toBe(false);
    expect(revoked).toHaveLength(1);
  });
});
