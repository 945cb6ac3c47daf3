import { useState } from 'preact/hooks';
import type { Preferences } from '@/lib/settings/store';

/**
 * "Take data from": lets a staging or local origin show the heatmap recorded on production.
 * Only origins are mapped; path and query carry over.
 */
export function DataSourceForm(props: { tabOrigin: string; dataSources: Preferences['dataSources']; onChange: (dataSources: Preferences['dataSources']) => void }) {
  const current = props.dataSources.find((mapping) => mapping.fromOrigin === props.tabOrigin);
  const [target, setTarget] = useState(current?.toOrigin ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const others = props.dataSources.filter((mapping) => mapping.fromOrigin !== props.tabOrigin);

  const apply = (event: Event) => {
    event.preventDefault();
    const trimmed = target.trim();
    if (!trimmed) {
      props.onChange(others);
      setProblem(null);
      return;
    }
    let origin: string;
    try {
      origin = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`).origin;
    } catch {
      setProblem('Enter an origin such as https://example.com');
      return;
    }
    if (origin === props.tabOrigin) {
      setProblem('That is this site already.');
      return;
    }
    setProblem(null);
    setTarget(origin);
    props.onChange([...others, { fromOrigin: props.tabOrigin, toOrigin: origin }]);
  };

  return (
    <form class="data-source" onSubmit={apply}>
      <label for="heatlens-data-from">Take data from</label>
      <p class="hint">Pages of {props.tabOrigin} show the heatmap recorded on this origin (path and query kept).</p>
      <div class="key">
        <input id="heatlens-data-from" type="text" placeholder="https://example.com" spellcheck={false} value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
        <button type="submit">Apply</button>
      </div>
      {current && (
        <p class="hint" data-testid="data-source-current">
          Using data from {current.toOrigin}.{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              setTarget('');
              props.onChange(others);
            }}
          >
            Stop
          </button>
        </p>
      )}
      {problem && <p class="result error">{problem}</p>}
    </form>
  );
}
