// @vitest-environment node
/**
 * The client against the project's PostHog-compatible local server, over real HTTP: every failure
 * mode the server can play must come out as the matching typed error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostHogClient, type PostHogClientOptions } from '../../lib/posthog/client';
import { serializePostHogError, type PostHogErrorKind } from '../../lib/posthog/errors';
import type { HeatmapQuery } from '../../lib/posthog/query';
import { DEFAULT_PROJECTS, startPostHogServer, type FailureMode, type PostHogTestServer } from '../server/server';
import { DEMO_KEY_ALL_SCOPES as ALL_SCOPES, KEY_HEATMAP_ONLY as HEATMAP_ONLY, KEY_NO_HEATMAP as NO_HEATMAP } from '../server/keys';
import { postHogFailure } from '../posthog-failure';

const PROJECT_ID = DEFAULT_PROJECTS[0]!.id;
const PAGE_URL = 'https://shop.example/pricing';

const query: HeatmapQuery = {
  type: 'click',
  dateFrom: '-30d',
  urlExact: PAGE_URL,
  aggregation: 'total_count',
  filterTestAccounts: false,
};

let server: PostHogTestServer;

beforeAll(async () => {
  server = await startPostHogServer({ port: 0 });
  // Stored the way PostHog stores them: x, y and the viewport divided by 16.
  const now = Date.now();
  server.store.addRows(
    Array.from({ length: 40 }, (_, i) => ({
      session_id: `s${i % 5}`,
      distinct_id: `d${i % 5}`,
      timestamp: new Date(now - i * 60_000),
      x: (i * 7) % 80,
      y: i * 3 + 1, // never (0,0): PostHog hides zero coordinates
      viewport_width: 80,
      viewport_height: 50,
      pointer_target_fixed: i % 9 === 0,
      current_url: PAGE_URL,
      type: 'click',
    })),
  );
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.setFailure(null);
});

function client(apiKey = ALL_SCOPES, options: PostHogClientOptions = {}, projectId = PROJECT_ID) {
  return createPostHogClient({ host: server.url, projectId, apiKey }, { timeoutMs: 2000, ...options });
}


describe('against the local PostHog server', () => {
  it('fetches a heatmap and passes the connection check with an all-scopes key', async () => {
    const api = client();
    const heatmap = await api.fetchHeatmap(query);
    expect(heatmap.results.length).toBeGreaterThan(0);
    expect(heatmap.results.reduce((sum, spot) => sum + spot.count, 0)).toBe(40);
    expect(heatmap.has_more).toBe(false);
    expect(heatmap.fold.total_count).toBeGreaterThan(0);
    const request = server.requestLog.find((r) => r.path.endsWith('/heatmaps/'))!;
    expect(request.authorization).toBe(`Bearer ${ALL_SCOPES}`);
    expect(request.query.limit).toBe('0');
    expect(await api.checkConnection()).toEqual({ projectName: DEFAULT_PROJECTS[0]!.name, spotsLastWeek: expect.any(Number) });
  });

  it('fetches scroll depth', async () => {
    const response = await client().fetchScrollDepth(query);
    const buckets = response.results.map((b) => b.scroll_depth_bucket);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });

  it('a heatmap-only key passes the connection check (the name is a bonus)', async () => {
    const check = await client(HEATMAP_ONLY).checkConnection();
    expect(check.projectName).toBeNull();
    expect(check.spotsLastWeek).toBeGreaterThan(0);
  });

  it('a key without heatmap:read fails the check naming the scope', async () => {
    const error = await postHogFailure(client(NO_HEATMAP).checkConnection());
    expect(serializePostHogError(error)).toMatchObject({ kind: 'missing-scope', scope: 'heatmap:read' });
  });

  it('an unknown key is an invalid key', async () => {
    expect((await postHogFailure(client('phx_not_a_real_key').fetchHeatmap(query))).kind).toBe('invalid-key');
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
    const error = await postHogFailure(client(ALL_SCOPES, { timeoutMs: 300 }).fetchHeatmap(query));
    expect(error.kind).toBe(kind);
    const serialized = serializePostHogError(error);
    if (kind === 'rate-limited') expect(serialized.retryAfterSeconds).toBe(12);
    if (kind === 'missing-scope') expect(serialized.scope).toMatch(/:/);
    if (kind === 'bad-request') expect(serialized.attr).toBeTruthy();
    if (mode === 'bad-schema') expect(serialized.field).toBeTruthy();
  });

  it('a server that is gone is offline', async () => {
    const gone = await startPostHogServer({ port: 0 });
    const url = gone.url;
    await gone.close();
    const api = createPostHogClient({ host: url, projectId: PROJECT_ID, apiKey: ALL_SCOPES }, { timeoutMs: 2000 });
    expect((await postHogFailure(api.fetchHeatmap(query))).kind).toBe('offline');
  });

  it('a project the key cannot reach names the project', async () => {
    const error = await postHogFailure(client(ALL_SCOPES, {}, 987654).fetchHeatmap(query));
    expect(error.kind).toBe('no-project-access');
    expect(error.message).toContain('987654');
  });

  it('fetches the sessions behind a spot', async () => {
    const api = client();
    const [hottest] = (await api.fetchHeatmap(query)).results;
    const events = await api.fetchHeatmapEvents(query, [
      { x: hottest!.pointer_relative_x, y: hottest!.pointer_y, target_fixed: hottest!.pointer_target_fixed },
    ]);
    expect(events.results.length).toBeGreaterThan(0);
    expect(events.results[0]?.current_url).toBe(PAGE_URL);
  });

  it('creates a saved heatmap and reads it back', async () => {
    const api = client();
    const created = await api.createSavedHeatmap({ name: 'Pricing', url: PAGE_URL });
    expect(created.status).toBe('processing');
    expect((await api.getSavedHeatmap(created.short_id)).short_id).toBe(created.short_id);
  });
});
