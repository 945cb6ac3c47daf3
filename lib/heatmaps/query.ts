import { viewportBands, viewportWidthRange } from '../core/geometry';
import type { HeatmapQuery } from '../posthog/query';
import type { Filters, Preferences } from '../settings/store';
import { wildcardToPostHogPattern } from '../core/url-pattern';

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
    // With a pattern, PostHog ignores url_exact anyway ("the pattern wins"): send one or the other.
    urlExact: filters.urlMatch.mode === 'pattern' ? undefined : page.dataUrl,
    urlPattern: filters.urlMatch.mode === 'pattern' ? wildcardToPostHogPattern(filters.urlMatch.pattern) : undefined,
    viewportWidthMin: range.min ?? undefined,
    viewportWidthMax: range.max ?? undefined,
    aggregation: filters.aggregation,
    filterTestAccounts: filters.filterTestAccounts,
  };
}

/**
 * The URL whose heatmap a page shows: itself, or, when its origin has a "take data from" mapping,
 * the same path and query on the mapped origin (e.g. localhost:3000 → example.com).
 */
export function dataUrlFor(pageUrl: string, dataSources: Preferences['dataSources']): string {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return pageUrl;
  }
  const mapping = dataSources.find((candidate) => sameOrigin(candidate.fromOrigin, url.origin));
  if (!mapping) return pageUrl;
  let target: URL;
  try {
    target = new URL(mapping.toOrigin);
  } catch {
    return pageUrl;
  }
  return `${target.origin}${url.pathname}${url.search}${url.hash}`;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
