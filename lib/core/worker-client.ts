/**
 * The one client of Heatlens's workers (the renderer's field worker, lib/render/painter.ts, and the
 * page review's analysis worker, lib/review/review-analyst.ts): it starts a worker from its bundled
 * text, shakes hands with it, numbers its requests and matches the answers, and says when the worker
 * cannot be used, so that its owner computes on the main thread instead.
 *
 * Why this shape:
 * - A content script cannot start a Worker from a chrome-extension:// or moz-extension:// URL (a
 *   worker must be same-origin with the page), so the worker is started from a Blob URL of its text.
 * - The page's CSP applies to that worker (worker-src, or script-src/child-src as fallbacks) and many
 *   sites forbid blob:. Some browsers throw from the constructor; Chromium returns a Worker and fires
 *   an error event afterwards. So the worker must answer a ping before it is used: a throw, an error
 *   before the answer, or no answer within the handshake time means "not here" (`ready` resolves
 *   false). An error before the answer is the page refusing it (`refusedByPage`); a slow start (a busy
 *   machine) is not, and a later page load may try again.
 * - A worker can die without an error event (out of memory): with `answerMs`, a request unanswered by
 *   then breaks the client, and every request in flight is rejected so its owner can redo it.
 *
 * The protocol every such worker speaks: `{ kind: 'ping' }` is answered `{ kind: 'pong' }`; a request
 * carries a `jobId` and is answered by one message with the same `jobId`, `{ kind: 'failed', message }`
 * when the worker could not do it. Other messages (no `jobId`) are notices that get no answer.
 */

export interface WorkerPing {
  kind: 'ping';
}
export interface WorkerPong {
  kind: 'pong';
}
export interface WorkerFailure {
  kind: 'failed';
  jobId: number;
  message: string;
}

/**
 * How long a new worker has to answer its ping before it is taken as refused. Starting a Blob URL
 * worker takes 9–17 ms on a loaded 2-core machine (BENCHMARKS.md); the margin is for a machine far
 * busier than that, and costs nothing where the worker answers.
 */
export const WORKER_HANDSHAKE_MS = 1500;

export interface WorkerClientOptions<Answer> {
  /** Names the worker in the errors it rejects with ("field worker"). */
  name: string;
  /** How long the worker has to answer its ping (default WORKER_HANDSHAKE_MS). */
  handshakeMs?: number;
  /** How long a request may stay unanswered before the worker is taken as dead (default: no limit). */
  answerMs?: number;
  /** An answer to a request nobody waits for any more (its worker broke meanwhile): frees what it holds. */
  onUnclaimed?: (answer: Answer) => void;
}

/** A message the client posts with a jobId, as its caller writes it (the client numbers it). */
type WithoutJobId<T> = T extends unknown ? Omit<T, 'jobId'> : never;
/** What a request is answered with when it worked. */
type AnswerOf<Response> = Exclude<Response, WorkerPong | WorkerFailure>;

interface PendingRequest<Answer> {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
  watchdog: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Client of one Blob URL worker. `Request` is every message it posts (requests with a `jobId`,
 * notices without, and the ping); `Response` every message the worker posts.
 */
export class WorkerClient<Request extends { kind: string }, Response extends WorkerPong | WorkerFailure | { kind: string; jobId: number }> {
  /** Resolves true once the worker answered its ping, false when it cannot be used here. */
  readonly ready: Promise<boolean>;
  /** The worker reported an error before answering its ping: the page (CSP) does not let it run. */
  refusedByPage = false;
  /** Terminated on purpose while it worked (its owner is done), not broken. */
  ended = false;
  private readonly pending = new Map<number, PendingRequest<AnswerOf<Response>>>();
  private nextJobId = 1;
  private broken = false;
  private answered = false;
  private settleReady: (ok: boolean) => void = () => undefined;

  /** Starts the worker from its text; null when this context has no workers or refuses this one outright. */
  static start<Request extends { kind: string }, Response extends WorkerPong | WorkerFailure | { kind: string; jobId: number }>(
    source: string,
    options: WorkerClientOptions<AnswerOf<Response>>,
  ): WorkerClient<Request, Response> | null {
    if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function') return null;
    let url: string | null = null;
    try {
      url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      return new WorkerClient<Request, Response>(new Worker(url), url, options);
    } catch {
      // The page's CSP or a sandbox refused the worker synchronously.
      if (url) URL.revokeObjectURL(url);
      return null;
    }
  }

  private constructor(
    private readonly worker: Worker,
    private readonly url: string,
    private readonly options: WorkerClientOptions<AnswerOf<Response>>,
  ) {
    this.ready = new Promise<boolean>((resolve) => {
      let settled = false;
      const timer = setTimeout(() => this.settleReady(false), options.handshakeMs ?? WORKER_HANDSHAKE_MS);
      this.settleReady = (ok) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!ok) this.fail(new Error(`${options.name} unavailable`));
        resolve(ok);
      };
    });
    worker.addEventListener('message', (event: MessageEvent<Response>) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      // Handled here: the page's console need not show the refusal as an uncaught error.
      event.preventDefault();
      if (!this.answered) this.refusedByPage = true;
      this.fail(new Error(`${options.name} error`));
    });
    worker.postMessage({ kind: 'ping' } satisfies WorkerPing);
  }

  /** False once the worker broke or was terminated: its owner computes elsewhere from then on. */
  get usable(): boolean {
    return !this.broken;
  }

  /** Posts a request (numbered here) and resolves with its answer; rejects when the worker fails it or breaks. */
  request(body: WithoutJobId<Extract<Request, { jobId: number }>>, transfer: Transferable[] = []): Promise<AnswerOf<Response>> {
    if (this.broken) return Promise.reject(new Error(`${this.options.name} unavailable`));
    const jobId = this.nextJobId++;
    return new Promise((resolve, reject) => {
      const { answerMs } = this.options;
      const watchdog = answerMs === undefined ? undefined : setTimeout(() => this.fail(new Error(`${this.options.name} stopped answering`)), answerMs);
      this.pending.set(jobId, { resolve, reject, watchdog });
      this.worker.postMessage({ ...body, jobId }, transfer);
    });
  }

  /** Posts a message that gets no answer; dropped once the worker is gone. */
  notify(message: Exclude<Request, { jobId: number } | WorkerPing>): void {
    if (!this.broken) this.worker.postMessage(message);
  }

  /** Ends the worker on purpose; what is in flight is rejected with `reason`. */
  terminate(reason: Error = new Error(`${this.options.name} terminated`)): void {
    if (this.broken) return;
    this.ended = true;
    this.stop(reason);
  }

  private receive(message: Response): void {
    if (message.kind === 'pong') {
      this.answered = true;
      this.settleReady(true);
      return;
    }
    const { jobId } = message as WorkerFailure | AnswerOf<Response>;
    const job = this.pending.get(jobId);
    if (!job) {
      if (message.kind !== 'failed') this.options.onUnclaimed?.(message as AnswerOf<Response>);
      return;
    }
    this.pending.delete(jobId);
    clearTimeout(job.watchdog);
    if (message.kind === 'failed') job.reject(new Error((message as WorkerFailure).message));
    else job.resolve(message as AnswerOf<Response>);
  }

  private fail(error: Error): void {
    if (this.broken) return;
    this.stop(error);
  }

  private stop(error: Error): void {
    this.broken = true;
    for (const job of this.pending.values()) {
      clearTimeout(job.watchdog);
      job.reject(error);
    }
    this.pending.clear();
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
    // A stopped worker never answers its ping: whoever waits for it need not wait out the handshake.
    this.settleReady(false);
  }
}
