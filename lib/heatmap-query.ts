import { viewportBands, viewportWidthRange } from './geometry';
import type { HeatmapQuery } from './posthog/query';
import type { Filters } from './settings';

/** What the content script knows about the page it is on. */
export interface PageContext {
  /** The URL whose data is wanted (the `__posthog` fragment already stripped). */
  dataUrl: string;
  viewportWidth: number;
}

/** The viewport range the filters ask for on a window this wide; null bounds are left open. */
export function viewportRangeFor(filters: Filters, viewportWidth: number): { min: number | null; max: number | null } {
  const viewport = filters.viewport;
  switch (viewport.mode) {
    case 'match':
      return viewportWidthRange(viewportWidth, viewport.tolerancePct);
    case 'band': {
      const band = viewportBands.find((candidate) => candidate.id === viewport.band)!;
      return { min: band.min, max: band.max };
    }
    case 'custom':
      return { min: viewport.min, max: viewport.max };
  }
}

/** Filters + page → the query PostHog is asked, for one heatmap type. */
export function buildHeatmapQuery(filters: Filters, page: PageContext, type: HeatmapQuery['type']): HeatmapQuery {
  const range = viewportRangeFor(filters, page.viewportWidth);
  return {
    type,
    dateFrom: filters.dateFrom,
    dateTo: filters.dateTo ?? undefined,
    urlExact: page.dataUrl,
    urlPattern: filters.urlMatch.mode === 'pattern' ? filters.urlMatch.pattern : undefined,
    viewportWidthMin: range.min ?? undefined,
    viewportWidthMax: range.max ?? undefined,
    aggregation: filters.aggregation,
    filterTestAccounts: filters.filterTestAccounts,
  };
}
