import { describe, expect, it } from 'vitest';
import { captionLines } from '../../lib/export/caption';
import { csvField, toCsv } from '../../lib/export/csv';
import { exportDataFor } from '../../lib/export/data';
import { exportFilename } from '../../lib/core/download';
import { toJson } from '../../lib/export/json';
import type { HeatLayerData, HeatmapPayload } from '../../lib/messaging/protocol';
import { defaultPreferences, type Preferences } from '../../lib/settings/preferences';
import { typedSpots } from '../typed-spots';

function layer(id: HeatLayerData['id'], spots: Array<[number, number, number, boolean]>): HeatLayerData {
  return {
    id,
    spots: typedSpots({ relativeX: spots.map((s) => s[0]), y: spots.map((s) => s[1]), count: spots.map((s) => s[2]), fixed: spots.map((s) => s[3]) }),
    fold: { pct_below_fold: 0, median_viewport_height: null } as never,
    totalCount: spots.reduce((sum, s) => sum + s[2], 0),
  };
}

const summary: HeatmapPayload['summary'] = {
  dateFrom: '-7d',
  dateTo: null,
  viewportWidthMin: 1152,
  viewportWidthMax: 1408,
  aggregation: 'total_count',
  urlPattern: null,
};

const payload: HeatmapPayload = {
  dataUrl: 'https://example.com/pricing',
  summary,
  layers: [layer('click', [[0.5, 100, 3, false], [0.25, 20, 1, true]]), layer('rageclick', [[0.5, 100, 2, false]])],
  scrollDepth: null,
  elsewhere: null,
  fetchedAt: 0,
};

const preferences: Preferences = { ...defaultPreferences, layers: { ...defaultPreferences.layers, rageclick: { ...defaultPreferences.layers.rageclick, enabled: true } } };

describe('exportDataFor', () => {
  it('holds every painted aggregate exactly as received, with the query each came from', () => {
    const data = exportDataFor(payload, preferences, null, { pageUrl: 'https://example.com/pricing', viewportWidth: 1280 });
    expect(data.view).toBe('heatmap');
    expect(data.rows).toEqual([
      { layer: 'click', side: '', x: 0.5, pageX: 640, y: 100, count: 3, fixed: false },
      { layer: 'click', side: '', x: 0.25, pageX: 320, y: 20, count: 1, fixed: true },
      { layer: 'rageclick', side: '', x: 0.5, pageX: 640, y: 100, count: 2, fixed: false },
    ]);
    const click = new URLSearchParams(data.queries[0]!.query);
    expect(Object.fromEntries(click)).toMatchObject({ type: 'click', date_from: '-7d', url_exact: 'https://example.com/pricing', viewport_width_min: '1152', viewport_width_max: '1408', aggregation: 'total_count' });
    expect(new URLSearchParams(data.queries[1]!.query).get('type')).toBe('rageclick');
  });

  it('leaves out layers that are not painted', () => {
    const data = exportDataFor(payload, defaultPreferences, null, { pageUrl: 'https://example.com/pricing', viewportWidth: 1280 });
    expect(new Set(data.rows.map((row) => row.layer))).toEqual(new Set(['click']));
  });

  it('in a comparison: the shown side, or both sides of the compared layer for A−B, each with its own days', () => {
    const compared: HeatmapPayload = {
      ...payload,
      comparison: {
        a: { label: 'A', dateFrom: '2026-10-01', dateTo: '2026-10-07', segmentLabel: 'All visitors', layers: [layer('click', [[0.1, 10, 5, false]])], visitors: null },
        b: { label: 'B', dateFrom: '2026-10-08', dateTo: '2026-10-14', segmentLabel: 'All visitors', layers: [layer('click', [[0.2, 20, 7, false]])], visitors: null },
        normalisation: 'total',
        view: 'diff',
      },
    };
    const page = { pageUrl: 'https://example.com/pricing', viewportWidth: 1000 };
    const diff = exportDataFor(compared, preferences, 'diff', page);
    expect(diff.view).toBe('A−B');
    expect(diff.rows.map((row) => [row.side, row.count])).toEqual([['A', 5], ['B', 7]]);
    expect(new URLSearchParams(diff.queries[0]!.query).get('date_to')).toBe('2026-10-07');
    expect(new URLSearchParams(diff.queries[1]!.query).get('date_from')).toBe('2026-10-08');
    expect(exportDataFor(compared, preferences, 'b', page).rows.map((row) => row.side)).toEqual(['B']);
  });
});

describe('toCsv / toJson', () => {
  const data = exportDataFor(payload, preferences, null, { pageUrl: 'https://example.com/pricing', viewportWidth: 1280 });

  it('CSV: # lines with the page, view and queries, a header, one row per aggregate', () => {
    const lines = toCsv(data).trimEnd().split('\r\n');
    expect(lines[0]).toBe('# Heatlens heatmap export');
    expect(lines).toContain('# page: https://example.com/pricing');
    expect(lines.find((line) => line.startsWith('# query click: '))).toContain('type=click');
    const header = lines.indexOf('layer,side,x,page_x,y,count,fixed');
    expect(lines.slice(header + 1)).toEqual(['click,,0.5,640,100,3,false', 'click,,0.25,320,20,1,true', 'rageclick,,0.5,640,100,2,false']);
  });

  it('CSV fields: quoted when needed, formulas defused', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-3)).toBe('-3');
  });

  it('JSON: the same rows and queries', () => {
    const parsed = JSON.parse(toJson(data, new Date('2026-12-01T00:00:00Z')));
    expect(parsed.rows).toEqual(data.rows);
    expect(parsed.queries).toEqual(data.queries);
    expect(parsed.exportedAt).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('captionLines', () => {
  it('says page, range, segment, filters and view', () => {
    const lines = captionLines(payload, { pageUrl: 'https://example.com/pricing', view: 'heatmap', capturedAt: new Date('2026-12-01T00:00:00Z') });
    expect(lines).toEqual([
      'Heatlens · https://example.com/pricing',
      'Range: last 7 days · Segment: All visitors',
      'Filters: 1152–1408 px wide · total clicks',
      'View: heatmap · captured 2026-12-01T00:00:00Z',
    ]);
  });
});

describe('exportFilename', () => {
  it('is safe in every file system', () => {
    expect(exportFilename('http://127.0.0.1:8020/a', 'png', new Date('2026-12-01T04:30:00.123Z'))).toBe('heatlens-127.0.0.1-8020-2026-12-01T04-30-00.png');
  });
});

describe('CSV header lines are defused like every other cell (issue 17, item 5)', () => {
  it('a page URL, data URL or segment label with a comma and a formula stays one text cell', async () => {
    const { toCsv, csvCommentLine } = await import('../../lib/export/csv');
    expect(csvCommentLine('page: https://x.test/p,=HYPERLINK("http://evil")')).toBe('"# page: https://x.test/p,=HYPERLINK(""http://evil"")"');
    expect(csvCommentLine('page: https://x.test/plain')).toBe('# page: https://x.test/plain');
    const csv = toCsv({ pageUrl: 'https://x.test/?a,=1+1', dataUrl: 'https://x.test/,@SUM(1)', view: 'heatmap', segment: 'Cohort: Paying,=HYPERLINK("x")', queries: [], rows: [] });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines.slice(1, 5)).toEqual(['"# page: https://x.test/?a,=1+1"', '"# data: https://x.test/,@SUM(1)"', '# view: heatmap', '"# segment: Cohort: Paying,=HYPERLINK(""x"")"']);
  });

  it('csvField defuses a formula behind leading spaces', async () => {
    const { csvField } = await import('../../lib/export/csv');
    expect(csvField('  =1+1')).toBe("'  =1+1");
    expect(csvField('plain')).toBe('plain');
  });
});
