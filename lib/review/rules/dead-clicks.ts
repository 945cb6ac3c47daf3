/** Dead clicks: clicks after which nothing happened. */

import { MIN_DEAD_CLICKS, MIN_DEAD_SHARE, RULE_TIERS } from './thresholds';
import { type Context, type Finding, aroundLine, autocaptureLine, countOn, formatCount, formatShare, placeName, plural, safeTotal, statFor, strength, targetOf } from './context';

export function deadClickFindings({ input, clicks, dead }: Context): Finding[] {
  const findings: Finding[] = [];
  const total = safeTotal(input.layerTotals.deadclick);
  for (const group of dead) {
    if (group.count < MIN_DEAD_CLICKS || group.share < MIN_DEAD_SHARE) continue;
    const name = placeName(group);
    const evidence = [
      `${plural(group.count, 'dead click', 'dead clicks')} (${formatShare(group.share)} of ${total > 0 ? `all ${formatCount(total)}` : 'all'} dead clicks) on ${name}: the page did not change after them.`,
    ];
    const around = aroundLine(group);
    if (around) evidence.push(around);
    const clicksOn = countOn(clicks, group.element?.selector);
    if (clicksOn > 0) evidence.push(`The element got ${plural(clicksOn, 'click', 'clicks')} in all.`);
    const stat = statFor(input, group.element?.selector);
    if (stat && stat.deadClicks > 0) evidence.push(autocaptureLine(stat.deadClicks, group.count, 'dead click', 'dead clicks'));
    const recommendation =
      group.element && !group.element.interactive
        ? `Visitors expect ${name} to do something: make it a link or button, or remove what makes it look clickable.`
        : `Make ${name} respond visibly to every click (navigation, a state change or feedback); if it only works once the page has loaded, make it look inactive until then.`;
    findings.push({
      id: `dead-clicks:${group.key}`,
      rule: 'dead-clicks',
      severity: RULE_TIERS['dead-clicks'] + strength(group.count, group.share),
      title: `Dead clicks on ${name}`,
      evidence,
      recommendation,
      target: targetOf(group.element),
    });
  }
  return findings;
}

