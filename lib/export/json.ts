import type { ExportData } from './data';

/** The aggregates as JSON: what, where and which queries, then one object per aggregate. */
export function toJson(data: ExportData, exportedAt: Date = new Date()): string {
  return JSON.stringify(
    {
      exportedBy: 'Heatlens',
      exportedAt: exportedAt.toISOString(),
      page: data.pageUrl,
      dataUrl: data.dataUrl,
      view: data.view,
      segment: data.segment,
      queries: data.queries,
      rows: data.rows,
    },
    null,
    2,
  );
}
