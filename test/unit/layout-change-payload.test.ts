// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { buildHeatmapPayload } from '@/lib/payload/build';
import { unpackSpots } from '@/lib/layout-change/apply';
import { QueryCache } from '@/lib/heatmaps/service';
import type { HogQLQueryBody, PostHogClient } from '@/lib/posthog/client';
import { MissingScopeError, QuotaExceededError, RateLimitedError } from '@/lib/posthog/errors';
import { heatmapQueryParams, type HeatmapQuery } from '@/lib/posthog/query';
import type { Annotation } from '@/lib/posthog/schemas';
import { defaultPreferences, type Preferences } from '@/lib/settings/preferences';
import { parseHeatmapListQuery, queryHeatmap, type HeatmapListResponse } from '../server/heatmaps';
import { runHogQLQuery } from '../server/query';
import { generateLayoutChangeScenario, generateSteadyTrafficScenario } from '../server/scenario-data';
import { HeatmapStore } from '../server/store';
import { layoutChangedScenario, NOTICE_BAR_HEIGHT, scenarioBox } from '../site/scenarios';

/** The payload builder over the layout-change scenarios, in process (the e2e test drives the real extension). */

const NOW = new Date('2026-12-08T12:00:00Z');
const SITE = 'http://127.0.0.1:8020';
const changed = generateLayoutChangeScenario(SITE, NOW);
const steady = generateSteadyTrafficScenario(SITE, NOW);
const store = new HeatmapStore();
store.addRows([...changed.rows, ...steady.rows]);

const annotations: Annotation[] = [{ id: 1, content: 'New pricing hero', date_marker: changed.annotation!.date_marker, scope: 'project', deleted: false } as Annotation];

function client(options: { query?: boolean; annotations?: boolean; queryError?: Error; heatmapError?: Error } = {}) {
  const hogql: HogQLQueryBody[] = [];
  const heatmaps: HeatmapQuery[] = [];
  const fake = {
    fetchHeatmap: vi.fn(async (query: HeatmapQuery) => {
      heatmaps.push(query);
      if (options.heatmapError) throw options.heatmapError;
      return queryHeatmap(store.rows, parseHeatmapListQuery(heatmapQueryParams(query), NOW)) as HeatmapListResponse;
    }),
    query: vi.fn(async (body: HogQLQueryBody) => {
      hogql.push(body);
      if (options.query === false) throw new MissingScopeError('query:read');
      if (options.queryError) throw options.queryError;
      return runHogQLQuery({ query: body }, { rows: store.rows, segments: store.segments }, NOW);
    }),
    fetchScrollDepth: vi.fn(async () => ({ results: [] })),
    listAnnotations: vi.fn(async () => {
      if (options.annotations === false) throw new MissingScopeError('annotation:read');
      return annotations;
    }),
  };
  return { client: fake as unknown as PostHogClient, hogql, heatmaps };
}

function preferences(asRecorded = false): Preferences {
  return {
    ...defaultPreferences,
    filters: { ...defaultPreferences.filters, dateFrom: changed.days[0]!, dateTo: changed.days[13]! },
    layoutChange: { asRecorded },
  };
}

let connections = 0;

let lastClient: ReturnType<typeof client> | null = null;

async function payloadFor(path: string, options: Parameters<typeof client>[0] = {}, asRecorded = false, connectionKey = `c${connections++}`) {
  lastClient = client(options);
  const { client: fake, hogql, heatmaps } = lastClient;
  const payload = await buildHeatmapPayload(
    { client: fake, cache: new QueryCache(() => NOW.getTime()), connectionKey, preferences: preferences(asRecorded), page: { dataUrl: `${SITE}${path}`, viewportWidth: 1280 }, now: NOW.getTime() },
    { kind: 'plain' },
  );
  return { payload, hogql, heatmaps };
}

/** Clicks painted within `box` (at the 1280 px window the data was recorded in) moved down by `shiftY`; x within PostHog's 1% rounding. */
function clicksWithin(payload: Awaited<ReturnType<typeof payloadFor>>['payload'], name: string, shiftY = 0): number {
  const box = scenarioBox(layoutChangedScenario, name);
  const spots = unpackSpots(payload.layers.find((layer) => layer.id === 'click')!.spots);
  const inside = (spot: (typeof spots)[number]) => {
    const x = spot.pointer_relative_x * 1280;
    return x >= box.x - 13 && x <= box.x + box.width + 13 && spot.pointer_y >= box.y + shiftY && spot.pointer_y < box.y + box.height + shiftY;
  };
  return spots.filter(inside).reduce((sum, spot) => sum + spot.count, 0);
}

describe('the payload after a layout change', () => {
  it('names the day and annotation, and paints every earlier click on its element, none at its old place', async () => {
    const { payload, hogql } = await payloadFor(layoutChangedScenario.path);
    expect(hogql).toHaveLength(1);
    expect(payload.layoutChange?.day).toBe(changed.changeDay);
    expect(payload.layoutChange?.words).toMatch(/^The layout changed around \d+ \w{3} \(annotation: New pricing hero\) · \d+ earlier clicks moved 96 px down/);
    const clicks = changed.rows.filter((row) => row.type === 'click').length;
    expect(payload.layers[0]!.totalCount).toBe(clicks);
    // The trial button's clicks all sit on it now; the intro paragraph (where it used to be) gets none.
    const trial = changed.counts.changedTrial!.click;
    expect(clicksWithin(payload, 'changedTrial')).toBe(trial);
    expect(clicksWithin(payload, 'changedTrial', -NOTICE_BAR_HEIGHT)).toBe(0);
  });

  it('"as recorded" paints the whole range as PostHog has it, ghosts included, and says so', async () => {
    const { payload } = await payloadFor(layoutChangedScenario.path, {}, true);
    expect(payload.layoutChange?.words).toMatch(/· \d+ earlier clicks shown as recorded/);
    expect(clicksWithin(payload, 'changedTrial', -NOTICE_BAR_HEIGHT)).toBeGreaterThan(0);
  });

  it('without annotation:read still finds it and says why no annotation is named; without query:read reads the endpoint day by day', async () => {
    const noAnnotations = await payloadFor(layoutChangedScenario.path, { annotations: false });
    expect(noAnnotations.payload.layoutChange?.day).toBe(changed.changeDay);
    expect(noAnnotations.payload.layoutChange?.words).toContain("annotations could not be read: This personal API key lacks the 'annotation:read' scope");
    const noQuery = await payloadFor(layoutChangedScenario.path, { query: false }, false, 'no-query');
    expect(noQuery.payload.layoutChange?.day).toBe(changed.changeDay);
    expect(noQuery.heatmaps.filter((query) => query.dateFrom === query.dateTo)).toHaveLength(14);
    expect(noQuery.hogql).toHaveLength(1);
    // The refusal is remembered for the connection: the next load reads the endpoint without asking again.
    const again = await payloadFor(layoutChangedScenario.path, { query: false }, false, 'no-query');
    expect(again.payload.layoutChange?.day).toBe(changed.changeDay);
    expect(again.hogql).toHaveLength(0);
  });

  it('reports no change for the control, whose traffic only doubled, and paints it as recorded', async () => {
    const { payload } = await payloadFor('/scenarios/layout-steady');
    expect(payload.layoutChange).toEqual({ day: null, words: 'No layout change found in these 14 days: the clicks kept their shape.' });
    expect(payload.layers[0]!.totalCount).toBe(steady.rows.filter((row) => row.type === 'click').length);
  });

  it('a HogQL failure that would fail the endpoint too (no heatmap:read, rate limited) is said, without reading the endpoint day by day', async () => {
    for (const queryError of [new MissingScopeError('heatmap:read'), new RateLimitedError(30)]) {
      const { payload, heatmaps } = await payloadFor(layoutChangedScenario.path, { queryError });
      expect(heatmaps.filter((query) => query.dateFrom === query.dateTo)).toHaveLength(0);
      expect(payload.layoutChange?.day ?? null).toBeNull();
      expect(payload.layoutChange?.words).toMatch(/^No layout change was looked for: /);
    }
  });

  it('when the heatmaps endpoint fails, the look reads no day of it (one request, the view\'s)', async () => {
    const failing = payloadFor(layoutChangedScenario.path, { query: false, heatmapError: new QuotaExceededError() }, false, 'failing');
    await expect(failing).rejects.toBeInstanceOf(QuotaExceededError);
    const { heatmaps } = lastClient!;
    expect(heatmaps).toHaveLength(1);
  });

  it('with scroll depth alone (no click layer shown) it neither looks nor speaks of clicks', async () => {
    const { client: fake, hogql } = client();
    const base = preferences();
    const scrollOnly = { ...base, layers: Object.fromEntries(Object.entries(base.layers).map(([id, layer]) => [id, { ...layer, enabled: id === 'scrolldepth' }])) } as Preferences;
    const payload = await buildHeatmapPayload(
      { client: fake, cache: new QueryCache(() => NOW.getTime()), connectionKey: 'scroll-only', preferences: scrollOnly, page: { dataUrl: `${SITE}${layoutChangedScenario.path}`, viewportWidth: 1280 }, now: NOW.getTime() },
      { kind: 'plain' },
    );
    expect(payload.layers).toEqual([]);
    expect(payload.layoutChange).toBeUndefined();
    expect(hogql).toHaveLength(0);
  });

  it('a malformed HogQL answer is said plainly, and the heat is still painted', async () => {
    const { client: fake } = client();
    (fake.query as ReturnType<typeof vi.fn>).mockResolvedValue({ results: [['not a day', 'x', 1]], columns: ['day', 'band', 'count'], hasMore: false });
    const payload = await buildHeatmapPayload(
      { client: fake, cache: new QueryCache(() => NOW.getTime()), connectionKey: 'c', preferences: preferences(), page: { dataUrl: `${SITE}${layoutChangedScenario.path}`, viewportWidth: 1280 }, now: NOW.getTime() },
      { kind: 'plain' },
    );
    expect(payload.layoutChange).toEqual({ day: null, words: expect.stringMatching(/^PostHog's answer to the layout-change query was not understood \(row 1/) });
    expect(payload.layers[0]!.totalCount).toBeGreaterThan(0);
  });
});
