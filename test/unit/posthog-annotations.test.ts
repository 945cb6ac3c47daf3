// @vitest-environment node
/** Annotations (deploys, releases) through the client against the local PostHog server, over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostHogClient } from '../../lib/posthog/client';
import { MissingScopeError } from '../../lib/posthog/errors';
import { loadAnnotations } from '../../lib/annotations/load';
import { QueryCache } from '../../lib/heatmaps/service';
import { DEFAULT_PROJECTS, startPostHogServer, type PostHogTestServer } from '../server/server';
import { DEMO_KEY_ALL_SCOPES, KEY_HEATMAP_ONLY } from '../server/keys';

const PROJECT_ID = DEFAULT_PROJECTS[0]!.id;
let server: PostHogTestServer;

beforeAll(async () => {
  server = await startPostHogServer({ port: 0 });
  server.store.addAnnotation({ content: 'New pricing hero', date_marker: '2026-11-30T09:00:00Z', creation_type: 'GIT' });
  server.store.addAnnotation({ content: 'Old release', date_marker: '2026-11-20T12:00:00Z' });
  server.store.addAnnotation({ content: 'Deleted one', date_marker: '2026-11-25T12:00:00Z', deleted: true });
  server.store.addAnnotation({ content: 'On a dashboard only', date_marker: '2026-11-26T12:00:00Z', scope: 'dashboard_item' });
  for (let i = 0; i < 205; i++) server.store.addAnnotation({ content: `Bulk ${i}`, date_marker: new Date(Date.UTC(2026, 9, 1) + i * 3_600_000), scope: 'organization' });
});
afterAll(() => server.close());

const clientWith = (apiKey: string) => createPostHogClient({ host: server.url, projectId: PROJECT_ID, apiKey });

describe('listAnnotations', () => {
  it('pages through every annotation and keeps the site-wide, undeleted ones, oldest first', async () => {
    const annotations = await clientWith(DEMO_KEY_ALL_SCOPES).listAnnotations();
    expect(annotations).toHaveLength(207);
    expect(annotations.map((annotation) => annotation.content).slice(-2)).toEqual(['Old release', 'New pricing hero']);
    expect(annotations.some((annotation) => annotation.content === 'Deleted one' || annotation.content === 'On a dashboard only')).toBe(false);
    expect(annotations.at(-1)).toMatchObject({ date_marker: '2026-11-30T09:00:00.000Z', creation_type: 'GIT', scope: 'project' });
  });

  it('a key without annotation:read is a MissingScopeError naming the scope', async () => {
    const error = await clientWith(KEY_HEATMAP_ONLY).listAnnotations().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingScopeError);
    expect(String((error as Error).message)).toContain('annotation:read');
  });
});

describe('loadAnnotations (the annotations.list handler)', () => {
  it('keeps the annotations whose UTC day is in the range, inclusive', async () => {
    const context = { client: clientWith(DEMO_KEY_ALL_SCOPES), cache: new QueryCache(), connectionKey: 'k' };
    const list = await loadAnnotations(context, { dateFrom: '2026-11-21', dateTo: '2026-11-30' });
    expect(list).toEqual({ available: true, items: [{ id: 1, content: 'New pricing hero', date: '2026-11-30T09:00:00.000Z' }] });
    const open = await loadAnnotations(context, { dateFrom: '2026-11-20', dateTo: null });
    expect(open.available && open.items.map((item) => item.content)).toEqual(['Old release', 'New pricing hero']);
  });

  it('says why when the key cannot read annotations, without failing', async () => {
    const list = await loadAnnotations({ client: clientWith(KEY_HEATMAP_ONLY), cache: new QueryCache(), connectionKey: 'k2' }, { dateFrom: null, dateTo: null });
    expect(list.available).toBe(false);
    expect(!list.available && list.message).toContain('annotation:read');
  });
});
