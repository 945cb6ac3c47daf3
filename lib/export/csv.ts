import type { ExportData } from './data';

/**
 * Text a spreadsheet would read as a formula: a leading = + - @ (after any spaces, which some trim),
 * tab or carriage return (OWASP's CSV injection list).
 */
const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r]/;

/** A CSV field: quoted when it holds a comma, quote or line break; text that would start a formula gets a leading `'`. */
export function csvField(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A `#` line (the page URL, data URL, segment and cohort names are the page's or the project's text)
 * as one cell: quoted whole when it holds a comma or quote, so a spreadsheet never splits it into a
 * cell that starts with `=`. It starts with `#`, so it is never a formula itself.
 */
export function csvCommentLine(text: string): string {
  return csvField(`# ${text.replace(/[\r\n]+/g, ' ')}`);
}

export const CSV_COLUMNS = ['layer', 'side', 'x', 'page_x', 'y', 'count', 'fixed'] as const;

/**
 * The aggregates as CSV. `#` lines first say what this is: the page, the data URL, the view, the
 * segment and each query as sent to PostHog's heatmaps endpoint; then one header row and one row per
 * aggregate (x = pointer_relative_x, page_x = where it is painted in CSS px, y = pointer_y).
 */
export function toCsv(data: ExportData): string {
  const lines = [
    csvCommentLine('Heatlens heatmap export'),
    csvCommentLine(`page: ${data.pageUrl}`),
    csvCommentLine(`data: ${data.dataUrl}`),
    csvCommentLine(`view: ${data.view}`),
    csvCommentLine(`segment: ${data.segment}`),
    ...data.queries.map((query) => csvCommentLine(`query ${query.layer}${query.side ? ` ${query.side}` : ''}: ${query.query}`)),
    CSV_COLUMNS.join(','),
  ];
  for (const row of data.rows) {
    lines.push([row.layer, row.side, row.x, Math.round(row.pageX * 100) / 100, row.y, row.count, row.fixed].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
