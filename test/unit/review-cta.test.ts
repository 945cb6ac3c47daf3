import { afterEach, describe, expect, it } from 'vitest';
import {
  contrastRatio,
  looksFilled,
  recogniseCallsToAction,
  type CtaCandidate,
  type CtaStyle,
  type Rgba,
} from '@/lib/review/cta';
import { collectCtaCandidates, findCallsToAction, type ElementDescription } from '@/lib/review/describe';
import type { SpotPoint } from '@/lib/review/cluster';

const rgb = (r: number, g: number, b: number, a = 1): Rgba => ({ r, g, b, a });
const WHITE = rgb(255, 255, 255);
const BRAND = rgb(53, 71, 214);

/** The computed style of a filled brand button, or of a plain text link, on a white page. */
const filled = (fields: Partial<CtaStyle> = {}): CtaStyle => ({
  background: BRAND,
  color: WHITE,
  behind: WHITE,
  fontSizePx: 16,
  fontWeight: 600,
  borderRadiusPx: 8,
  paddingX: 0,
  paddingY: 0,
  ...fields,
});
const textLink = (): CtaStyle => filled({ background: rgb(0, 0, 0, 0), color: BRAND, fontWeight: 400, borderRadiusPx: 0 });

let path = 0;
function candidate(label: string, rect: { x: number; y: number; width: number; height: number }, fields: Partial<Omit<CtaCandidate, 'element'>> = {}): CtaCandidate {
  const element: ElementDescription = {
    label,
    tag: fields.target ? 'a' : 'button',
    selector: `#c${path}`,
    interactive: true,
    interactiveReason: fields.target ? 'link' : 'button',
    rect,
    region: 'main',
    treePath: `1/${path++}`,
  };
  return { element, target: null, submitsForm: false, classes: '', style: filled(), ...fields };
}

/** `count` clicks at the centre of a candidate's box. */
function clicksOn(target: CtaCandidate, count: number): SpotPoint {
  const { x, y, width, height } = target.element.rect;
  return { x: x + width / 2, y: y + height / 2, count, fixed: false };
}

describe('calls to action by look', () => {
  it('recognises a link styled like the most-clicked filled button of the first screen, with neither telling words nor classes', () => {
    const hero = candidate('Take the tour', { x: 80, y: 320, width: 220, height: 56 }, { target: 'https://tally.test/tour' });
    const secondary = candidate('Read the changelog', { x: 340, y: 332, width: 200, height: 32 }, { target: 'https://tally.test/changelog', style: textLink() });
    const older = candidate('Older releases', { x: 80, y: 2400, width: 200, height: 32 }, { target: 'https://tally.test/history', style: textLink() });
    const closing = candidate('Count me in', { x: 80, y: 2600, width: 260, height: 56 }, { target: 'https://tally.test/join' });
    const found = recogniseCallsToAction([hero, secondary, older, closing], { lang: 'en', clicks: [clicksOn(hero, 60), clicksOn(secondary, 10)], foldY: 800 });
    expect(found.map((cta) => cta.label)).toEqual(['Take the tour', 'Count me in']);
    expect(found[1]!.reasons).toEqual([{ kind: 'look', like: 'Take the tour', likeClicks: 60 }]);
  });

  it('takes the style family of the button with the most clicks above the fold, not of every filled box', () => {
    const green = rgb(20, 140, 60);
    const quiet = candidate('Tour', { x: 80, y: 300, width: 200, height: 56 });
    const main = candidate('Weiter', { x: 320, y: 300, width: 200, height: 56 }, { style: filled({ background: green }) });
    const deepGreen = candidate('Los', { x: 80, y: 2600, width: 200, height: 56 }, { style: filled({ background: green }) });
    const deepBlue = candidate('Mehr', { x: 400, y: 2600, width: 200, height: 56 });
    const found = recogniseCallsToAction([quiet, main, deepGreen, deepBlue], { lang: 'xx', clicks: [clicksOn(main, 50), clicksOn(quiet, 5)], foldY: 800 });
    expect(found.map((cta) => cta.label)).toEqual(['Weiter', 'Los']);
  });

  it('without clicks, takes the largest filled box of the first screen as the main button', () => {
    const small = candidate('A', { x: 0, y: 100, width: 100, height: 40 }, { style: filled({ background: rgb(200, 30, 30) }) });
    const large = candidate('B', { x: 0, y: 200, width: 260, height: 60 });
    const deep = candidate('C', { x: 0, y: 2000, width: 240, height: 56 });
    expect(recogniseCallsToAction([small, large, deep], { lang: '', clicks: [], foldY: 800 }).map((cta) => cta.label)).toEqual(['B', 'C']);
  });

  it('a filled box needs an opaque fill that stands out, readable text, padding and button size', () => {
    const box = { width: 200, height: 48 };
    expect(looksFilled(filled(), box)).toBe(true);
    expect(looksFilled(textLink(), box)).toBe(false);
    // Pale fill on a white page, or text the same colour as the fill.
    expect(looksFilled(filled({ background: rgb(250, 250, 252) , color: rgb(30, 30, 30) }), box)).toBe(false);
    expect(looksFilled(filled({ color: rgb(60, 75, 210) }), box)).toBe(false);
    // Too tight around its text, unless it has padding; too big to be a button.
    expect(looksFilled(filled(), { width: 60, height: 20 })).toBe(false);
    expect(looksFilled(filled({ paddingX: 12, paddingY: 6 }), { width: 60, height: 20 })).toBe(true);
    expect(looksFilled(filled(), { width: 900, height: 400 })).toBe(false);
    expect(contrastRatio(WHITE, rgb(0, 0, 0))).toBeCloseTo(21, 5);
  });
});

describe('calls to action by behaviour', () => {
  it('a link leading where a call to action leads is one, and so is a form’s submit button; a search form’s is not', () => {
    const hero = candidate('Take the tour', { x: 80, y: 300, width: 220, height: 56 }, { target: 'https://tally.test/tour' });
    const again = candidate('See how it works', { x: 80, y: 1800, width: 200, height: 24 }, { target: 'https://tally.test/tour', style: textLink() });
    const elsewhere = candidate('About us', { x: 80, y: 1900, width: 200, height: 24 }, { target: 'https://tally.test/about', style: textLink() });
    const submit = candidate('Send', { x: 80, y: 2200, width: 90, height: 24 }, { submitsForm: true, style: textLink() });
    const found = recogniseCallsToAction([hero, again, elsewhere, submit], { lang: 'en', clicks: [clicksOn(hero, 30)], foldY: 800 });
    expect(found.map((cta) => cta.label)).toEqual(['Take the tour', 'See how it works', 'Send']);
    expect(found[1]!.reasons).toEqual([{ kind: 'same-target', like: 'Take the tour', target: 'https://tally.test/tour' }]);
    expect(found[2]!.reasons).toEqual([{ kind: 'form-submit' }]);
  });
});

describe('what is never a call to action', () => {
  it('a toggle (an FAQ question, a menu button) is not one, whatever its words, look or target', () => {
    const hero = candidate('Start free trial', { x: 80, y: 300, width: 220, height: 56 }, { target: 'https://site.test/trial' });
    const question = candidate('How does the free trial work?', { x: 80, y: 2700, width: 600, height: 56 }, { toggles: true });
    const menu = candidate('Products', { x: 80, y: 10, width: 100, height: 40 }, { toggles: true, target: 'https://site.test/trial' });
    expect(recogniseCallsToAction([hero, question, menu], { lang: 'en', clicks: [clicksOn(hero, 10)], foldY: 800 }).map((cta) => cta.label)).toEqual(['Start free trial']);
  });
});

describe('calls to action by wording, in the page’s language', () => {
  // Plain text links, so that only the words can tell.
  const plain = (label: string, y: number) => candidate(label, { x: 80, y, width: 200, height: 24 }, { style: textLink(), target: `https://site.test/${y}` });
  const cases: Array<[lang: string, cta: string, other: string]> = [
    ['en', 'Create your account', 'Our story'],
    ['de-DE', 'Jetzt registrieren', 'Über uns'],
    ['fr', 'Créer un compte', 'Notre histoire'],
    ['es', 'Regístrate gratis', 'Nuestra historia'],
    ['ja', '今すぐ無料で始める', '会社概要'],
  ];
  for (const [lang, cta, other] of cases) {
    it(`${lang}: “${cta}” is a call to action, “${other}” is not`, () => {
      const found = recogniseCallsToAction([plain(other, 100), plain(cta, 200)], { lang, clicks: [], foldY: 800 });
      expect(found.map((item) => item.label)).toEqual([cta]);
      expect(found[0]!.reasons).toEqual([{ kind: 'wording', lang: lang.split('-')[0] }]);
    });
  }

  it('reads only the page’s own language: German words on an English page prove nothing', () => {
    expect(recogniseCallsToAction([plain('Jetzt registrieren', 100)], { lang: 'en', clicks: [], foldY: 800 })).toEqual([]);
    // No list for the language: look and behaviour still work, wording says nothing.
    expect(recogniseCallsToAction([plain('Sign up', 100)], { lang: 'fi', clicks: [], foldY: 800 })).toEqual([]);
  });
});

describe('collectCtaCandidates and findCallsToAction on a live page', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    document.documentElement.removeAttribute('lang');
  });

  const place = (element: Element, box: { x: number; y: number; width: number; height: number }) => {
    element.getBoundingClientRect = () => ({ ...box, left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height, toJSON: () => box }) as DOMRect;
  };

  it('reads colours, size and padding from computed style, link targets and form submits, and decides by look in French', () => {
    document.documentElement.setAttribute('lang', 'fr');
    document.body.innerHTML = `
      <main style="background: rgb(255, 255, 255)">
        <a id="hero" href="/visite#top" style="background-color: rgb(53, 71, 214); color: rgb(255, 255, 255); border-radius: 8px; padding: 12px 24px">Découvrir</a>
        <a id="story" href="/histoire" style="color: rgb(53, 71, 214)">Notre histoire</a>
        <form><input type="email"><button id="send" style="color: rgb(0, 0, 0)">Envoyer</button></form>
        <form role="search"><input type="search"><button id="search">Chercher</button></form>
        <button id="faq" aria-expanded="false" style="background-color: rgb(53, 71, 214); color: rgb(255, 255, 255); padding: 12px 24px">Comment s’inscrire ?</button>
        <a id="closing" href="/rejoindre" style="background-color: rgb(53, 71, 214); color: rgb(255, 255, 255); border-radius: 8px; padding: 12px 24px">On y va</a>
      </main>`;
    const byId = (id: string) => document.getElementById(id)!;
    place(byId('hero'), { x: 80, y: 300, width: 200, height: 48 });
    place(byId('story'), { x: 300, y: 310, width: 150, height: 24 });
    place(byId('send'), { x: 80, y: 1200, width: 90, height: 24 });
    place(byId('search'), { x: 80, y: 1300, width: 90, height: 24 });
    place(byId('closing'), { x: 80, y: 2600, width: 200, height: 48 });
    place(byId('faq'), { x: 80, y: 2700, width: 400, height: 48 });

    const { candidates } = collectCtaCandidates(document);
    const byLabel = (label: string) => candidates.find((item) => item.element.label === label)!;
    const hero = byLabel('Découvrir');
    expect(hero.target).toBe(new URL('/visite', document.baseURI).href);
    expect(hero.style).toMatchObject({ background: { r: 53, g: 71, b: 214, a: 1 }, color: { r: 255, g: 255, b: 255, a: 1 }, paddingX: 24, paddingY: 12, borderRadiusPx: 8 });
    expect(byLabel('Envoyer').submitsForm).toBe(true);
    expect(byLabel('Chercher').submitsForm).toBe(false);
    expect(byLabel('Comment s’inscrire ?').toggles).toBe(true);

    const found = findCallsToAction(document, { clicks: [{ x: 180, y: 324, count: 40, fixed: false }], foldY: 800 });
    expect(found.map((cta) => [cta.selector, cta.reasons.map((reason) => reason.kind)])).toEqual([
      ['#hero', ['look']],
      ['#send', ['form-submit']],
      ['#closing', ['look']],
    ]);
  });
});
