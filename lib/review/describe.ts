/**
 * Names the element under a hot spot the way a person would ("the “Buy Pro” button"), says whether
 * it is something a visitor can act on, and gives a selector that finds it again. This is the part
 * PostHog cannot do: it only has the coordinates.
 */

import type { Rect, SpotPoint } from './cluster';
import {
  CTA_CANDIDATES,
  CTA_CLASS,
  CTA_WORDING,
  FILLED_MIN_ALPHA,
  MAX_CTA_CANDIDATES,
  over,
  recogniseCallsToAction,
  wordingLanguage,
  type CallToAction,
  type CtaCandidate,
  type CtaStyle,
  type Rgba,
} from './cta';
import { runToCompletion } from '../core/schedule';
import { OVERLAY_HOST_ATTRIBUTE } from '../core/overlay-host';

/** A name a person would say: a button's words, a heading, or the first words of a paragraph. */
export const MAX_LABEL_LENGTH = 40;

export type { ElementDescription, InteractiveReason, PageRegion, ScrollOffsets } from './element-description';
import type { ElementDescription, InteractiveReason, PageRegion, ScrollOffsets } from './element-description';

export type ElementsAtPoint = (x: number, y: number) => readonly Element[];

export interface DescribeAtOptions {
  /** Stack of elements under a viewport point, topmost first; defaults to `doc.elementsFromPoint`. */
  lookup?: ElementsAtPoint;
  /** Extra elements to look through, besides Heatlens's own overlay. */
  ignore?: (element: Element) => boolean;
  /** The page's scroll offsets; defaults to the window's. */
  offsets?: ScrollOffsets;
  /**
   * Descriptions already made in this run, by element: a run that looks up many positions (the
   * comparison's "what moved", one lookup per spot) describes each element once, not once per spot.
   */
  descriptions?: Map<Element, ElementDescription>;
}

/**
 * Describes the topmost page element at a viewport point, looking through Heatlens's overlay.
 * Returns null when nothing but the document's root elements is there (a click on empty space has
 * no element to name) or when the point is off-screen (elementsFromPoint answers nothing).
 */
export function describeElementAt(doc: Document, point: { x: number; y: number }, options: DescribeAtOptions = {}): ElementDescription | null {
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return null;
  const lookup = options.lookup ?? defaultLookup(doc);
  for (const element of lookup(point.x, point.y)) {
    if (isOverlay(element)) continue;
    if (options.ignore?.(element)) continue;
    if (element === doc.documentElement || element === doc.body) return null;
    const aimed = aimedElement(element);
    const known = options.descriptions?.get(aimed);
    if (known) return known;
    const description = describeElement(aimed, options.offsets);
    options.descriptions?.set(aimed, description);
    return description;
  }
  return null;
}

/** An interactive ancestor wider and taller than this share of the window is a wrapper, not a target. */
const AIMED_MAX_WIDTH_SHARE = 0.6;
const AIMED_MAX_HEIGHT_SHARE = 0.5;

/**
 * What a visitor aimed at when the pointer landed on `element`: the innermost link, button,
 * control or element with an interactive role holding it (the label <span> inside a button is the
 * button; the price inside a clickable card is the card; a button inside a clickable card stays
 * the button), or the element itself when nothing around it is interactive. Page-sized wrappers
 * with a click handler are not a target anyone aims at.
 */
export function aimedElement(element: Element): Element {
  const doc = element.ownerDocument;
  const view = doc.defaultView;
  for (let current: Element | null = element; current && current !== doc.body && current !== doc.documentElement; current = current.parentElement) {
    if (!markupReason(current)) continue;
    if (current === element) return element;
    const box = current.getBoundingClientRect();
    const wide = view ? box.width > view.innerWidth * AIMED_MAX_WIDTH_SHARE && box.height > view.innerHeight * AIMED_MAX_HEIGHT_SHARE : false;
    return wide ? element : current;
  }
  return element;
}

function defaultLookup(doc: Document): ElementsAtPoint {
  // happy-dom and very old engines lack elementsFromPoint; elementFromPoint alone cannot look
  // through the overlay, but the overlay host does not take pointer events, so browsers skip it.
  const withStack = doc as Document & { elementsFromPoint?: (x: number, y: number) => Element[] };
  if (typeof withStack.elementsFromPoint === 'function') return (x, y) => withStack.elementsFromPoint!(x, y);
  if (typeof doc.elementFromPoint === 'function') {
    return (x, y) => {
      const element = doc.elementFromPoint(x, y);
      return element ? [element] : [];
    };
  }
  return () => [];
}

function isOverlay(element: Element): boolean {
  return element.closest(`[${OVERLAY_HOST_ATTRIBUTE}]`) !== null;
}

export function describeElement(element: Element, offsets?: ScrollOffsets): ElementDescription {
  const { interactive, reason } = interactivity(element);
  return {
    label: accessibleLabel(element),
    tag: element.localName,
    selector: uniqueSelector(element),
    interactive,
    interactiveReason: reason,
    rect: documentRect(element, offsets),
    region: pageRegion(element),
    treePath: treePath(element),
  };
}

/** See ElementDescription.treePath. */
export function treePath(element: Element): string {
  const steps: number[] = [];
  for (let current: Element = element; current.parentElement; current = current.parentElement) {
    steps.unshift(Array.prototype.indexOf.call(current.parentElement.children, current));
  }
  return steps.join('/');
}


// ---------------------------------------------------------------------------------------------
// Label

export function collapseWhitespace(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The first words that fit in `max` characters, with an ellipsis; a word is cut only when it alone is longer. */
export function truncateLabel(text: string, max = MAX_LABEL_LENGTH): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const lastSpace = head.lastIndexOf(' ');
  const cut = lastSpace >= max / 2 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s,;:.–—-]+$/, '')}…`;
}

const BUTTON_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'image']);

/**
 * A simplified accessible-name computation: aria-labelledby, aria-label, the element's native
 * name (alt, button value, <label>, placeholder), its text, images' alt inside it, then title.
 * The value of a text field is never read: it is what the visitor typed, not a name.
 */
export function accessibleLabel(element: Element): string {
  return truncateLabel(rawLabel(element));
}

function rawLabel(element: Element): string {
  const doc = element.ownerDocument;
  const labelledBy = collapseWhitespace(element.getAttribute('aria-labelledby'));
  if (labelledBy) {
    const text = collapseWhitespace(
      labelledBy
        .split(' ')
        .map((id) => doc.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    if (text) return text;
  }
  const ariaLabel = collapseWhitespace(element.getAttribute('aria-label'));
  if (ariaLabel) return ariaLabel;

  const tag = element.localName;
  if (tag === 'img' || tag === 'area' || (tag === 'input' && element.getAttribute('type') === 'image')) {
    const alt = collapseWhitespace(element.getAttribute('alt'));
    if (alt) return alt;
  }
  if (tag === 'input') {
    const type = (element.getAttribute('type') ?? 'text').toLowerCase();
    if (BUTTON_INPUT_TYPES.has(type)) {
      const value = collapseWhitespace(element.getAttribute('value'));
      if (value) return value;
      if (type === 'submit') return 'Submit';
      if (type === 'reset') return 'Reset';
    }
  }
  if (tag === 'input' || tag === 'select' || tag === 'textarea') {
    const fromLabel = labelFor(element);
    if (fromLabel) return fromLabel;
    const placeholder = collapseWhitespace(element.getAttribute('placeholder'));
    if (placeholder) return placeholder;
  } else {
    // A section, card or hero is named by its heading, never by all of its text run together.
    const heading = /^h[1-6]$/.test(tag) ? null : element.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]');
    const headingText = heading ? collapseWhitespace(visibleText(heading)) : '';
    if (headingText) return headingText;
    const text = collapseWhitespace(visibleText(element));
    if (text) return text;
    const innerAlt = element.querySelector('img[alt]:not([alt=""]), [aria-label]');
    if (innerAlt) {
      const alt = collapseWhitespace(innerAlt.getAttribute('alt') ?? innerAlt.getAttribute('aria-label'));
      if (alt) return alt;
    }
  }
  return collapseWhitespace(element.getAttribute('title'));
}

/** innerText where the engine lays out (skips hidden text), textContent otherwise. */
function visibleText(element: Element): string {
  const inner = (element as HTMLElement).innerText;
  return typeof inner === 'string' ? inner : (element.textContent ?? '');
}

function labelFor(element: Element): string {
  const id = element.getAttribute('id');
  if (id) {
    for (const label of Array.from(element.ownerDocument.querySelectorAll('label'))) {
      if (label.getAttribute('for') === id) {
        const text = collapseWhitespace(label.textContent);
        if (text) return text;
      }
    }
  }
  const wrapping = element.closest('label');
  return wrapping ? collapseWhitespace(wrapping.textContent) : '';
}

// ---------------------------------------------------------------------------------------------
// Interactivity

const CONTROL_TAGS = new Set(['input', 'select', 'textarea', 'label', 'option']);
const INTERACTIVE_ROLES = new Set(['button', 'link', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tab', 'checkbox', 'radio', 'switch', 'option', 'combobox', 'textbox', 'slider']);

/**
 * Why an element (or an ancestor: a <span> inside a link is part of the link) would respond to a
 * click. Markup reasons are checked up the whole chain before the computed cursor, because the
 * markup says what the element is while the cursor only says what the page wants it to look like.
 */
export function interactivity(element: Element): { interactive: boolean; reason: InteractiveReason | null } {
  for (let current: Element | null = element; current; current = current.parentElement) {
    const reason = markupReason(current);
    if (reason) return { interactive: true, reason };
  }
  if (hasPointerCursor(element)) return { interactive: true, reason: 'cursor: pointer' };
  return { interactive: false, reason: null };
}

function markupReason(element: Element): InteractiveReason | null {
  const tag = element.localName;
  if ((tag === 'a' || tag === 'area') && element.hasAttribute('href')) return 'link';
  if (tag === 'button' || tag === 'summary') return 'button';
  if (tag === 'input') {
    const type = (element.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'hidden') return null;
    return BUTTON_INPUT_TYPES.has(type) ? 'button' : 'form control';
  }
  if (CONTROL_TAGS.has(tag)) return 'form control';
  const contentEditable = element.getAttribute('contenteditable');
  if (contentEditable !== null && contentEditable !== 'false') return 'form control';
  const role = element.getAttribute('role')?.trim().toLowerCase();
  if (role && INTERACTIVE_ROLES.has(role)) return `role=${role}`;
  if (element.hasAttribute('onclick')) return 'onclick attribute';
  const tabIndex = element.getAttribute('tabindex');
  if (tabIndex !== null && Number.parseInt(tabIndex, 10) >= 0) return 'tabindex';
  return null;
}

function hasPointerCursor(element: Element): boolean {
  // Cursor is inherited, so the element's own computed value already reflects its ancestors.
  const view = element.ownerDocument.defaultView;
  if (!view || typeof view.getComputedStyle !== 'function') return false;
  try {
    return view.getComputedStyle(element).cursor === 'pointer';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Selector

/** CSS.escape where available; a conservative fallback otherwise. */
export function cssEscape(value: string): string {
  const css = (globalThis as { CSS?: { escape?: (value: string) => string } }).CSS;
  if (css?.escape) return css.escape(value);
  return value.replace(/^(\d)/, '\\3$1 ').replace(/[^a-zA-Z0-9_-]/g, (char) => `\\${char}`);
}

function attributeSelector(name: string, value: string): string {
  return `[${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`;
}

/** Attributes sites put on elements precisely so that tests and tools can find them again. */
const STABLE_ATTRIBUTES = ['data-testid', 'data-test', 'data-test-id', 'data-cy', 'name'];
const MAX_CLASSES_PER_STEP = 2;

/**
 * A selector for `element` that matches only it: `#id` when the id is unique, else a test/name
 * attribute, else a path of `tag.class:nth-of-type(n)` steps, as short as uniqueness allows,
 * anchored at the nearest ancestor with a unique id. Each candidate is checked with
 * querySelectorAll, since pages reuse ids and classes freely.
 */
export function uniqueSelector(element: Element): string {
  const scope = queryScope(element);
  const matchesOnly = (selector: string): boolean => {
    try {
      const found = scope.querySelectorAll(selector);
      return found.length === 1 && found[0] === element;
    } catch {
      return false;
    }
  };

  const id = element.getAttribute('id');
  if (id && matchesOnly(`#${cssEscape(id)}`)) return `#${cssEscape(id)}`;
  for (const name of STABLE_ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (!value) continue;
    const selector = `${element.localName}${attributeSelector(name, value)}`;
    if (matchesOnly(selector)) return selector;
  }

  const steps: string[] = [];
  for (let current: Element | null = element; current; current = current.parentElement) {
    const currentId = current !== element ? current.getAttribute('id') : null;
    if (currentId && isUniqueId(scope, current, currentId)) {
      steps.unshift(`#${cssEscape(currentId)}`);
      const selector = steps.join(' > ');
      if (matchesOnly(selector)) return selector;
      // The anchor is unique, so the path below it is as precise as it gets; fall through only
      // if something odd (a shadow boundary) broke it.
      break;
    }
    const base = `${current.localName}${stableClasses(current)
      .slice(0, MAX_CLASSES_PER_STEP)
      .map((name) => `.${cssEscape(name)}`)
      .join('')}`;
    const plain = [base, ...steps].join(' > ');
    if (steps.length === 0 && matchesOnly(plain)) return plain;
    const step = `${base}${nthOfTypeSuffix(current)}`;
    steps.unshift(step);
    const selector = steps.join(' > ');
    if (matchesOnly(selector)) return selector;
    if (current.localName === 'html') break;
  }
  return steps.join(' > ');
}

function queryScope(element: Element): Document | ShadowRoot | Element {
  const root = element.getRootNode();
  if (root && typeof (root as ParentNode).querySelectorAll === 'function') return root as Document | ShadowRoot;
  return element.ownerDocument;
}

function isUniqueId(scope: ParentNode, element: Element, id: string): boolean {
  try {
    const found = scope.querySelectorAll(`#${cssEscape(id)}`);
    return found.length === 1 && found[0] === element;
  } catch {
    return false;
  }
}

/**
 * Class names that will still be there next deploy: generated names (CSS modules, styled
 * components, Tailwind arbitrary values) change or carry no meaning, so they are left out.
 */
function stableClasses(element: Element): string[] {
  const names = Array.from(element.classList);
  return names.filter((name) => name.length <= 40 && !/[:[\]/]/.test(name) && !/^(css|sc|jsx|emotion)-/.test(name) && !/[a-z][0-9][a-z0-9]*[0-9][a-z]|_[a-zA-Z0-9]{5,}$/.test(name));
}

function nthOfTypeSuffix(element: Element): string {
  const parent = element.parentElement;
  if (!parent) return '';
  let index = 0;
  let sameType = 0;
  for (const sibling of Array.from(parent.children)) {
    if (sibling.localName !== element.localName) continue;
    sameType++;
    if (sibling === element) index = sameType;
  }
  return sameType > 1 ? `:nth-of-type(${index})` : '';
}

// ---------------------------------------------------------------------------------------------
// Geometry and region

export function documentRect(element: Element, offsets?: ScrollOffsets): Rect {
  const box = element.getBoundingClientRect();
  const { x: scrollX, y: scrollY } = (offsets ?? windowOffsets(element.ownerDocument))();
  return { x: box.left + scrollX, y: box.top + scrollY, width: box.width, height: box.height };
}

export function windowOffsets(doc: Document): ScrollOffsets {
  const view = doc.defaultView;
  return () => ({ x: view?.scrollX ?? 0, y: view?.scrollY ?? 0 });
}

export function pageRegion(element: Element): PageRegion {
  if (element.closest('nav, [role="navigation"]')) return 'nav';
  if (element.closest('footer, [role="contentinfo"]')) return 'footer';
  if (element.closest('header, [role="banner"]')) {
    // A <header> inside an article or section is that part's heading, not the page's banner.
    const header = element.closest('header, [role="banner"]')!;
    if (!header.parentElement?.closest('article, section, main, aside')) return 'header';
  }
  if (element.closest('aside, [role="complementary"]')) return 'aside';
  if (element.closest('main, [role="main"]')) return 'main';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Off-screen points

/**
 * Elements whose layout box holds a document point, deepest first, found by walking down from
 * <body> and taking the last child in document order whose box holds the point (later siblings
 * paint on top in normal flow). elementsFromPoint only sees the viewport; this sees the whole page
 * without scrolling it under the visitor's eyes. It ignores z-index and overflow clipping, so it is
 * the fallback, not the first choice.
 */
export function elementsAtDocumentPoint(doc: Document, x: number, y: number, offsets?: ScrollOffsets, reads?: LayoutReads): Element[] {
  const read = offsets ?? windowOffsets(doc);
  const stack: Element[] = [];
  const layoutOf = (element: Element): LayoutRead => {
    let known = reads?.get(element);
    if (!known) {
      const box = documentRect(element, read);
      known = { content: contentRect(element, box), empty: box.width === 0 || box.height === 0 };
      reads?.set(element, known);
    }
    return known;
  };
  const holds = (element: Element): boolean => {
    const rect = layoutOf(element).content;
    return rect.width > 0 && rect.height > 0 && x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
  };
  // The topmost child holding the point: the last in document order. A box of no size (a <nav>
  // whose links are all absolutely positioned) holds nothing itself, but its children may.
  const topmostIn = (parent: Element, depth: number): Element[] | null => {
    const children = parent.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      if (child.hasAttribute(OVERLAY_HOST_ATTRIBUTE)) continue;
      if (holds(child)) return [child];
      if (depth < MAX_EMPTY_BOX_DEPTH && child.children.length > 0) {
        if (layoutOf(child).empty) {
          const inner = topmostIn(child, depth + 1);
          if (inner) return [...inner, child];
        }
      }
    }
    return null;
  };
  let current: Element | null = doc.body;
  while (current) {
    const found = topmostIn(current, 0);
    if (!found) break;
    stack.unshift(...found);
    current = found[0]!;
  }
  return stack;
}

/** What the layout walk reads of one element: where its content lies (document px), and whether its box has no size. */
export interface LayoutRead {
  content: Rect;
  empty: boolean;
}

/**
 * The layout walk's reads, kept while the page cannot change (within one slice of work, between two
 * yields to the page): a run of many lookups (one per spot) reads each element's box once per slice
 * instead of once per lookup, which on a page of a few dozen boxes was 100k lookups × every box.
 */
export type LayoutReads = Map<Element, LayoutRead>;

/** How many nested boxes of no size the walk looks through (wrappers rarely nest deeper). */
const MAX_EMPTY_BOX_DEPTH = 3;

/**
 * Where an element's content lies in document px. For most elements that is its box; a container
 * that scrolls its content (the page's scroll root, a scrolling pane) holds content beyond its box,
 * from its box's top minus what it has scrolled past down to its full scroll height.
 */
function contentRect(element: Element, rect: Rect): Rect {
  const scrollsX = element.scrollWidth > element.clientWidth + 1;
  const scrollsY = element.scrollHeight > element.clientHeight + 1;
  if (!scrollsX && !scrollsY) return rect;
  const style = element.ownerDocument.defaultView?.getComputedStyle(element);
  const scrolls = (value: string | undefined) => value === 'auto' || value === 'scroll' || value === 'overlay';
  const out = { ...rect };
  if (scrollsX && scrolls(style?.overflowX)) {
    out.x = rect.x - element.scrollLeft;
    out.width = Math.max(rect.width, element.scrollWidth);
  }
  if (scrollsY && scrolls(style?.overflowY)) {
    out.y = rect.y - element.scrollTop;
    out.height = Math.max(rect.height, element.scrollHeight);
  }
  return out;
}

export interface PagePositionContext extends DescribeAtOptions {
  scrollX: number;
  scrollY: number;
  viewportWidth: number;
  viewportHeight: number;
  /** The layout walk's reads of this slice (cleared by the caller whenever the page had a turn). */
  layoutReads?: LayoutReads;
}

/**
 * Describes the element at a page position (lib/core/geometry `PagePosition`: document px, or viewport
 * px when fixed): through elementsFromPoint when the position is on screen, through the layout
 * walk otherwise.
 */
export function describeElementAtPagePosition(doc: Document, position: { x: number; y: number; fixed: boolean }, context: PagePositionContext): ElementDescription | null {
  const viewportX = position.fixed ? position.x : position.x - context.scrollX;
  const viewportY = position.fixed ? position.y : position.y - context.scrollY;
  const onScreen = viewportX >= 0 && viewportY >= 0 && viewportX < context.viewportWidth && viewportY < context.viewportHeight;
  if (onScreen || position.fixed) return describeElementAt(doc, { x: viewportX, y: viewportY }, context);
  return describeElementAt(doc, { x: position.x, y: position.y }, { ...context, lookup: (x, y) => elementsAtDocumentPoint(doc, x, y, context.offsets, context.layoutReads) });
}

// ---------------------------------------------------------------------------------------------
// Calls to action: the facts lib/review/cta.ts decides from, read from the live page

function parseColour(value: string | null | undefined): Rgba | null {
  if (!value) return null;
  const match = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i.exec(value.trim());
  if (!match) return value.trim() === 'transparent' ? { r: 0, g: 0, b: 0, a: 0 } : null;
  const alphaText = match[4];
  const a = alphaText === undefined ? 1 : alphaText.endsWith('%') ? Number.parseFloat(alphaText) / 100 : Number.parseFloat(alphaText);
  return { r: Number(match[1]), g: Number(match[2]), b: Number(match[3]), a };
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

function colourBehind(element: Element, view: Window): Rgba {
  for (let current = element.parentElement; current; current = current.parentElement) {
    const colour = parseColour(view.getComputedStyle(current).backgroundColor);
    if (colour && colour.a >= FILLED_MIN_ALPHA) return over(colour, WHITE);
  }
  return WHITE;
}

function px(value: string): number {
  const number = Number.parseFloat(value);
  return Number.isFinite(number) ? number : 0;
}

/** The computed style facts of one element, or null where the engine computes no style. */
export function readCtaStyle(element: Element): CtaStyle | null {
  const view = element.ownerDocument.defaultView;
  if (!view || typeof view.getComputedStyle !== 'function') return null;
  const style = view.getComputedStyle(element);
  const background = parseColour(style.backgroundColor);
  const color = parseColour(style.color);
  if (!background || !color) return null;
  return {
    background,
    color,
    behind: colourBehind(element, view),
    fontSizePx: px(style.fontSize),
    fontWeight: px(style.fontWeight) || 400,
    borderRadiusPx: px(style.borderTopLeftRadius),
    paddingX: Math.min(px(style.paddingLeft), px(style.paddingRight)),
    paddingY: Math.min(px(style.paddingTop), px(style.paddingBottom)),
  };
}

function linkTarget(element: Element): string | null {
  if (element.localName !== 'a' && element.localName !== 'area') return null;
  const raw = element.getAttribute('href');
  if (!raw || raw.startsWith('#') || /^javascript:/i.test(raw.trim())) return null;
  try {
    const url = new URL(raw, element.ownerDocument.baseURI);
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

const TOGGLE_ROLES = new Set(['tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'switch', 'checkbox', 'radio', 'option', 'combobox']);

function toggles(element: Element): boolean {
  if (element.hasAttribute('aria-expanded') || element.hasAttribute('aria-pressed')) return true;
  const popup = element.getAttribute('aria-haspopup');
  if (popup !== null && popup !== 'false') return true;
  return TOGGLE_ROLES.has(element.getAttribute('role')?.trim().toLowerCase() ?? '');
}

function submitsForm(element: Element): boolean {
  const tag = element.localName;
  const type = (element.getAttribute('type') ?? (tag === 'button' ? 'submit' : '')).toLowerCase();
  if (type !== 'submit') return false;
  const form = element.closest('form');
  if (!form) return false;
  // A search box's button is how visitors look around, not what the page wants them to do.
  return !(form.getAttribute('role') === 'search' || form.closest('[role="search"], search') || form.querySelector('input[type="search"]'));
}

/**
 * Visible links and buttons with the facts the decision needs. Hidden ones (no box) are left out:
 * a call to action nobody can see is not below reach, it is absent. Footer links are left out:
 * "Contact us" in a footer is site furniture, not the page's call to action.
 *
 * A selector and tree path cost several queries each, and most candidates are not calls to action:
 * those two are left empty here and filled in by `findCallsToAction` for the ones that are.
 */
export function collectCtaCandidates(doc: Document, options: { offsets?: ScrollOffsets; limit?: number } = {}): { candidates: CtaCandidate[]; elements: Element[] } {
  return runToCompletion(collectCtaCandidatesInSteps(doc, options));
}

/** `collectCtaCandidates` as steps: one candidate's facts (computed styles, its label) per step. */
export function* collectCtaCandidatesInSteps(doc: Document, options: { offsets?: ScrollOffsets; limit?: number } = {}): Generator<undefined, { candidates: CtaCandidate[]; elements: Element[] }, unknown> {
  const limit = options.limit ?? MAX_CTA_CANDIDATES;
  const candidates: CtaCandidate[] = [];
  const elements: Element[] = [];
  for (const element of Array.from(doc.querySelectorAll(CTA_CANDIDATES))) {
    if (candidates.length >= limit) break;
    // Before each element, kept or not: a page may have thousands of links, most of them hidden.
    yield;
    if (isOverlay(element)) continue;
    const region = pageRegion(element);
    if (region === 'footer') continue;
    const rect = documentRect(element, options.offsets);
    if (!(rect.width > 0 && rect.height > 0)) continue;
    const { interactive, reason } = interactivity(element);
    candidates.push({
      element: { label: accessibleLabel(element), tag: element.localName, selector: '', interactive, interactiveReason: reason, rect, region, treePath: '' },
      target: linkTarget(element),
      submitsForm: submitsForm(element),
      toggles: toggles(element),
      classes: element.getAttribute('class') ?? '',
      style: readCtaStyle(element),
    });
    elements.push(element);
  }
  return { candidates, elements };
}

/** The page's calls to action: candidates from the live page, decided by `recogniseCallsToAction`. */
export function findCallsToAction(doc: Document, options: { limit?: number; offsets?: ScrollOffsets; clicks?: readonly SpotPoint[]; foldY?: number } = {}): CallToAction[] {
  const { candidates, elements } = collectCtaCandidates(doc, { offsets: options.offsets });
  const found = recogniseCallsToAction(candidates, {
    lang: doc.documentElement?.getAttribute('lang') ?? '',
    clicks: options.clicks ?? [],
    foldY: options.foldY ?? doc.defaultView?.innerHeight ?? 0,
    limit: options.limit,
  });
  return found.map((cta) => {
    const element = elements[cta.candidateIndex]!;
    return { ...cta, selector: uniqueSelector(element), treePath: treePath(element) };
  });
}

/** Kept for callers that test one element against the wording and class lists (English). */
export function looksLikeCallToAction(element: Element, label: string, lang = 'en'): boolean {
  const language = wordingLanguage(lang);
  if (language && CTA_WORDING[language]!.test(label)) return true;
  return CTA_CLASS.test(element.getAttribute('class') ?? '');
}
