import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { ExportMenu } from '@/components/ExportMenu';
import { OverlayExport, type ExportDependencies, type ExportState } from '@/lib/export/overlay-export';
import { defaultPreferences } from '@/lib/settings/preferences';
import type { HeatmapPayload } from '@/lib/messaging/protocol';

const payload: HeatmapPayload = {
  dataUrl: 'https://example.com/',
  summary: { dateFrom: '-7d', dateTo: null, viewportWidthMin: 1152, viewportWidthMax: 1408, aggregation: 'total_count', urlPattern: null },
  layers: [],
  scrollDepth: null,
  elsewhere: null,
  fetchedAt: 0,
};

describe('Save image: the panel in the picture is the panel as it was (issue 20, item 9)', () => {
  it('while the browser captures, the export menu shows no message and no greyed button, and a second click waits', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:test');
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
    const menu = document.createElement('div');
    let exporter: OverlayExport;
    const shown = () => render(<ExportMenu state={exporter.state} onSaveImage={() => {}} onSaveFullPage={() => {}} onDownload={() => {}} />, menu);
    const seenByCapture: Array<{ state: ExportState['kind']; disabled: number; text: string }> = [];
    let captures = 0;
    const dependencies = {
      async captureVisible() {
        captures++;
        // What the panel looks like when the browser takes the picture (at any moment until this returns).
        seenByCapture.push({ state: exporter.state.kind, disabled: menu.querySelectorAll('button[disabled]').length, text: menu.textContent ?? '' });
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { dataUrl: 'data:image/png;base64,iVBORw0KGgo=' };
      },
    } as unknown as ExportDependencies;
    exporter = new OverlayExport(dependencies, () => ({ payload, preferences: defaultPreferences, view: null }), shown);
    shown();
    const idleText = menu.textContent;
    const first = exporter.saveImage();
    const second = exporter.saveImage();
    await Promise.all([first, second]);
    expect(captures).toBe(1);
    expect(seenByCapture).toEqual([{ state: 'capturing', disabled: 0, text: idleText }]);
    expect(exporter.state.kind).toBe('done');
    expect(menu.textContent).toMatch(/Saved heatlens-/);
  });
});
