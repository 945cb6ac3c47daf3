import { createBlurScratch } from './blur';
import { diffFieldSteps } from './diff-field';
import { heatFieldSteps } from './field';

/**
 * The renderer's computation as the painter runs it on the page's main thread, in slices: only when
 * there is no worker (no worker source, the page's CSP refused a blob: worker, or a job failed in
 * it). The overlay's script does not carry it: the painter asks for it (HeatPainterOptions
 * `mainThreadFields`), and the overlay hands over the copy in its on-demand script
 * (lib/overlay/review-module.ts), so content.js stays within its 30 KB.
 */
export interface MainThreadFields {
  heatFieldSteps: typeof heatFieldSteps;
  diffFieldSteps: typeof diffFieldSteps;
  createBlurScratch: typeof createBlurScratch;
}

export const mainThreadFields: MainThreadFields = { heatFieldSteps, diffFieldSteps, createBlurScratch };
