// @vitest-environment node
/**
 * The client against the project's PostHog-compatible local server, over real HTTP: every failure
 * mode the server can play must come out as the matching typed error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostHogClient, type PostHogClientOptions } from '../../lib/posthog/client';
import { PostHogError, serializePostHogError, type PostHogErrorKind } from '../../lib/posthog/errors';
import type { HeatmapQuery } from '../../lib/posthog/query';
import { startPostHogServer } from '../server/server';
import * as keys from '../server/keys';

type Server = Awaited<ReturnType<typeof startPostHogServer>>;
type FailureMode = Parameters<Server['setFailure']>[0];

const PROJECT_ID = Number((keys as Record<string, unknown>).PROJECT_ID ?? (keys as Record<string, unknown>).DEMO_PROJECT_ID ?? 1);
const ALL_SCOPES = 'phx_heatlens_demo_all';
const HEATMAP_ONLY = 'phx_heatlens_heatmap_only';
const NO_HEATMAP = 'phx_heatlens_no_heatmap';

const query: HeatmapQuery = { type: 'click', dateFrom: '-30d', aggregation: 'total_count', filterTestAccounts: false };

let server: Server;

beforeAll(async () => {
  server = await startPostHogServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.setFailure(null as unknown as FailureMode);
});

function client(apiKey = ALL_SCOPES, options: PostHogClientOptions = {}, projectId = PROJECT_ID) {
  return createPostHogClient({ host: server.url, projectId, apiKey }, { timeoutMs: 2000, ...options });
}

async function failure(promise: Promise<unknown>): Promise<PostHogError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PostHogError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('against the local PostHog server', () => {
  it('fetches a heatmap and passes the connection check with an all-scopes key', async () => {
    const api = client();
    const heatmap = await api.fetchHeatmap(query);
    expect(Array.isArray(heatmap.results)).toBe(true);
    expect(heatmap.has_more).toBe(false);
    const check = await api.checkConnection();
    expect(check).toHaveProperty('projectName');
  });

  it('fetches scroll depth', async () => {
    const response = await client().fetchScrollDepth(query);
    const buckets = response.results.map((b) => b.scroll_depth_bucket);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });

  it('a heatmap-only key passes the connection check (the name is a bonus)', async () => {
    const check = await client(HEATMAP_ONLY).checkConnection();
    expect(check.projectName === null || typeof check.projectName === 'string').toBe(true);
  });

  it('a key without heatmap:read fails the check naming the scope', async () => {
    const error = await failure(client(NO_HEATMAP).checkConnection());
    expect(serializePostHogError(error)).toMatchObject({ kind: 'missing-scope', scope: 'heatmap:read' });
  });

  it('an unknown key is an invalid key', async () => {
    expect((await failure(client('phx_not_a_real_key').fetchHeatmap(query))).kind).toBe('invalid-key');
  });

  const modes: Array<[FailureMode, PostHogErrorKind]> = [
    ['invalid-key', 'invalid-key'],
    ['missing-scope', 'missing-scope'],
    ['no-project-access', 'no-project-access'],
    ['personal-keys-unsupported', 'personal-keys-unsupported'],
    ['bad-filter', 'bad-request'],
    ['quota', 'quota-exceeded'],
    ['rate-limited', 'rate-limited'],
    ['server-error', 'server-error'],
    ['query-timeout', 'query-timeout'],
    ['hang', 'request-timeout'],
    ['not-json', 'schema'],
    ['bad-schema', 'schema'],
  ];

  it.each(modes)('failure mode %s → %s', async (mode, kind) => {
    server.setFailure(mode);
    const error = await failure(client(ALL_SCOPES, { timeoutMs: 300 }).fetchHeatmap(query));
    expect(error.kind).toBe(kind);
    const serialized = serializePostHogError(error);
    if (kind === 'rate-limited') expect(serialized.retryAfterSeconds).toBeGreaterThanOrEqual(0);
    if (kind === 'missing-scope') expect(serialized.scope).toMatch(/:/);
    if (kind === 'bad-request') expect(serialized.attr).toBeTruthy();
    if (mode === 'bad-schema') expect(serialized.field).toBeTruthy();
  });

  it('a server that is gone is offline', async () => {
    const gone = await startPostHogServer({ port: 0 });
    const url = gone.url;
    await gone.close();
    const api = createPostHogClient({ host: url, projectId: PROJECT_ID, apiKey: ALL_SCOPES }, { timeoutMs: 2000 });
    expect((await failure(api.fetchHeatmap(query))).kind).toBe('offline');
  });

  it('a project that does not exist is not found or no access', async () => {
    const error = await failure(client(ALL_SCOPES, {}, 987654).fetchHeatmap(query));
    expect(['not-found', 'no-project-access']).toContain(error.kind);
  });
});
