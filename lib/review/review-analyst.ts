/**
 * Where the page review's DOM-free work runs (lib/review/analyst.ts): in a worker of its own when the
 * page allows one, else on the page's main thread in slices of at most REVIEW_SLICE_MS.
 *
 * The worker is started from a Blob URL made from its bundled text (`?worker-source`, built like the
 * renderer's field worker). This script is review.js, injected only when the review is opened, so the
 * text costs content.js nothing. A content script's Blob worker is still subject to the page's CSP
 * (worker-src, or script-src/child-src as fallbacks): Chromium refuses it with an error event after
 * the constructor returned, so, as the painter does, the worker must answer a ping before it is used;
 * a throw, an error first or no answer within REVIEW_WORKER_HANDSHAKE_MS means the main thread. The
 * start, handshake, watchdog and answers are the shared worker client's (lib/core/worker-client.ts).
 */

import REVIEW_WORKER_SOURCE from './review-worker?worker-source';
import { SpotsAnalysis, type Analyst, type AnalystAnswer, type AnalystRequest } from './analyst';
import type { ReviewWorkerRequest, ReviewWorkerResponse } from './review-worker';
import { runSliced } from '../core/schedule';
import { WORKER_HANDSHAKE_MS, WorkerClient } from '../core/worker-client';

/** Main-thread work per slice when the worker is refused: well under the 50 ms of a long task. */
export const REVIEW_SLICE_MS = 8;
/** A worker that has not answered its ping by then is taken as refused (the painter waits as long). */
export const REVIEW_WORKER_HANDSHAKE_MS = WORKER_HANDSHAKE_MS;
/**
 * A worker that has not answered a request by then is taken as dead (a worker can be killed without an
 * error event, e.g. out of memory): the run finishes on the main thread rather than stay "loading".
 * Its heaviest request, 250k spots, takes well under a second in the worker on a loaded 2-core machine.
 */
export const REVIEW_WORKER_ANSWER_MS = 15_000;

export type AnalysisPlace = 'worker' | 'main-thread';

type ReviewWorker = WorkerClient<ReviewWorkerRequest, ReviewWorkerResponse>;

/** One review run's analyst: its requests go to the worker, or run here in slices. */
export class AnalysisSession implements Analyst {
  private local: SpotsAnalysis | null = null;
  /** The run's spots, kept to rebuild the analysis here if the worker fails after holding them. */
  private spots: Extract<AnalystRequest, { kind: 'spots' }> | null = null;
  /** Where the last answer was computed. */
  place: AnalysisPlace | null = null;

  constructor(
    private readonly id: number,
    private readonly worker: ReviewWorker | null,
  ) {}

  async ask<R extends AnalystRequest>(request: R): Promise<AnalystAnswer<R>> {
    if (request.kind === 'spots') this.spots = request as Extract<AnalystRequest, { kind: 'spots' }>;
    if (!this.local && this.worker) {
      await this.worker.ready;
      if (this.worker.ended) throw new Error('the review closed');
    }
    if (!this.local && this.worker?.usable) {
      try {
        // Copied, not transferred: the session keeps its spots request to replay on the main thread
        // should the worker fail mid-run (a copy of 100k spots' columns is a fraction of a millisecond).
        const { answer } = await this.worker.request({ kind: 'ask', session: this.id, request });
        this.place = 'worker';
        return answer as AnalystAnswer<R>;
      } catch (error) {
        // The worker died (not a refusal: it had answered its ping): finish the run here. A request
        // the analysis itself rejects would fail here too, and so reaches the review as an error, as
        // does a request cut short by the review closing (the run is over then anyway).
        if (this.worker.usable || this.worker.ended) throw error;
      }
    }
    if (!this.local) {
      this.local = new SpotsAnalysis();
      if (this.spots && this.spots !== (request as AnalystRequest)) await runSliced(this.local.answer(this.spots), { budgetMs: REVIEW_SLICE_MS });
    }
    const answer = await runSliced(this.local.answer(request), { budgetMs: REVIEW_SLICE_MS });
    this.place = 'main-thread';
    return answer as AnalystAnswer<R>;
  }

  /** The run is over or replaced: the worker forgets its spots. */
  release(): void {
    this.worker?.notify({ kind: 'release', session: this.id });
    this.local = null;
    this.spots = null;
  }
}

/** The open review's worker (started when the review mounts, ended when it closes) and its sessions. */
export class ReviewAnalysts {
  private readonly worker: ReviewWorker | null;
  private nextSession = 1;

  constructor(source: string | null = REVIEW_WORKER_SOURCE, options: { answerMs?: number } = {}) {
    this.worker = source
      ? WorkerClient.start<ReviewWorkerRequest, ReviewWorkerResponse>(source, {
          name: 'review worker',
          handshakeMs: REVIEW_WORKER_HANDSHAKE_MS,
          answerMs: options.answerMs ?? REVIEW_WORKER_ANSWER_MS,
        })
      : null;
  }

  session(): AnalysisSession {
    return new AnalysisSession(this.nextSession++, this.worker);
  }

  terminate(): void {
    this.worker?.terminate(new Error('the review closed'));
  }
}
