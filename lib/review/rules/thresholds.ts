// Thresholds. Each is the least evidence an analyst would want before raising the point.

/** Three fast clicks make one rage click, so five are at least five bursts of frustration, not
 *  one visitor's double-double-click. */
export const MIN_RAGE_CLICKS = 5;
/** A rage cluster must hold a real part of the page's rage: below 5% it is background noise. */
export const MIN_RAGE_SHARE = 0.05;
/** Twenty clicks is past what misclicks and text selection produce on one spot in a normal week. */
export const MIN_NON_INTERACTIVE_CLICKS = 20;
/** ...and 3% of all clicks is comparable to a secondary button's share: visitors mean it. */
export const MIN_NON_INTERACTIVE_SHARE = 0.03;
/** An element wider than 60% and taller than 50% of the viewport is a wrapper or background: a
 *  click "on" it is a click on empty space or on content that moved, not an expected affordance. */
export const LARGE_CONTAINER_WIDTH_SHARE = 0.6;
export const LARGE_CONTAINER_HEIGHT_SHARE = 0.5;
/** Scroll depth over fewer visitors than this swings by tens of points with a handful of people. */
export const MIN_SCROLL_VISITORS = 30;
/** "Most visitors": a call to action fewer than half of them scroll to is below reach. */
export const CTA_REACH_MIN_SHARE = 0.5;
/** Where to suggest repeating it: the deepest point three quarters of visitors still see. */
export const CTA_SAFE_REACH_SHARE = 0.75;
/** More than three "move this up" findings stop being a priority list. */
export const MAX_CTA_FINDINGS = 3;
/** Fold and navigation shares over fewer than 100 clicks move by several points per click. */
export const MIN_CLICKS_FOR_SHARES = 100;
/** On most pages the first screen (navigation, hero, main action) takes the majority of clicks;
 *  when 40% or more land below it, what visitors look for is not where the page puts it. */
export const BELOW_FOLD_MIN_PCT = 40;
/** The header band: a typical top bar is 56-80 px high, 100 px covers it with its dropdown edge. */
export const HEADER_BAND_PX = 100;
/** Navigation taking 60% of clicks means most visitors use the page to go somewhere else. */
export const HOT_NAV_MIN_SHARE = 0.6;
/** ...and "a cold body" means not even one body target holds 10% of clicks. */
export const COLD_BODY_MAX_SPOT_SHARE = 0.1;
/** Dead clicks are noisier than rage clicks (text selection, slow networks count too), so the bar
 *  is higher: ten on one target and a tenth of all dead clicks. */
export const MIN_DEAD_CLICKS = 10;
export const MIN_DEAD_SHARE = 0.1;

/**
 * Ranking tiers, strongest signal first: a rage click is a visitor telling you something is broken;
 * a click on something that is not clickable is a mismatch of expectation; a call to action below
 * reach is lost conversion; fold and navigation shares describe the page's shape; dead clicks alone
 * are the noisiest. Within a tier, strength (share and volume) orders findings, never across tiers.
 */
export const RULE_TIERS = {
  'rage-clicks': 6,
  'non-interactive-clicks': 5,
  'cta-below-reach': 4,
  'clicks-below-fold': 3,
  'hot-nav-cold-body': 2,
  'dead-clicks': 1,
} as const;

