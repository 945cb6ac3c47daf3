/**
 * What the overlay's script asks the background. Its checks of the replies are derived from each
 * message's zod schema (scripts/derive-content-checks.ts writes content-checks.generated.ts).
 */
export const contentAsks = [
  'heatmap.load',
  'preferences.get',
  'filters.useViewportBand',
  'overlay.closedInPage',
  'review.inject',
  'panel.getLayout',
  'panel.saveLayout',
  'export.captureVisible',
  'export.captureFullPage',
  'export.finishFullPage',
  'export.beginFullPage',
  'export.expectStrips',
  'export.awaitStrips',
  'export.abortFullPage',
  'render.workerSource',
] as const;
export type ContentAsks = (typeof contentAsks)[number];
