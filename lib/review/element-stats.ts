/**
 * Finds the page elements PostHog's autocapture counted. Autocapture records the clicked element
 * and its ancestors (tag, classes, id, text, href, position among siblings), not a selector, so
 * the element is found again by successively looser descriptions: its id, then the ancestor chain
 * with text and classes, then the link target. A description that matches several elements is not
 * a match: numbers pinned on the wrong button are worse than none.
 */

import type { ElementInfo, ElementStat } from '../posthog/schemas';
import { collapseWhitespace, cssEscape, uniqueSelector } from './describe';
import { runToCompletion } from '../core/schedule';

export type { ElementInfo, ElementStat };

export interface ElementStatMatch {
  element: Element;
  selector: string;
  autocaptureClicks: number;
  rageClicks: number;
  deadClicks: number;
}

export interface ElementStatsMatchResult {
  matched: ElementStatMatch[];
  unmatched: ElementStat[];
}

export type MatchMethod = 'id' | 'chain' | 'href';

export function matchElementStats(root: Document | Element, stats: readonly ElementStat[]): ElementStatsMatchResult {
  return runToCompletion(matchElementStatsInSteps(root, stats));
}

/** `matchElementStats` as steps, one stat (a few selector queries) per step, for a slicer on the page. */
export function* matchElementStatsInSteps(root: Document | Element, stats: readonly ElementStat[]): Generator<undefined, ElementStatsMatchResult, unknown> {
  const byElement = new Map<Element, ElementStatMatch>();
  const unmatched: ElementStat[] = [];
  for (const stat of stats) {
    yield;
    const found = findStatElement(root, stat);
    if (!found) {
      unmatched.push(stat);
      continue;
    }
    let entry = byElement.get(found.element);
    if (!entry) {
      entry = { element: found.element, selector: uniqueSelector(found.element), autocaptureClicks: 0, rageClicks: 0, deadClicks: 0 };
      byElement.set(found.element, entry);
    }
    const count = Number.isFinite(stat.count) ? stat.count : 0;
    if (stat.type === '$rageclick') entry.rageClicks += count;
    else if (stat.type === '$dead_click') entry.deadClicks += count;
    // Versions without `include` send no type: everything they count is autocapture.
    else entry.autocaptureClicks += count;
  }
  const matched = [...byElement.values()].sort(
    (a, b) => b.rageClicks + b.deadClicks + b.autocaptureClicks - (a.rageClicks + a.deadClicks + a.autocaptureClicks),
  );
  return { matched, unmatched };
}

/** The single element one stat describes, and how it was found; null when none or ambiguous. */
export function findStatElement(root: Document | Element, stat: ElementStat): { element: Element; method: MatchMethod } | null {
  const chain = [...stat.elements].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const leaf = chain[0];
  if (!leaf) return null;

  const id = leaf.attr_id?.trim();
  if (id) {
    const byId = unique(query(root, `#${cssEscape(id)}`).filter((el) => sameTag(el, leaf)));
    if (byId) return { element: byId, method: 'id' };
  }

  // From strict to loose: full chain with classes; chain of tags and positions; the leaf alone.
  // Text narrows each candidate set, since autocapture's text is what the visitor saw.
  const selectors = [chainSelector(chain, { classes: true, positions: true }), chainSelector(chain, { classes: false, positions: true }), stepSelector(leaf, { classes: true, positions: false })];
  for (const selector of selectors) {
    if (!selector) continue;
    const candidates = query(root, selector).filter((el) => textMatches(el, leaf) && classesMatch(el, leaf));
    const element = unique(candidates);
    if (element) return { element, method: 'chain' };
  }

  const href = leaf.href ?? stringAttribute(leaf, 'attr__href');
  if (href) {
    const links = query(root, `${leaf.tag_name ? cssTag(leaf.tag_name) : ''}[href]`).filter((el) => el.getAttribute('href') === href);
    const element = unique(links) ?? unique(links.filter((el) => textMatches(el, leaf)));
    if (element) return { element, method: 'href' };
  }
  return null;
}

function chainSelector(chain: readonly ElementInfo[], options: { classes: boolean; positions: boolean }): string | null {
  const steps: string[] = [];
  for (const info of chain) {
    const step = stepSelector(info, options);
    if (!step) return null;
    steps.unshift(step);
  }
  // Descendant combinators rather than `>`: autocapture may stop short of <html> or skip nodes
  // (shadow hosts), and a looser chain is still checked for uniqueness.
  return steps.length > 0 ? steps.join(' ') : null;
}

function stepSelector(info: ElementInfo, options: { classes: boolean; positions: boolean }): string | null {
  if (!info.tag_name) return null;
  let step = cssTag(info.tag_name);
  if (options.classes) step += classList(info).map((name) => `.${cssEscape(name)}`).join('');
  // html and body have no siblings worth counting; PostHog still reports nth-of-type 1 for them.
  if (options.positions && info.nth_of_type && info.nth_of_type > 0 && step !== 'html' && step !== 'body') step += `:nth-of-type(${info.nth_of_type})`;
  return step;
}

function cssTag(tag: string): string {
  return tag.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

function classList(info: ElementInfo): string[] {
  const fromArray = info.attr_class ?? [];
  const raw = fromArray.length > 0 ? fromArray : (stringAttribute(info, 'attr__class') ?? '').split(/\s+/);
  return raw.map((name) => name.trim()).filter((name) => name.length > 0);
}

function stringAttribute(info: ElementInfo, key: string): string | null {
  const value = info.attributes?.[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function query(root: Document | Element, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

function unique(elements: readonly Element[]): Element | null {
  return elements.length === 1 ? elements[0]! : null;
}

function sameTag(element: Element, info: ElementInfo): boolean {
  return !info.tag_name || element.localName === info.tag_name.toLowerCase();
}

function classesMatch(element: Element, info: ElementInfo): boolean {
  return classList(info).every((name) => element.classList.contains(name));
}

/**
 * posthog-js records an element's own text nodes (not its descendants'), trimmed and cut at 255
 * characters; pages also re-render text. Equal own text, equal full text, or a prefix of either
 * (the cut) counts; an element the stat recorded no text for matches on structure alone.
 */
function textMatches(element: Element, info: ElementInfo): boolean {
  const expected = collapseWhitespace(info.text);
  if (!expected) return true;
  const own = collapseWhitespace(
    Array.from(element.childNodes)
      .filter((node) => node.nodeType === 3)
      .map((node) => node.textContent ?? '')
      .join(' '),
  );
  const full = collapseWhitespace(element.textContent);
  return [own, full].some((actual) => actual === expected || (expected.length >= 200 && actual.startsWith(expected)));
}
