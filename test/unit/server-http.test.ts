// @vitest-environment node
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY_ALL_SCOPES, KEY_HEATMAP_ONLY, KEY_NO_ELEMENTS, KEY_NO_HEATMAP } from '../../test/server/keys';
import { startPostHogServer, type FailureMode, type PostHogTestServer } from '../../test/server/server';
import { startSiteServer } from '../../test/site/server';

let server: PostHogTestServer;

beforeAll(async () => {
  server = await startPostHogServer();
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  server.setFailure(null);
  server.store.clear();
  server.clearLog();
});

function api(path: string, key: string | null = DEMO_KEY_ALL_SCOPES, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (key) headers.set('Authorization', `Bearer ${key}`);
  return fetch(`${server.url}${path}`, { ...init, headers });
}

const HEATMAP_EVENT = {
  event: '$$heatmap',
  timestamp: new Date().toISOString(),
  properties: {
    distinct_id: 'visitor-1',
    $session_id: 'session-1',
    $viewport_width: 1440,
    $viewport_height: 900,
    $current_url: 'http://site.test/',
    $heatmap_data: {
      'http://site.test/': [
        { x: 700, y: 420, target_fixed: false, type: 'click' },
        { x: 500, y: 20, target_fixed: true, type: 'click' },
        { x: 'bad', y: 1, target_fixed: false, type: 'click' },
      ],
    },
  },
};

describe('auth and scopes', () => {
  it('answers 401 without a key or with an unknown key', async () => {
    const missing = await api('/api/projects/1/heatmaps/', null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: 'authentication_error', code: 'authentication_failed', attr: null });
    const unknown = await api('/api/projects/1/heatmaps/', 'phx_nope');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({
      type: 'authentication_error',
      code: 'authentication_failed',
      detail: 'Personal API key found in request Authorization header is invalid.',
      attr: null,
    });
  });

  it('answers 403 with the missing scope, and lets :write imply :read', async () => {
    const response = await api('/api/projects/1/heatmaps/', KEY_NO_HEATMAP);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'heatmap:read'", attr: null });
    expect((await api('/api/projects/1/', KEY_HEATMAP_ONLY)).status).toBe(403);
    expect((await api('/api/projects/1/', KEY_NO_HEATMAP)).status).toBe(200);
    expect((await api('/api/projects/1/elements/stats/', KEY_NO_ELEMENTS)).status).toBe(403);
    expect((await api('/api/projects/1/elements/stats/', DEMO_KEY_ALL_SCOPES)).status).toBe(200);

    const custom = await startPostHogServer({ keys: { phx_writer: ['heatmap:write'], phx_legacy: [] } });
    try {
      const headers = (key: string) => ({ Authorization: `Bearer ${key}` });
      expect((await fetch(`${custom.url}/api/projects/1/heatmaps/`, { headers: headers('phx_writer') })).status).toBe(200);
      expect((await fetch(`${custom.url}/api/projects/1/elements/stats/`, { headers: headers('phx_legacy') })).status).toBe(200);
      expect((await fetch(`${custom.url}/api/projects/1/heatmaps/`, { headers: headers(DEMO_KEY_ALL_SCOPES) })).status).toBe(200);
    } finally {
      await custom.close();
    }
  });

  it('answers 403 for a project the key cannot access', async () => {
    const response = await api('/api/projects/2/heatmaps/');
    expect(response.status).toBe(403);
    expect((await response.json()).detail).toBe('API key does not have access to the requested project: ID 2.');
  });

  it('serves the project, also under /api/environments/', async () => {
    for (const base of ['/api/projects/1/', '/api/environments/1/', '/api/projects/1']) {
      const response = await api(base);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: 1, name: 'Heatlens Demo' });
    }
  });
});

describe('heatmap endpoints over HTTP', () => {
  it('returns heatmaps with Cache-Control: max-age=30 and validation errors as 400', async () => {
    server.store.addRows([{ session_id: 's', distinct_id: 'd', timestamp: new Date(), x: 44, y: 51, viewport_width: 90, viewport_height: 50, pointer_target_fixed: false, current_url: 'http://site.test/', type: 'click' }]);
    const response = await api('/api/projects/1/heatmaps/?url_exact=http://site.test');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('max-age=30');
    expect(await response.json()).toEqual({
      results: [{ count: 1, pointer_y: 816, pointer_relative_x: 0.49, pointer_target_fixed: false }],
      fold: { total_count: 1, below_fold_count: 1, pct_below_fold: 100, median_viewport_height: 800 },
      has_more: false,
    });
    const bad = await api('/api/projects/1/heatmaps/?date_from=whenever');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ type: 'validation_error', code: 'invalid_input', detail: 'Error parsing provided date_from: whenever', attr: 'date_from' });
    const events = await api(`/api/projects/1/heatmaps/events/?points=${encodeURIComponent('[{"x":0.49,"y":816}]')}`);
    expect(await events.json()).toMatchObject({ total_count: 1, has_more: false, results: [{ session_id: 's', pointer_y: 816 }] });
    expect((await api('/api/projects/1/nothing-here/')).status).toBe(404);
  });

  it('creates saved heatmaps that finish processing after a while', async () => {
    server.store.savedHeatmapRenderMs = 60_000;
    const created = await api('/api/projects/1/saved/', DEMO_KEY_ALL_SCOPES, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Landing', url: 'http://site.test/', widths: [1440], type: 'screenshot' }),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { short_id: string; status: string };
    expect(body.status).toBe('processing');
    expect(((await (await api(`/api/projects/1/saved/${body.short_id}/`)).json()) as { status: string }).status).toBe('processing');
    server.store.savedHeatmapRenderMs = 0;
    expect(((await (await api(`/api/projects/1/saved/${body.short_id}/`)).json()) as { status: string }).status).toBe('completed');
    const readOnly = await api('/api/projects/1/saved/', KEY_HEATMAP_ONLY, { method: 'POST', body: '{"url":"http://site.test/"}' });
    expect(readOnly.status).toBe(403);
    expect((await readOnly.json()).detail).toBe("API key missing required scope 'heatmap:write'");
    server.store.savedHeatmapRenderMs = 1000;
  });
});

describe('failure modes', () => {
  const expectations: Array<[FailureMode, number, string | null]> = [
    ['invalid-key', 401, 'authentication_failed'],
    ['missing-scope', 403, 'permission_denied'],
    ['no-project-access', 403, 'permission_denied'],
    ['personal-keys-unsupported', 403, 'permission_denied'],
    ['bad-filter', 400, 'invalid_input'],
    ['quota', 402, 'quota_limit_exceeded'],
    ['rate-limited', 429, 'throttled'],
    ['server-error', 500, 'error'],
    ['query-timeout', 504, 'query_timeout'],
  ];

  it.each(expectations)('%s answers %i with an error body', async (mode, status, code) => {
    server.setFailure(mode);
    const response = await api('/api/projects/1/heatmaps/');
    expect(response.status).toBe(status);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['attr', 'code', 'detail', 'type']);
    expect(body.code).toBe(code);
  });

  it('sends Retry-After with 429 and recovers after the given number of failures', async () => {
    server.setFailure('rate-limited', { retryAfterSeconds: 3, times: 2 });
    const first = await api('/api/projects/1/heatmaps/');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await first.json()).detail).toBe('Request was throttled. Expected available in 3 seconds.');
    expect((await api('/api/projects/1/heatmaps/')).status).toBe(429);
    expect((await api('/api/projects/1/heatmaps/')).status).toBe(200);
  });

  it('serves HTML for not-json and a wrong shape for bad-schema', async () => {
    server.setFailure('not-json');
    const html = await api('/api/projects/1/heatmaps/');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    server.setFailure('bad-schema');
    const wrong = (await (await api('/api/projects/1/heatmaps/')).json()) as { results: Array<Record<string, unknown>> };
    expect(typeof wrong.results[0]!.count).toBe('string');
  });

  it('hangs until the client gives up, and close() still ends it', async () => {
    const hanging = await startPostHogServer();
    hanging.setFailure('hang');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    await expect(fetch(`${hanging.url}/api/projects/1/heatmaps/`, { headers: { Authorization: `Bearer ${DEMO_KEY_ALL_SCOPES}` }, signal: controller.signal })).rejects.toThrow();
    clearTimeout(timer);
    const pending = fetch(`${hanging.url}/api/projects/1/heatmaps/`, { headers: { Authorization: `Bearer ${DEMO_KEY_ALL_SCOPES}` } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await hanging.close();
    await expect(pending).rejects.toThrow();
    expect(hanging.requestLog.every((entry) => entry.status === 0)).toBe(true);
  });

  it('leaves ingestion alone', async () => {
    server.setFailure('server-error');
    const response = await fetch(`${server.url}/e/`, { method: 'POST', body: JSON.stringify(HEATMAP_EVENT) });
    expect(response.status).toBe(200);
  });

  it('delays answers by latencyMs', async () => {
    const slow = await startPostHogServer({ latencyMs: 150 });
    try {
      const started = Date.now();
      await fetch(`${slow.url}/api/projects/1/`, { headers: { Authorization: `Bearer ${DEMO_KEY_ALL_SCOPES}` } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.close();
    }
  });
});

describe('CORS and the request log', () => {
  it('answers preflights on /api/ and /e/', async () => {
    for (const path of ['/api/projects/1/heatmaps/', '/e/']) {
      const response = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://site.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://site.test');
      expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    }
  });

  it('logs every request with its key, host name, origin, user agent and status', async () => {
    await api('/api/projects/1/heatmaps/?type=click', DEMO_KEY_ALL_SCOPES, { headers: { Origin: 'chrome-extension://abc', 'User-Agent': 'heatlens-test' } });
    await fetch(`${server.url}/flags/?v=2`, { method: 'POST', body: '{}' });
    expect(server.requestLog).toEqual([
      { method: 'GET', path: '/api/projects/1/heatmaps/', query: { type: 'click' }, authorization: `Bearer ${DEMO_KEY_ALL_SCOPES}`, host: new URL(server.url).host, origin: 'chrome-extension://abc', userAgent: 'heatlens-test', status: 200, at: expect.any(Number), finishedAt: expect.any(Number) },
      expect.objectContaining({ method: 'POST', path: '/flags/', authorization: null, status: 200 }),
    ]);
  });
});

describe('ingestion of posthog-js payloads', () => {
  it('turns $$heatmap events into scaled rows, dropping invalid items and bad viewports', async () => {
    const zeroViewport = { ...HEATMAP_EVENT, properties: { ...HEATMAP_EVENT.properties, $viewport_width: 0 } };
    const response = await fetch(`${server.url}/e/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([HEATMAP_EVENT, zeroViewport]) });
    expect(response.status).toBe(200);
    expect(server.store.rows.map(({ x, y, viewport_width, viewport_height, pointer_target_fixed, current_url, distinct_id, session_id, type }) => ({ x, y, viewport_width, viewport_height, pointer_target_fixed, current_url, distinct_id, session_id, type }))).toEqual([
      { x: 44, y: 26, viewport_width: 90, viewport_height: 56, pointer_target_fixed: false, current_url: 'http://site.test/', distinct_id: 'visitor-1', session_id: 'session-1', type: 'click' },
      { x: 31, y: 1, viewport_width: 90, viewport_height: 56, pointer_target_fixed: true, current_url: 'http://site.test/', distinct_id: 'visitor-1', session_id: 'session-1', type: 'click' },
    ]);
  });

  it('accepts a {batch} body, base64 form data and gzip', async () => {
    await fetch(`${server.url}/batch/`, { method: 'POST', body: JSON.stringify({ api_key: 'phc', batch: [HEATMAP_EVENT] }) });
    const base64 = Buffer.from(JSON.stringify(HEATMAP_EVENT)).toString('base64');
    await fetch(`${server.url}/e/?compression=base64`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `data=${encodeURIComponent(base64)}` });
    await fetch(`${server.url}/i/v0/e/?compression=gzip-js`, { method: 'POST', body: gzipSync(JSON.stringify([HEATMAP_EVENT])) });
    expect(server.store.rows).toHaveLength(6);
    expect((await fetch(`${server.url}/e/`, { method: 'POST', body: '{not json' })).status).toBe(400);
  });

  it('derives scroll depth from $prev_pageview_max_scroll and files element events', async () => {
    const pageview = {
      event: '$pageview',
      properties: {
        distinct_id: 'visitor-2',
        $session_id: 'session-2',
        $viewport_width: 390,
        $viewport_height: 844,
        $current_url: 'http://site.test/pricing?x=1',
        $prev_pageview_pathname: '/',
        $prev_pageview_max_scroll: 1200,
      },
    };
    const autocapture = {
      event: '$autocapture',
      properties: {
        distinct_id: 'visitor-2',
        $current_url: 'http://site.test/',
        $elements: [{ tag_name: 'button', $el_text: 'Start free trial', attr__id: 'cta', attr__class: 'box big', nth_child: 3, nth_of_type: 1 }, { tag_name: 'section' }],
      },
    };
    await fetch(`${server.url}/e/`, { method: 'POST', body: JSON.stringify([pageview, autocapture]) });
    expect(server.store.rows).toEqual([expect.objectContaining({ type: 'scrolldepth', x: 0, y: 75, viewport_height: 53, current_url: 'http://site.test/?x=1' })]);
    const stats = (await (await api('/api/projects/1/elements/stats/')).json()) as { results: Array<{ count: number; elements: Array<Record<string, unknown>> }> };
    expect(stats.results).toHaveLength(1);
    expect(stats.results[0]!.elements[0]).toMatchObject({ text: 'Start free trial', tag_name: 'button', attr_id: 'cta', attr_class: ['box', 'big'], nth_child: 3, order: 0 });
  });

  it('answers posthog-js’s other calls harmlessly', async () => {
    for (const path of ['/flags/?v=2', '/decide/?v=3', '/array/phc_x/config']) {
      const response = await fetch(`${server.url}${path}`, { method: path.startsWith('/array') ? 'GET' : 'POST', body: path.startsWith('/array') ? undefined : '{}' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
    }
  });
});

describe('demo site server', () => {
  it('serves the pages, extra headers per path, and 404 for the rest', async () => {
    const site = await startSiteServer();
    try {
      site.setHeaders('/', { 'Content-Security-Policy': "default-src 'self'" });
      const landing = await fetch(`${site.url}/?utm_source=x`);
      expect(landing.status).toBe(200);
      expect(landing.headers.get('content-security-policy')).toBe("default-src 'self'");
      const html = await landing.text();
      for (const text of ['Start free trial', 'Get started', 'Choose Pro', 'Frequently asked questions']) expect(html).toContain(text);
      expect(html).not.toMatch(/https?:\/\//);
      for (const path of ['/product/123/reviews', '/spa', '/spa/settings', '/long', '/assets/landing.css', '/assets/site.js']) {
        const response = await fetch(`${site.url}${path}`);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('content-security-policy')).toBeNull();
      }
      expect((await fetch(`${site.url}/nope`)).status).toBe(404);
      expect((await fetch(`${site.url}/vendor/posthog.js`)).status).toBe(site.posthogJsAvailable ? 200 : 404);
    } finally {
      await site.close();
    }
  });
});
