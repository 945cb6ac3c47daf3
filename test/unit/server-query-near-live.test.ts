// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildHeatmapQuery } from '../../lib/heatmaps/query';
import { buildNearLiveSpotsQuery } from '../../lib/near-live/query';
import type { NearLive } from '../../lib/settings/preferences';
import { defaultFilters } from '../../lib/settings/preferences';
import { runHogQLQuery } from '../server/query';
import { HeatmapStore } from '../server/store';
import { ValidationError } from '../server/heatmaps';

const NOW = new Date('2026-11-30T15:00:00Z');
const SITE = 'http://127.0.0.1:8020';
const PAGE = { dataUrl: `${SITE}/`, viewportWidth: 1280 };

/** One click on the page at `iso`, at a distinct place per minute so each row is its own spot. */
function clickAt(iso: string, x = 40) {
  return { distinct_id: `d-${iso}`, session_id: `s-${iso}`, x, y: 20, viewport_width: 80, viewport_height: 50, pointer_target_fixed: false, current_url: `${SITE}/`, type: 'click', timestamp: iso };
}

const store = new HeatmapStore();
store.addRows([
  clickAt('2026-11-30T13:59:59Z'), // 1 h 0 min 1 s ago
  clickAt('2026-11-30T14:00:00Z'), // exactly 1 h ago
  clickAt('2026-11-30T14:04:59Z'),
  clickAt('2026-11-30T14:05:00Z'),
  clickAt('2026-11-30T14:55:00Z'),
  clickAt('2026-11-29T23:00:00Z'), // 16 h ago, the day before
  clickAt('2026-11-29T14:00:00Z'), // 25 h ago
]);
const data = { rows: store.rows, segments: store.segments };

function total(since: NearLive): number {
  const body = buildNearLiveSpotsQuery({ heatmap: buildHeatmapQuery(defaultFilters, PAGE, 'click'), types: ['click'], since, segment: { kind: 'all' } });
  return runHogQLQuery({ query: body }, data, NOW).results.reduce((sum, row) => sum + Number(row[4]), 0);
}

function totalWhere(condition: string): number {
  const query = `SELECT type, round(x / viewport_width, 2) AS pointer_relative_x, y * scale_factor AS pointer_y, pointer_target_fixed, count() AS count FROM heatmaps WHERE type = 'click' AND ${condition} GROUP BY type, pointer_relative_x, pointer_y, pointer_target_fixed ORDER BY count DESC LIMIT 100`;
  return runHogQLQuery({ query: { kind: 'HogQLQuery', query } }, data, NOW).results.reduce((sum, row) => sum + Number(row[4]), 0);
}

describe('the test server reads times finer than a day, as HogQL does', () => {
  it('now() - INTERVAL 1 HOUR keeps the last hour to the second (not the whole day)', () => {
    expect(total({ from: 'hour' })).toBe(4);
  });

  it('now() - INTERVAL n MINUTE / SECOND / DAY subtract exactly that much', () => {
    expect(totalWhere('timestamp >= now() - INTERVAL 10 MINUTE')).toBe(1);
    expect(totalWhere('timestamp >= now() - INTERVAL 3600 SECOND')).toBe(4);
    expect(totalWhere('timestamp >= now() - INTERVAL 1 DAY')).toBe(6);
  });

  it('toDateTime with a time keeps rows from that moment on (the project is in UTC)', () => {
    expect(total({ from: 'annotation', id: 1, content: 'Deploy', date: '2026-11-30T14:05:00Z' })).toBe(2);
    expect(totalWhere("timestamp >= toDateTime('2026-11-30 14:05:00')")).toBe(2);
    expect(totalWhere("timestamp >= toDateTime('2026-11-30 00:00:00')")).toBe(5);
  });

  it('refuses a time zone it does not have and a date that does not exist', () => {
    expect(() => totalWhere("timestamp >= toDateTime('2026-11-30 14:05:00', 'Europe/Berlin')")).toThrow(ValidationError);
    expect(() => totalWhere("timestamp >= toDateTime('2026-11-31 14:05:00')")).toThrow(ValidationError);
    expect(() => totalWhere("timestamp >= toDateTime('2026-11-30 25:05:00')")).toThrow(ValidationError);
  });

  it('the day conditions of segments still mean whole days', () => {
    // toStartOfDay(now() - INTERVAL 1 DAY) is 2026-11-29 00:00: every row here, the one 25 h ago too.
    expect(totalWhere('timestamp >= toStartOfDay(now() - INTERVAL 1 DAY)')).toBe(7);
  });
});
