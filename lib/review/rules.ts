/**
 * The analyst: turns clusters, fold, scroll depth and calls to action into a short, ranked list of
 * findings, each with the numbers behind it and something to do. Pure data in, pure data out.
 *
 * The bar is deliberately high. A page with ordinary traffic must produce no findings at all, so
 * that when Heatlens does say something it is worth reading.
 */

import { rageClickFindings } from './rules/rage-clicks';
import { nonInteractiveFindings } from './rules/non-interactive';
import { ctaBelowReachFindings } from './rules/cta-below-reach';
import { clicksBelowFoldFindings } from './rules/clicks-below-fold';
import { hotNavColdBodyFindings } from './rules/hot-nav-cold-body';
import { deadClickFindings } from './rules/dead-clicks';
import { groupByElement, isLargeContainer, outerOf, safeTotal, type ReviewInput, type Context, type Finding } from './rules/context';

export * from './rules/thresholds';
export * from './rules/context';

/**
 * One finding per element: the strongest stays and takes the others' evidence along, so a button
 * with rage and dead clicks reads as one problem with all its numbers. Findings about an element
 * and its ancestor or descendant (a card and the button in it) are one too; page-sized wrappers
 * are not merged with what they hold.
 */
export function dedupeFindings(findings: readonly Finding[], viewport?: ReviewInput['viewport']): Finding[] {
  const ranked = [...findings].sort((a, b) => b.severity - a.severity);
  const kept: Finding[] = [];
  const ids = new Set<string>();
  for (const finding of ranked) {
    if (ids.has(finding.id)) continue;
    const target = finding.target;
    const holder = target ? kept.find((other) => other.target && sameOrRelated(other.target, target, viewport)) : undefined;
    if (holder) {
      const said = new Set(holder.evidence.map(evidenceKey));
      for (const line of finding.evidence) {
        if (said.has(evidenceKey(line))) continue;
        holder.evidence.push(line);
        said.add(evidenceKey(line));
      }
      continue;
    }
    const copy: Finding = { ...finding, evidence: [...finding.evidence] };
    kept.push(copy);
    ids.add(copy.id);
  }
  return kept;
}

/** "The same element got 72 clicks in all." and "The element got 72 clicks in all." say one thing. */
function evidenceKey(line: string): string {
  return line.replace(/^The (same )?element /, 'The element ');
}

/** The holder (a stronger finding) takes the other in when they are about one element family,
 *  but a page-sized wrapper never takes in what it holds. */
function sameOrRelated(holder: NonNullable<Finding['target']>, other: NonNullable<Finding['target']>, viewport: ReviewInput['viewport'] | undefined): boolean {
  if (holder.selector === other.selector) return true;
  const outer = outerOf(holder, other);
  if (!outer) return false;
  if (outer !== holder || !viewport) return true;
  return !isLargeContainer(holder, viewport);
}

export const rules: ReadonlyArray<(context: Context) => Finding[]> = [
  rageClickFindings,
  nonInteractiveFindings,
  ctaBelowReachFindings,
  clicksBelowFoldFindings,
  hotNavColdBodyFindings,
  deadClickFindings,
];

/** Every rule over the input, deduplicated per element, strongest first; [] when nothing is notable. */
export function reviewPage(input: ReviewInput): Finding[] {
  const context: Context = {
    input,
    clicks: groupByElement(input.clusters.click, safeTotal(input.layerTotals.click), input.viewport),
    rage: groupByElement(input.clusters.rageclick, safeTotal(input.layerTotals.rageclick), input.viewport),
    dead: groupByElement(input.clusters.deadclick, safeTotal(input.layerTotals.deadclick), input.viewport),
  };
  return dedupeFindings(rules.flatMap((rule) => rule(context)), input.viewport);
}
