import type { ExportData } from './data';

/** A CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
export function csvField(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = ['layer', 'side', 'x', 'page_x', 'y', 'count', 'fixed'] as const;

/**
 * The aggregates as CSV. `#` lines first say what this is: the page, the data URL, the view, the
 * segment and each query as sent to PostHog's heatmaps endpoint; then one header row and one row per
 * aggregate (x = pointer_relative_x, page_x = where it is painted in CSS px, y = pointer_y).
 */
export function toCsv(data: ExportData): string {
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
  const lines = [
    '# Heatlens heatmap export',
    `# page: ${oneLine(data.pageUrl)}`,
    `# data: ${oneLine(data.dataUrl)}`,
    `# view: ${oneLine(data.view)}`,
    `# segment: ${oneLine(data.segment)}`,
    ...data.queries.map((query) => `# query ${query.layer}${query.side ? ` ${query.side}` : ''}: ${oneLine(query.query)}`),
    CSV_COLUMNS.join(','),
  ];
  for (const row of data.rows) {
    lines.push([row.layer, row.side, row.x, Math.round(row.pageX * 100) / 100, row.y, row.count, row.fixed].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
