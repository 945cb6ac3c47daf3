import { useEffect, useState } from 'preact/hooks';
import type { SegmentOptions } from '@/lib/messaging/protocol';
import type { Segment } from '@/lib/settings/preferences';
import { segmentLabel } from '@/lib/segments/labels';

type Kind = Segment['kind'];
type PersonSegment = Extract<Segment, { kind: 'person' }>;

const KIND_LABELS: Record<Kind, string> = {
  all: 'All visitors',
  person: 'Person property',
  cohort: 'Cohort',
  flag: 'Feature flag variant',
  device: 'Device type',
};
/** Segments answered by HogQL, which needs the key's `query:read` scope. */
const NEEDS_QUERY: readonly Kind[] = ['person', 'cohort', 'flag'];

/**
 * Picks who the heatmap is about (issue 9): all visitors, a person property (key from PostHog's
 * list, operator, value), a cohort or a flag variant from lists, or a device type. Nothing that is
 * an id is typed. A view: the options come from the parent (the `segments.options` message), and
 * each complete choice goes to `onChange`. Compare renders two of these (A and B) with `name`.
 */
export function SegmentForm(props: {
  segment: Segment;
  /** null while loading. */
  options: SegmentOptions | null;
  /** Why the options could not be loaded at all (not connected, offline…). */
  optionsError?: string | null;
  onChange: (segment: Segment) => void;
  /** Accessible name of the picker, e.g. "Segment", "Segment A". */
  name?: string;
}) {
  const name = props.name ?? 'Segment';
  const { options, segment } = props;
  const [kind, setKind] = useState<Kind>(segment.kind);
  const [person, setPerson] = useState<PersonSegment>(segment.kind === 'person' ? segment : { kind: 'person', key: '', operator: 'exact', value: '' });
  useEffect(() => {
    setKind(segment.kind);
    if (segment.kind === 'person') setPerson(segment);
  }, [segment]);

  const queryBlocked = options !== null && !options.query.available;
  const cohorts = options?.cohorts.available ? options.cohorts.items : [];
  const flags = options?.flags.available ? options.flags.items : [];
  const suggestedKeys = options?.personProperties.available ? options.personProperties.items : [];
  const listId = `${name.replace(/\W+/g, '-').toLowerCase()}-person-keys`;

  const choose = (next: Kind) => {
    setKind(next);
    if (next === 'all') props.onChange({ kind: 'all' });
    else if (next === 'device') props.onChange({ kind: 'device', device: 'mobile' });
    else if (next === 'cohort' && cohorts[0]) props.onChange({ kind: 'cohort', id: cohorts[0].id, name: cohorts[0].name });
    else if (next === 'flag' && flags[0]) props.onChange({ kind: 'flag', key: flags[0].key, variant: flags[0].variants[0] ?? 'true' });
    else if (next === 'person') commitPerson(person);
  };
  /** A person segment is applied once it has a key and a value. */
  const commitPerson = (next: PersonSegment) => {
    setPerson(next);
    if (next.key.trim() && next.value.trim()) props.onChange({ ...next, key: next.key.trim(), value: next.value.trim() });
  };
  const selectedFlag = segment.kind === 'flag' ? flags.find((flag) => flag.key === segment.key) : undefined;

  return (
    <fieldset class="segment" data-segment-kind={segment.kind} data-options={options ? 'ready' : props.optionsError ? 'failed' : 'loading'}>
      <legend>{name}</legend>
      <select aria-label={name} value={kind} onChange={(e) => choose(e.currentTarget.value as Kind)}>
        {(Object.keys(KIND_LABELS) as Kind[]).map((candidate) => (
          <option key={candidate} value={candidate} disabled={queryBlocked && NEEDS_QUERY.includes(candidate)}>
            {KIND_LABELS[candidate]}
          </option>
        ))}
      </select>

      {props.optionsError && <p class="hint error">{props.optionsError}</p>}
      {queryBlocked && options && !options.query.available && (
        <p class="hint error" data-missing="query:read">
          {options.query.message} Segments by person property, cohort or flag need it; all visitors and device types work without it.
        </p>
      )}

      {kind === 'person' && (
        <div class="segment-person">
          <input type="text" aria-label={`${name} person property`} list={listId} placeholder="plan" spellcheck={false} value={person.key} onChange={(e) => commitPerson({ ...person, key: e.currentTarget.value })} />
          <datalist id={listId}>
            {suggestedKeys.map((key) => (
              <option key={key} value={key} />
            ))}
          </datalist>
          <div class="row">
            <select aria-label={`${name} operator`} value={person.operator} onChange={(e) => commitPerson({ ...person, operator: e.currentTarget.value as PersonSegment['operator'] })}>
              <option value="exact">equals</option>
              <option value="is_not">is not</option>
              <option value="icontains">contains</option>
            </select>
            <input type="text" aria-label={`${name} value`} placeholder="paid" spellcheck={false} value={person.value} onChange={(e) => commitPerson({ ...person, value: e.currentTarget.value })} />
          </div>
        </div>
      )}

      {kind === 'cohort' &&
        (options?.cohorts.available === false ? (
          <p class="hint error">{options.cohorts.message}</p>
        ) : cohorts.length === 0 ? (
          <p class="hint">{options ? 'This project has no cohorts.' : 'Loading cohorts…'}</p>
        ) : (
          <select
            aria-label={`${name} cohort`}
            value={segment.kind === 'cohort' ? String(segment.id) : ''}
            onChange={(e) => {
              const cohort = cohorts.find((candidate) => String(candidate.id) === e.currentTarget.value);
              if (cohort) props.onChange({ kind: 'cohort', id: cohort.id, name: cohort.name });
            }}
          >
            {cohorts.map((cohort) => (
              <option key={cohort.id} value={String(cohort.id)}>
                {cohort.name}
                {cohort.count !== null ? ` (${cohort.count})` : ''}
              </option>
            ))}
          </select>
        ))}

      {kind === 'flag' &&
        (options?.flags.available === false ? (
          <p class="hint error">{options.flags.message}</p>
        ) : flags.length === 0 ? (
          <p class="hint">{options ? 'This project has no feature flags.' : 'Loading feature flags…'}</p>
        ) : (
          <div class="row">
            <select
              aria-label={`${name} feature flag`}
              value={segment.kind === 'flag' ? segment.key : ''}
              onChange={(e) => {
                const flag = flags.find((candidate) => candidate.key === e.currentTarget.value);
                if (flag) props.onChange({ kind: 'flag', key: flag.key, variant: flag.variants[0] ?? 'true' });
              }}
            >
              {flags.map((flag) => (
                <option key={flag.key} value={flag.key}>
                  {flag.key}
                </option>
              ))}
            </select>
            <select
              aria-label={`${name} variant`}
              value={segment.kind === 'flag' ? segment.variant : ''}
              onChange={(e) => segment.kind === 'flag' && props.onChange({ ...segment, variant: e.currentTarget.value })}
            >
              {(selectedFlag?.variants ?? []).map((variant) => (
                <option key={variant} value={variant}>
                  {variant}
                </option>
              ))}
            </select>
          </div>
        ))}

      {kind === 'device' && (
        <select
          aria-label={`${name} device`}
          value={segment.kind === 'device' ? segment.device : 'mobile'}
          onChange={(e) => props.onChange({ kind: 'device', device: e.currentTarget.value as 'mobile' | 'tablet' | 'desktop' })}
        >
          <option value="mobile">Mobile (&lt; 768 px)</option>
          <option value="tablet">Tablet (768–1279 px)</option>
          <option value="desktop">Desktop (≥ 1280 px)</option>
        </select>
      )}

      <p class="hint" data-segment-label>
        Showing: {segmentLabel(segment)}
        {segment.kind === 'device' ? ' (replaces the viewport filter)' : ''}
      </p>
    </fieldset>
  );
}
