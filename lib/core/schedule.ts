/**
 * Main-thread time slicing: run a step generator, yielding to the event loop whenever a slice has
 * used its budget, so input and scrolling stay responsive while a field is computed
 * (no task comes near the 50 ms long-task threshold).
 */

interface SchedulerWithYield {
  yield?: () => Promise<void>;
}

/**
 * Lets the browser run input, rendering and other tasks, then resumes.
 * scheduler.yield() (Chromium) resumes ahead of other queued work; otherwise a MessageChannel
 * message, which unlike setTimeout(0) is not clamped to 4 ms after a few nested calls.
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerWithYield }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface SliceOptions {
  /** Work time per slice before yielding, ms. */
  budgetMs?: number;
  /** Checked at every yield; when true the run stops and resolves to null. */
  isCancelled?: () => boolean;
  yieldFn?: () => Promise<void>;
}

export const DEFAULT_SLICE_BUDGET_MS = 12;

export async function runSliced<T>(steps: Generator<unknown, T, void>, options: SliceOptions = {}): Promise<T | null> {
  const budget = options.budgetMs ?? DEFAULT_SLICE_BUDGET_MS;
  const yieldFn = options.yieldFn ?? yieldToEventLoop;
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= budget) {
      await yieldFn();
      if (options.isCancelled?.()) {
        steps.return(undefined as never);
        return null;
      }
      sliceStart = performance.now();
    }
  }
}

/** Runs a step generator to completion synchronously. */
export function runToCompletion<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
