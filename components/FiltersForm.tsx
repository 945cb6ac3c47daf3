import { useState } from 'preact/hooks';
import { heatLayers } from '@/lib/layers';
import type { Filters, LayerId, Preferences, ViewportFilter } from '@/lib/settings/store';
import type { AnnotationMark } from '@/lib/annotations/messages';
import { NEAR_LIVE_REFRESH_SECONDS } from '@/lib/near-live/schedule';

/** PostHog's date presets; `custom` reveals from/to. */
export const datePresets = [
  { value: '-24h', label: 'Last 24 hours' },
  { value: '-7d', label: 'Last 7 days' },
  { value: '-14d', label: 'Last 14 days' },
  { value: '-30d', label: 'Last 30 days' },
  { value: '-90d', label: 'Last 90 days' },
] as const;

const guideLayers: { id: LayerId; label: string }[] = [
  { id: 'scrolldepth', label: 'Scroll depth' },
  { id: 'fold', label: 'Fold line' },
];

type ViewportChoice = 'match' | 'mobile' | 'tablet' | 'desktop' | 'custom';

function viewportChoice(viewport: ViewportFilter): ViewportChoice {
  return viewport.mode === 'band' ? viewport.band : viewport.mode;
}

/**
 * Layers and filters, applied as they change (the parent saves and the overlay repaints without
 * reloading the page). `suggestedPattern` comes from the current tab's URL.
 */
export function FiltersForm(props: {
  preferences: Preferences;
  suggestedPattern: string | null;
  tabUrl: string | null;
  /** Recent annotations, offered as "Live: since …" (empty when the key cannot read them). */
  liveAnnotations?: readonly AnnotationMark[];
  onChange: (preferences: Preferences) => void;
}) {
  const { preferences } = props;
  const { filters } = preferences;
  // Choosing days turns near-live off; choosing a live option keeps the days for when it is turned off.
  const setFilters = (patch: Partial<Filters>) => props.onChange({ ...preferences, nearLive: null, filters: { ...filters, ...patch } });
  const liveAnnotations = props.liveAnnotations ?? [];
  const nearLive = preferences.nearLive;
  const liveValue = nearLive === null ? null : nearLive.from === 'hour' ? 'live-hour' : `live-annotation-${nearLive.id}`;
  const setLayer = (id: LayerId, patch: Partial<Preferences['layers'][LayerId]>) =>
    props.onChange({ ...preferences, layers: { ...preferences.layers, [id]: { ...preferences.layers[id], ...patch } } });
  const isPreset = datePresets.some((preset) => preset.value === filters.dateFrom) && filters.dateTo === null;
  const [customDates, setCustomDates] = useState(!isPreset);
  const today = new Date().toISOString().slice(0, 10);

  const setViewport = (choice: ViewportChoice) => {
    if (choice === 'match') setFilters({ viewport: { mode: 'match', tolerancePct: 10 } });
    else if (choice === 'custom') setFilters({ viewport: { mode: 'custom', min: 0, max: 4000 } });
    else setFilters({ viewport: { mode: 'band', band: choice } });
  };

  return (
    <div class="filters">
      <fieldset>
        <legend>Layers</legend>
        {heatLayers.map((layer) => (
          <div class="layer" key={layer.id}>
            <label class="inline">
              <input type="checkbox" checked={preferences.layers[layer.id].enabled} onChange={(e) => setLayer(layer.id, { enabled: e.currentTarget.checked })} />
              {layer.label}
            </label>
            {preferences.layers[layer.id].enabled && (
              <div class="sliders">
                <LayerSlider label="Opacity" name={`${layer.label} opacity`} min={0.1} max={1} step={0.05} value={preferences.layers[layer.id].opacity} onChange={(opacity) => setLayer(layer.id, { opacity })} />
                <LayerSlider label="Radius" name={`${layer.label} radius`} min={8} max={80} step={1} value={preferences.layers[layer.id].radius} onChange={(radius) => setLayer(layer.id, { radius })} />
              </div>
            )}
          </div>
        ))}
        {guideLayers.map((layer) => (
          <label class="inline" key={layer.id}>
            <input type="checkbox" checked={preferences.layers[layer.id].enabled} onChange={(e) => setLayer(layer.id, { enabled: e.currentTarget.checked })} />
            {layer.label}
          </label>
        ))}
      </fieldset>

      <label for="heatlens-date">Date range</label>
      <select
        id="heatlens-date"
        value={liveValue ?? (customDates ? 'custom' : filters.dateFrom)}
        onChange={(e) => {
          const value = e.currentTarget.value;
          if (value === 'live-hour') {
            props.onChange({ ...preferences, nearLive: { from: 'hour' } });
            return;
          }
          const annotation = liveAnnotations.find((mark) => `live-annotation-${mark.id}` === value);
          if (annotation) {
            props.onChange({ ...preferences, nearLive: { from: 'annotation', id: annotation.id, content: annotation.content, date: annotation.date } });
            return;
          }
          if (value === 'custom') {
            setCustomDates(true);
            return;
          }
          setCustomDates(false);
          setFilters({ dateFrom: value, dateTo: null });
        }}
      >
        {datePresets.map((preset) => (
          <option key={preset.value} value={preset.value}>
            {preset.label}
          </option>
        ))}
        <option value="custom">Custom range…</option>
        <option value="live-hour">Live: last hour</option>
        {liveAnnotations.map((mark) => (
          <option key={mark.id} value={`live-annotation-${mark.id}`}>
            Live: since {mark.content} ({mark.date.slice(5, 16).replace('T', ' ')} UTC)
          </option>
        ))}
        {nearLive?.from === 'annotation' && !liveAnnotations.some((mark) => mark.id === nearLive.id) && (
          <option value={`live-annotation-${nearLive.id}`}>Live: since {nearLive.content}</option>
        )}
      </select>
      {nearLive && (
        <p class="hint small">
          Refreshes every {NEAR_LIVE_REFRESH_SECONDS / 60} minutes while the tab is visible, and marks new clicks. Needs the key's query:read scope.
        </p>
      )}
      {!nearLive && customDates && (
        <div class="row">
          <label class="inline small">
            From
            <input type="date" aria-label="From date" max={today} value={/^\d{4}-\d{2}-\d{2}$/.test(filters.dateFrom) ? filters.dateFrom : ''} onChange={(e) => e.currentTarget.value && setFilters({ dateFrom: e.currentTarget.value })} />
          </label>
          <label class="inline small">
            To
            <input type="date" aria-label="To date" max={today} value={filters.dateTo ?? ''} onChange={(e) => setFilters({ dateTo: e.currentTarget.value || null })} />
          </label>
        </div>
      )}

      <label for="heatlens-viewport">Viewport</label>
      <select id="heatlens-viewport" value={viewportChoice(filters.viewport)} onChange={(e) => setViewport(e.currentTarget.value as ViewportChoice)}>
        <option value="match">Match my window ±N%</option>
        <option value="mobile">Mobile (&lt; 768 px)</option>
        <option value="tablet">Tablet (768–1279 px)</option>
        <option value="desktop">Desktop (≥ 1280 px)</option>
        <option value="custom">Custom width…</option>
      </select>
      {filters.viewport.mode === 'match' && (
        <label class="inline small">
          ±
          <input
            type="number"
            min="0"
            max="100"
            aria-label="Viewport tolerance percent"
            value={filters.viewport.tolerancePct}
            onChange={(e) => setFilters({ viewport: { mode: 'match', tolerancePct: clamp(Number(e.currentTarget.value), 0, 100) } })}
          />
          %
        </label>
      )}
      {filters.viewport.mode === 'custom' && (
        <div class="row">
          <label class="inline small">
            Min
            <input type="number" min="0" aria-label="Minimum width" value={filters.viewport.min} onChange={(e) => filters.viewport.mode === 'custom' && setFilters({ viewport: { ...filters.viewport, min: clamp(Number(e.currentTarget.value), 0, 10000) } })} />
          </label>
          <label class="inline small">
            Max
            <input type="number" min="0" aria-label="Maximum width" value={filters.viewport.max} onChange={(e) => filters.viewport.mode === 'custom' && setFilters({ viewport: { ...filters.viewport, max: clamp(Number(e.currentTarget.value), 0, 10000) } })} />
          </label>
        </div>
      )}

      <fieldset>
        <legend>Count</legend>
        <label class="inline">
          <input type="radio" name="aggregation" checked={filters.aggregation === 'total_count'} onChange={() => setFilters({ aggregation: 'total_count' })} />
          Total clicks
        </label>
        <label class="inline">
          <input type="radio" name="aggregation" checked={filters.aggregation === 'unique_visitors'} onChange={() => setFilters({ aggregation: 'unique_visitors' })} />
          Unique visitors
        </label>
      </fieldset>

      <fieldset>
        <legend>Page</legend>
        <label class="inline">
          <input type="radio" name="url-match" checked={filters.urlMatch.mode === 'exact'} onChange={() => setFilters({ urlMatch: { mode: 'exact' } })} />
          This exact page
        </label>
        <label class="inline">
          <input
            type="radio"
            name="url-match"
            checked={filters.urlMatch.mode === 'pattern'}
            onChange={() => setFilters({ urlMatch: { mode: 'pattern', pattern: props.suggestedPattern ?? props.tabUrl ?? '' } })}
          />
          Wildcard pattern
        </label>
        {filters.urlMatch.mode === 'pattern' && (
          <input type="text" aria-label="URL pattern" spellcheck={false} value={filters.urlMatch.pattern} onChange={(e) => setFilters({ urlMatch: { mode: 'pattern', pattern: e.currentTarget.value.trim() } })} />
        )}
        {props.suggestedPattern && !(filters.urlMatch.mode === 'pattern' && filters.urlMatch.pattern === props.suggestedPattern) && (
          <button type="button" class="link" onClick={() => setFilters({ urlMatch: { mode: 'pattern', pattern: props.suggestedPattern! } })}>
            Use {props.suggestedPattern}
          </button>
        )}
      </fieldset>

      <label class="inline">
        <input type="checkbox" checked={filters.filterTestAccounts} onChange={(e) => setFilters({ filterTestAccounts: e.currentTarget.checked })} />
        Exclude test accounts
      </label>
    </div>
  );
}

function LayerSlider(props: { label: string; name: string; min: number; max: number; step: number; value: number; onChange: (value: number) => void }) {
  return (
    <label class="inline small">
      {props.label}
      <input
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        aria-label={props.name}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.currentTarget.value))}
      />
    </label>
  );
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
