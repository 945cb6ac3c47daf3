/** Rage clicks: an element people click on in frustration. */

import type { ElementDescription } from '../describe';
import { MIN_RAGE_CLICKS, MIN_RAGE_SHARE, RULE_TIERS } from './thresholds';
import { type Context, type Finding, aroundLine, autocaptureLine, countOn, elementName, formatCount, formatShare, placeName, plural, safeTotal, statFor, strength, targetOf } from './context';

export function rageClickFindings({ input, clicks, rage }: Context): Finding[] {
  const findings: Finding[] = [];
  const total = safeTotal(input.layerTotals.rageclick);
  const seen = new Set<string>();
  for (const group of rage) {
    if (group.count < MIN_RAGE_CLICKS || group.share < MIN_RAGE_SHARE) continue;
    const name = placeName(group);
    const evidence = [
      `${plural(group.count, 'rage click', 'rage clicks')} (${formatShare(group.share)} of ${total > 0 ? `all ${formatCount(total)}` : 'all'} rage clicks) land on ${name}.`,
    ];
    const around = aroundLine(group);
    if (around) evidence.push(around);
    const clicksOn = countOn(clicks, group.element?.selector);
    if (clicksOn > 0) evidence.push(`The same element got ${plural(clicksOn, 'click', 'clicks')} in all.`);
    if (group.element && !group.element.interactive) {
      evidence.push(`It is a <${group.element.tag}> with no link, button, role, click handler attribute or pointer cursor: nothing on the page makes it respond.`);
    }
    const stat = statFor(input, group.element?.selector);
    if (stat && stat.rageClicks > 0) evidence.push(autocaptureLine(stat.rageClicks, group.count, 'rage click', 'rage clicks'));
    if (group.element) seen.add(group.element.selector);
    findings.push({
      id: `rage-clicks:${group.key}`,
      rule: 'rage-clicks',
      severity: RULE_TIERS['rage-clicks'] + strength(group.count, group.share),
      title: `Rage clicks on ${name}`,
      evidence,
      recommendation: rageRecommendation(group.element, name),
      target: targetOf(group.element),
    });
  }

  // Autocapture's own rage counts catch elements the heatmap spread over several cold cells.
  const statRageTotal = (input.elementStats ?? []).reduce((sum, stat) => sum + stat.rageClicks, 0);
  const statDenominator = Math.max(total, statRageTotal);
  for (const stat of input.elementStats ?? []) {
    if (seen.has(stat.element.selector)) continue;
    const share = statDenominator > 0 ? stat.rageClicks / statDenominator : 0;
    if (stat.rageClicks < MIN_RAGE_CLICKS || share < MIN_RAGE_SHARE) continue;
    const name = elementName(stat.element);
    findings.push({
      id: `rage-clicks:el:${stat.element.selector}`,
      rule: 'rage-clicks',
      severity: RULE_TIERS['rage-clicks'] + strength(stat.rageClicks, share),
      title: `Rage clicks on ${name}`,
      evidence: [`PostHog autocapture counted ${plural(stat.rageClicks, 'rage click', 'rage clicks')} (${formatShare(share)} of all ${formatCount(statDenominator)} rage clicks) on ${name}.`],
      recommendation: rageRecommendation(stat.element, name),
      target: targetOf(stat.element),
    });
  }
  return findings;
}

function rageRecommendation(element: ElementDescription | null, name: string): string {
  if (element && !element.interactive) {
    return `Visitors expect ${name} to do something: make it a link or button to what they are after, or remove what makes it look clickable.`;
  }
  if (!element) {
    return `Open a few of these sessions in PostHog to see what was under ${name} for visitors, then check that it responds on the first click.`;
  }
  return `Check that ${name} responds on the first click: show a loading state, make a disabled state visible and explain it, and give feedback when the action fails.`;
}

