import type { OverlayState } from '@/lib/messaging/protocol';

/** Show/hide for the current tab, and the per-site "always show" choice. */
export function OverlayToggle(props: {
  state: OverlayState | null;
  busy: boolean;
  message: string | null;
  onToggle: () => void;
  onAlwaysOnChange: (enabled: boolean) => void;
}) {
  const { state } = props;
  return (
    <section class="toggle">
      <button type="button" class="primary big" disabled={props.busy || !state} onClick={props.onToggle}>
        {state?.visible ? 'Hide heatmap' : 'Show heatmap'}
      </button>
      <p class="hint">Shortcut: Alt+Shift+H</p>
      {state?.origin && (
        <label class="inline">
          <input type="checkbox" checked={state.alwaysOn} disabled={props.busy} onChange={(e) => props.onAlwaysOnChange(e.currentTarget.checked)} />
          Always show on {state.origin}
        </label>
      )}
      {props.message && (
        <p class="result error" role="alert">
          {props.message}
        </p>
      )}
    </section>
  );
}
