import { afterEach, describe, expect, it } from 'vitest';
import {
  accessibleLabel,
  describeElement,
  describeElementAt,
  describeElementAtPagePosition,
  elementsAtDocumentPoint,
  interactivity,
  type ElementDescription,
  type LayoutReads,
  uniqueSelector,
} from '@/lib/review/describe';
import { findCallsToAction } from '@/lib/review/describe';

function page(html: string): Document {
  document.body.innerHTML = html;
  return document;
}

const byId = (id: string): HTMLElement => document.getElementById(id)!;

/** happy-dom does not lay out: give an element the box a browser would have. */
function placeBox(element: Element, box: { x: number; y: number; width: number; height: number }): void {
  element.getBoundingClientRect = () =>
    ({ ...box, left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height, toJSON: () => box }) as DOMRect;
}

afterEach(() => {
  document.body.innerHTML = '';
  window.scrollTo(0, 0);
});

describe('accessibleLabel', () => {
  it('prefers aria-labelledby, then aria-label, then native names, then text, then title', () => {
    page(`
      <span id="caption">Close dialog</span>
      <button id="a" aria-labelledby="caption" aria-label="ignored">×</button>
      <button id="b" aria-label="Open menu"><svg></svg></button>
      <img id="c" alt="Company logo" src="x.png">
      <input id="d" type="submit" value="Send message">
      <label for="e">Email address</label><input id="e" type="email" placeholder="you@example.com" value="secret@example.com">
      <input id="f" type="search" placeholder="Search docs">
      <a id="g" href="/x">  Read
         the   guide </a>
      <a id="h" href="/y"><img alt="Home"></a>
      <div id="i" title="Settings"></div>`);
    expect(accessibleLabel(byId('a'))).toBe('Close dialog');
    expect(accessibleLabel(byId('b'))).toBe('Open menu');
    expect(accessibleLabel(byId('c'))).toBe('Company logo');
    expect(accessibleLabel(byId('d'))).toBe('Send message');
    expect(accessibleLabel(byId('e'))).toBe('Email address');
    expect(accessibleLabel(byId('f'))).toBe('Search docs');
    expect(accessibleLabel(byId('g'))).toBe('Read the guide');
    expect(accessibleLabel(byId('h'))).toBe('Home');
    expect(accessibleLabel(byId('i'))).toBe('Settings');
  });

  it('never reads what a visitor typed into a field', () => {
    page('<input id="p" type="password" value="hunter2"><input id="t" type="text" value="my address">');
    expect(accessibleLabel(byId('p'))).toBe('');
    expect(accessibleLabel(byId('t'))).toBe('');
  });

  it('cuts long text to 80 characters', () => {
    page(`<p id="long">${'word '.repeat(40)}</p>`);
    const label = accessibleLabel(byId('long'));
    expect(label.length).toBeLessThanOrEqual(80);
    expect(label.endsWith('…')).toBe(true);
  });
});

describe('interactivity', () => {
  it('recognises links, buttons, controls, roles, onclick, tabindex and walks up ancestors', () => {
    page(`
      <a id="link" href="/pricing"><span id="inside">Pricing</span></a>
      <a id="anchor-no-href">Not a link</a>
      <button id="btn">Go</button>
      <input id="submit" type="submit">
      <select id="sel"></select>
      <div id="role" role="button">Role</div>
      <div id="tab" role="tab">Tab</div>
      <div id="onclick" onclick="void 0">Click</div>
      <div id="tabindex" tabindex="0">Focus</div>
      <div id="untab" tabindex="-1">No focus</div>
      <div id="plain"><span id="plain-span">Text</span></div>
      <div style="cursor: pointer"><span id="pointer">Card</span></div>`);
    const reasonOf = (id: string) => interactivity(byId(id)).reason;
    expect(reasonOf('link')).toBe('link');
    expect(reasonOf('inside')).toBe('link');
    expect(reasonOf('anchor-no-href')).toBeNull();
    expect(reasonOf('btn')).toBe('button');
    expect(reasonOf('submit')).toBe('button');
    expect(reasonOf('sel')).toBe('form control');
    expect(reasonOf('role')).toBe('role=button');
    expect(reasonOf('tab')).toBe('role=tab');
    expect(reasonOf('onclick')).toBe('onclick attribute');
    expect(reasonOf('tabindex')).toBe('tabindex');
    expect(reasonOf('untab')).toBeNull();
    expect(interactivity(byId('plain-span'))).toEqual({ interactive: false, reason: null });
    expect(reasonOf('pointer')).toBe('cursor: pointer');
  });
});

describe('uniqueSelector', () => {
  it('uses a unique id, then test attributes, then a verified path', () => {
    page(`
      <div id="dup">1</div><div id="dup">2</div>
      <button id="solo">Solo</button>
      <ul class="list"><li><button data-testid="buy">Buy</button></li><li><button name="go">Go</button></li></ul>
      <section id="plans">
        <div class="card"><a class="cta" href="/a">A</a></div>
        <div class="card"><a class="cta" href="/b">B</a></div>
      </section>
      <main><p class="note">x</p><p class="note">y</p></main>`);
    expect(uniqueSelector(byId('solo'))).toBe('#solo');
    expect(uniqueSelector(document.querySelector('[data-testid="buy"]')!)).toBe('button[data-testid="buy"]');
    expect(uniqueSelector(document.querySelector('[name="go"]')!)).toBe('button[name="go"]');

    const duplicates = document.querySelectorAll('#dup');
    for (const element of Array.from(duplicates)) {
      const selector = uniqueSelector(element);
      expect(selector.startsWith('#dup')).toBe(false);
      expect(Array.from(document.querySelectorAll(selector))).toEqual([element]);
    }

    const secondCta = document.querySelectorAll('a.cta')[1]!;
    const ctaSelector = uniqueSelector(secondCta);
    // The shortest unique path wins: the card's position tells the two links apart.
    expect(ctaSelector).toBe('div.card:nth-of-type(2) > a.cta');
    expect(Array.from(document.querySelectorAll(ctaSelector))).toEqual([secondCta]);

    // Without a distinguishing position nearby, the path anchors at the nearest unique id.
    const firstCardLink = document.querySelector('#plans a.cta')!;
    document.querySelector('main')!.insertAdjacentHTML('beforeend', '<div class="card"><a class="cta" href="/c">C</a></div>');
    expect(uniqueSelector(firstCardLink)).toBe('#plans > div.card:nth-of-type(1) > a.cta');

    const secondNote = document.querySelectorAll('p.note')[1]!;
    expect(Array.from(document.querySelectorAll(uniqueSelector(secondNote)))).toEqual([secondNote]);
  });

  it('leaves generated class names out', () => {
    page('<div><span class="css-1x2y3z title">A</span></div><div><span class="title">B</span></div>');
    const selector = uniqueSelector(document.querySelector('.css-1x2y3z')!);
    expect(selector).not.toContain('css-1x2y3z');
    expect(document.querySelectorAll(selector)).toHaveLength(1);
  });
});

describe('describeElement', () => {
  it('puts it together, with the rect in document coordinates and the page region', () => {
    page('<nav><a id="pricing" href="/pricing">Pricing</a></nav><main><h2 id="title">Plans</h2></main>');
    placeBox(byId('title'), { x: 20, y: 100, width: 300, height: 40 });
    window.scrollTo(0, 500);
    const title = describeElement(byId('title'));
    expect(title).toEqual({
      label: 'Plans',
      tag: 'h2',
      selector: '#title',
      interactive: false,
      interactiveReason: null,
      rect: { x: 20, y: 100 + window.scrollY, width: 300, height: 40 },
      region: 'main',
      // html > body (2nd child) > main (2nd child, after nav) > h2 (1st child)
      treePath: '1/1/0',
    });
    expect(describeElement(byId('pricing')).region).toBe('nav');
    expect(describeElement(byId('pricing')).interactiveReason).toBe('link');
  });
});

describe('describeElementAt', () => {
  it('looks through the Heatlens overlay to the page element under the point', () => {
    page('<button id="buy">Buy Pro</button>');
    const overlay = document.createElement('div');
    overlay.setAttribute('data-heatlens-overlay', '');
    document.documentElement.appendChild(overlay);
    const seen: Array<[number, number]> = [];
    const lookup = (x: number, y: number) => {
      seen.push([x, y]);
      return [overlay, byId('buy'), document.body, document.documentElement];
    };
    const description = describeElementAt(document, { x: 40, y: 60 }, { lookup });
    expect(seen).toEqual([[40, 60]]);
    expect(description?.label).toBe('Buy Pro');
    expect(description?.interactiveReason).toBe('button');
    overlay.remove();
  });

  it('answers null over empty space, for bad points and when nothing is there', () => {
    page('<div></div>');
    expect(describeElementAt(document, { x: 1, y: 1 }, { lookup: () => [document.body, document.documentElement] })).toBeNull();
    expect(describeElementAt(document, { x: Number.NaN, y: 1 }, { lookup: () => [document.body] })).toBeNull();
    expect(describeElementAt(document, { x: 1, y: 1 }, { lookup: () => [] })).toBeNull();
  });

  it('honours an extra ignore predicate', () => {
    page('<div id="tooltip">tip</div><a id="link" href="/">Home</a>');
    const description = describeElementAt(document, { x: 1, y: 1 }, { lookup: () => [byId('tooltip'), byId('link')], ignore: (el) => el.id === 'tooltip' });
    expect(description?.selector).toBe('#link');
  });
});

describe('off-screen positions', () => {
  it('walks the layout for document positions outside the viewport', () => {
    page('<section id="top"><p>Intro</p></section><section id="bottom"><div id="card"><span id="price">$9</span></div></section>');
    placeBox(document.body, { x: 0, y: 0, width: 1000, height: 5000 });
    placeBox(byId('top'), { x: 0, y: 0, width: 1000, height: 800 });
    placeBox(byId('bottom'), { x: 0, y: 800, width: 1000, height: 4200 });
    placeBox(byId('card'), { x: 100, y: 3000, width: 200, height: 200 });
    placeBox(byId('price'), { x: 120, y: 3050, width: 40, height: 20 });
    expect(elementsAtDocumentPoint(document, 130, 3060).map((el) => el.id)).toEqual(['price', 'card', 'bottom']);
    expect(elementsAtDocumentPoint(document, 900, 3060).map((el) => el.id)).toEqual(['bottom']);

    const calls: number[] = [];
    const context = { scrollX: 0, scrollY: 0, viewportWidth: 1000, viewportHeight: 800, lookup: () => (calls.push(1), [byId('top')]) };
    // Off screen: the layout walk answers, the viewport lookup is not asked.
    expect(describeElementAtPagePosition(document, { x: 130, y: 3060, fixed: false }, context)?.label).toBe('$9');
    expect(calls).toHaveLength(0);
    // On screen: the viewport lookup answers.
    expect(describeElementAtPagePosition(document, { x: 10, y: 10, fixed: false }, context)?.selector).toBe('#top');
    expect(calls).toHaveLength(1);
  });

  it('a run of lookups reads each box once while its layout reads are kept, and describes each element once', () => {
    page('<section id="top"><p>Intro</p></section><section id="bottom"><div id="card"><span id="price">$9</span></div></section>');
    placeBox(document.body, { x: 0, y: 0, width: 1000, height: 5000 });
    placeBox(byId('top'), { x: 0, y: 0, width: 1000, height: 800 });
    placeBox(byId('bottom'), { x: 0, y: 800, width: 1000, height: 4200 });
    placeBox(byId('card'), { x: 100, y: 3000, width: 200, height: 200 });
    placeBox(byId('price'), { x: 120, y: 3050, width: 40, height: 20 });
    let reads = 0;
    for (const element of [byId('top'), byId('bottom'), byId('card'), byId('price')]) {
      const read = element.getBoundingClientRect;
      element.getBoundingClientRect = () => (reads++, read());
    }
    // 100 spots on the price: without kept reads, every lookup reads the boxes on its way down again.
    const positions = Array.from({ length: 100 }, (_, index) => ({ x: 121 + (index % 30), y: 3051 + (index % 15), fixed: false }));
    for (const position of positions) describeElementAtPagePosition(document, position, { scrollX: 0, scrollY: 0, viewportWidth: 1000, viewportHeight: 800 });
    const readsUnkept = reads;
    expect(readsUnkept).toBeGreaterThanOrEqual(100 * 3);

    reads = 0;
    const layoutReads: LayoutReads = new Map();
    const descriptions = new Map<Element, ElementDescription>();
    const context = { scrollX: 0, scrollY: 0, viewportWidth: 1000, viewportHeight: 800, layoutReads, descriptions };
    const described = positions.map((position) => describeElementAtPagePosition(document, position, context));
    // The walk reads bottom, card and price once (top once too: it is looked at before bottom); the
    // description (which reads the aimed element's box for its rect) is made once.
    expect(reads).toBeLessThanOrEqual(5);
    expect(new Set(described)).toEqual(new Set([described[0]]));
    expect(described[0]?.label).toBe('$9');
    expect(descriptions.size).toBe(1);
    // After the page had a turn the caller drops the reads: the next lookup reads the boxes again.
    layoutReads.clear();
    describeElementAtPagePosition(document, { x: 130, y: 3060, fixed: false }, context);
    expect(reads).toBeGreaterThan(5);
  });

  it('keeps fixed positions in viewport coordinates whatever the scroll', () => {
    page('<header id="bar">Menu</header>');
    const asked: Array<[number, number]> = [];
    const context = { scrollX: 0, scrollY: 2000, viewportWidth: 1000, viewportHeight: 800, lookup: (x: number, y: number) => (asked.push([x, y]), [byId('bar')]) };
    describeElementAtPagePosition(document, { x: 500, y: 30, fixed: true }, context);
    describeElementAtPagePosition(document, { x: 500, y: 2030, fixed: false }, context);
    expect(asked).toEqual([
      [500, 30],
      [500, 30],
    ]);
  });
});

describe('findCallsToAction', () => {
  it('finds visible links and buttons worded or styled as calls to action, not footer links', () => {
    page(`
      <main>
        <a id="signup" href="/signup">Sign up free</a>
        <a id="docs" href="/docs">Documentation</a>
        <button id="styled" class="btn btn-primary">Continue</button>
        <button id="hidden">Buy now</button>
      </main>
      <footer><a id="contact" href="/contact">Contact us</a></footer>`);
    for (const id of ['signup', 'docs', 'styled', 'contact']) placeBox(byId(id), { x: 0, y: 100, width: 100, height: 30 });
    expect(findCallsToAction(document).map((cta) => cta.selector)).toEqual(['#signup', '#styled']);
  });
});
