// Written by `npm run derive:content-checks` (scripts/derive-content-checks.ts) from the zod schemas of
// the messages (lib/protocol/background.ts, lib/messaging/protocol.ts). Do not edit: a unit test fails when
// this file is not what the schemas give (test/unit/content-checks-derived.test.ts).
import { a, b, fixedColumn, l, n, nl, numberColumn, o, op, packedSpots, s, so, text, u, type Check } from '../messaging/checks';

const c0 = n(0, Infinity, 1);
const c1 = o({ id: l("click", "rageclick", "deadclick", "mousemove"), spots: packedSpots, fold: o({ total_count: c0, below_fold_count: c0, pct_below_fold: n(0, 100, 0), median_viewport_height: nl(n(0, Infinity, 0)) }), totalCount: n() });
const c2 = o({ label: s, dateFrom: s, dateTo: nl(s), segmentLabel: s, layers: a(c1), visitors: nl(n()) });
const c3 = o({ enabled: b, opacity: n(0.05, 1, 0), radius: n(0, 120, 0) });
const c4 = o({ ok: l(true) });

/** The replies the overlay's script reads, by message. */
export const replyChecks = {
  'heatmap.load': o({ dataUrl: s, summary: o({ dateFrom: s, dateTo: nl(s), viewportWidthMin: nl(n()), viewportWidthMax: nl(n()), aggregation: l("total_count", "unique_visitors"), urlPattern: nl(s), segmentLabel: op(s) }), layers: a(c1), comparison: op(nl(o({ a: c2, b: c2, normalisation: l("total", "visitors"), view: l("a", "b", "diff") }))), scrollDepth: nl(o({ results: a(o({ scroll_depth_bucket: n(0, Infinity, 0), bucket_count: c0, cumulative_count: c0 })) })), elsewhere: nl(a(o({ id: l("mobile", "tablet", "desktop"), label: s, min: n(), max: nl(n()), count: n() }))), fetchedAt: n(), cache: op(l("network", "cached", "revalidating")), layoutChange: op(o({ day: nl(s), words: s })) }),
  'preferences.get': o({ layers: o({ click: c3, rageclick: c3, deadclick: c3, mousemove: c3, scrolldepth: c3, fold: c3 }), filters: o({}) }),
  'filters.useViewportBand': c4,
  'overlay.closedInPage': c4,
  'review.inject': c4,
  'panel.getLayout': o({ detailsOpen: b, reviewOpen: b, dock: nl(l("top-left", "top", "top-right", "right", "bottom-right", "bottom", "bottom-left", "left")) }),
  'panel.saveLayout': c4,
  'export.captureVisible': o({ dataUrl: s }),
  'export.captureFullPage': c4,
  'export.finishFullPage': o({ dataUrl: s, scaledDown: b }),
  'export.beginFullPage': o({ mode: l("beyond-viewport", "scroll"), salt: n(0, Infinity, 1) }),
  'export.expectStrips': c4,
  'export.awaitStrips': o({ missing: a(n(-Infinity, Infinity, 1)) }),
  'export.abortFullPage': c4,
  'render.workerSource': o({ source: s }),
} satisfies Record<string, Check>;

/** The requests the background sends the overlay's script, by message. */
export const requestChecks = {
  'overlay.show': so({}),
  'overlay.hide': so({}),
  'overlay.isVisible': so({}),
  'overlay.refresh': so({}),
  'overlay.cycleCompareView': o({ view: op(l("a", "b", "diff")) }),
} satisfies Record<string, Check>;
