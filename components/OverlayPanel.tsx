import type { OverlayPanelProps } from '@/lib/views/overlay';
import type { SerializedPostHogError } from '@/lib/posthog/errors';
import type { ViewportBandId } from '@/lib/core/geometry';
import type { HeatmapPayload } from '@/lib/messaging/protocol';

const numberFormat = new Intl.NumberFormat('en-US');

export function describeFilters(summary: HeatmapPayload['summary']): string {
  const dates = summary.dateTo ? `${summary.dateFrom} → ${summary.dateTo}` : describeDateFrom(summary.dateFrom);
  const min = summary.viewportWidthMin;
  const max = summary.viewportWidthMax;
  const widths = min === null && max === null ? 'all widths' : max === null ? `≥ ${min} px wide` : `${min ?? 0}–${max} px wide`;
  const aggregation = summary.aggregation === 'unique_visitors' ? 'unique visitors' : 'total clicks';
  const segment = summary.segmentLabel && summary.segmentLabel !== 'All visitors' ? ` · ${summary.segmentLabel}` : '';
  return `${dates} · ${widths} · ${aggregation}${segment}`;
}

function describeDateFrom(dateFrom: string): string {
  const relative = /^-(\d+)([hdwmy])$/.exec(dateFrom);
  if (!relative) return `since ${dateFrom}`;
  const units: Record<string, string> = { h: 'hour', d: 'day', w: 'week', m: 'month', y: 'year' };
  const count = Number(relative[1]);
  return `last ${count} ${units[relative[2]!]}${count === 1 ? '' : 's'}`;
}

/**
 * The overlay's panel, compact by default: one bar with what is painted (a chip per layer with its
 * total), what the hottest colour stands for, the range, the review's findings count and the state.
 * The legend details and the review open on demand, so the page stays in view.
 */
export function OverlayPanel(props: OverlayPanelProps) {
  const { status, review } = props;
  const ready = status.kind === 'ready' ? status : null;
  const first = ready?.legend[0];
  return (
    <>
      <div class="bar">
        <button
          type="button"
          class="grip"
          aria-label="Heatlens: move panel (drag, or arrow keys to dock)"
          title="Drag, or arrow keys, to dock elsewhere"
          onPointerDown={props.onGripPointerDown}
          onKeyDown={props.onGripKeyDown}
        >
          Heatlens
        </button>
        {status.kind === 'loading' && (
          <span class="state loading">
            <span class="spinner" aria-hidden="true" /> Loading…
          </span>
        )}
        {status.kind === 'waiting' && (
          <span class="state waiting">
            {status.by === 'heatlens' ? 'Waiting' : 'Rate limited'} · retry in {status.secondsLeft} s
          </span>
        )}
        {status.kind === 'error' && <span class="state error-chip">Error</span>}
        {status.kind === 'empty' && <span class="state">No data here</span>}
        {props.compare?.switch}
        {ready && (
          <ul class="chips" aria-label="Layers shown">
            {ready.legend.map((entry) => (
              <li key={entry.id} class="chip" data-layer={entry.id} title={`${entry.label}: ${numberFormat.format(entry.totalCount)} ${entry.unit}`}>
                <span class="swatch" style={{ background: entry.gradient }} aria-hidden="true" />
                {compactNumber(entry.totalCount)} <span class="unit">{entry.unit}</span>
              </li>
            ))}
          </ul>
        )}
        {first && (
          <span class="hot-count" title={`Hottest colour: ${numberFormat.format(Math.round(first.hottestCount))}+ ${first.unit} in one spot`}>
            <span class="hot-dot" aria-hidden="true" />≥{compactNumber(Math.round(first.hottestCount))}
          </span>
        )}
        {(ready || status.kind === 'empty') && <span class="range">{describeRangeShort((ready ?? (status as { payload: HeatmapPayload })).payload.summary)}</span>}
        {ready?.payload.cache === 'revalidating' && (
          <span class="cached" title="Cached heat shown while fresh data loads">
            cached · refreshing
          </span>
        )}
        {ready && <DataOriginChip payload={ready.payload} />}
        {ready && !props.detailsOpen && (
          // What the chips show in short, in words: for screen readers (the colour scale's text alternative).
          <span class="sr-only">
            {ready.legend.map((entry) => `${entry.label}: ${numberFormat.format(entry.totalCount)} ${entry.unit}, hottest colour ${numberFormat.format(Math.round(entry.hottestCount))}+. `)}
            {describeFilters(ready.payload.summary)}. Data from {ready.payload.summary.urlPattern ?? ready.payload.dataUrl}
          </span>
        )}
        <span class="actions">
          {review && (
            <button type="button" class="toggle review-toggle" aria-expanded={review.open} onClick={props.onToggleReview} title="Page review">
              Review
              {review.open && review.kind === 'ready' && <span class="count">{review.findings}</span>}
              {review.open && review.kind === 'loading' && <span class="spinner" aria-label="reviewing" />}
            </button>
          )}
          <button type="button" class="toggle details-toggle" aria-expanded={props.detailsOpen} aria-label="Legend and filters" title="Legend and filters" onClick={props.onToggleDetails}>
            <span class="info-icon" aria-hidden="true">i</span>
          </button>
          <button type="button" class="close" aria-label="Hide heatmap" title="Hide heatmap (Alt+Shift+H)" onClick={props.onClose}>
            ×
          </button>
        </span>
      </div>
      {props.compare && <p class="compare-summary">{props.compare.summary}</p>}
      {!props.compare && ready?.payload.summary.segmentLabel && ready.payload.summary.segmentLabel !== 'All visitors' && (
        <p class="compare-summary segment-summary">Segment: {ready.payload.summary.segmentLabel}</p>
      )}
      {status.kind === 'error' && (
        <p class="error" data-error-kind={status.error.kind}>
          {status.error.message}
        </p>
      )}
      {status.kind === 'waiting' &&
        (status.by === 'heatlens' ? (
          <p class="waiting" data-waiting-by="heatlens">
            {status.message ?? 'Heatlens holds back this tab’s segment queries.'} Loading again in {status.secondsLeft} s…
          </p>
        ) : (
          <p class="waiting">PostHog is rate limiting requests from this key. Retrying in {status.secondsLeft} s…</p>
        ))}
      {status.kind === 'empty' && <EmptyState payload={status.payload} onSwitchBand={props.onSwitchBand} />}
    </>
  );
}

/**
 * The bar names the data's origin when it is not this page's (a "take data from" mapping) or when a URL
 * pattern pools several pages, so a compact panel still says where its heat comes from.
 */
function DataOriginChip(props: { payload: HeatmapPayload }) {
  const { payload } = props;
  if (payload.summary.urlPattern) return <span class="origin" title={`Data from ${payload.summary.urlPattern}`}>pattern</span>;
  let dataOrigin: string | null = null;
  try {
    dataOrigin = new URL(payload.dataUrl).origin;
  } catch {
    dataOrigin = null;
  }
  if (!dataOrigin || dataOrigin === location.origin) return null;
  return (
    <span class="origin" title={`Data from ${payload.dataUrl}`}>
      from {dataOrigin.replace(/^https?:\/\//, '')}
    </span>
  );
}

/** 6912 → "6.9k": the bar has room for a few characters per layer. */
function compactNumber(value: number): string {
  if (value < 1000) return String(Math.round(value));
  if (value < 10_000) return `${(value / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (value < 1_000_000) return `${Math.round(value / 1000)}k`;
  return `${(value / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

function describeRangeShort(summary: HeatmapPayload['summary']): string {
  if (summary.dateTo) return `${summary.dateFrom} → ${summary.dateTo}`;
  const relative = /^-(\d+)([hdwmy])$/.exec(summary.dateFrom);
  if (!relative) return `since ${summary.dateFrom}`;
  const units: Record<string, string> = { h: 'h', d: 'd', w: 'w', m: 'mo', y: 'y' };
  return `${relative[1]}${units[relative[2]!]}`;
}

export function Source(props: { payload: HeatmapPayload }) {
  const { payload } = props;
  return (
    <p class="source">
      {describeFilters(payload.summary)}
      {payload.cache === 'revalidating' && <span class="cached"> · cached · refreshing</span>}
      <br />
      Data from <span class="url">{payload.summary.urlPattern ?? payload.dataUrl}</span>
    </p>
  );
}

function EmptyState(props: { payload: HeatmapPayload; onSwitchBand: (band: ViewportBandId) => void }) {
  const elsewhere = (props.payload.elsewhere ?? []).filter((band) => band.count > 0);
  return (
    <div class="empty">
      <p>No heatmap data for this page at this window width.</p>
      {elsewhere.length > 0 ? (
        <ul class="elsewhere">
          {elsewhere.map((band) => (
            <li key={band.id}>
              {band.label}: {numberFormat.format(band.count)} points{' '}
              <button type="button" class="switch" onClick={() => props.onSwitchBand(band.id)}>
                Show {band.id}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No other viewport width has data for this page either.</p>
      )}
      <Source payload={props.payload} />
    </div>
  );
}

export const overlayPanelCss = `
:host { all: initial; }
.panel {
  position: fixed; left: 0; top: 0; z-index: 2; pointer-events: auto;
  max-width: calc(100vw - 24px); box-sizing: border-box;
  font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif;
  color: #1d1f27; background: #ffffff; border: 1px solid #b8bfcc; border-radius: 10px;
  box-shadow: 0 4px 16px rgba(0,0,0,0.2); padding: 4px 6px;
}
.panel.open { width: 320px; padding: 4px 8px 8px; }
.panel.dragging { opacity: 0.85; cursor: grabbing; }
@media (prefers-reduced-motion: no-preference) { .panel.settling { transition: left 160ms ease-out, top 160ms ease-out; } }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 6px; white-space: nowrap; min-height: 26px; }
.bar > * { flex-shrink: 0; }
.grip { all: unset; cursor: grab; padding: 2px 3px; border-radius: 4px; font-weight: 700; color: #1d1f27; display: inline-flex; align-items: center; gap: 3px; }
.grip::before { content: "⠿"; color: #667085; font-weight: 400; }
.grip:focus-visible, .toggle:focus-visible, .close:focus-visible, .switch:focus-visible { outline: 2px solid #1d4aff; outline-offset: 1px; }
.chips { display: flex; gap: 6px; list-style: none; margin: 0; padding: 0; }
.chip { display: inline-flex; align-items: center; gap: 3px; }
.unit { color: #475467; }
.swatch { width: 14px; height: 8px; border-radius: 3px; display: inline-block; }
.hot-count { display: inline-flex; align-items: center; gap: 2px; color: #475467; }
.hot-dot { width: 8px; height: 8px; border-radius: 50%; background: #e3170a; display: inline-block; }
.range, .origin, .cached { color: #475467; }
.compare-summary { font-size: 11px; color: #475467; margin: 2px 0 0; white-space: normal; max-width: 340px; }
.origin { max-width: 140px; overflow: hidden; text-overflow: ellipsis; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.actions { display: inline-flex; align-items: center; gap: 2px; margin-left: auto; }
.toggle { all: unset; cursor: pointer; padding: 1px 6px; border-radius: 5px; border: 1px solid #b8bfcc; color: #1d1f27; display: inline-flex; align-items: center; gap: 4px; font-size: 12px; }
.toggle[aria-expanded="true"] { background: #1d4aff; border-color: #1d4aff; color: #fff; }
.count { font-weight: 700; }
.details-toggle { padding: 1px 3px; border-color: transparent; }
.info-icon { width: 14px; height: 14px; border-radius: 50%; border: 1.5px solid currentColor; font: italic 700 10px/14px Georgia, "Liberation Serif", serif; text-align: center; display: inline-block; }
.close { all: unset; cursor: pointer; font-size: 17px; line-height: 1; padding: 0 4px; color: #475467; }
.close:hover { color: #000; }
p { margin: 4px 0; }
.error { color: #b42318; font-weight: 500; white-space: normal; max-width: 300px; }
.error-chip { color: #b42318; font-weight: 600; }
.waiting { max-width: 300px; }
.spinner { width: 10px; height: 10px; border: 2px solid #d0d5dd; border-top-color: #f54e00; border-radius: 50%; display: inline-block; }
@media (prefers-reduced-motion: no-preference) { .spinner { animation: spin 0.8s linear infinite; } }
@keyframes spin { to { transform: rotate(360deg); } }
.state { display: inline-flex; align-items: center; gap: 5px; }
.source { font-size: 11px; color: #475467; overflow-wrap: anywhere; }
.url { font-family: ui-monospace, "Liberation Mono", monospace; }
.empty { max-width: 300px; white-space: normal; }
.elsewhere { margin: 4px 0; padding-left: 18px; }
.switch { font: inherit; font-size: 11px; padding: 1px 6px; border: 1px solid #1d4aff; color: #1d4aff; background: #fff; border-radius: 4px; cursor: pointer; }
@media (prefers-color-scheme: dark) {
  .panel { color: #eceef3; background: #1d1f27; border-color: #4a5060; box-shadow: 0 4px 16px rgba(0,0,0,0.6); }
  .grip, .toggle { color: #eceef3; }
  .grip::before, .unit, .hot-count, .range, .close, .source { color: #b6bccb; }
  .close:hover { color: #fff; }
  .toggle { border-color: #4a5060; }
  .toggle[aria-expanded="true"] { background: #4d6bff; border-color: #4d6bff; color: #fff; }
  .error, .error-chip { color: #ff8a80; }
  .switch { background: #1d1f27; color: #9db0ff; border-color: #9db0ff; }
}
`;
