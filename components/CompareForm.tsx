import type { ComponentChildren } from 'preact';
import type { Compare, DateRange } from '@/lib/settings/preferences';
import type { Preferences } from '@/lib/settings/store';
import { describeSplit, type SplitPickerView } from '@/lib/compare/split-points';

const presets: { value: Compare['preset']; label: string }[] = [
  { value: 'previous-period', label: 'Previous period' },
  { value: 'split', label: 'Before / after a change' },
  { value: 'custom', label: 'Two custom ranges' },
  { value: 'segments', label: 'Two segments' },
];

const views: { value: Compare['view']; label: string }[] = [
  { value: 'a', label: 'A' },
  { value: 'b', label: 'B' },
  { value: 'diff', label: 'A−B' },
];

function RangeInputs(props: { name: 'A' | 'B'; range: DateRange; max: string; onChange: (range: DateRange) => void }) {
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  return (
    <div class="range">
      <strong>{props.name}</strong>
      <label class="inline small">
        from
        <input type="date" aria-label={`Range ${props.name} from`} max={props.max} value={day(props.range.dateFrom)} onChange={(e) => e.currentTarget.value && props.onChange({ ...props.range, dateFrom: e.currentTarget.value })} />
      </label>
      <label class="inline small">
        to
        <input type="date" aria-label={`Range ${props.name} to`} max={props.max} value={day(props.range.dateTo)} onChange={(e) => props.onChange({ ...props.range, dateTo: e.currentTarget.value || null })} />
      </label>
    </div>
  );
}

/**
 * The change days to split at (issue 19): the detected layout change and PostHog's annotations in the
 * date range, each a radio that sets the split date; why annotations are missing when they are.
 */
function SplitPicker(props: { view: SplitPickerView; chosen: string | null; onChoose: (day: string) => void }) {
  const { view } = props;
  return (
    <fieldset class="split-points" data-loading={view.loading ? 'true' : 'false'} data-points={view.points.length}>
      <legend>Split at a change</legend>
      {view.points.map((point) => (
        <label class="inline" key={point.day} data-day={point.day} data-sources={point.sources.join(' ')}>
          <input type="radio" name="heatlens-split-point" checked={props.chosen === point.day} onChange={() => props.onChoose(point.day)} />
          {point.day} · {point.labels.join(' · ')}
        </label>
      ))}
      {view.loading && <p class="hint">Looking for changes in the date range…</p>}
      {!view.loading && view.points.length === 0 && <p class="hint">No detected change or annotation falls inside the date range.</p>}
      {view.detectionNote && <p class="hint" data-detection="none">{view.detectionNote}</p>}
      {view.annotationsNote && (
        <p class="hint" data-annotations="unavailable">
          PostHog's annotations are not listed: {view.annotationsNote}
        </p>
      )}
      {view.outside.length > 0 && <p class="hint">Annotations that cannot split the range (on its first day or outside it): {view.outside.join(', ')}.</p>}
    </fieldset>
  );
}

/**
 * Compare (issue 9): two sides A and B, from a preset over the date range chosen under "Layers and
 * filters", or two custom ranges, or two segments over that range. `segmentPicker` renders the
 * segments work's picker for one side; without it the segments preset says what is missing.
 */
export function CompareForm(props: {
  preferences: Preferences;
  onChange: (preferences: Preferences) => void;
  segmentPicker: (side: 'A' | 'B', compare: Compare, onChange: (compare: Compare) => void) => ComponentChildren;
  /** The days "before / after a change" offers (detected change, annotations); null until asked for. */
  splitPicker?: SplitPickerView | null;
}) {
  const { preferences } = props;
  const compare = preferences.compare;
  const set = (patch: Partial<Compare>) => props.onChange({ ...preferences, compare: { ...compare, ...patch } });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div class="compare-form">
      <label class="inline">
        <input type="checkbox" checked={compare.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
        Compare two ranges
      </label>
      {compare.enabled && (
        <>
          <label for="heatlens-compare-preset">Sides</label>
          <select id="heatlens-compare-preset" value={compare.preset} onChange={(e) => set({ preset: e.currentTarget.value as Compare['preset'] })}>
            {presets.map((preset) => (
              <option key={preset.value} value={preset.value}>
                {preset.label}
              </option>
            ))}
          </select>
          {compare.preset === 'previous-period' && <p class="hint">B is the date range above; A the same number of days just before it.</p>}
          {compare.preset === 'split' && props.splitPicker && <SplitPicker view={props.splitPicker} chosen={compare.splitDate} onChoose={(day) => set({ splitDate: day })} />}
          {compare.preset === 'split' && (
            <label class="inline small">
              {props.splitPicker ? 'Or any split date' : 'Split date'}
              <input type="date" aria-label="Split date" max={today} value={compare.splitDate ?? ''} onChange={(e) => set({ splitDate: e.currentTarget.value || null })} />
            </label>
          )}
          {compare.preset === 'split' && (
            <p class="hint" data-split-sides>
              {(compare.splitDate && describeSplit(preferences.filters, compare.splitDate, Date.now())) || 'A: the date range above until the day before; B: from this day on.'}
            </p>
          )}
          {compare.preset === 'custom' && (
            <>
              <RangeInputs name="A" range={compare.a} max={today} onChange={(a) => set({ a })} />
              <RangeInputs name="B" range={compare.b} max={today} onChange={(b) => set({ b })} />
            </>
          )}
          {compare.preset === 'segments' && (
            <>
              {props.segmentPicker('A', compare, (next) => props.onChange({ ...preferences, compare: next }))}
              {props.segmentPicker('B', compare, (next) => props.onChange({ ...preferences, compare: next }))}
            </>
          )}
          <fieldset class="inline-group">
            <legend>Show</legend>
            {views.map((view) => (
              <label class="inline" key={view.value}>
                <input type="radio" name="heatlens-compare-view" checked={compare.view === view.value} onChange={() => set({ view: view.value })} />
                {view.label}
              </label>
            ))}
          </fieldset>
        </>
      )}
    </div>
  );
}
