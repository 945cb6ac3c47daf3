import type { ExportState } from '@/lib/export/overlay-export';
import { onTrustedInput } from '@/lib/core/trusted-input';

/** Export actions in the panel: an image of what is on screen, and the painted aggregates as data. */
export function ExportMenu(props: { state: ExportState; onSaveImage: () => void; onSaveFullPage: () => void; onDownload: (format: 'csv' | 'json') => void }) {
  const { state } = props;
  const busy = state.kind === 'busy';
  return (
    <div class="export-menu" data-export={state.kind} aria-busy={state.kind === 'capturing' || busy}>
      <span class="export-label">Export</span>
      <button type="button" class="switch" disabled={busy} onClick={onTrustedInput(props.onSaveImage)} title="PNG of the visible page with heat, legend and a caption">
        Save image
      </button>
      <button type="button" class="switch" disabled={busy} onClick={onTrustedInput(props.onSaveFullPage)} title="PNG of the whole page height with heat, guides, legend and a caption; in Chrome the page scrolls to the bottom and back, for about a second">
        Full page image
      </button>
      <button type="button" class="switch" disabled={busy} onClick={onTrustedInput(() => props.onDownload('csv'))} title="The aggregates as painted, with the query">
        CSV
      </button>
      <button type="button" class="switch" disabled={busy} onClick={onTrustedInput(() => props.onDownload('json'))} title="The aggregates as painted, with the query">
        JSON
      </button>
      {(state.kind === 'busy' || state.kind === 'done' || state.kind === 'error') && (
        <p class={state.kind === 'error' ? 'export-message error' : 'export-message'} role={state.kind === 'error' ? 'alert' : undefined}>
          {state.message}
        </p>
      )}
    </div>
  );
}

export const exportMenuCss = `
.export-menu { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; margin: 6px 0 2px; font-size: 11px; }
.export-label { color: #555; margin-right: 2px; }
.export-menu button[disabled] { opacity: 0.5; cursor: default; }
.export-message { flex-basis: 100%; font-size: 11px; color: #555; word-break: break-all; margin: 2px 0 0; }
.export-message.error { color: #b42318; }
`;
