// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildHeatmapQuery } from '../../lib/heatmaps/query';
import { newClicksText, newSinceBaseline, type LiveSpot } from '../../lib/near-live/diff';
import { fetchNearLive, NearLiveAnswers, NearLiveScopeError, type NearLiveContext } from '../../lib/near-live/load';
import { barCorners, chooseBarCorner, cornerBox, markersInView, type Box } from '../../lib/near-live/markers';
import { buildNearLiveSpotsQuery, nearLiveTimeCondition, utcDateTimeText } from '../../lib/near-live/query';
import { countdownText, NEAR_LIVE_QUERIES_PER_HOUR, NEAR_LIVE_REFRESH_SECONDS, RefreshSchedule } from '../../lib/near-live/schedule';
import { MissingScopeError, QueryPacedError } from '../../lib/posthog/errors';
import type { PostHogClient } from '../../lib/posthog/client';
import type { HogQLResponse } from '../../lib/posthog/schemas';
import { HOGQL_QUERIES_PER_TAB_PER_HOUR, HOGQL_QUERIES_PER_TAB_PER_MINUTE } from '../../lib/segments/query-budget';
import { defaultFilters } from '../../lib/settings/preferences';

const PAGE = { dataUrl: 'https://shop.example/pricing', viewportWidth: 1280 };
const heatmap = buildHeatmapQuery(defaultFilters, PAGE, 'click');

describe('near-live query', () => {
  it('asks for the last hour with the segments\' own row conditions, in one query', () => {
    const body = buildNearLiveSpotsQuery({ heatmap, types: ['click'], since: { from: 'hour' }, segment: { kind: 'all' } });
    expect(body.query).toContain('timestamp >= now() - INTERVAL 1 HOUR');
    expect(body.query).not.toContain('toStartOfDay');
    expect(body.query).toContain("type = 'click'");
    expect(body.query).toContain('viewport_width >= round(');
    expect(body.query).toContain('NOT (x = 0 AND y = 0)');
    expect(body.query).toMatch(/^SELECT type, round\(x \/ viewport_width, 2\) AS pointer_relative_x/);
    // The page's URL is a placeholder, never query text.
    expect(body.query).not.toContain('shop.example');
    expect(Object.values(body.values ?? {})).toContain('https://shop.example/pricing');
  });

  it('asks since an annotation\'s moment in UTC, whatever the offset it was written with', () => {
    expect(nearLiveTimeCondition({ from: 'annotation', id: 3, content: 'Deploy', date: '2026-11-30T15:05:00+01:00' })).toBe(
      "timestamp >= toDateTime('2026-11-30 14:05:00', 'UTC')",
    );
    expect(utcDateTimeText('yesterday')).toBeNull();
    expect(() => nearLiveTimeCondition({ from: 'annotation', id: 3, content: 'x', date: 'soon' })).toThrow();
  });

  it('narrows by a person segment with the segment\'s own subquery', () => {
    const body = buildNearLiveSpotsQuery({ heatmap, types: ['click', 'rageclick'], since: { from: 'hour' }, segment: { kind: 'person', key: 'plan', operator: 'exact', value: 'paid' } });
    expect(body.query).toContain("type IN ('click', 'rageclick')");
    expect(body.query).toContain('distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE person.properties.`plan` = {v');
    expect(Object.values(body.values ?? {})).toContain('paid');
  });
});

describe('near-live refresh rate', () => {
  it('stays inside a tab\'s HogQL budget with room for segments, and far inside the key\'s 120 an hour', () => {
    expect(NEAR_LIVE_QUERIES_PER_HOUR).toBe(3600 / NEAR_LIVE_REFRESH_SECONDS);
    expect(NEAR_LIVE_QUERIES_PER_HOUR).toBeLessThanOrEqual(HOGQL_QUERIES_PER_TAB_PER_HOUR - 10);
    expect(NEAR_LIVE_QUERIES_PER_HOUR).toBeLessThanOrEqual(120 / 4);
    expect(60 / NEAR_LIVE_REFRESH_SECONDS).toBeLessThan(HOGQL_QUERIES_PER_TAB_PER_MINUTE);
  });
});

describe('RefreshSchedule', () => {
  it('refreshes once per interval while visible, one refresh at a time', () => {
    const schedule = new RefreshSchedule(120_000, 0);
    expect(schedule.tick(60_000, true)).toBe('wait');
    expect(schedule.secondsLeft(60_000)).toBe(60);
    expect(schedule.tick(120_000, true)).toBe('refresh');
    expect(schedule.tick(121_000, true)).toBe('wait'); // still in flight
    schedule.refreshed(122_000);
    expect(schedule.secondsLeft(122_000)).toBe(120);
    expect(schedule.tick(241_000, true)).toBe('wait');
    expect(schedule.tick(242_000, true)).toBe('refresh');
  });

  it('never refreshes while hidden, and refreshes at once when visible again', () => {
    const schedule = new RefreshSchedule(120_000, 0);
    for (let time = 0; time <= 600_000; time += 1000) expect(schedule.tick(time, false)).toBe('wait');
    expect(schedule.tick(601_000, true)).toBe('refresh');
  });

  it('waits longer when the budget says so', () => {
    const schedule = new RefreshSchedule(120_000, 0);
    expect(schedule.tick(120_000, true)).toBe('refresh');
    schedule.refreshed(120_000, 300);
    expect(schedule.tick(240_000, true)).toBe('wait');
    expect(schedule.tick(420_000, true)).toBe('refresh');
  });

  it('counts down as minutes and seconds', () => {
    expect(countdownText(125)).toBe('2:05');
    expect(countdownText(9)).toBe('0:09');
    expect(countdownText(-3)).toBe('0:00');
  });
});

describe('new clicks since the overlay opened', () => {
  const spot = (x: number, y: number, count: number, fixed = false): LiveSpot => ({ x, y, fixed, count });

  it('marks spots that gained clicks, with only the gain', () => {
    const baseline = [spot(0.5, 800, 4), spot(0.25, 160, 2)];
    const latest = [spot(0.5, 800, 6), spot(0.25, 160, 2), spot(0.75, 320, 3)];
    const result = newSinceBaseline(baseline, latest);
    expect(result.count).toBe(5);
    expect(result.spots).toEqual([spot(0.75, 320, 3), spot(0.5, 800, 2)]);
  });

  it('a fixed spot and a scrolling spot at the same numbers are different spots', () => {
    expect(newSinceBaseline([spot(0.5, 100, 3, false)], [spot(0.5, 100, 3, false), spot(0.5, 100, 1, true)]).count).toBe(1);
  });

  it('clicks leaving the window never count as negative or as new', () => {
    expect(newSinceBaseline([spot(0.5, 800, 4)], [spot(0.5, 800, 1)])).toEqual({ spots: [], count: 0 });
    expect(newSinceBaseline([], [])).toEqual({ spots: [], count: 0 });
  });

  it('says the count with the unit and the opening time', () => {
    const since = new Date(2026, 10, 30, 14, 5);
    expect(newClicksText(12, 'clicks', since)).toBe('12 new clicks since 14:05');
    expect(newClicksText(1, 'rage clicks', since)).toBe('1 new rage click since 14:05');
  });

  it('rings sit where posthog-js recorded the click, following the scroll unless the target was fixed', () => {
    const view = { width: 1000, height: 600, scrollX: 0, scrollY: 400 };
    expect(markersInView([spot(0.5, 700, 2)], view)).toEqual([{ x: 500, y: 300, count: 2 }]);
    expect(markersInView([spot(0.5, 100, 1, true)], view)).toEqual([{ x: 500, y: 100, count: 1 }]);
    expect(markersInView([spot(0.5, 100, 1)], view)).toEqual([]);
  });
});

describe('fetchNearLive', () => {
  const answer: HogQLResponse = { results: [['click', 0.5, 800, false, 3]], columns: ['type', 'pointer_relative_x', 'pointer_y', 'pointer_target_fixed', 'count'] } as HogQLResponse;
  const body = buildNearLiveSpotsQuery({ heatmap, types: ['click'], since: { from: 'hour' }, segment: { kind: 'all' } });

  function context(query: () => Promise<HogQLResponse>, now: { value: number }, spend = () => undefined as void): NearLiveContext & { sent: number } {
    const out = {
      sent: 0,
      client: { query: async () => { out.sent++; return query(); } } as unknown as PostHogClient,
      answers: new NearLiveAnswers(() => now.value),
      connectionKey: 'https://us.posthog.com|1|key-a',
      tabId: 7,
      intervalMs: 120_000,
      spendQuery: spend,
    };
    return out;
  }

  it('a load right after a refresh reuses its answer; a refresh always asks again', async () => {
    const now = { value: 0 };
    const ctx = context(async () => answer, now);
    await fetchNearLive(ctx, body, false);
    await fetchNearLive(ctx, body, true);
    expect(ctx.sent).toBe(1);
    await fetchNearLive(ctx, body, false);
    expect(ctx.sent).toBe(2);
    now.value = 121_000;
    await fetchNearLive(ctx, body, true);
    expect(ctx.sent).toBe(3);
  });

  it('an answer held for one key never serves another (the user switched keys)', async () => {
    const now = { value: 0 };
    const ctx = context(async () => answer, now);
    await fetchNearLive(ctx, body, false);
    await fetchNearLive({ ...ctx, connectionKey: 'https://us.posthog.com|1|key-b' }, body, true);
    expect(ctx.sent).toBe(2);
  });

  it('spends from the tab\'s budget before asking, and asks nothing when it is spent', async () => {
    const ctx = context(async () => answer, { value: 0 }, () => {
      throw new QueryPacedError(30, { perMinute: 4, perHour: 40 });
    });
    await expect(fetchNearLive(ctx, body, false)).rejects.toBeInstanceOf(QueryPacedError);
    expect(ctx.sent).toBe(0);
  });

  it('a key without query:read is told that near-live needs it', async () => {
    const ctx = context(async () => {
      throw new MissingScopeError('query:read');
    }, { value: 0 });
    const error = await fetchNearLive(ctx, body, false).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NearLiveScopeError);
    expect((error as Error).message).toMatch(/Live heat .* needs the 'query:read' scope/);
    expect((error as MissingScopeError).kind).toBe('missing-scope');
  });
});

describe('where the live bar goes', () => {
  const viewport = { width: 390, height: 760 };
  const boxes = barCorners.map((corner) => ({ corner, box: cornerBox(corner, { width: 300, height: 40 }, viewport) }));
  const panelAtBottom = (box: Box) => box.y > 600;

  it('never over the overlay\'s panel', () => {
    expect(chooseBarCorner(null, boxes, panelAtBottom, [])).toBe('top-left');
    expect(chooseBarCorner('bottom-left', boxes, panelAtBottom, [])).toBe('top-left');
  });

  it('over the least heat, and stays put while its corner is as good as any', () => {
    const heatTopLeft = [{ x: 20, y: 20, count: 5 }];
    expect(chooseBarCorner(null, boxes, () => false, heatTopLeft)).toBe('bottom-left');
    expect(chooseBarCorner('top-right', boxes, () => false, heatTopLeft)).toBe('top-right');
    expect(chooseBarCorner('top-left', boxes, () => false, heatTopLeft)).toBe('bottom-left');
  });

  it('keeps its place when every corner is taken (a tiny window)', () => {
    expect(chooseBarCorner('top-right', boxes, () => true, [])).toBe('top-right');
  });
});
