// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createPostHogClient } from '../../lib/posthog/client';
import { BadRequestError, MissingScopeError, RateLimitedError, SchemaError, serializePostHogError } from '../../lib/posthog/errors';

const connection = { host: 'https://us.posthog.com', projectId: 2, apiKey: 'phx_test_key' };

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function client(handler: (url: URL, init: RequestInit) => Response) {
  const calls: Array<{ url: URL; init: RequestInit }> = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    calls.push({ url, init });
    return handler(url, init);
  }) as typeof globalThis.fetch;
  return { calls, api: createPostHogClient(connection, { fetch }) };
}

describe('query (HogQL)', () => {
  it('POSTs {query: {kind, query, filters}} to /query/ and reads results, columns and hasMore', async () => {
    const { api, calls } = client(() => json({ results: [['click', 0.5, 800, true, 3]], columns: ['type', 'x', 'y', 'f', 'count'], types: [['type', 'String']], hasMore: false, timings: [] }));
    const answer = await api.query({ kind: 'HogQLQuery', query: 'SELECT 1', filters: { filterTestAccounts: true } });
    expect(answer).toMatchObject({ results: [['click', 0.5, 800, true, 3]], columns: ['type', 'x', 'y', 'f', 'count'], hasMore: false });
    expect(calls[0]!.url.pathname).toBe('/api/projects/2/query/');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ query: { kind: 'HogQLQuery', query: 'SELECT 1', filters: { filterTestAccounts: true } } });
  });

  it('treats a missing hasMore (older versions) as false', async () => {
    const { api } = client(() => json({ results: [], columns: [] }));
    expect((await api.query({ kind: 'HogQLQuery', query: 'SELECT 1' })).hasMore).toBe(false);
  });

  it('a key without query:read is a MissingScopeError whose message names the scope', async () => {
    const { api } = client(() => json({ type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'query:read'", attr: null }, 403));
    const error = await api.query({ kind: 'HogQLQuery', query: 'SELECT 1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingScopeError);
    expect((error as MissingScopeError).scope).toBe('query:read');
    expect((error as Error).message).toContain("'query:read'");
  });

  it('throttling names the HogQL budget, and stays a rate-limited error with PostHog\'s wait', async () => {
    const { api } = client(() => new Response(JSON.stringify({ type: 'throttled_error', code: 'throttled', detail: 'Request was throttled. Expected available in 90 seconds.', attr: null }), { status: 429, headers: { 'Retry-After': '90' } }));
    const error = await api.query({ kind: 'HogQLQuery', query: 'SELECT 1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(serializePostHogError(error)).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 90, retryable: true });
    expect((error as Error).message).toMatch(/120 an hour\). Try again in 90 s\./);
  });

  it('a refused query carries PostHog\'s detail', async () => {
    const { api } = client(() => json({ type: 'validation_error', code: 'invalid_input', detail: 'Unknown table "heatmapz".', attr: null }, 400));
    const error = await api.query({ kind: 'HogQLQuery', query: 'SELECT 1 FROM heatmapz' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toContain('Unknown table "heatmapz"');
  });

  it('an answer of the wrong shape is a SchemaError naming the field', async () => {
    const { api } = client(() => json({ results: 'many', columns: [] }));
    await expect(api.query({ kind: 'HogQLQuery', query: 'SELECT 1' })).rejects.toThrow(SchemaError);
    await expect(api.query({ kind: 'HogQLQuery', query: 'SELECT 1' })).rejects.toThrow(/results/);
  });
});

describe('lists for the segment picker', () => {
  it('pages through cohorts and leaves deleted ones out', async () => {
    const { api, calls } = client((url) =>
      url.searchParams.get('offset') === null
        ? json({ results: [{ id: 1, name: 'A', count: 3 }, { id: 2, name: 'Gone', deleted: true }], next: 'https://us.posthog.com/api/projects/2/cohorts/?offset=2' })
        : json({ results: [{ id: 3, name: null, count: null, is_static: true }], next: null }),
    );
    expect(await api.listCohorts()).toMatchObject([{ id: 1, name: 'A', count: 3 }, { id: 3, name: '', count: null }]);
    expect(calls.map((call) => call.url.searchParams.get('offset'))).toEqual([null, '2']);
  });

  it('reads flags with and without multivariate variants', async () => {
    const { api } = client(() =>
      json({ results: [{ key: 'exp', filters: { multivariate: { variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test' }] } } }, { key: 'plain', filters: { groups: [] } }], next: null }),
    );
    const flags = await api.listFeatureFlags();
    expect(flags[0]!.filters!.multivariate!.variants.map((variant) => variant.key)).toEqual(['control', 'test']);
    expect(flags[1]!.filters!.multivariate).toBeUndefined();
  });

  it('asks for person property definitions by type', async () => {
    const { api, calls } = client(() => json({ results: [{ name: 'plan' }, { name: 'email' }], next: null }));
    expect(await api.listPersonProperties()).toEqual(['plan', 'email']);
    expect(calls[0]!.url.pathname).toBe('/api/projects/2/property_definitions/');
    expect(calls[0]!.url.searchParams.get('type')).toBe('person');
  });

  it('refuses a flag without a key', async () => {
    const { api } = client(() => json({ results: [{ key: '' }], next: null }));
    await expect(api.listFeatureFlags()).rejects.toThrow(/results\[0\]\.key/);
  });
});
