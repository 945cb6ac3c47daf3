import type { OverlayPanelProps } from '@/lib/views/overlay';
import type { ViewportBandId } from '@/lib/core/geometry';
import type { HeatmapPayload } from '@/lib/messaging/protocol';
import { describeAggregation, describeWidths, primaryEntry, shownData, shownRangeShort, type ShownData } from '@/lib/views/panel-words';
import { onTrustedInput } from '@/lib/core/trusted-input';

const numberFormat = new Intl.NumberFormat('en-US');

/**
 * The bar's filters in short (screen readers, the empty state): the shown range, widths and how the shown
 * layer is counted. The legend details say the long form (lib/views/panel-words.ts describeShownFilters),
 * kept out of this script; in A−B the compare line under the bar names both sides' days.
 */
function shortFilters(summary: HeatmapPayload['summary'], range: string | null, shown: ShownData): string {
  return [range, describeWidths(summary), describeAggregation(summary.aggregation, shown.unit)].filter((part) => part !== null).join(' · ');
}

/**
 * The overlay's panel, compact by default: one bar with what is painted (a chip per layer with its
 * total), what the hottest colour stands for, the range, the review's findings count and the state.
 * The legend details and the review open on demand, so the page stays in view.
 */
export function OverlayPanel(props: OverlayPanelProps) {
  const { status, review } = props;
  const ready = status.kind === 'ready' ? status : null;
  // The hottest-colour marker describes one layer, named by sitting in its chip, in its palette's colour.
  const primary = ready ? primaryEntry(ready.legend) : undefined;
  const shown: ShownData = ready ? shownData(ready) : { view: null, unit: null };
  const range = ready || status.kind === 'empty' ? shownRangeShort((ready ?? (status as { payload: HeatmapPayload })).payload.summary, ready?.payload.comparison, shown.view) : null;
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
                {entry === primary && (
                  <span class="hot-count" data-layer={entry.id} title={`Hottest colour: ${numberFormat.format(Math.round(entry.hottestCount))}+ ${entry.unit} in one spot`}>
                    <span class="hot-dot" aria-hidden="true" style={{ background: entry.hottestColour }} />≥{compactNumber(Math.round(entry.hottestCount))}
                  </span>
                )}
              </li>
            ))}
            {ready.scrollVisitors !== null && (
              <li class="chip" data-layer="scrolldepth">
                {/* The scroll-depth lines' own blue. */}
                <span class="swatch" aria-hidden="true" style={{ background: '#1d4aff' }} />
                scroll depth · {compactNumber(ready.scrollVisitors)} <span class="unit">visitors</span>
              </li>
            )}
          </ul>
        )}
        {range !== null && <span class="range">{range}</span>}
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
            {shortFilters(ready.payload.summary, shownRangeShort(ready.payload.summary, ready.payload.comparison, shown.view, true), shown)}. Data from {ready.payload.summary.urlPattern ?? ready.payload.dataUrl}
          </span>
        )}
        <span class="actions">
          {review && (
            <button type="button" class="toggle review-toggle" aria-expanded={review.open} onClick={onTrustedInput(props.onToggleReview)} title="Page review">
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
      {ready?.payload.layoutChange?.day && <p class="compare-summary">{ready.payload.layoutChange.words}</p>}
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

/** The filters line (`filters`: what the caller can say of them) and where the data comes from. */
export function Source(props: { payload: HeatmapPayload; filters: string }) {
  const { payload } = props;
  return (
    <p class="source">
      {props.filters}
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
              <button type="button" class="switch" onClick={onTrustedInput(() => props.onSwitchBand(band.id))}>
                Show {band.id}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No other viewport width has data for this page either.</p>
      )}
      <Source payload={props.payload} filters={shortFilters(props.payload.summary, shownRangeShort(props.payload.summary, props.payload.comparison, null, true), { view: null, unit: null })} />
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
.hot-count { display: inline-flex; align-items: center; gap: 2px; color: #475467; margin-left: 2px; }
.hot-dot { width: 8px; height: 8px; border-radius: 50%; display: inline-block; }
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
