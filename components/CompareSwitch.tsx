import type { CompareView } from '@/lib/compare/view';
import type { CompareSwitchProps } from '@/lib/views/overlay';

const labels: Record<CompareView, { short: string; title: string }> = {
  a: { short: 'A', title: 'Range A alone' },
  b: { short: 'B', title: 'Range B alone' },
  diff: { short: 'A−B', title: 'Difference: warm where B has more, cool where it has fewer' },
};

/**
 * The comparison's 3-way view switch. Also switched with `d` while the panel has focus and with
 * Alt+Shift+D anywhere on the page (the extension command).
 */
export function CompareSwitch(props: CompareSwitchProps) {
  return (
    <div class="compare-switch" role="radiogroup" aria-label="Compare view (d)">
      {(Object.keys(labels) as CompareView[]).map((view) => (
        <button
          type="button"
          key={view}
          role="radio"
          aria-checked={props.view === view}
          aria-label={labels[view].title}
          title={`${labels[view].title} (d or Alt+Shift+D cycles)`}
          data-view={view}
          class={props.view === view ? 'on' : ''}
          onClick={() => props.onChange(view)}
        >
          {labels[view].short}
        </button>
      ))}
    </div>
  );
}

export const compareSwitchCss = `
.compare-switch { display: inline-flex; border: 1px solid #d0d5dd; border-radius: 6px; overflow: hidden; }
.compare-switch button { all: unset; cursor: pointer; font-size: 12px; padding: 2px 8px; color: #344054; }
.compare-switch button + button { border-left: 1px solid #d0d5dd; }
.compare-switch button.on { background: #1d4aff; color: #fff; }
.compare-switch button:focus-visible { outline: 2px solid #1d4aff; outline-offset: -2px; }
`;
