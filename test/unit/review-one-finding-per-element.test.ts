import { afterEach, describe, expect, it } from 'vitest';
import { aimedElement, accessibleLabel, collectReviewInput, describeElementAt, truncateLabel } from '@/lib/review';
import { reviewPage, type ReviewInput, type ClusterWithElement } from '@/lib/review/rules';
import type { ElementDescription } from '@/lib/review/describe';
import type { HeatLayerData } from '@/lib/messaging/protocol';
import { typedSpots } from '../typed-spots';

function el(label: string, treePath: string, fields: Partial<ElementDescription> = {}): ElementDescription {
  return {
    label,
    tag: 'p',
    selector: `#${treePath.replace(/\//g, '-')}`,
    interactive: false,
    interactiveReason: null,
    rect: { x: 100, y: 400, width: 300, height: 60 },
    region: 'main',
    treePath,
    ...fields,
  };
}

let nextId = 0;
function cluster(count: number, element: ElementDescription | null): ClusterWithElement {
  const x = element ? element.rect.x + 5 : 0;
  const y = element ? element.rect.y + 5 : 0;
  return { id: `c:${nextId++}`, fixed: false, count, share: 0, centroid: { x, y }, bounds: { x, y, width: 0, height: 0 }, element };
}

function input(fields: Partial<ReviewInput>): ReviewInput {
  return {
    clusters: { click: [], rageclick: [], deadclick: [] },
    fold: null,
    scrollDepth: null,
    ctas: [],
    layerTotals: { click: 0, rageclick: 0, deadclick: 0 },
    viewport: { width: 1440, height: 800 },
    documentHeight: 3000,
    ...fields,
  };
}

// The demo page's hero: a section (named by its heading) holding the heading people click.
const hero = el('Know what your visitors really do', '1/2', { tag: 'section', rect: { x: 0, y: 68, width: 1440, height: 520 } });
const heading = el('Know what your visitors really do', '1/2/0', { tag: 'h1', rect: { x: 280, y: 188, width: 880, height: 112 } });

describe('one finding per element', () => {
  it('merges dead clicks on a hero section and on its heading into one finding on the heading, with the spots around it', () => {
    // Counts are every spot inside each box: the section's 40 include the heading's 32.
    const findings = reviewPage(input({ clusters: { click: [], rageclick: [], deadclick: [cluster(32, heading), cluster(40, hero)] }, layerTotals: { click: 0, rageclick: 0, deadclick: 60 } }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.target?.selector).toBe(heading.selector);
    expect(findings[0]!.title).toBe('Dead clicks on “Know what your visitors really do”');
    expect(findings[0]!.evidence).toEqual([
      '32 dead clicks (53% of all 60 dead clicks) on “Know what your visitors really do”: the page did not change after them.',
      'Another 8 land elsewhere in the <section> holding it.',
    ]);
  });

  it('keeps the ancestor when the spots spread over it, not on the descendant', () => {
    const card = el('Pro plan', '1/3', { tag: 'div', rect: { x: 100, y: 400, width: 320, height: 360 } });
    const price = el('$49', '1/3/1', { rect: { x: 124, y: 480, width: 80, height: 32 } });
    const findings = reviewPage(input({ clusters: { click: [cluster(60, card), cluster(12, price)], rageclick: [], deadclick: [] }, layerTotals: { click: 200, rageclick: 0, deadclick: 0 } }));
    expect(findings.map((finding) => [finding.rule, finding.target?.selector])).toEqual([['non-interactive-clicks', card.selector]]);
    expect(findings[0]!.evidence[0]).toMatch(/^60 clicks \(30% of all 200 clicks\) land on “Pro plan”/);
  });

  it('names the button in a clickable card once, across rage and dead clicks, never the card', () => {
    const card = el('Ridge Runner 2', '1/4', { tag: 'article', interactive: true, interactiveReason: 'role=link', rect: { x: 80, y: 260, width: 320, height: 360 } });
    const button = el('Quick view', '1/4/2', { tag: 'button', interactive: true, interactiveReason: 'button', rect: { x: 104, y: 544, width: 160, height: 48 } });
    const findings = reviewPage(
      input({
        clusters: { click: [], rageclick: [cluster(24, button), cluster(26, card)], deadclick: [cluster(20, button), cluster(20, card)] },
        layerTotals: { click: 300, rageclick: 26, deadclick: 20 },
      }),
    );
    expect(findings.map((finding) => [finding.rule, finding.title])).toEqual([['rage-clicks', 'Rage clicks on “Quick view”']]);
    expect(findings[0]!.evidence).toContain('24 rage clicks (92% of all 26 rage clicks) land on “Quick view”.');
    expect(findings[0]!.evidence).toContain('Another 2 land elsewhere in “Ridge Runner 2”.');
    expect(findings[0]!.evidence.some((line) => line.startsWith('20 dead clicks'))).toBe(true);
    // The card is named once, for the two rage clicks beside the button; its dead clicks were all on the button.
    expect(findings[0]!.evidence.filter((line) => line.includes('Ridge Runner 2'))).toEqual(['Another 2 land elsewhere in “Ridge Runner 2”.']);
  });

  it('never lets a page-sized wrapper take in what it holds', () => {
    const main = el('', '1/1', { tag: 'main', rect: { x: 0, y: 0, width: 1440, height: 3000 } });
    const coupon = el('Apply coupon', '1/1/5', { tag: 'button', interactive: true, interactiveReason: 'button', rect: { x: 640, y: 1400, width: 200, height: 48 } });
    const findings = reviewPage(
      input({ clusters: { click: [], rageclick: [cluster(30, main), cluster(12, coupon)], deadclick: [] }, layerTotals: { click: 0, rageclick: 42, deadclick: 0 } }),
    );
    expect(findings.map((finding) => finding.target?.selector)).toEqual([main.selector, coupon.selector]);
  });

  it('merges findings of different rules about related elements into the strongest', () => {
    const figure = el('Dashboard', '1/6', { tag: 'figure', rect: { x: 80, y: 880, width: 480, height: 320 } });
    const image = el('Dashboard screenshot', '1/6/0', { tag: 'img', rect: { x: 80, y: 880, width: 480, height: 270 } });
    const findings = reviewPage(
      input({
        clusters: { click: [cluster(70, image)], rageclick: [cluster(9, figure)], deadclick: [] },
        layerTotals: { click: 200, rageclick: 9, deadclick: 0 },
      }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.rule).toBe('rage-clicks');
    expect(findings[0]!.evidence.some((line) => line.startsWith('70 clicks (35% of all 200 clicks) land on “Dashboard screenshot”'))).toBe(true);
  });
});

describe('names a person would say', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('cuts at a word near 40 characters with an ellipsis', () => {
    const label = truncateLabel('Heatmaps, rage clicks and scroll depth for every page of your site');
    expect(label).toBe('Heatmaps, rage clicks and scroll depth…');
    expect(label.length).toBeLessThanOrEqual(40);
    expect(truncateLabel('Supercalifragilisticexpialidocious-and-then-some-more')).toBe('Supercalifragilisticexpialidocious-and…');
  });

  it('names a section by its heading, never by all of its text', () => {
    document.body.innerHTML = `<section id="hero"><h1>Know what your visitors really do</h1><p>Heatmaps, rage clicks and scroll depth on your own site.</p><button>Start free trial</button></section><div id="plain"><p>First paragraph of a long text that goes on and on.</p><p>Second.</p></div>`;
    expect(accessibleLabel(document.getElementById('hero')!)).toBe('Know what your visitors really do');
    expect(accessibleLabel(document.getElementById('plain')!)).toBe('First paragraph of a long text that…');
  });

  it('aims at the button around a label span, the clickable card around its text, the button inside a card', () => {
    document.body.innerHTML = `
      <article id="card" role="link" tabindex="0"><h3 id="title">Ridge Runner 2</h3><button id="quick"><span id="label">Quick view</span></button></article>
      <div id="wrapper" onclick="void 0"><p id="note">Text</p></div>`;
    const byId = (id: string) => document.getElementById(id)!;
    byId('wrapper').getBoundingClientRect = () => ({ x: 0, y: 0, width: 5000, height: 5000 }) as DOMRect;
    byId('card').getBoundingClientRect = () => ({ x: 0, y: 0, width: 320, height: 360 }) as DOMRect;
    expect(aimedElement(byId('label')).id).toBe('quick');
    expect(aimedElement(byId('title')).id).toBe('card');
    expect(aimedElement(byId('quick')).id).toBe('quick');
    // A page-sized wrapper with a click handler is not what anyone aims at.
    expect(aimedElement(byId('note')).id).toBe('note');
    expect(describeElementAt(document, { x: 1, y: 1 }, { lookup: () => [byId('label'), byId('quick'), byId('card')] })?.selector).toBe('#quick');
  });
});

describe('the page’s scroll root', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('measures element boxes through the scroll root’s offsets, not the window’s', () => {
    document.body.innerHTML = '<div id="pane"><button id="coupon">Apply coupon</button></div>';
    const coupon = document.getElementById('coupon')!;
    // The pane has scrolled 700 px: the button, at 1,400 px in the pane's content, is at 700 px in the viewport.
    const box = { x: 640, y: 700, width: 200, height: 48 };
    coupon.getBoundingClientRect = () => ({ ...box, left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height }) as DOMRect;
    const asked: Array<[number, number]> = [];
    const rage: HeatLayerData = {
      id: 'rageclick',
      spots: typedSpots({ relativeX: [740 / 1280], y: [1424], count: [12], fixed: [false] }),
      fold: { total_count: 12, below_fold_count: 12, pct_below_fold: 100, median_viewport_height: 800 },
      totalCount: 12,
    };
    const collected = collectReviewInput(
      document,
      { layers: [rage], scrollDepth: null },
      {
        viewport: { width: 1280, height: 800 },
        scrollRoot: { scrollX: () => 0, scrollY: () => 700, contentHeight: () => 3000 },
        lookup: (x, y) => (asked.push([x, y]), [coupon]),
      },
    );
    expect(asked).toEqual([[740, 724]]);
    expect(collected.documentHeight).toBe(3000);
    const found = collected.clusters.rageclick[0]!;
    expect(found.element?.rect).toEqual({ x: 640, y: 1400, width: 200, height: 48 });
    expect(found.count).toBe(12);
  });
});
