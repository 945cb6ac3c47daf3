import { CompareLegend, compareCss } from './CompareLegend';
import { ExportMenu, exportMenuCss } from './ExportMenu';
import { Source } from './OverlayPanel';
import type { LegendDetailsProps } from '@/lib/views/review';
import { describeShownFilters } from '@/lib/views/panel-words';
import type { CompareView } from '@/lib/compare/view';
import type { ExportState } from '@/lib/export/overlay-export';
import type { Comparison, HeatmapPayload } from '@/lib/messaging/protocol';

const numberFormat = new Intl.NumberFormat('en-US');


/**
 * The panel's legend details, opened from the bar's ⓘ: every layer with its colour scale (and a text
 * alternative), a comparison's sides, totals and scale, the filters and data URL, and export. Rendered
 * by the on-demand script (lib/overlay/review-script.tsx) into the panel's details slot.
 */
export function LegendDetails(props: LegendDetailsProps) {
  const { payload, compare } = props;
  return (
    <div class="details">
      <ul class="legend">
        {props.legend.map((entry) => (
          <li key={entry.id} data-layer={entry.id}>
            <span class="label">
              {entry.label}: {numberFormat.format(entry.totalCount)} {entry.unit}
            </span>
            <span class="scale">
              <span aria-hidden="true">0</span>
              <span
                class="bar-scale"
                role="img"
                aria-label={`Colour scale: from no ${entry.unit} (transparent, then cool) to ${numberFormat.format(Math.round(entry.hottestCount))} or more ${entry.unit} in one spot (hottest colour)`}
                style={{ background: entry.gradient }}
              />
              <span class="hottest" aria-hidden="true">
                {numberFormat.format(Math.round(entry.hottestCount))}+
              </span>
            </span>
          </li>
        ))}
        {props.scrollVisitors !== null && (
          <li data-layer="scrolldepth">
            <span class="label">Scroll depth: {numberFormat.format(props.scrollVisitors)} visitors, lines where 100%, 75%, 50% and 25% of them scrolled</span>
          </li>
        )}
      </ul>
      {props.layoutChange && <LayoutChangeNotice {...props.layoutChange} />}
      {compare && <CompareLegend comparison={compare.comparison} view={compare.view} preferences={compare.preferences} onViewChange={compare.onViewChange} />}
      <Source payload={payload} filters={describeShownFilters(payload.summary, { comparison: payload.comparison, view: props.shown.view, unit: props.shown.unit })} />
      {props.export && <ExportMenu state={props.export.state} onSaveImage={props.export.onSaveImage} onSaveFullPage={props.export.onSaveFullPage} onDownload={props.export.onDownload} />}
    </div>
  );
}

/** The layout-change sentence (issue 19) and, after a change, the switch between re-anchored and recorded earlier clicks. */
function LayoutChangeNotice(props: NonNullable<LegendDetailsProps['layoutChange']>) {
  return (
    <div class="layout-change" data-layout-change={props.day ?? 'none'}>
      <p>{props.words}</p>
      {props.day && (
        <label class="inline">
          <input
            type="checkbox"
            name="as-recorded"
            checked={props.asRecorded === true}
            disabled={props.asRecorded === null}
            onChange={(event) => props.onAsRecordedChange(event.currentTarget.checked)}
          />{' '}
          Show earlier clicks as recorded (where they were clicked, even if other content is there now)
        </label>
      )}
    </div>
  );
}

export const legendDetailsCss =
  `
.details { border-top: 1px solid #e3e6ee; margin-top: 4px; padding-top: 4px; }
.layout-change { font-size: 11px; white-space: normal; }
.layout-change .inline { display: flex; gap: 4px; align-items: flex-start; }
.legend { list-style: none; margin: 0; padding: 0; }
.legend li { margin: 4px 0; }
.scale { display: flex; align-items: center; gap: 6px; font-size: 11px; color: #475467; }
.bar-scale { flex: 1; height: 8px; border-radius: 4px; }
@media (prefers-color-scheme: dark) {
  .details { border-color: #3a3f4c; }
  .scale { color: #b6bccb; }
}
` +
  compareCss +
  exportMenuCss;
