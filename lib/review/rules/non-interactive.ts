/** Clicks on something that does not look or act clickable. */

import { MIN_NON_INTERACTIVE_CLICKS, MIN_NON_INTERACTIVE_SHARE, RULE_TIERS } from './thresholds';
import { type Context, type Finding, aroundLine, countOn, elementName, formatCount, formatShare, isLargeContainer, plural, safeTotal, strength, targetOf } from './context';

export function nonInteractiveFindings({ input, clicks, dead }: Context): Finding[] {
  const findings: Finding[] = [];
  const total = safeTotal(input.layerTotals.click);
  for (const group of clicks) {
    const element = group.element;
    if (!element || element.interactive) continue;
    if (group.count < MIN_NON_INTERACTIVE_CLICKS || group.share < MIN_NON_INTERACTIVE_SHARE) continue;
    if (isLargeContainer(element, input.viewport)) continue;
    const name = elementName(element);
    const evidence = [
      `${plural(group.count, 'click', 'clicks')} (${formatShare(group.share)} of ${total > 0 ? `all ${formatCount(total)}` : 'all'} clicks) land on ${name}, a <${element.tag}> that is not a link, button or form control.`,
      'Neither it nor its ancestors have a role, click handler attribute, tabindex or pointer cursor.',
    ];
    const around = aroundLine(group);
    if (around) evidence.push(around);
    const deadOn = countOn(dead, element.selector);
    if (deadOn > 0) evidence.push(`${plural(deadOn, 'of these clicks was', 'of these clicks were')} dead: nothing happened.`);
    findings.push({
      id: `non-interactive-clicks:${element.selector}`,
      rule: 'non-interactive-clicks',
      severity: RULE_TIERS['non-interactive-clicks'] + strength(group.count, group.share),
      title: `Clicks on ${name}, which is not clickable`,
      evidence,
      recommendation: `Visitors expect ${name} to be clickable: make it a link to what it shows (its detail page or a larger view), or remove the affordance that suggests it is (link colour, underline, card hover, icon).`,
      target: targetOf(element),
    });
  }
  return findings;
}

