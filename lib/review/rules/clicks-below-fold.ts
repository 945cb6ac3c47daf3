/** Much of the clicking happens below the fold. */

import { BELOW_FOLD_MIN_PCT, MIN_CLICKS_FOR_SHARES, RULE_TIERS } from './thresholds';
import { type Context, type Finding, type FoldReading, formatCount, formatShare, placeName, strength } from './context';

export function clicksBelowFoldFindings({ input, clicks }: Context): Finding[] {
  const readings = input.fold === null ? [] : Array.isArray(input.fold) ? (input.fold as readonly FoldReading[]) : [input.fold as FoldReading];
  const findings: Finding[] = [];
  for (const reading of readings) {
    const foldPx = reading.median_viewport_height;
    if (foldPx === null || !Number.isFinite(foldPx) || foldPx <= 0) continue;
    if (!(reading.total_count >= MIN_CLICKS_FOR_SHARES) || !(reading.pct_below_fold >= BELOW_FOLD_MIN_PCT)) continue;
    const band = reading.band ? ` on ${reading.band}` : '';
    const evidence = [
      `${Math.round(reading.pct_below_fold)}% of ${formatCount(reading.total_count)} clicks${band} (${formatCount(reading.below_fold_count)}) land below the fold at ~${formatCount(foldPx)} px, the median visitor's viewport height.`,
    ];
    const below = clicks.filter((group) => !group.fixed && group.centroid.y > foldPx).slice(0, 3);
    if (below.length > 0) {
      evidence.push(`Busiest below the fold: ${below.map((group) => `${placeName(group)} (${formatShare(group.share)} of clicks)`).join(', ')}.`);
    }
    const names = below.filter((group) => group.element).map((group) => placeName(group));
    findings.push({
      id: `clicks-below-fold:${reading.band ?? 'all'}`,
      rule: 'clicks-below-fold',
      severity: RULE_TIERS['clicks-below-fold'] + strength(reading.total_count, reading.pct_below_fold / 100),
      title: `${Math.round(reading.pct_below_fold)}% of clicks${band} are below the fold`,
      evidence,
      recommendation: `What visitors act on sits below the first screen: bring ${names.length > 0 ? names.join(' and ') : 'the most-clicked content'} into the first ${formatCount(foldPx)} px, or make the first screen point to it.`,
    });
  }
  return findings;
}

