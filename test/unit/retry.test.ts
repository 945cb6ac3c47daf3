import { describe, expect, it, vi } from 'vitest';
import { QueryTimeoutError, RateLimitedError, ServerError, InvalidKeyError } from '@/lib/posthog/errors';
import { withRetries } from '@/lib/posthog/retry';

describe('withRetries', () => {
  it('backs off 1 s, 2 s, 4 s on server errors, then gives up with the error', async () => {
    const delays: number[] = [];
    const attempt = vi.fn(async () => {
      throw new ServerError(500);
    });
    await expect(withRetries(attempt, { sleep: async (ms) => void delays.push(ms) })).rejects.toBeInstanceOf(ServerError);
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(attempt).toHaveBeenCalledTimes(4);
  });

  it('recovers when the server does', async () => {
    const attempt = vi.fn().mockRejectedValueOnce(new QueryTimeoutError()).mockResolvedValueOnce('data');
    await expect(withRetries(attempt, { sleep: async () => undefined })).resolves.toBe('data');
  });

  it('does not retry errors a retry cannot fix, nor rate limits (the overlay shows that wait)', async () => {
    for (const error of [new InvalidKeyError(), new RateLimitedError(12)]) {
      const attempt = vi.fn(async () => {
        throw error;
      });
      await expect(withRetries(attempt, { sleep: async () => undefined })).rejects.toBe(error);
      expect(attempt).toHaveBeenCalledTimes(1);
    }
  });
});
