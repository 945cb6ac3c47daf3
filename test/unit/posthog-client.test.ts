// @vitest-environment node
import { serializedPostHogErrorSchema } from '@/lib/messaging/protocol';
import { describe, expect, it, vi } from 'vitest';
import {
  createPostHogClient,
  formatPath,
  retryAfterSeconds,
  retryDelayMs,
  type PostHogClientOptions,
} from '../../lib/posthog/client';
import {
  BadRequestError,
  InvalidKeyError,
  OfflineError,
  PostHogError,
  QueryTimeoutError,
  RateLimitedError,
  ServerError,
  serializePostHogError,
  type PostHogErrorKind,
} from '../../lib/posthog/errors';
import type { HeatmapQuery } from '../../lib/posthog/query';
import type { HeatmapSpot } from '../../lib/posthog/schemas';
import { postHogFailure } from '../posthog-failure';

const connection = { host: 'https://us.posthog.com', projectId: 2, apiKey: 'phx_test_key' };
const query: HeatmapQuery = { type: 'click', dateFrom: '-7d', aggregation: 'total_count', filterTestAccounts: false };

const emptyFold = { total_count: 0, below_fold_count: 0, pct_below_fold: 0.0, median_viewport_height: null };
const fold = { total_count: 3, below_fold_count: 2, pct_below_fold: 66.7, median_viewport_height: 640 };

function spot(i: number): HeatmapSpot {
  return { count: 5000 - i, pointer_y: 16 * i, pointer_relative_x: (i % 100) / 100, pointer_target_fixed: i % 7 === 0 };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

/** A fetch stand-in that records each call and answers with `handler`. */
function stubFetch(handler: Handler) {
  const calls: Array<{ url: URL; init: RequestInit }> = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    calls.push({ url, init });
    return handler(url, init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function client(handler: Handler, options: PostHogClientOptions = {}, conn = connection) {
  const stub = stubFetch(handler);
  return { ...stub, api: createPostHogClient(conn, { fetch: stub.fetch, ...options }) };
}


/** A fetch that never answers but, like the real one, rejects when its signal aborts. */
const hangingFetch: Handler = (_url, init) =>
  new Promise<Response>((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new DOMException('aborted', 'AbortError')));
  });

describe('requests', () => {
  it('calls the heatmaps endpoint with the key as a bearer token and limit=0', async () => {
    const { api, calls } = client(() => json({ results: [spot(1)], fold, has_more: false }));
    const response = await api.fetchHeatmap(query);
    expect(response).toEqual({ results: [spot(1)], fold, has_more: false });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [(typeof calls)[number]];
    expect(url.origin + url.pathname).toBe('https://us.posthog.com/api/projects/2/heatmaps/');
    expect(url.searchParams.get('limit')).toBe('0');
    expect(url.searchParams.get('type')).toBe('click');
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer phx_test_key');
    expect(init.credentials).toBe('omit');
  });

  it('normalises the host it is given', async () => {
    const { api, calls } = client(() => json({ results: [], fold: emptyFold, has_more: false }), {}, {
      ...connection,
      host: 'eu.posthog.com/',
    });
    await api.fetchHeatmap(query);
    expect(calls[0]?.url.origin).toBe('https://eu.posthog.com');
  });

  it('asks for scroll depth with type=scrolldepth and returns buckets ascending', async () => {
    const { api, calls } = client(() =>
      json({
        results: [
          { scroll_depth_bucket: 1600, bucket_count: 9, cumulative_count: 15 },
          { scroll_depth_bucket: 800, bucket_count: 5, cumulative_count: 20 },
        ],
      }),
    );
    const response = await api.fetchScrollDepth(query);
    expect(calls[0]?.url.searchParams.get('type')).toBe('scrolldepth');
    expect(response.results.map((b) => b.scroll_depth_bucket)).toEqual([800, 1600]);
  });

  it('refuses scrolldepth in fetchHeatmap (a programming error)', async () => {
    const { api } = client(() => json({}));
    await expect(api.fetchHeatmap({ ...query, type: 'scrolldepth' })).rejects.toBeInstanceOf(TypeError);
  });

  it('asks for the sessions behind spots', async () => {
    const event = {
      session_id: 's1',
      distinct_id: 'd1',
      timestamp: '2026-05-01T10:00:00Z',
      pointer_relative_x: 0.42,
      pointer_y: 816,
      current_url: 'https://site/page',
      type: 'click',
    };
    const { api, calls } = client(() => json({ results: [event], total_count: 1, has_more: false }));
    const response = await api.fetchHeatmapEvents(query, [{ x: 0.42, y: 816, target_fixed: false }]);
    expect(response.results[0]?.session_id).toBe('s1');
    expect(calls[0]?.url.pathname).toBe('/api/projects/2/heatmaps/events/');
    expect(JSON.parse(calls[0]!.url.searchParams.get('points')!)).toEqual([{ x: 0.42, y: 816, target_fixed: false }]);
    expect(calls[0]?.url.searchParams.get('limit')).toBe('50');
  });

  it('asks for element stats with include and a $current_url property filter', async () => {
    const { api, calls } = client(() => json({ results: [], next: null, previous: null }));
    await api.fetchElementStats({
      dateFrom: '-30d',
      include: ['$autocapture', '$rageclick'],
      urlExact: 'https://site/page',
      filterTestAccounts: true,
      limit: 25,
    });
    const params = calls[0]!.url.searchParams;
    expect(calls[0]?.url.pathname).toBe('/api/projects/2/elements/stats/');
    expect(params.getAll('include')).toEqual(['$autocapture', '$rageclick']);
    expect(JSON.parse(params.get('properties')!)).toEqual([
      { key: '$current_url', value: 'https://site/page', operator: 'exact', type: 'event' },
    ]);
    expect(params.get('date_from')).toBe('-30d');
    expect(params.get('limit')).toBe('25');
  });

  it('asks for element stats from the heat’s window widths as $viewport_width property filters', async () => {
    const { api, calls } = client(() => json({ results: [], next: null, previous: null }));
    await api.fetchElementStats({ dateFrom: '-7d', urlExact: 'https://site/page', viewportWidthMin: 1152, viewportWidthMax: 1408 });
    expect(JSON.parse(calls[0]!.url.searchParams.get('properties')!)).toEqual([
      { key: '$current_url', value: 'https://site/page', operator: 'exact', type: 'event' },
      { key: '$viewport_width', value: 1144, operator: 'gte', type: 'event' },
      { key: '$viewport_width', value: 1416, operator: 'lt', type: 'event' },
    ]);
  });

  it('creates and reads saved heatmaps', async () => {
    const { api, calls } = client((url, init) =>
      init.method === 'POST'
        ? json({ short_id: 'abc', status: 'processing', name: 'Home', url: 'https://site/', widths: [1440] }, 201)
        : json({ short_id: 'abc', status: 'completed' }),
    );
    const created = await api.createSavedHeatmap({ name: 'Home', url: 'https://site/' });
    expect(created.status).toBe('processing');
    expect(calls[0]?.url.pathname).toBe('/api/projects/2/saved/');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      name: 'Home',
      url: 'https://site/',
      widths: [1440],
      type: 'screenshot',
    });
    expect(new Headers(calls[0]?.init.headers).get('Content-Type')).toBe('application/json');
    expect((await api.getSavedHeatmap('abc')).status).toBe('completed');
    expect(calls[1]?.url.pathname).toBe('/api/projects/2/saved/abc/');
  });

  it('refuses a wildcard URL for a saved heatmap before asking PostHog', async () => {
    const { api, calls } = client(() => json({}));
    const error = await postHogFailure(api.createSavedHeatmap({ name: 'All', url: 'https://site/*' }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(serializePostHogError(error).attr).toBe('url');
    expect(calls).toHaveLength(0);
  });
});

describe('paging', () => {
  const pageSize = 500;
  const all = Array.from({ length: 1234 }, (_, i) => spot(i));

  /** A server that ignores limit=0 and answers 500 spots a page. */
  const cappingServer: Handler = (url) => {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const results = all.slice(offset, offset + pageSize);
    return json({ results, fold: offset === 0 ? fold : emptyFold, has_more: offset + pageSize < all.length });
  };

  it('follows has_more with offsets, merges the spots and keeps the first fold', async () => {
    const { api, calls } = client(cappingServer);
    const response = await api.fetchHeatmap(query);
    expect(response.results).toEqual(all);
    expect(response.has_more).toBe(false);
    expect(response.fold).toEqual(fold);
    expect(calls.map((c) => c.url.searchParams.get('offset'))).toEqual([null, '500', '1000']);
    expect(calls.every((c) => c.url.searchParams.get('limit') === '0')).toBe(true);
  });

  it('stops after maxPages and reports the spots incomplete', async () => {
    let n = 0;
    const { api, calls } = client(
      () => json({ results: [spot(n++)], fold, has_more: true }),
      { maxPages: 5 },
    );
    const response = await api.fetchHeatmap(query);
    expect(calls).toHaveLength(5);
    expect(response.results).toHaveLength(5);
    expect(response.has_more).toBe(true);
  });

  it('stops when a server ignores offset and repeats the same page', async () => {
    const { api, calls } = client(() => json({ results: [spot(1), spot(2)], fold, has_more: true }));
    const response = await api.fetchHeatmap(query);
    expect(calls).toHaveLength(2);
    expect(response.results).toEqual([spot(1), spot(2)]);
    expect(response.has_more).toBe(true);
  });

  it('stops when "more" turns out to be an empty page', async () => {
    const { api, calls } = client((url) =>
      url.searchParams.has('offset')
        ? json({ results: [], fold: emptyFold, has_more: true })
        : json({ results: [spot(1)], fold, has_more: true }),
    );
    const response = await api.fetchHeatmap(query);
    expect(calls).toHaveLength(2);
    expect(response.has_more).toBe(false);
  });

  it('keeps at most maxSpots, the hottest', async () => {
    const { api, calls } = client(cappingServer, { maxSpots: 700 });
    const response = await api.fetchHeatmap(query);
    expect(calls).toHaveLength(2);
    expect(response.results).toEqual(all.slice(0, 700));
    expect(response.has_more).toBe(true);
  });
});

/** PostHog's real error bodies, from the API contract. */
const errorCases: Array<{
  name: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  kind: PostHogErrorKind;
  check?: (serialized: ReturnType<typeof serializePostHogError>) => void;
}> = [
  {
    name: 'bad date_from',
    status: 400,
    body: {
      type: 'validation_error',
      code: 'invalid_input',
      detail: 'Error parsing provided date_from: -7x',
      attr: 'date_from',
    },
    kind: 'bad-request',
    check: (e) => {
      expect(e.attr).toBe('date_from');
      expect(e.message).toContain('Error parsing provided date_from: -7x');
      expect(e.message).toContain('start date');
    },
  },
  {
    name: 'invalid key',
    status: 401,
    body: {
      type: 'authentication_error',
      code: 'authentication_failed',
      detail: 'Personal API key found in request Authorization header is invalid.',
      attr: null,
    },
    kind: 'invalid-key',
    check: (e) => expect(e.message).toMatch(/Personal API keys/),
  },
  {
    name: 'missing scope',
    status: 403,
    body: {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: "API key missing required scope 'heatmap:read'",
      attr: null,
    },
    kind: 'missing-scope',
    check: (e) => {
      expect(e.scope).toBe('heatmap:read');
      expect(e.message).toContain("'heatmap:read'");
      expect(e.message).toContain('PostHog → Settings → Personal API keys');
    },
  },
  {
    name: 'no project access',
    status: 403,
    body: {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: 'API key does not have access to the requested project: ID 2.',
      attr: null,
    },
    kind: 'no-project-access',
    check: (e) => {
      expect(e.projectId).toBe(2);
      expect(e.message).toContain('project 2');
    },
  },
  {
    name: 'personal keys unsupported',
    status: 403,
    body: {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: 'This action does not support Personal API Key access',
      attr: null,
    },
    kind: 'personal-keys-unsupported',
    check: (e) => expect(e.message).toMatch(/[Uu]pgrade/),
  },
  {
    name: 'generic permission denial',
    status: 403,
    body: { type: 'authentication_error', code: 'permission_denied', detail: "You don't have access to the project." },
    kind: 'no-project-access',
  },
  { name: 'quota', status: 402, body: { type: 'quota_limit_exceeded', detail: 'Quota exceeded' }, kind: 'quota-exceeded' },
  {
    name: 'throttled with Retry-After',
    status: 429,
    body: { type: 'throttled_error', code: 'throttled', detail: 'Request was throttled. Expected available in 12 seconds.' },
    headers: { 'Retry-After': '12' },
    kind: 'rate-limited',
    check: (e) => {
      expect(e.retryAfterSeconds).toBe(12);
      expect(e.message).toContain('12 s');
    },
  },
  {
    name: 'throttled without the header',
    status: 429,
    body: { type: 'throttled_error', code: 'throttled', detail: 'Request was throttled. Expected available in 7 seconds.' },
    kind: 'rate-limited',
    check: (e) => expect(e.retryAfterSeconds).toBe(7),
  },
  { name: 'server error', status: 500, body: { type: 'server_error', detail: 'A server error occurred.' }, kind: 'server-error' },
  { name: 'bad gateway (HTML)', status: 502, body: '<html>Bad gateway</html>', kind: 'server-error', check: (e) => expect(e.status).toBe(502) },
  { name: 'query timeout', status: 504, body: { detail: 'Query timed out' }, kind: 'query-timeout' },
  { name: 'not found', status: 404, body: { type: 'invalid_request', code: 'not_found', detail: 'Not found.' }, kind: 'not-found' },
];

describe('HTTP errors', () => {
  it.each(errorCases)('$name ($status) → $kind', async ({ status, body, headers, kind, check }) => {
    const { api } = client(() =>
      typeof body === 'string' ? new Response(body, { status, headers }) : json(body, status, headers),
    );
    const error = await postHogFailure(api.fetchHeatmap(query));
    expect(error.kind).toBe(kind);
    const serialized = serializedPostHogErrorSchema.parse(JSON.parse(JSON.stringify(serializePostHogError(error))));
    expect(serialized.kind).toBe(kind);
    expect(serialized.message).not.toContain('phx_test_key');
    check?.(serialized);
  });

  it('marks only transient failures retryable', async () => {
    const retryable = new Set(['rate-limited', 'server-error', 'query-timeout']);
    for (const { status, body, kind } of errorCases) {
      const { api } = client(() => json(body, status));
      const error = await postHogFailure(api.fetchHeatmap(query));
      expect(error.retryable, kind).toBe(retryable.has(kind));
    }
  });
});

describe('network failures', () => {
  it('a TypeError from fetch means offline', async () => {
    const { api } = client(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await postHogFailure(api.fetchHeatmap(query));
    expect(error).toBeInstanceOf(OfflineError);
    expect(error.message).toContain('https://us.posthog.com');
  });

  it('a self-hosted origin without host permission is reported as such', async () => {
    const asked: string[] = [];
    const { api } = client(
      () => {
        throw new TypeError('Failed to fetch');
      },
      { hasHostPermission: async (origin) => (asked.push(origin), false) },
      { ...connection, host: 'http://localhost:8000' },
    );
    const error = await postHogFailure(api.fetchHeatmap(query));
    expect(error.kind).toBe('host-permission');
    expect(serializePostHogError(error).origin).toBe('http://localhost:8000');
    expect(asked).toEqual(['http://localhost:8000']);
  });

  it('with permission granted, the same failure is offline', async () => {
    const { api } = client(
      () => {
        throw new TypeError('Failed to fetch');
      },
      { hasHostPermission: async () => true },
      { ...connection, host: 'http://localhost:8000' },
    );
    expect((await postHogFailure(api.fetchHeatmap(query))).kind).toBe('offline');
  });

  it('no answer within the timeout is a request timeout, at that timeout and not before', async () => {
    // The clock is the test's: the answer is judged at 49 and 50 ms of it, however busy the machine.
    vi.useFakeTimers();
    try {
      const { api } = client(hangingFetch, { timeoutMs: 50 });
      let settled = false;
      const failure = postHogFailure(api.fetchHeatmap(query)).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(49);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      const error = await failure;
      expect(error.kind).toBe('request-timeout');
      expect(error.retryable).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a body that stalls after the headers also times out', async () => {
    const { api } = client(
      (_url, init) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"results": ['));
              init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
            },
          }),
          { status: 200 },
        ),
      { timeoutMs: 50 },
    );
    expect((await postHogFailure(api.fetchHeatmap(query))).kind).toBe('request-timeout');
  });

  it("the caller's abort rejects with an AbortError, not a PostHog error", async () => {
    const { api } = client(hangingFetch);
    const controller = new AbortController();
    const pending = api.fetchHeatmap(query, controller.signal);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PostHogError);
    expect((error as Error).name).toBe('AbortError');
    expect(serializePostHogError(error).kind).toBe('aborted');
  });

  it('an already aborted signal makes no request', async () => {
    const { api, calls } = client(() => json({}));
    await expect(api.fetchHeatmap(query, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toHaveLength(0);
  });
});

/** A body that arrives in `size`-byte chunks, counting how many were pulled and whether it was cancelled. */
function chunkedAnswer(text: string, size: number) {
  const bytes = new TextEncoder().encode(text);
  const chunks = Math.ceil(bytes.length / size);
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      controller.enqueue(bytes.slice(pulled * size, (pulled + 1) * size));
      pulled++;
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, chunks, pulled: () => pulled, cancelled: () => cancelled };
}

describe('streamed answers', () => {
  it('spots read chunk by chunk (a multi-byte character cut between chunks too) equal the answer read whole', async () => {
    const results = Array.from({ length: 2000 }, (_, index) => spot(index));
    const text = JSON.stringify({ results, fold, has_more: false, note: 'Größe 😀'.repeat(300) });
    const whole = await client(() => new Response(text, { status: 200 })).api.fetchHeatmap(query);
    // 7-byte chunks cut 'ö', 'ß' and '😀' (2 and 4 bytes in UTF-8) between chunks many times.
    for (const size of [7, 997, 4096]) {
      const stream = chunkedAnswer(text, size);
      const chunked = await client(() => new Response(stream.body, { status: 200 })).api.fetchHeatmap(query);
      expect(chunked).toEqual(whole);
      expect(stream.pulled()).toBe(stream.chunks);
    }
    expect(whole.results).toEqual(results);
  });
});

describe('unreadable answers', () => {
  it('a body that is not JSON is a schema error', async () => {
    const { api } = client(() => new Response('<!doctype html><title>Log in</title>', { status: 200 }));
    const error = await postHogFailure(api.fetchHeatmap(query));
    expect(error.kind).toBe('schema');
    expect(error.message).toMatch(/web page/);
  });

  it('a spot of the wrong shape names its path', async () => {
    const results = [spot(0), spot(1), spot(2), { ...spot(3), pointer_y: 'high' }];
    const { api } = client(() => json({ results, fold, has_more: false }));
    const error = await postHogFailure(api.fetchHeatmap(query));
    const serialized = serializePostHogError(error);
    expect(serialized).toMatchObject({ kind: 'schema', field: 'results[3].pointer_y' });
    expect(serialized.message).toContain('results[3].pointer_y');
  });

  it('a spot of the wrong shape far into a streamed answer names its index in the whole list, and the rest is not read', async () => {
    const results = Array.from({ length: 3000 }, (_, index) => (index === 2043 ? { ...spot(index), pointer_relative_x: null } : spot(index)));
    const stream = chunkedAnswer(JSON.stringify({ results, fold, has_more: false }), 4096);
    const { api } = client(() => new Response(stream.body, { status: 200, headers: { 'Content-Type': 'application/json' } }));
    const error = serializePostHogError(await postHogFailure(api.fetchHeatmap(query)));
    expect(error).toMatchObject({ kind: 'schema', field: 'results[2043].pointer_relative_x' });
    expect(stream.pulled()).toBeLessThan(stream.chunks);
    expect(stream.cancelled()).toBe(true);
  });

  it('an answer cut short is unreadable, not a shorter heatmap', async () => {
    const text = JSON.stringify({ results: Array.from({ length: 500 }, (_, index) => spot(index)), fold, has_more: false });
    const { api } = client(() => new Response(chunkedAnswer(text.slice(0, text.length - 200), 1024).body, { status: 200 }));
    const error = await postHogFailure(api.fetchHeatmap(query));
    expect(error).toMatchObject({ kind: 'schema', field: null });
    expect(error.message).toMatch(/ended before it was complete/);
  });

  it('formats zod paths the way people read them', () => {
    expect(formatPath(['results', 3, 'pointer_y'])).toBe('results[3].pointer_y');
    expect(formatPath(['fold', 'median_viewport_height'])).toBe('fold.median_viewport_height');
    expect(formatPath([])).toBe('(root)');
  });
});

describe('refused settings fail without touching the network', () => {
  it('an ingestion host', async () => {
    const { api, calls } = client(() => json({}), {}, { ...connection, host: 'https://us.i.posthog.com' });
    const error = await postHogFailure(api.fetchHeatmap(query));
    expect(error.kind).toBe('ingestion-host');
    expect(error.message).toContain('https://us.posthog.com');
    expect(calls).toHaveLength(0);
  });

  it('a host that is not a web address', async () => {
    const { api, calls } = client(() => json({}), {}, { ...connection, host: 'ftp://files.example.com' });
    expect((await postHogFailure(api.fetchHeatmap(query))).kind).toBe('invalid-host');
    expect(calls).toHaveLength(0);
  });

  it('a key with a character no header can carry', async () => {
    const { api, calls } = client(() => json({}), {}, { ...connection, apiKey: 'phx_abc\u00a0def' });
    expect(await postHogFailure(api.fetchHeatmap(query))).toBeInstanceOf(InvalidKeyError);
    expect(calls).toHaveLength(0);
  });

  it('a project id that is not a positive integer is a programming error', () => {
    expect(() => createPostHogClient({ ...connection, projectId: 0 })).toThrow(TypeError);
  });
});

describe('checkConnection', () => {
  it('rests on the heatmaps endpoint (limit=1, last 7 days) and reads the project name', async () => {
    const { api, calls } = client((url) =>
      url.pathname.endsWith('/heatmaps/')
        ? json({ results: [spot(1)], fold: { ...fold, total_count: 42 }, has_more: true })
        : json({ id: 2, name: 'Shop', timezone: 'UTC' }),
    );
    expect(await api.checkConnection()).toEqual({ projectName: 'Shop', spotsLastWeek: 42 });
    const heatmapCall = calls.find((c) => c.url.pathname === '/api/projects/2/heatmaps/')!;
    expect(heatmapCall.url.searchParams.get('limit')).toBe('1');
    expect(heatmapCall.url.searchParams.get('date_from')).toBe('-7d');
    expect(calls.some((c) => c.url.pathname === '/api/projects/2/')).toBe(true);
    // One page is enough for a check, even when more exist.
    expect(calls.filter((c) => c.url.pathname.endsWith('/heatmaps/'))).toHaveLength(1);
  });

  it('a heatmap-only key passes: a 403 on the project just means no name', async () => {
    const { api } = client((url) =>
      url.pathname.endsWith('/heatmaps/')
        ? json({ results: [], fold: emptyFold, has_more: false })
        : json({ type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'project:read'" }, 403),
    );
    expect(await api.checkConnection()).toEqual({ projectName: null, spotsLastWeek: 0 });
  });

  it('leaves spotsLastWeek out when the server has no fold summary', async () => {
    const { api } = client((url) =>
      url.pathname.endsWith('/heatmaps/') ? json({ results: [] }) : json({ id: 2, name: 'Shop' }),
    );
    expect(await api.checkConnection()).toEqual({ projectName: 'Shop' });
  });

  it('fails with the heatmap error when the heatmaps endpoint refuses', async () => {
    const { api } = client((url) =>
      url.pathname.endsWith('/heatmaps/')
        ? json({ type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'heatmap:read'" }, 403)
        : json({ id: 2, name: 'Shop' }),
    );
    const error = await postHogFailure(api.checkConnection());
    expect(serializePostHogError(error)).toMatchObject({ kind: 'missing-scope', scope: 'heatmap:read' });
  });
});

describe('serializePostHogError', () => {
  it('turns anything else into a safe unknown error', () => {
    const serialized = serializePostHogError(new Error('secret internals at https://x/?key=phx_123'));
    expect(serialized.kind).toBe('unknown');
    expect(serialized.message).not.toContain('phx_123');
    expect(serializedPostHogErrorSchema.parse(serializePostHogError('a string'))).toMatchObject({ kind: 'unknown' });
    expect(serializePostHogError(null).kind).toBe('unknown');
  });
});

describe('retry policy', () => {
  it('waits as long as PostHog asked when throttled', () => {
    expect(retryDelayMs(new RateLimitedError(12), 1)).toBe(12_000);
    expect(retryDelayMs(new RateLimitedError(null), 1)).toBe(60_000);
    expect(retryDelayMs(serializePostHogError(new RateLimitedError(3)), 2)).toBe(3000);
  });

  it('backs off 1 s, 2 s, 4 s on server errors and query timeouts, then gives up', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(new ServerError(502), attempt))).toEqual([1000, 2000, 4000, null]);
    expect(retryDelayMs(new QueryTimeoutError(), 1)).toBe(1000);
    expect(retryDelayMs(new RateLimitedError(5), 4)).toBeNull();
  });

  it('never retries the rest', () => {
    expect(retryDelayMs(new InvalidKeyError(), 1)).toBeNull();
    expect(retryDelayMs(new OfflineError('https://us.posthog.com'), 1)).toBeNull();
    expect(retryDelayMs(new Error('x'), 1)).toBeNull();
    expect(retryDelayMs(new ServerError(500), 0)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(retryAfterSeconds('30', null, now)).toBe(30);
    expect(retryAfterSeconds('Fri, 01 May 2026 10:00:20 GMT', null, now)).toBe(20);
    expect(retryAfterSeconds(null, 'Request was throttled. Expected available in 1 second.', now)).toBe(1);
    expect(retryAfterSeconds(null, null, now)).toBeNull();
  });
});
