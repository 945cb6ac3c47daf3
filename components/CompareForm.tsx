import type { ComponentChildren } from 'preact';
import type { Compare, DateRange } from '@/lib/settings/preferences';
import type { Preferences } from '@/lib/settings/store';

const presets: { value: Compare['preset']; label: string }[] = [
  { value: 'previous-period', label: 'Previous period' },
  { value: 'split', label: 'Before / after a date' },
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
 * Compare (issue 9): two sides A and B, from a preset over the date range chosen under "Layers and
 * filters", or two custom ranges, or two segments over that range. `segmentPicker` renders the
 * segments work's picker for one side; without it the segments preset says what is missing.
 */
export function CompareForm(props: {
  preferences: Preferences;
  onChange: (preferences: Preferences) => void;
  segmentPicker: (side: 'A' | 'B', compare: Compare, onChange: (compare: Compare) => void) => ComponentChildren;
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
          {compare.preset === 'split' && (
            <label class="inline small">
              Split date
              <input type="date" aria-label="Split date" max={today} value={compare.splitDate ?? ''} onChange={(e) => set({ splitDate: e.currentTarget.value || null })} />
            </label>
          )}
          {compare.preset === 'split' && <p class="hint">A: the date range above until the day before; B: from this day on.</p>}
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
