/** Calls to action below where most visitors scroll. */

import { describeCtaReason } from '../cta';
import type { ElementDescription } from '../describe';
import { CTA_REACH_MIN_SHARE, CTA_SAFE_REACH_SHARE, MAX_CTA_FINDINGS, MIN_SCROLL_VISITORS, RULE_TIERS } from './thresholds';
import { type Context, type Finding, depthReachedBy, elementName, formatCount, formatShare, reachAt, sortedBuckets, strength, targetOf } from './context';

export function ctaBelowReachFindings({ input }: Context): Finding[] {
  const buckets = sortedBuckets(input.scrollDepth);
  const visitors = buckets[0]?.cumulative_count ?? 0;
  if (visitors < MIN_SCROLL_VISITORS) return [];
  const safeDepth = depthReachedBy(buckets, CTA_SAFE_REACH_SHARE);

  const labelKey = (cta: ElementDescription) => (cta.label || cta.selector).toLowerCase();
  // A call to action repeated where most visitors are (a "Sign up" in the header as well as at the
  // bottom, or another link to the same page) is already within reach: the deep copy is a
  // reminder, not a problem.
  const reachableLabels = new Set<string>();
  const reachableTargets = new Set<string>();
  for (const cta of input.ctas) {
    const reach = reachAt(buckets, cta.rect.y);
    if (reach === null || reach < CTA_REACH_MIN_SHARE) continue;
    reachableLabels.add(labelKey(cta));
    if (cta.target) reachableTargets.add(cta.target);
  }

  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const cta of input.ctas) {
    const key = labelKey(cta);
    if (reachableLabels.has(key) || reported.has(key) || (cta.target && reachableTargets.has(cta.target))) continue;
    const reach = reachAt(buckets, cta.rect.y);
    if (reach === null || reach >= CTA_REACH_MIN_SHARE) continue;
    reported.add(key);
    const name = elementName(cta);
    const evidence = [`Only ${formatShare(reach)} of ${formatCount(visitors)} visitors scroll down to ${name} at ${formatCount(cta.rect.y)} px.`];
    if (safeDepth !== null) evidence.push(`${formatShare(CTA_SAFE_REACH_SHARE)} of visitors still see the page down to ${formatCount(safeDepth)} px.`);
    if (cta.reasons && cta.reasons.length > 0) evidence.push(`Recognised as a call to action by ${cta.reasons.map(describeCtaReason).join(', and by ')}.`);
    findings.push({
      id: `cta-below-reach:${cta.selector}`,
      rule: 'cta-below-reach',
      severity: RULE_TIERS['cta-below-reach'] + strength(visitors, 1 - reach),
      title: `${name} is below where most visitors scroll`,
      evidence,
      recommendation:
        safeDepth !== null
          ? `Move ${name} up, or repeat it above ${formatCount(safeDepth)} px, where ${formatShare(CTA_SAFE_REACH_SHARE)} of visitors still are.`
          : `Move ${name} up, or repeat it in the first screen.`,
      target: targetOf(cta),
    });
  }
  return findings.sort((a, b) => b.severity - a.severity).slice(0, MAX_CTA_FINDINGS);
}

