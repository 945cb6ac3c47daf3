/** Navigation takes most clicks while the body gets few. */

import { COLD_BODY_MAX_SPOT_SHARE, HEADER_BAND_PX, HOT_NAV_MIN_SHARE, MIN_CLICKS_FOR_SHARES, RULE_TIERS } from './thresholds';
import { type Context, type Finding, type TargetGroup, formatCount, formatShare, placeName, safeTotal, strength } from './context';

function isNavigation(group: TargetGroup): boolean {
  if (group.element && (group.element.region === 'nav' || group.element.region === 'header')) return true;
  return group.centroid.y < HEADER_BAND_PX;
}

export function hotNavColdBodyFindings({ input, clicks }: Context): Finding[] {
  const total = safeTotal(input.layerTotals.click);
  if (total < MIN_CLICKS_FOR_SHARES) return [];
  const nav = clicks.filter(isNavigation);
  const body = clicks.filter((group) => !isNavigation(group));
  const navCount = nav.reduce((sum, group) => sum + group.count, 0);
  const navShare = navCount / total;
  const busiestBody = body[0];
  const busiestBodyShare = busiestBody ? busiestBody.share : 0;
  if (navShare < HOT_NAV_MIN_SHARE || busiestBodyShare >= COLD_BODY_MAX_SPOT_SHARE) return [];
  const evidence = [
    `${formatShare(navShare)} of ${formatCount(total)} clicks land in the navigation or the top ${HEADER_BAND_PX} px: ${nav
      .slice(0, 3)
      .map((group) => `${placeName(group)} (${formatShare(group.share)})`)
      .join(', ')}.`,
    busiestBody
      ? `The page body gets ${formatShare(Math.max(0, 1 - navShare))} of clicks; its busiest spot, ${placeName(busiestBody)}, gets ${formatShare(busiestBodyShare)}.`
      : `The page body has no spot that gets a noticeable share of clicks.`,
  ];
  return [
    {
      id: 'hot-nav-cold-body',
      rule: 'hot-nav-cold-body',
      severity: RULE_TIERS['hot-nav-cold-body'] + strength(total, navShare),
      title: 'Visitors click the navigation, not the page',
      evidence,
      recommendation:
        'Visitors use this page to go somewhere else: check that its body answers what they came for, and that its main call to action is visible and distinct in the first screen.',
    },
  ];
}

