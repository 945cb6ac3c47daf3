/**
 * Finds the page's calls to action: the links and buttons a page exists to get clicked. Pages do
 * not mark them, so they are recognised the way a reviewer would, in any language:
 *
 * - by look: a filled, padded, high-contrast box in the same style family as the page's primary
 *   button (the filled box that takes the most clicks in the first screen);
 * - by behaviour: it leads where another call to action leads, or it submits a (non-search) form;
 * - by wording, in the page's language where Heatlens has a list (en, de, fr, es, ja), or by the
 *   class names design systems give primary buttons.
 *
 * Wording is never required. This module decides from plain data (pure, no DOM), so it can run
 * anywhere; `collectCtaCandidates` and `findCallsToAction` in describe.ts read the live page.
 */

import { ITERATIONS_PER_STEP, type SpotPoint } from './cluster';
import type { ElementDescription } from './element-description';
import { runToCompletion } from '../core/schedule';

// ---------------------------------------------------------------------------------------------
// Wording, per language (the page's `lang`, primary subtag). Each list is what a site writes on
// its main button; "\b" does not work around non-Latin script, so Japanese matches as substrings.

export const CTA_WORDING: Readonly<Record<string, RegExp>> = {
  en: /\b(sign ?up|get started|start (now|free|here|your|a free)|free trial|try (it|for free|now|\w+ free)|buy|purchase|order now|subscribe|upgrade|book (a )?(demo|call|meeting)|request (a )?(demo|quote)|get (a )?(demo|quote)|contact (sales|us)|talk to (sales|us)|add to (cart|bag|basket)|checkout|check out|register|join|download|install|create (an |your )?account|apply now)\b/i,
  de: /(registrieren|anmelden|jetzt (starten|kaufen|bestellen|testen|buchen|loslegen)|kostenlos (testen|starten|registrieren)|konto (erstellen|anlegen)|in den warenkorb|zur kasse|kaufen|bestellen|abonnieren|herunterladen|demo (anfragen|buchen|vereinbaren)|angebot anfordern|kontakt aufnehmen|loslegen|mitglied werden)/i,
  fr: /(s['’]inscrire|inscrivez-vous|inscription|créer (un|mon|votre) compte|commencer|essai gratuit|essayer( gratuitement)?|acheter|commander|s['’]abonner|abonnez-vous|ajouter au panier|télécharger|demander une démo|réserver une démo|nous contacter|contactez-nous|rejoindre|rejoignez-nous)/i,
  es: /(regístrate|registrarse|registrarme|crear (una |tu |mi )?cuenta|empieza|empezar|comenzar|comienza|prueba gratis|probar gratis|comprar|compra ahora|suscríbete|suscribirse|añadir al carrito|agregar al carrito|descargar|solicitar (una )?demo|contáctanos|contactar|únete)/i,
  ja: /(登録|新規登録|会員登録|無料で(始める|試す)|今すぐ|始める|購入|申し込|申込|お申し込み|カートに入れる|ダウンロード|お問い合わせ|資料請求|予約|体験)/,
};

export const CTA_CLASS = /(^|[-_ ])(cta|btn-primary|button-primary|button--primary|btn--primary|primary-button|primary-btn)($|[-_ ])/i;

export const CTA_CANDIDATES = 'a[href], button, input[type="submit"], input[type="button"], [role="button"]';
/** A page with more matches than this is a catalogue (every product has "Buy"); the first ones,
 *  in document order, are the ones a visitor meets. */
export const MAX_CTAS = 20;
/** Reading computed style costs a style recalculation per element; a page's calls to action are
 *  among its first few hundred links and buttons. */
export const MAX_CTA_CANDIDATES = 400;

// ---------------------------------------------------------------------------------------------
// Look: thresholds

/** A box is "filled" when its background is nearly opaque... */
export const FILLED_MIN_ALPHA = 0.8;
/** ...stands out from the page behind it (WCAG contrast ratio; 1.5 is a clearly tinted box)... */
export const FILLED_MIN_PAGE_CONTRAST = 1.5;
/** ...and carries text readable on it (3:1 is WCAG's minimum for large or bold text). */
export const FILLED_MIN_TEXT_CONTRAST = 3;
/** Padded: taller and wider than its text would be alone (a line is ~1.2 em). */
export const PADDED_MIN_HEIGHT_EM = 1.8;
export const PADDED_MIN_WIDTH_EM = 3;
/** Bigger than this is a card or a banner, not a button. */
export const BUTTON_MAX_HEIGHT_PX = 120;
export const BUTTON_MAX_WIDTH_PX = 600;
/** Same family: background and text colours within this distance (0-441 in RGB), corners within 3 px. */
export const FAMILY_MAX_COLOUR_DISTANCE = 24;
export const FAMILY_MAX_RADIUS_DIFFERENCE_PX = 3;

// ---------------------------------------------------------------------------------------------
// Types

export type Rgba = { r: number; g: number; b: number; a: number };

/** The computed style facts the look test needs, read on the DOM side. */
export interface CtaStyle {
  background: Rgba;
  color: Rgba;
  /** The opaque colour behind the element (the nearest ancestor's background, else white). */
  behind: Rgba;
  fontSizePx: number;
  fontWeight: number;
  borderRadiusPx: number;
  paddingX: number;
  paddingY: number;
}

export interface CtaCandidate {
  element: ElementDescription;
  /** Target of a link, without its fragment; null for buttons and same-page anchors. */
  target: string | null;
  /** A submit button of a form that is not a search form. */
  submitsForm: boolean;
  /**
   * Opens, switches or selects something on the page (aria-expanded, aria-haspopup, aria-pressed,
   * a tab or menu role): an FAQ question or a menu button, never the action the page exists for,
   * whatever its words ("How does the free trial work?").
   */
  toggles?: boolean;
  classes: string;
  style: CtaStyle | null;
}

export type CtaReason =
  | { kind: 'look'; like: string; likeClicks: number }
  | { kind: 'wording'; lang: string }
  | { kind: 'class' }
  | { kind: 'same-target'; like: string; target: string }
  | { kind: 'form-submit' };

export interface CallToAction extends ElementDescription {
  /** Position of its candidate in the list `recogniseCallsToAction` was given. */
  candidateIndex: number;
  /** Why it counts as a call to action, strongest evidence first. */
  reasons: CtaReason[];
  /** Where it leads (CtaCandidate.target). */
  target: string | null;
}

export interface RecogniseOptions {
  /** The page's `lang` ("de-CH"); '' when the page does not say. */
  lang: string;
  /** Click spots in document px (fixed spots are ignored), to find the primary button. */
  clicks: readonly SpotPoint[];
  /** The fold in document px: the first screen ends here. */
  foldY: number;
  limit?: number;
}

// ---------------------------------------------------------------------------------------------
// Pure decision

/** Wording test in the page's language; English when the page does not say. */
export function wordingLanguage(lang: string): string | null {
  const primary = (lang || 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  return CTA_WORDING[primary] ? primary : null;
}

function relativeLuminance({ r, g, b }: Rgba): number {
  const channel = (value: number) => {
    const v = value / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two opaque colours (1..21). */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = Math.max(0, Math.min(1, top.a));
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

function colourDistance(a: Rgba, b: Rgba): number {
  return Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);
}

/** A filled, padded, high-contrast box of button size. */
export function looksFilled(style: CtaStyle | null, rect: { width: number; height: number }): boolean {
  if (!style) return false;
  if (!(style.background.a >= FILLED_MIN_ALPHA)) return false;
  const fill = over(style.background, style.behind);
  if (contrastRatio(fill, style.behind) < FILLED_MIN_PAGE_CONTRAST) return false;
  if (contrastRatio(over(style.color, fill), fill) < FILLED_MIN_TEXT_CONTRAST) return false;
  if (rect.height > BUTTON_MAX_HEIGHT_PX || rect.width > BUTTON_MAX_WIDTH_PX) return false;
  const em = style.fontSizePx > 0 ? style.fontSizePx : 16;
  const paddedByBox = rect.height >= PADDED_MIN_HEIGHT_EM * em && rect.width >= PADDED_MIN_WIDTH_EM * em;
  const paddedByPadding = style.paddingY >= 4 && style.paddingX >= 8;
  return paddedByBox || paddedByPadding;
}

/** Same computed-style family: same fill, same text colour, same corners (up to half the height). */
export function sameStyleFamily(a: CtaCandidate, b: CtaCandidate): boolean {
  if (!a.style || !b.style) return false;
  if (colourDistance(over(a.style.background, a.style.behind), over(b.style.background, b.style.behind)) > FAMILY_MAX_COLOUR_DISTANCE) return false;
  if (colourDistance(a.style.color, b.style.color) > FAMILY_MAX_COLOUR_DISTANCE) return false;
  const corner = (candidate: CtaCandidate) => Math.min(candidate.style!.borderRadiusPx, candidate.element.rect.height / 2);
  return Math.abs(corner(a) - corner(b)) <= FAMILY_MAX_RADIUS_DIFFERENCE_PX;
}

function* clicksInside(rect: ElementDescription['rect'], clicks: readonly SpotPoint[]): Generator<void, number, void> {
  let inside = 0;
  for (let i = 0; i < clicks.length; i++) {
    if ((i & (ITERATIONS_PER_STEP - 1)) === ITERATIONS_PER_STEP - 1) yield;
    const point = clicks[i]!;
    if (point.fixed || !(point.count > 0)) continue;
    if (point.x >= rect.x && point.x < rect.x + rect.width && point.y >= rect.y && point.y < rect.y + rect.height) inside += point.count;
  }
  return inside;
}

/**
 * The page's primary button: of the filled boxes in the first screen, the one with the most clicks;
 * with no clicks on any, the largest (the one the design made most prominent).
 */
export function primaryButton(candidates: readonly CtaCandidate[], options: Pick<RecogniseOptions, 'clicks' | 'foldY'>): { candidate: CtaCandidate; clicks: number } | null {
  return runToCompletion(primaryButtonInSteps(candidates, options));
}

/** `primaryButton` as steps: counting every click spot per filled box is the costly part with 100k spots. */
function* primaryButtonInSteps(candidates: readonly CtaCandidate[], options: Pick<RecogniseOptions, 'clicks' | 'foldY'>): Generator<void, { candidate: CtaCandidate; clicks: number } | null, void> {
  let best: { candidate: CtaCandidate; clicks: number; area: number } | null = null;
  for (const candidate of candidates) {
    const rect = candidate.element.rect;
    if (!(rect.y < options.foldY) || !looksFilled(candidate.style, rect)) continue;
    const clicks = yield* clicksInside(rect, options.clicks);
    const area = rect.width * rect.height;
    if (!best || clicks > best.clicks || (clicks === best.clicks && area > best.area)) best = { candidate, clicks, area };
  }
  return best ? { candidate: best.candidate, clicks: best.clicks } : null;
}

/** Compares link targets the way a visitor would experience them: the same page is the same target. */
function sameTarget(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a === b;
}

/** Calls to action among the candidates, in document order, each with its reasons. */
export function recogniseCallsToAction(candidates: readonly CtaCandidate[], options: RecogniseOptions): CallToAction[] {
  return runToCompletion(recogniseCallsToActionInSteps(candidates, options));
}

/** `recogniseCallsToAction` as steps (the review worker runs them at once, the main-thread fallback in slices). */
export function* recogniseCallsToActionInSteps(candidates: readonly CtaCandidate[], options: RecogniseOptions): Generator<void, CallToAction[], void> {
  const limit = options.limit ?? MAX_CTAS;
  const lang = wordingLanguage(options.lang);
  const wording = lang ? CTA_WORDING[lang]! : null;
  const primary = yield* primaryButtonInSteps(candidates, options);

  const reasonsOf = new Map<CtaCandidate, CtaReason[]>();
  for (const candidate of candidates) {
    if (candidate.toggles) continue;
    const reasons: CtaReason[] = [];
    if (primary && looksFilled(candidate.style, candidate.element.rect) && (candidate === primary.candidate || sameStyleFamily(candidate, primary.candidate))) {
      reasons.push({ kind: 'look', like: primary.candidate.element.label, likeClicks: primary.clicks });
    }
    if (candidate.submitsForm) reasons.push({ kind: 'form-submit' });
    if (wording && lang && wording.test(candidate.element.label)) reasons.push({ kind: 'wording', lang });
    if (CTA_CLASS.test(candidate.classes)) reasons.push({ kind: 'class' });
    if (reasons.length > 0) reasonsOf.set(candidate, reasons);
  }
  // Behaviour: a link that leads where a recognised call to action leads is one too ("Pricing" in
  // the hero and "See plans" further down both open /pricing).
  const recognised = [...reasonsOf.keys()];
  for (const candidate of candidates) {
    if (reasonsOf.has(candidate) || candidate.toggles || candidate.target === null) continue;
    const like = recognised.find((other) => sameTarget(other.target, candidate.target));
    if (like) reasonsOf.set(candidate, [{ kind: 'same-target', like: like.element.label, target: candidate.target }]);
  }

  const found: CallToAction[] = [];
  candidates.forEach((candidate, candidateIndex) => {
    const reasons = reasonsOf.get(candidate);
    if (reasons && found.length < limit) found.push({ ...candidate.element, reasons, target: candidate.target, candidateIndex });
  });
  return found;
}

/** "its look: a filled box styled like “Start”, which takes 40 clicks in the first screen". */
export function describeCtaReason(reason: CtaReason): string {
  switch (reason.kind) {
    case 'look':
      return `its look: a filled button styled like ${reason.like ? `“${reason.like}”` : 'the page’s main button'}${reason.likeClicks > 0 ? `, which takes ${reason.likeClicks.toLocaleString('en-US')} clicks in the first screen` : ''}`;
    case 'wording':
      return `its wording (${reason.lang})`;
    case 'class':
      return 'its class name';
    case 'same-target':
      return `where it leads: the same page as ${reason.like ? `“${reason.like}”` : 'another call to action'}`;
    case 'form-submit':
      return 'what it does: it submits a form';
  }
}
