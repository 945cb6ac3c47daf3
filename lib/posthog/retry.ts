import { retryDelayMs } from './client';

export interface RetryOptions {
  /** Which failures to retry here; others are thrown at once. */
  retryable?: (error: unknown) => boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** Server errors and query timeouts are often transient: PostHog's own UI retries them too. */
export const isTransientServerError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'kind' in error && (error.kind === 'server-error' || error.kind === 'query-timeout');

/**
 * Runs `attempt` and retries as `retryDelayMs` says (1 s, 2 s, 4 s for server errors), then throws
 * the last error so the user is told. Rate limits are left to the caller by default, because the
 * overlay shows the wait to the user.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retryable = options.retryable ?? isTransientServerError;
  const wait = options.sleep ?? sleep;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = retryable(error) ? retryDelayMs(error, tries) : null;
      if (delay === null) throw error;
      await wait(delay, options.signal);
    }
  }
}
