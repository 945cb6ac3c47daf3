import { describe, expect, it } from 'vitest';
import type { ElementDescription } from '@/lib/review/describe';
import {
  reviewPage,
  depthReachedBy,
  reachAt,
  type ReviewInput,
  type ClusterWithElement,
  type FoldReading,
  type ScrollBucket,
} from '@/lib/review/rules';

function el(label: string, fields: Partial<ElementDescription> = {}): ElementDescription {
  return {
    label,
    tag: 'button',
    selector: `#${label.toLowerCase().replace(/\W+/g, '-')}`,
    interactive: true,
    interactiveReason: 'button',
    rect: { x: 100, y: 400, width: 120, height: 40 },
    region: 'main',
    treePath: `0/${label}`,
    ...fields,
  };
}

let nextId = 0;
function cluster(count: number, total: number, element: ElementDescription | null, at: { x?: number; y?: number; fixed?: boolean } = {}): ClusterWithElement {
  const x = at.x ?? 200;
  const y = at.y ?? 400;
  return { id: `d:${nextId++}`, fixed: at.fixed ?? false, count, share: count / total, centroid: { x, y }, bounds: { x, y, width: 0, height: 0 }, element };
}

/** Scroll-depth buckets from the share of visitors whose deepest point is each depth. */
function buckets(visitors: number, deepest: Array<[depth: number, share: number]>): ScrollBucket[] {
  const counts = deepest.map(([depth, share]) => ({ depth, count: Math.round(visitors * share) }));
  let remaining = counts.reduce((sum, c) => sum + c.count, 0);
  return counts.map(({ depth, count }) => {
    const bucket = { scroll_depth_bucket: depth, bucket_count: count, cumulative_count: remaining };
    remaining -= count;
    return bucket;
  });
}

const fold = (pct: number, total: number, height = 800, band?: string): FoldReading => ({
  total_count: total,
  below_fold_count: Math.round((total * pct) / 100),
  pct_below_fold: pct,
  median_viewport_height: height,
  ...(band ? { band } : {}),
});

/** A healthy page: clicks spread over navigation, a working hero button and body links, a few
 *  stray rage and dead clicks, most clicks above the fold, the main CTA within everyone's reach. */
type EditableInput = ReviewInput & { clusters: { click: ClusterWithElement[]; rageclick: ClusterWithElement[]; deadclick: ClusterWithElement[] } };

function ordinaryPage(): EditableInput {
  const clicks = 1000;
  return {
    clusters: {
      click: [
        cluster(220, clicks, el('Get started', { rect: { x: 500, y: 500, width: 160, height: 48 } }), { y: 520 }),
        cluster(150, clicks, el('Pricing', { tag: 'a', interactiveReason: 'link', region: 'nav' }), { y: 30 }),
        cluster(120, clicks, el('Docs', { tag: 'a', interactiveReason: 'link', region: 'nav' }), { y: 30, x: 400 }),
        cluster(90, clicks, el('Read the case study', { tag: 'a', interactiveReason: 'link' }), { y: 1400 }),
        cluster(15, clicks, el('Our customers', { tag: 'h2', interactive: false, interactiveReason: null }), { y: 1200 }),
        cluster(60, clicks, el('', { tag: 'section', selector: 'main > section:nth-of-type(2)', interactive: false, interactiveReason: null, rect: { x: 0, y: 900, width: 1280, height: 900 } }), { y: 1300 }),
      ],
      rageclick: [cluster(3, 12, el('Get started')), cluster(2, 12, el('Docs'))],
      deadclick: [cluster(6, 40, el('Our customers', { tag: 'h2', interactive: false, interactiveReason: null }))],
    },
    fold: fold(22, clicks),
    scrollDepth: buckets(400, [
      [800, 0.1],
      [1600, 0.3],
      [2400, 0.4],
      [3200, 0.2],
    ]),
    ctas: [el('Get started', { rect: { x: 500, y: 500, width: 160, height: 48 } })],
    layerTotals: { click: clicks, rageclick: 12, deadclick: 40 },
    viewport: { width: 1280, height: 800 },
    documentHeight: 3200,
  };
}

describe('reviewPage on ordinary traffic', () => {
  it('finds nothing notable', () => {
    expect(reviewPage(ordinaryPage())).toEqual([]);
  });

  it('finds nothing in empty data', () => {
    expect(
      reviewPage({
        clusters: { click: [], rageclick: [], deadclick: [] },
        fold: null,
        scrollDepth: null,
        ctas: [],
        layerTotals: { click: 0, rageclick: 0, deadclick: 0 },
        viewport: { width: 0, height: 0 },
        documentHeight: 0,
      }),
    ).toEqual([]);
  });
});

describe('rage-clicks', () => {
  it('names the element with the count and share of all rage clicks', () => {
    const input = ordinaryPage();
    input.layerTotals.rageclick = 69;
    input.clusters.rageclick = [cluster(42, 69, el('Buy Pro')), cluster(3, 69, el('Docs'))];
    input.clusters.click.push(cluster(80, 1000, el('Buy Pro')));
    const findings = reviewPage(input);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding!.rule).toBe('rage-clicks');
    expect(finding!.title).toBe('Rage clicks on “Buy Pro”');
    expect(finding!.evidence[0]).toBe('42 rage clicks (61% of all 69 rage clicks) land on “Buy Pro”.');
    expect(finding!.evidence).toContain('The same element got 80 clicks in all.');
    expect(finding!.recommendation).toContain('“Buy Pro” responds on the first click');
    expect(finding!.target).toEqual({ selector: '#buy-pro', label: 'Buy Pro', rect: { x: 100, y: 400, width: 120, height: 40 }, treePath: '0/Buy Pro' });
  });

  it('adds up two clusters on the same element', () => {
    const input = ordinaryPage();
    input.layerTotals.rageclick = 10;
    input.clusters.rageclick = [cluster(3, 10, el('Buy Pro')), cluster(3, 10, el('Buy Pro'), { x: 260 })];
    const findings = reviewPage(input);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence[0]).toMatch(/^6 rage clicks \(60% of all 10 rage clicks\)/);
  });

  it('stays silent below 5 rage clicks or below 5% of rage clicks', () => {
    const few = ordinaryPage();
    few.layerTotals.rageclick = 4;
    few.clusters.rageclick = [cluster(4, 4, el('Buy Pro'))];
    expect(reviewPage(few)).toEqual([]);

    const diluted = ordinaryPage();
    diluted.layerTotals.rageclick = 200;
    diluted.clusters.rageclick = [cluster(8, 200, el('Buy Pro'))];
    expect(reviewPage(diluted)).toEqual([]);
  });

  it('raises rage counted by autocapture on an element the heatmap spread thin', () => {
    const input = ordinaryPage();
    input.elementStats = [{ element: el('Apply coupon'), autocaptureClicks: 90, rageClicks: 11, deadClicks: 0 }];
    const findings = reviewPage(input);
    expect(findings.map((f) => f.rule)).toEqual(['rage-clicks']);
    // The heatmap's rage total (12) is the denominator: autocapture counts the same events.
    expect(findings[0]!.evidence[0]).toBe('PostHog autocapture counted 11 rage clicks (92% of all 12 rage clicks) on “Apply coupon”.');
  });
});

describe('non-interactive-clicks', () => {
  const heading = el('Pro plan', { tag: 'h3', interactive: false, interactiveReason: null, selector: 'div.plan:nth-of-type(2) > h3' });

  it('fires on 20+ clicks and 3%+ of clicks on something that is not clickable', () => {
    const input = ordinaryPage();
    input.clusters.click.push(cluster(120, 1000, heading));
    input.clusters.deadclick.push(cluster(9, 40, heading));
    const findings = reviewPage(input);
    expect(findings).toHaveLength(1);
    const finding = findings[0]!;
    expect(finding.rule).toBe('non-interactive-clicks');
    expect(finding.title).toBe('Clicks on “Pro plan”, which is not clickable');
    expect(finding.evidence[0]).toBe('120 clicks (12% of all 1,000 clicks) land on “Pro plan”, a <h3> that is not a link, button or form control.');
    expect(finding.evidence).toContain('9 of these clicks were dead: nothing happened.');
    expect(finding.recommendation).toMatch(/make it a link to .* or remove the affordance/);
  });

  it('stays silent under 20 clicks, under 3%, on interactive elements and on large containers', () => {
    const few = ordinaryPage();
    few.clusters.click.push(cluster(19, 1000, heading));
    expect(reviewPage(few)).toEqual([]);

    const diluted = ordinaryPage();
    diluted.layerTotals.click = 10_000;
    diluted.clusters.click = [cluster(250, 10_000, heading)];
    expect(reviewPage(diluted)).toEqual([]);

    const wrapper = ordinaryPage();
    wrapper.clusters.click.push(cluster(300, 1000, { ...heading, rect: { x: 0, y: 0, width: 1280, height: 2000 } }));
    expect(reviewPage(wrapper)).toEqual([]);
  });
});

describe('cta-below-reach', () => {
  // 200 visitors; 25% stop at 800 px, 20% more at 1,200 px; 22% reach 3,900 px.
  const depth = buckets(200, [
    [800, 0.25],
    [1200, 0.2],
    [2000, 0.2],
    [3000, 0.13],
    [3900, 0.12],
    [4500, 0.1],
  ]);
  const signup = el('Sign up', { tag: 'a', interactiveReason: 'link', rect: { x: 500, y: 3900, width: 140, height: 44 } });

  it('reports a call to action few visitors reach, with where to repeat it', () => {
    const input = ordinaryPage();
    input.scrollDepth = depth;
    input.ctas = [signup];
    const findings = reviewPage(input);
    expect(findings).toHaveLength(1);
    const finding = findings[0]!;
    expect(finding.rule).toBe('cta-below-reach');
    expect(finding.evidence[0]).toBe('Only 22% of 200 visitors scroll down to “Sign up” at 3,900 px.');
    // 75% reach the 1,200 px bucket (only the 25% who stopped at 800 px do not).
    expect(finding.recommendation).toBe('Move “Sign up” up, or repeat it above 1,200 px, where 75% of visitors still are.');
  });

  it('stays silent when the same call to action is repeated within reach, or with too few visitors', () => {
    const repeated = ordinaryPage();
    repeated.scrollDepth = depth;
    repeated.ctas = [el('Sign up', { selector: '#top-signup', rect: { x: 900, y: 20, width: 80, height: 30 } }), signup];
    expect(reviewPage(repeated)).toEqual([]);

    const thin = ordinaryPage();
    thin.scrollDepth = buckets(20, [
      [800, 0.5],
      [3900, 0.5],
    ]).map((b, i) => (i === 1 ? { ...b, cumulative_count: 2 } : b));
    thin.ctas = [signup];
    expect(reviewPage(thin)).toEqual([]);
  });
});

describe('clicks-below-fold', () => {
  it('fires at 40% or more below the fold with enough clicks, per viewport band', () => {
    const input = ordinaryPage();
    input.fold = [fold(45, 600, 800, 'Desktop (≥ 1280 px)'), fold(30, 600, 640, 'Mobile (< 768 px)')];
    input.clusters.click.push(cluster(80, 1000, el('Compare plans', { tag: 'a', interactiveReason: 'link' }), { y: 1900 }));
    const findings = reviewPage(input);
    expect(findings).toHaveLength(1);
    const finding = findings[0]!;
    expect(finding.rule).toBe('clicks-below-fold');
    expect(finding.title).toBe('45% of clicks on Desktop (≥ 1280 px) are below the fold');
    expect(finding.evidence[0]).toBe("45% of 600 clicks on Desktop (≥ 1280 px) (270) land below the fold at ~800 px, the median visitor's viewport height.");
    // The clusters below 800 px, busiest first.
    expect(finding.evidence[1]).toBe('Busiest below the fold: “Read the case study” (9% of clicks), “Compare plans” (8% of clicks), the <section> at main > section:nth-of-type(2) (6% of clicks).');
  });

  it('stays silent below 40%, with too few clicks, or without a fold', () => {
    for (const reading of [fold(39, 600), fold(80, 99), { ...fold(80, 600), median_viewport_height: null }]) {
      const input = ordinaryPage();
      input.fold = reading;
      expect(reviewPage(input)).toEqual([]);
    }
  });
});

describe('hot-nav-cold-body', () => {
  function navHeavy(bodyTop: number): ReviewInput {
    const input = ordinaryPage();
    input.clusters.click = [
      cluster(400, 1000, el('Pricing', { tag: 'a', region: 'nav' }), { y: 30 }),
      cluster(250, 1000, el('Log in', { tag: 'a', region: 'header' }), { y: 30, x: 1100 }),
      // A fixed top bar: viewport y, always in the header band.
      cluster(50, 1000, null, { y: 20, fixed: true }),
      cluster(bodyTop, 1000, el('Learn more', { tag: 'a' }), { y: 900 }),
      cluster(40, 1000, el('FAQ', { tag: 'a' }), { y: 2000 }),
    ];
    return input;
  }

  it('fires when 60%+ of clicks go to the navigation and no body spot holds 10%', () => {
    const findings = reviewPage(navHeavy(60));
    expect(findings.map((f) => f.rule)).toEqual(['hot-nav-cold-body']);
    expect(findings[0]!.evidence[0]).toBe('70% of 1,000 clicks land in the navigation or the top 100 px: “Pricing” (40%), “Log in” (25%), the spot at 200 × 20 px (fixed layer) (5%).');
    expect(findings[0]!.evidence[1]).toBe('The page body gets 30% of clicks; its busiest spot, “Learn more”, gets 6%.');
  });

  it('stays silent when a body target holds its own', () => {
    expect(reviewPage(navHeavy(120)).filter((f) => f.rule === 'hot-nav-cold-body')).toEqual([]);
  });
});

describe('dead-clicks', () => {
  it('fires on 10+ dead clicks making 10%+ of dead clicks', () => {
    const input = ordinaryPage();
    input.clusters.deadclick = [cluster(30, 40, el('Download PDF', { tag: 'a', interactiveReason: 'link' }))];
    const findings = reviewPage(input);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.rule).toBe('dead-clicks');
    expect(findings[0]!.evidence[0]).toBe('30 dead clicks (75% of all 40 dead clicks) on “Download PDF”: the page did not change after them.');
  });

  it('stays silent under 10', () => {
    const input = ordinaryPage();
    input.clusters.deadclick = [cluster(9, 9, el('Download PDF'))];
    input.layerTotals.deadclick = 9;
    expect(reviewPage(input)).toEqual([]);
  });
});

describe('ranking and deduplication', () => {
  it('ranks rage above non-interactive above dead clicks and keeps one finding per element', () => {
    const input = ordinaryPage();
    const logo = el('Acme', { tag: 'img', interactive: false, interactiveReason: null, selector: 'img.logo' });
    const save = el('Save');
    input.layerTotals.rageclick = 20;
    input.layerTotals.deadclick = 100;
    input.clusters.rageclick = [cluster(10, 20, save)];
    input.clusters.deadclick = [cluster(60, 100, save), cluster(30, 100, el('Export'))];
    input.clusters.click.push(cluster(500, 1000, logo));
    const findings = reviewPage(input);
    expect(findings.map((f) => `${f.rule} ${f.target?.label}`)).toEqual(['rage-clicks Save', 'non-interactive-clicks Acme', 'dead-clicks Export']);
    // The dead clicks on "Save" joined its rage finding instead of standing alone.
    expect(findings[0]!.evidence).toContain('60 dead clicks (60% of all 100 dead clicks) on “Save”: the page did not change after them.');
    for (let i = 1; i < findings.length; i++) expect(findings[i - 1]!.severity).toBeGreaterThan(findings[i]!.severity);
  });
});

describe('scroll reach helpers', () => {
  const depth: ScrollBucket[] = [
    { scroll_depth_bucket: 800, bucket_count: 5, cumulative_count: 20 },
    { scroll_depth_bucket: 1600, bucket_count: 9, cumulative_count: 15 },
    { scroll_depth_bucket: 2400, bucket_count: 6, cumulative_count: 6 },
  ];
  it('reads the share reaching a depth and the depth a share reaches', () => {
    expect(reachAt(depth, 100)).toBe(1);
    expect(reachAt(depth, 1000)).toBe(0.75);
    expect(reachAt(depth, 2400)).toBe(0.3);
    expect(reachAt(depth, 2500)).toBe(0);
    expect(reachAt([], 100)).toBeNull();
    expect(depthReachedBy(depth, 0.75)).toBe(1600);
    expect(depthReachedBy(depth, 0.9)).toBe(800);
  });
});

describe('honest thresholds', () => {
  const empty = (): ReviewInput => ({
    clusters: { click: [], rageclick: [], deadclick: [] },
    fold: null,
    scrollDepth: null,
    ctas: [],
    layerTotals: { click: 0, rageclick: 0, deadclick: 0 },
    viewport: { width: 1280, height: 800 },
    documentHeight: 3200,
  });
  const paragraph = el('Our story', { tag: 'p', interactive: false, interactiveReason: null });
  const cases: Array<[rule: string, minimum: number, at: (count: number) => ReviewInput]> = [
    ['rage-clicks', 5, (count) => ({ ...empty(), clusters: { click: [], rageclick: [cluster(count, count, el('Buy Pro'))], deadclick: [] }, layerTotals: { click: 0, rageclick: count, deadclick: 0 } })],
    ['dead-clicks', 10, (count) => ({ ...empty(), clusters: { click: [], rageclick: [], deadclick: [cluster(count, count, el('Buy Pro'))] }, layerTotals: { click: 0, rageclick: 0, deadclick: count } })],
    ['non-interactive-clicks', 20, (count) => ({ ...empty(), clusters: { click: [cluster(count, count, paragraph)], rageclick: [], deadclick: [] }, layerTotals: { click: count, rageclick: 0, deadclick: 0 } })],
    [
      'cta-below-reach',
      30,
      (visitors) => ({
        ...empty(),
        ctas: [el('Sign up', { rect: { x: 80, y: 2600, width: 200, height: 48 } })],
        scrollDepth: buckets(visitors, [[800, 0.8], [3200, 0.2]]),
      }),
    ],
    [
      'clicks-below-fold',
      100,
      (count) => ({ ...empty(), fold: { total_count: count, below_fold_count: Math.round(count / 2), pct_below_fold: 50, median_viewport_height: 800 }, layerTotals: { click: count, rageclick: 0, deadclick: 0 } }),
    ],
  ];
  for (const [rule, minimum, at] of cases) {
    it(`${rule}: silent one below its minimum of ${minimum}, and at it states the numbers it rests on`, () => {
      expect(reviewPage(at(minimum - 1))).toEqual([]);
      const findings = reviewPage(at(minimum));
      expect(findings.map((finding) => finding.rule)).toEqual([rule]);
      expect(findings[0]!.evidence[0]).toMatch(new RegExp(`\\b${minimum}\\b`));
    });
  }
});
