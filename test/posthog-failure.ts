import { PostHogError } from '../lib/posthog/errors';

/** The typed PostHog error a call failed with; anything else (or success) fails the test. */
export async function postHogFailure(promise: Promise<unknown>): Promise<PostHogError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PostHogError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}
