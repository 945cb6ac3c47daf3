import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { SerializedPostHogError } from '@/lib/posthog/errors';
import type { ViewportBandId } from '@/lib/geometry';
import type { HeatmapPayload } from '@/lib/messages';

export interface LegendEntry {
  id: string;
  label: string;
  unit: string;
  /** CSS gradient of the layer's palette, cold to hot. */
  gradient: string;
  /** The real count the hottest colour stands for. */
  hottestCount: number;
  totalCount: number;
}

export type OverlayStatus =
  | { kind: 'loading'; dataUrl: string }
  | { kind: 'ready'; payload: HeatmapPayload; legend: LegendEntry[] }
  | { kind: 'empty'; payload: HeatmapPayload }
  | { kind: 'error'; error: SerializedPostHogError }
  /** PostHog asked Heatlens to slow down: the overlay waits as long as it said, then retries. */
  | { kind: 'waiting'; secondsLeft: number };

const numberFormat = new Intl.NumberFormat('en-US');

function describeFilters(summary: HeatmapPayload['summary']): string {
  const dates = summary.dateTo ? `${summary.dateFrom} → ${summary.dateTo}` : describeDateFrom(summary.dateFrom);
  const min = summary.viewportWidthMin;
  const max = summary.viewportWidthMax;
  const widths = min === null && max === null ? 'all widths' : max === null ? `≥ ${min} px wide` : `${min ?? 0}–${max} px wide`;
  const aggregation = summary.aggregation === 'unique_visitors' ? 'unique visitors' : 'total clicks';
  return `${dates} · ${widths} · ${aggregation}`;
}

function describeDateFrom(dateFrom: string): string {
  const relative = /^-(\d+)([hdwmy])$/.exec(dateFrom);
  if (!relative) return `since ${dateFrom}`;
  const units: Record<string, string> = { h: 'hour', d: 'day', w: 'week', m: 'month', y: 'year' };
  const count = Number(relative[1]);
  return `last ${count} ${units[relative[2]!]}${count === 1 ? '' : 's'}`;
}

/** The small panel in the page's corner: what is shown, from where, and anything that went wrong. */
export function OverlayPanel(props: {
  status: OverlayStatus;
  onClose: () => void;
  onSwitchBand: (band: ViewportBandId) => void;
  /** Shown under a ready heatmap: the page review (FindingsPanel). */
  children?: ComponentChildren;
}) {
  const { status } = props;
  // The panel can shrink to its title bar so it never hides the part of the page being studied.
  const [minimised, setMinimised] = useState(false);
  return (
    <section class={minimised ? 'panel minimised' : 'panel'} role="status" aria-live="polite" data-status={status.kind}>
      <header>
        <strong>Heatlens</strong>
        <span class="actions">
          <button type="button" class="close" aria-expanded={!minimised} aria-label={minimised ? 'Expand panel' : 'Minimise panel'} title={minimised ? 'Expand panel' : 'Minimise panel'} onClick={() => setMinimised(!minimised)}>
            {minimised ? '▴' : '–'}
          </button>
          <button type="button" class="close" aria-label="Hide heatmap" title="Hide heatmap" onClick={props.onClose}>
            ×
          </button>
        </span>
      </header>
      {status.kind === 'loading' && (
        <p class="loading">
          <span class="spinner" aria-hidden="true" /> Loading heatmap…
        </p>
      )}
      {status.kind === 'error' && (
        <p class="error" data-error-kind={status.error.kind}>
          {status.error.message}
        </p>
      )}
      {status.kind === 'waiting' && (
        <p class="waiting">
          PostHog is rate limiting requests from this key. Retrying in {status.secondsLeft} s…
        </p>
      )}
      {status.kind === 'empty' && <EmptyState payload={status.payload} onSwitchBand={props.onSwitchBand} />}
      {status.kind === 'ready' && (
        <>
          <ul class="legend">
            {status.legend.map((entry) => (
              <li key={entry.id} data-layer={entry.id}>
                <span class="label">
                  {entry.label}: {numberFormat.format(entry.totalCount)} {entry.unit}
                </span>
                <span class="scale">
                  <span>0</span>
                  <span class="bar" style={{ background: entry.gradient }} />
                  <span class="hottest">{numberFormat.format(Math.round(entry.hottestCount))}+</span>
                </span>
              </li>
            ))}
          </ul>
          <Source payload={status.payload} />
          {props.children}
        </>
      )}
    </section>
  );
}

function Source(props: { payload: HeatmapPayload }) {
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
  position: fixed; right: 16px; bottom: 16px; z-index: 2; pointer-events: auto;
  width: 300px; max-width: calc(100vw - 32px); box-sizing: border-box;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif;
  color: #1d1f27; background: rgba(255,255,255,0.97); border: 1px solid #d0d5dd; border-radius: 10px;
  box-shadow: 0 6px 24px rgba(0,0,0,0.18); padding: 10px 12px;
}
.minimised > :not(header) { display: none; }
.minimised header { margin-bottom: 0; }
header { display: flex; justify-content: space-between; align-items: center; margin-bottom: 6px; }
.close { all: unset; cursor: pointer; font-size: 18px; line-height: 1; padding: 0 4px; color: #555; }
.close:hover { color: #000; }
p { margin: 4px 0; }
.error { color: #b42318; font-weight: 500; }
.loading { display: flex; align-items: center; gap: 6px; }
.spinner { width: 12px; height: 12px; border: 2px solid #d0d5dd; border-top-color: #f54e00; border-radius: 50%; animation: spin 0.8s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
.legend { list-style: none; margin: 0; padding: 0; }
.legend li { margin: 4px 0; }
.scale { display: flex; align-items: center; gap: 6px; font-size: 11px; color: #555; }
.bar { flex: 1; height: 8px; border-radius: 4px; }
.source { font-size: 11px; color: #555; word-break: break-all; }
.url { font-family: ui-monospace, "Liberation Mono", monospace; }
.elsewhere { margin: 4px 0; padding-left: 18px; }
.switch { font: inherit; font-size: 11px; padding: 1px 6px; border: 1px solid #1d4aff; color: #1d4aff; background: #fff; border-radius: 4px; cursor: pointer; }
`;
