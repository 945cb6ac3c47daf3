import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureRefusedError } from '../../lib/full-page/capture-image';
import { PageScroller } from '../../lib/full-page/page-scroller';
import { markerCells, scrollStrips } from '../../lib/full-page/scroll-capture';

/** The window's scroll position as the scroller sets it (happy-dom does not lay pages out). */
let scroll = { x: 0, y: 0 };
/** What the window will not scroll past, to play a page that refuses a position. */
let scrollLimit = Infinity;

function page(): { header: HTMLElement; sticky: HTMLElement; plain: HTMLElement; styled: HTMLElement; own: HTMLElement } {
  document.body.innerHTML = `
    <header id="header" style="position: fixed; top: 0; opacity: 0.9">Header</header>
    <nav id="sticky" style="position: sticky; top: 48px">Sticky</nav>
    <p id="plain">Text</p>
    <div id="styled" style="color: red">Styled</div>
    <div id="own" style="position: fixed">Heatlens</div>`;
  const byId = (id: string) => document.getElementById(id)!;
  return { header: byId('header'), sticky: byId('sticky'), plain: byId('plain'), styled: byId('styled'), own: byId('own') };
}

function styleAttributes(): Record<string, string | null> {
  return Object.fromEntries([...document.body.querySelectorAll('*')].map((element) => [element.id, element.getAttribute('style')]));
}

beforeEach(() => {
  scroll = { x: 0, y: 3000 };
  scrollLimit = Infinity;
  vi.spyOn(window, 'scrollTo').mockImplementation(((options: ScrollToOptions) => {
    scroll = { x: options.left ?? scroll.x, y: Math.min(options.top ?? scroll.y, scrollLimit) };
  }) as typeof window.scrollTo);
  vi.spyOn(window, 'scrollX', 'get').mockImplementation(() => scroll.x);
  vi.spyOn(window, 'scrollY', 'get').mockImplementation(() => scroll.y);
});

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('PageScroller', () => {
  it('holds sticky elements in place for the whole capture, shows fixed ones in the first strip only, and leaves Heatlens’s own alone', () => {
    const { header, sticky, plain, own } = page();
    const scroller = new PageScroller(innerHeight, (element) => element === own);
    scroller.begin();
    expect(sticky.style.getPropertyValue('position')).toBe('relative');
    expect(sticky.style.getPropertyPriority('position')).toBe('important');
    expect(sticky.style.getPropertyValue('top')).toBe('auto');
    const strips = scrollStrips(5000, innerHeight);
    scroller.show(strips[0]!, 0, 11);
    expect(header.style.getPropertyValue('opacity')).toBe('0.9');
    scroller.show(strips[1]!, 1, 12);
    expect(header.style.getPropertyValue('opacity')).toBe('0');
    expect(own.style.getPropertyValue('opacity')).toBe('');
    expect(plain.getAttribute('style')).toBeNull();
    // A strip taken again (a dropped frame): the first one shows the fixed header again.
    scroller.show(strips[0]!, 0, 11);
    expect(header.style.getPropertyValue('opacity')).toBe('0.9');
    scroller.restore();
  });

  it('turns off the page’s scroll snapping for the capture (it would move a strip), and back on after', () => {
    page();
    document.documentElement.setAttribute('style', 'scroll-snap-type: y mandatory');
    const scroller = new PageScroller(innerHeight, () => false);
    scroller.begin();
    expect(document.documentElement.style.getPropertyValue('scroll-snap-type')).toBe('none');
    scroller.restore();
    expect(document.documentElement.getAttribute('style')).toBe('scroll-snap-type: y mandatory');
    document.documentElement.removeAttribute('style');
    // A page without snapping keeps its root untouched.
    const plain = new PageScroller(innerHeight, () => false);
    plain.begin();
    expect(document.documentElement.getAttribute('style')).toBeNull();
    plain.restore();
  });

  it('puts every style attribute back exactly, removes its marker and returns to where the user was', () => {
    page();
    const before = styleAttributes();
    const scroller = new PageScroller(innerHeight, () => false);
    scroller.begin();
    const strips = scrollStrips(5000, innerHeight);
    strips.forEach((strip, index) => scroller.show(strip, index, index + 1));
    expect(scroll.y).toBe(strips.at(-1)!.scrollY);
    scroller.restore();
    expect(styleAttributes()).toEqual(before);
    expect(document.querySelector('heatlens-capture-marker')).toBeNull();
    expect(scroll).toEqual({ x: 0, y: 3000 });
  });

  it('paints each strip’s code in its band: the bottom band at scroll 0, the top band after', () => {
    page();
    const scroller = new PageScroller(innerHeight, () => false);
    scroller.begin();
    const [first, second] = scrollStrips(5000, innerHeight);
    scroller.show(first!, 0, 1234);
    const host = document.querySelector<HTMLElement>('heatlens-capture-marker')!;
    expect(host.style.getPropertyValue('top')).toBe(`${document.documentElement.clientHeight - 8}px`);
    expect(host.style.getPropertyValue('display')).toBe('block');
    scroller.show(second!, 1, 77);
    expect(host.style.getPropertyValue('top')).toBe('0px');
    expect(markerCells(77)).toHaveLength(16);
    scroller.restore();
  });

  it('holds off the user’s wheel and scroll keys during the capture, and only then', () => {
    page();
    const scroller = new PageScroller(innerHeight, () => false);
    scroller.begin();
    const wheel = new WheelEvent('wheel', { cancelable: true, deltaY: 100 });
    window.dispatchEvent(wheel);
    expect(wheel.defaultPrevented).toBe(true);
    const key = new KeyboardEvent('keydown', { key: 'PageDown', cancelable: true });
    window.dispatchEvent(key);
    expect(key.defaultPrevented).toBe(true);
    const typing = new KeyboardEvent('keydown', { key: 'a', cancelable: true });
    window.dispatchEvent(typing);
    expect(typing.defaultPrevented).toBe(false);
    scroller.restore();
    const after = new WheelEvent('wheel', { cancelable: true, deltaY: 100 });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });

  it('refuses, in words that do not blame PostHog, a page that changed height, would not scroll, or was hidden', () => {
    page();
    const strips = scrollStrips(5000, innerHeight);
    const grown = new PageScroller(innerHeight - 500, () => false);
    grown.begin();
    const changed = (() => {
      try {
        grown.show(strips[1]!, 1, 2);
        return null;
      } catch (error) {
        return error;
      }
    })();
    grown.restore();
    expect(changed).toBeInstanceOf(CaptureRefusedError);
    expect((changed as Error).message).toMatch(/changed height/);

    scrollLimit = 100;
    const stuck = new PageScroller(innerHeight, () => false);
    stuck.begin();
    expect(() => stuck.show(strips[1]!, 1, 2)).toThrow(/did not let the window scroll/);
    stuck.restore();
    scrollLimit = Infinity;

    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const hidden = new PageScroller(innerHeight, () => false);
    hidden.begin();
    expect(() => hidden.show(strips[0]!, 0, 1)).toThrow(/switched away/);
    hidden.restore();
    visibility.mockRestore();
    for (const message of [(changed as Error).message]) expect(message).not.toMatch(/posthog/i);
  });
});
