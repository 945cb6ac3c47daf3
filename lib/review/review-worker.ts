/**
 * Entry point of the page review's worker. Not imported as a module: the build bundles it into a
 * string (`./review-worker?worker-source`, lib/render/field-worker-build.ts) that the review script
 * starts from a Blob URL (lib/review/review-analyst.ts). It only wraps SpotsAnalysis (analyst.ts):
 * one per review run (`session`), answering each request at once, off the page's main thread.
 */
import { runToCompletion } from '../core/schedule';
import { SpotsAnalysis, type AnalystAnswers, type AnalystRequest } from './analyst';

export type ReviewWorkerRequest =
  | { kind: 'ping' }
  | { kind: 'ask'; session: number; jobId: number; request: AnalystRequest }
  /** The run is over (or was replaced): its spots can go. */
  | { kind: 'release'; session: number };

export type ReviewWorkerResponse =
  | { kind: 'pong' }
  | { kind: 'answer'; jobId: number; answer: AnalystAnswers[keyof AnalystAnswers] }
  | { kind: 'failed'; jobId: number; message: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<ReviewWorkerRequest>) => void) | null;
  postMessage(message: ReviewWorkerResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
const sessions = new Map<number, SpotsAnalysis>();

scope.onmessage = (event) => {
  const message = event.data;
  if (message.kind === 'ping') {
    scope.postMessage({ kind: 'pong' });
    return;
  }
  if (message.kind === 'release') {
    sessions.delete(message.session);
    return;
  }
  try {
    let analysis = sessions.get(message.session);
    if (!analysis) sessions.set(message.session, (analysis = new SpotsAnalysis()));
    scope.postMessage({ kind: 'answer', jobId: message.jobId, answer: runToCompletion(analysis.answer(message.request)) });
  } catch (error) {
    scope.postMessage({ kind: 'failed', jobId: message.jobId, message: error instanceof Error ? error.message : String(error) });
  }
};
