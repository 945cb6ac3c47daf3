// @vitest-environment node
// Issue 17, item 9: a redirect to another origin and an answer past the byte or spot cap are refused
// as they arrive, with a message naming the other origin or the cap.
import { describe, expect, it } from 'vitest';
import { createPostHogClient } from '../../lib/posthog/client';
import { AnswerTooLargeError, RedirectedError, serializePostHogError } from '../../lib/posthog/errors';
import type { HeatmapQuery } from '../../lib/posthog/query';
import { postHogFailure } from '../posthog-failure';

const connection = { host: 'https://us.posthog.com', projectId: 2, apiKey: 'phx_test_key' };
const query: HeatmapQuery = { type: 'click', dateFrom: '-7d', aggregation: 'total_count', filterTestAccounts: false };
const fold = { total_count: 3, below_fold_count: 2, pct_below_fold: 66.7, median_viewport_height: 640 };

function spotsText(count: number): string {
  const spots = Array.from({ length: count }, (_, i) => ({ count: 1, pointer_y: i, pointer_relative_x: 0.5, pointer_target_fixed: false }));
  return JSON.stringify({ results: spots, has_more: false, fold });
}

/** A body that arrives in `chunks` pieces, as a network answer does. */
function streamed(text: string, chunks = 8): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / chunks);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

function fetchAnswering(response: () => Response): typeof fetch {
  return (async () => response()) as typeof fetch;
}

describe('answer caps', () => {
  it('an answer with more spots than maxSpots is refused, naming the cap', async () => {
    const api = createPostHogClient(connection, { fetch: fetchAnswering(() => new Response(streamed(spotsText(1200)))), maxSpots: 1000 });
    const error = await postHogFailure(api.fetchHeatmap(query));
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error.message).toContain('more than 1,000 spots');
  });

  it('an answer of exactly maxSpots is read', async () => {
    const api = createPostHogClient(connection, { fetch: fetchAnswering(() => new Response(streamed(spotsText(1000)))), maxSpots: 1000 });
    expect((await api.fetchHeatmap(query)).results).toHaveLength(1000);
  });

  it('a streamed answer past the byte cap is refused, naming the cap in MB', async () => {
    const text = spotsText(100);
    const api = createPostHogClient(connection, { fetch: fetchAnswering(() => new Response(streamed(text))), maxAnswerBytes: 2 * 1024 * 1024 });
    expect((await api.fetchHeatmap(query)).results).toHaveLength(100);
    const padded = `${text.slice(0, -1)},"padding":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    const big = createPostHogClient(connection, { fetch: fetchAnswering(() => new Response(streamed(padded, 64))), maxAnswerBytes: 2 * 1024 * 1024 });
    const error = await postHogFailure(big.fetchHeatmap(query));
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error.message).toContain('larger than 2 MB');
  });

  it('a plain (not streamed) answer past the byte cap is refused too, and so is a declared Content-Length', async () => {
    const padded = JSON.stringify({ results: [], next: null, padding: 'x'.repeat(3 * 1024 * 1024) });
    const api = createPostHogClient(connection, { fetch: fetchAnswering(() => new Response(streamed(padded, 64))), maxAnswerBytes: 2 * 1024 * 1024 });
    expect(await postHogFailure(api.listCohorts())).toBeInstanceOf(AnswerTooLargeError);
    const declared = createPostHogClient(connection, {
      fetch: fetchAnswering(() => new Response('{}', { headers: { 'Content-Length': String(3 * 1024 * 1024) } })),
      maxAnswerBytes: 2 * 1024 * 1024,
    });
    expect(await postHogFailure(declared.listCohorts())).toBeInstanceOf(AnswerTooLargeError);
  });
});

describe('redirects', () => {
  /** A Response as fetch returns it after following a redirect to `finalUrl`. */
  function redirectedTo(finalUrl: string): Response {
    const response = new Response(spotsText(1));
    Object.defineProperty(response, 'redirected', { value: true });
    Object.defineProperty(response, 'url', { value: finalUrl });
    return response;
  }

  it('an answer that came from another origin is refused, naming it', async () => {
    const api = createPostHogClient(connection, { fetch: fetchAnswering(() => redirectedTo('https://evil.example/api/projects/2/heatmaps/')) });
    const error = await postHogFailure(api.fetchHeatmap(query));
    expect(error).toBeInstanceOf(RedirectedError);
    expect(error.message).toContain('sent Heatlens on to https://evil.example');
    expect(serializePostHogError(error)).toMatchObject({ kind: 'redirected', origin: 'https://evil.example' });
  });

  it('a redirect within the same origin is followed as before', async () => {
    const api = createPostHogClient(connection, { fetch: fetchAnswering(() => redirectedTo('https://us.posthog.com/api/projects/2/heatmaps/?x=1')) });
    expect((await api.fetchHeatmap(query)).results).toHaveLength(1);
  });
});
