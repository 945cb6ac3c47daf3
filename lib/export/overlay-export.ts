import { stripPostHogFragment } from '../geometry';
import type { CompareView } from '../compare/view';
import type { HeatmapPayload } from '../messaging/protocol';
import { MessageError } from '../messaging/envelope';
import type { Preferences } from '../settings';
import { captionLines } from './caption';
import { toCsv } from './csv';
import { exportDataFor } from './data';
import { dataUrlToBlob, downloadFile, exportFilename } from './download';
import { toJson } from './json';

export type ExportState = { kind: 'idle' } | { kind: 'busy'; message: string } | { kind: 'done'; message: string; filename: string } | { kind: 'error'; message: string };

export interface ExportDependencies {
  /** The background's capture of this tab, caption composited (see capture-image.ts). */
  captureVisible(request: { caption: string[]; cssWidth: number }): Promise<{ dataUrl: string }>;
}

function messageOf(error: unknown): string {
  if (error instanceof MessageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs in the on-demand script (lib/export/tools.ts), created the first time the user exports.
 *
 * The overlay's export actions: "Save image" (the visible viewport with heat, guides and the panel's
 * legend, captured by the browser at device pixel ratio, a caption composited under it) and
 * "Download data" (CSV or JSON of the aggregates as painted). `painted` reads what the overlay shows.
 */
export class OverlayExport {
  private current: ExportState = { kind: 'idle' };

  constructor(
    private readonly dependencies: ExportDependencies,
    private readonly painted: () => { payload: HeatmapPayload; preferences: Preferences; view: CompareView | null } | null,
    private readonly onChange: () => void,
  ) {}

  get state(): ExportState {
    return this.current;
  }

  private set(state: ExportState): void {
    this.current = state;
    this.onChange();
  }

  private viewLabel(view: CompareView | null, payload: HeatmapPayload): string {
    if (!payload.comparison) return 'heatmap';
    return view === 'a' ? 'A' : view === 'b' ? 'B' : 'A−B (B minus A)';
  }

  async saveImage(): Promise<void> {
    const painted = this.painted();
    if (!painted || this.current.kind === 'busy') return;
    const pageUrl = stripPostHogFragment(location.href);
    const caption = captionLines(painted.payload, { pageUrl, view: this.viewLabel(painted.view, painted.payload), capturedAt: new Date() });
    this.set({ kind: 'busy', message: 'Capturing the page…' });
    try {
      const { dataUrl } = await this.dependencies.captureVisible({ caption, cssWidth: window.innerWidth });
      const filename = exportFilename(pageUrl, 'png');
      downloadFile(filename, dataUrlToBlob(dataUrl));
      this.set({ kind: 'done', message: `Saved ${filename}`, filename });
    } catch (error) {
      this.set({ kind: 'error', message: messageOf(error) });
    }
  }

  async downloadData(format: 'csv' | 'json'): Promise<void> {
    const painted = this.painted();
    if (!painted) return;
    const pageUrl = stripPostHogFragment(location.href);
    const data = exportDataFor(painted.payload, painted.preferences, painted.view, { pageUrl, viewportWidth: window.innerWidth });
    const filename = exportFilename(pageUrl, format);
    const blob = format === 'csv' ? new Blob([toCsv(data)], { type: 'text/csv' }) : new Blob([toJson(data)], { type: 'application/json' });
    downloadFile(filename, blob);
    this.set({ kind: 'done', message: `Saved ${filename} (${data.rows.length} rows)`, filename });
  }
}
