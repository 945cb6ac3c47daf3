import type { HeatmapPayload } from '../messaging/protocol';
import { describePayloadRanges } from './data';

/**
 * The caption under an exported image: which page, which days, who, which filters and which view,
 * so a picture pasted into a doc still says what it shows. One entry per line.
 */
export function captionLines(payload: HeatmapPayload, context: { pageUrl: string; view: string; capturedAt: Date }): string[] {
  const summary = payload.summary;
  const min = summary.viewportWidthMin;
  const max = summary.viewportWidthMax;
  const widths = min === null && max === null ? 'all widths' : max === null ? `≥ ${min} px wide` : `${min ?? 0}–${max} px wide`;
  const aggregation = summary.aggregation === 'unique_visitors' ? 'unique visitors' : 'total clicks';
  const segment = payload.comparison
    ? payload.comparison.a.segmentLabel === payload.comparison.b.segmentLabel
      ? payload.comparison.a.segmentLabel
      : `A ${payload.comparison.a.segmentLabel} · B ${payload.comparison.b.segmentLabel}`
    : (summary.segmentLabel ?? 'All visitors');
  const lines = [
    `Heatlens · ${context.pageUrl}`,
    `${payload.comparison ? 'Ranges' : 'Range'}: ${describePayloadRanges(payload)} · Segment: ${segment}`,
    `Filters: ${widths} · ${aggregation}${summary.urlPattern ? ` · URL pattern ${summary.urlPattern}` : ''}${payload.dataUrl !== context.pageUrl ? ` · data from ${payload.dataUrl}` : ''}`,
    `View: ${context.view} · captured ${context.capturedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
  ];
  return lines;
}
