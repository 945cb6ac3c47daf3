import { afterEach, describe, expect, it } from 'vitest';
import { findStatElement, matchElementStats, type ElementInfo, type ElementStat } from '@/lib/review/element-stats';

function info(fields: Partial<ElementInfo> & { tag_name: string }): ElementInfo {
  return { text: null, attr_class: null, href: null, attr_id: null, nth_child: null, nth_of_type: null, attributes: {}, order: 0, ...fields };
}

function stat(type: string, count: number, elements: ElementInfo[]): ElementStat {
  return { count, hash: null, type, elements: elements.map((element, order) => ({ ...element, order })) };
}

afterEach(() => {
  document.body.innerHTML = '';
});

const PAGE = `
  <main>
    <section class="plans">
      <div class="plan"><button class="buy">Buy Basic</button></div>
      <div class="plan"><button class="buy">Buy Pro</button></div>
    </section>
    <a id="signup" href="/signup">Sign up</a>
    <a href="/docs">Docs</a>
    <a href="/docs">Documentation</a>
    <a href="/blog">Blog</a>
  </main>`;

describe('findStatElement', () => {
  it('matches by id first', () => {
    document.body.innerHTML = PAGE;
    const found = findStatElement(document, stat('$autocapture', 3, [info({ tag_name: 'a', attr_id: 'signup', text: 'Sign up' })]));
    expect(found?.method).toBe('id');
    expect(found?.element).toBe(document.getElementById('signup'));
  });

  it('matches by the ancestor chain with positions, classes and text', () => {
    document.body.innerHTML = PAGE;
    const chain = [
      info({ tag_name: 'button', attr_class: ['buy'], text: 'Buy Pro', nth_of_type: 1, nth_child: 1 }),
      info({ tag_name: 'div', attr_class: ['plan'], nth_of_type: 2, nth_child: 2 }),
      info({ tag_name: 'section', attr_class: ['plans'], nth_of_type: 1 }),
      info({ tag_name: 'main', nth_of_type: 1 }),
      info({ tag_name: 'body', nth_of_type: 1 }),
    ];
    const found = findStatElement(document, stat('$rageclick', 9, chain));
    expect(found?.method).toBe('chain');
    expect(found?.element.textContent).toBe('Buy Pro');
  });

  it('falls back to the link target, using text when several links share it', () => {
    document.body.innerHTML = PAGE;
    expect(findStatElement(document, stat('$autocapture', 1, [info({ tag_name: 'a', href: '/blog', nth_of_type: 99 })]))?.element.textContent).toBe('Blog');
    const docs = findStatElement(document, stat('$autocapture', 1, [info({ tag_name: 'a', href: '/docs', text: 'Documentation', attr_class: ['gone'] })]));
    expect(docs?.method).toBe('href');
    expect(docs?.element.textContent).toBe('Documentation');
  });

  it('refuses ambiguous or missing matches', () => {
    document.body.innerHTML = PAGE;
    // Two buttons with class "buy" and no text to tell them apart.
    expect(findStatElement(document, stat('$autocapture', 1, [info({ tag_name: 'button', attr_class: ['buy'] })]))).toBeNull();
    expect(findStatElement(document, stat('$autocapture', 1, [info({ tag_name: 'button', text: 'Checkout' })]))).toBeNull();
    expect(findStatElement(document, stat('$autocapture', 1, []))).toBeNull();
  });
});

describe('matchElementStats', () => {
  it('merges counts per element by event type and lists what it could not place', () => {
    document.body.innerHTML = PAGE;
    const signup = [info({ tag_name: 'a', attr_id: 'signup', text: 'Sign up' })];
    const missing = stat('$autocapture', 4, [info({ tag_name: 'button', text: 'Gone' })]);
    const result = matchElementStats(document, [
      stat('$autocapture', 40, signup),
      stat('$rageclick', 6, signup),
      stat('$dead_click', 2, signup),
      stat('$autocapture', 5, [info({ tag_name: 'a', href: '/blog' })]),
      missing,
    ]);
    expect(result.matched).toHaveLength(2);
    const first = result.matched[0]!;
    expect(first.element).toBe(document.getElementById('signup'));
    expect(first.selector).toBe('#signup');
    expect([first.autocaptureClicks, first.rageClicks, first.deadClicks]).toEqual([40, 6, 2]);
    expect(result.matched[1]!.autocaptureClicks).toBe(5);
    expect(result.unmatched).toEqual([missing]);
  });
});
