/**
 * Finds the page's calls to action: the links and buttons a page exists to get clicked. Pages do
 * not mark them, so they are recognised the way a reviewer would: by wording ("Sign up", "Buy") or
 * by the class names design systems give primary buttons.
 */

import { describeElement, type ElementDescription } from './describe';

const CTA_WORDING =
  /\b(sign ?up|get started|start (now|free|here|your|a free)|free trial|try (it|for free|now|\w+ free)|buy|purchase|order now|subscribe|upgrade|book (a )?(demo|call|meeting)|request (a )?(demo|quote)|get (a )?(demo|quote)|contact (sales|us)|talk to (sales|us)|add to (cart|bag|basket)|checkout|check out|register|join|download|install|create (an |your )?account|apply now)\b/i;
const CTA_CLASS = /(^|[-_ ])(cta|btn-primary|button-primary|button--primary|btn--primary|primary-button|primary-btn)($|[-_ ])/i;

const CANDIDATES = 'a[href], button, input[type="submit"], input[type="button"], [role="button"]';
/** A page with more matches than this is a catalogue (every product has "Buy"); the first ones,
 *  in document order, are the ones a visitor meets. */
export const MAX_CTAS = 20;

export function looksLikeCallToAction(element: Element, label: string): boolean {
  if (CTA_WORDING.test(label)) return true;
  return CTA_CLASS.test(element.getAttribute('class') ?? '');
}

/**
 * Described calls to action in document order. Hidden ones (no box) are left out: a call to action
 * nobody can see is not below reach, it is absent. Footer links are left out: "Contact us" in a
 * footer is site furniture, not the page's call to action.
 */
export function findCallsToAction(doc: Document, options: { limit?: number } = {}): ElementDescription[] {
  const limit = options.limit ?? MAX_CTAS;
  const found: ElementDescription[] = [];
  for (const element of Array.from(doc.querySelectorAll(CANDIDATES))) {
    if (found.length >= limit) break;
    if (element.closest('heatlens-overlay')) continue;
    const description = describeElement(element);
    if (description.region === 'footer') continue;
    if (!(description.rect.width > 0 && description.rect.height > 0)) continue;
    if (!looksLikeCallToAction(element, description.label)) continue;
    found.push(description);
  }
  return found;
}
