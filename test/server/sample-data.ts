// Deterministic, realistic heatmap data for the demo landing page, recorded the way posthog-js would
// record it and stored the way PostHog ingestion would store it. Element rects come from demoLayout(),
// so the heat lands on the real buttons at every viewport width.
//
// What posthog-js records, and so what is generated here:
// - click: x = clientX + scrollX, y = clientY + scrollY (document coords); for targets inside the sticky
//   header the bare client coords with target_fixed = true.
// - rageclick: the third of three quick clicks close together adds a `rageclick` at that spot, next to the
//   three `click`s. The "Choose Pro" button is broken (does nothing), so it collects rage clicks.
// - deadclick: a click that changed nothing (here: on headings and prices people take for links).
// - mousemove: where the pointer rested; more numerous and more spread than clicks.
// - scrolldepth: PostHog derives it at ingestion from the next event's $prev_pageview_max_scroll, as a row
//   with x = 0 and y = the maximum scrollY (not scrollY + viewport: the query adds viewport_height).

import {
  MIN_VIEWPORT_WIDTH,
  MOBILE_BREAKPOINT,
  demoBoxRect,
  demoBoxes,
  demoLayout,
  demoPageHeight,
  type Rect,
  type TargetName,
  type TargetRect,
} from '../site/layout';
import { clickhouseRound } from './heatmaps';
import {
  scaleCapturedInteraction,
  type CapturedInteraction,
  type ElementDescription,
  type ElementEventInput,
  type ElementEventName,
  type HeatmapRowInput,
} from './store';
import { seededRandom } from '../seeded-random';

export interface SampleDataOptions {
  /** Origin of the demo site, e.g. http://127.0.0.1:8020 (a trailing slash is ignored). */
  siteUrl: string;
  seed?: number;
  now?: Date;
  /** Number of visits to simulate; the default yields well over 5,000 clicks. */
  visitors?: number;
}

/** Viewports the visitors use, with how common each is (most at desktop sizes). */
export const SAMPLE_VIEWPORTS = [
  { width: 1440, height: 900, weight: 28 },
  { width: 1920, height: 1080, weight: 16 },
  { width: 1366, height: 768, weight: 14 },
  { width: 1280, height: 800, weight: 12 },
  { width: 768, height: 1024, weight: 6 },
  { width: 390, height: 844, weight: 13 },
  { width: 375, height: 667, weight: 11 },
] as const;

/** Relative chance that a click goes to each target; targets not listed are never clicked. */
export const targetClickWeights: Readonly<Partial<Record<TargetName, number>>> = {
  heroCta: 30,
  navPricing: 14,
  pricingPro: 16,
  navGetStarted: 11,
  navFeatures: 6,
  pricingStarter: 5,
  faq1: 5,
  navSignIn: 4,
  heroDemo: 4,
  pricingEnterprise: 3,
  faq2: 3,
  navFaq: 3,
  signupEmail: 3,
  signupSubmit: 2,
  faq3: 2,
  featureLearnMore1: 2,
  featureLearnMore2: 1.5,
  navLogo: 1,
  featureLearnMore3: 1,
  faq4: 1,
  featureLearnMore4: 0.8,
  faq5: 0.6,
  featureLearnMore5: 0.5,
  footerPricing: 0.5,
  footerDocs: 0.5,
  footerPrivacy: 0.3,
  footerAbout: 0.3,
  footerBlog: 0.2,
  footerCareers: 0.2,
  footerChangelog: 0.1,
};

/**
 * The targets that collect the most clicks, hottest first: clearly hot at every desktop width, even
 * with data from all desktop viewports painted together. navPricing and navGetStarted sit in the
 * sticky header (fixed).
 */
export const hotTargets: readonly TargetName[] = ['heroCta', 'navPricing', 'pricingPro', 'navGetStarted'];

/** The button that does nothing when clicked, and so collects rage clicks. */
export const brokenTarget: TargetName = 'pricingPro';

/** Text that people click although it is not a link: the source of dead clicks. */
export const deadClickBoxes = ['heroHeading', 'featureTitle1', 'featureTitle2', 'pricingPrice2', 'pricingPrice3'] as const;

/** The "Coming soon" feature card: no link, and no interaction of any kind in the sample data. */
const EMPTY_CARD = 'featureCard6';
/** Keeps heat blurred from neighbouring spots out of the region tests inspect. */
const EMPTY_REGION_INSET = 48;
/** No generated point lands within this margin around the empty card once projected. */
const EMPTY_CARD_MARGIN = 24;
/** Desktop widths checked when keeping data out of the empty card (all desktop layouts share y). */
const DESKTOP_PROJECTION_WIDTHS = Array.from({ length: (2560 - MOBILE_BREAKPOINT) / 16 + 1 }, (_, i) => MOBILE_BREAKPOINT + i * 16);

/**
 * A region of the landing page where the sample data has no interaction of any positional type
 * (click, rageclick, deadclick, mousemove): the lower-right feature card ("Coming soon") at this
 * viewport width, inset by 48 px, in document px.
 * Guarantee: at a desktop width (>= 768), no row from any viewport, painted at that width
 * (pointer_relative_x * width, pointer_y), falls in it; at a mobile width, no row from a mobile
 * viewport does.
 */
export function emptyRegionAt(viewportWidth: number): Rect & { viewportWidth: number } {
  const card = demoBoxRect(viewportWidth, EMPTY_CARD)!;
  return {
    viewportWidth,
    x: card.x + EMPTY_REGION_INSET,
    y: card.y + EMPTY_REGION_INSET,
    width: card.width - 2 * EMPTY_REGION_INSET,
    height: card.height - 2 * EMPTY_REGION_INSET,
  };
}

/** The empty region at 1280 px, the width the end-to-end tests browse at (see emptyRegionAt). */
export const emptyRegionForTests: Readonly<Rect & { viewportWidth: number }> = Object.freeze(emptyRegionAt(1280));

// ---------------------------------------------------------------------------------------------
// Seeded randomness


function gaussian(random: () => number): number {
  // Box-Muller; 1 - random() keeps the logarithm's argument above zero.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function weightedPick<T>(random: () => number, items: readonly T[], weightOf: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weightOf(item), 0);
  let roll = random() * total;
  for (const item of items) {
    roll -= weightOf(item);
    if (roll < 0) return item;
  }
  return items[items.length - 1]!;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A point inside `rect`, scattered normally around its centre (most clicks land near the middle). */
function pointIn(random: () => number, rect: Rect, spread = 1): { x: number; y: number } {
  return {
    x: Math.round(clamp(rect.x + rect.width / 2 + (gaussian(random) * rect.width * spread) / 6, rect.x + 1, rect.x + rect.width - 1)),
    y: Math.round(clamp(rect.y + rect.height / 2 + (gaussian(random) * rect.height * spread) / 6, rect.y + 1, rect.y + rect.height - 1)),
  };
}

// ---------------------------------------------------------------------------------------------
// Element chains for /elements/stats/

function elementChain(boxName: string, viewportWidth: number): ElementDescription[] {
  const boxes = demoBoxes(viewportWidth);
  const box = boxes.find((candidate) => candidate.spec.name === boxName);
  if (!box) return [];
  const siblings = boxes.filter((candidate) => candidate.section === box.section);
  const index = siblings.indexOf(box);
  const sameTag = siblings.filter((candidate) => candidate.spec.element === box.spec.element);
  const spec = box.spec;
  const classes = spec.detail !== undefined ? ['box', 'faq'] : ['box'];
  const attributes: Record<string, string> = { attr__id: `hl-${spec.name}`, attr__class: classes.join(' ') };
  if (spec.role === 'target') attributes['attr__data-target'] = spec.name;
  const href = spec.element === 'a' ? (spec.scrollTo ? `#${spec.scrollTo}` : '#') : null;
  if (href) attributes.attr__href = href;
  const sectionTag = box.section === 'header' ? 'header' : box.section === 'footer' ? 'footer' : 'section';
  return [
    {
      text: spec.element === 'input' ? null : spec.text,
      tag_name: spec.element,
      attr_class: classes,
      href,
      attr_id: `hl-${spec.name}`,
      nth_child: index + 1,
      nth_of_type: sameTag.indexOf(box) + 1,
      attributes,
      order: 0,
    },
    { text: null, tag_name: 'div', attr_class: ['container'], href: null, attr_id: null, nth_child: 1, nth_of_type: 1, attributes: { attr__class: 'container' }, order: 1 },
    {
      text: null,
      tag_name: sectionTag,
      attr_class: ['section'],
      href: null,
      attr_id: box.section,
      nth_child: 1,
      nth_of_type: 1,
      attributes: { attr__class: 'section', attr__id: box.section },
      order: 2,
    },
    { text: null, tag_name: 'body', attr_class: null, href: null, attr_id: null, nth_child: 2, nth_of_type: 1, attributes: {}, order: 3 },
  ];
}

// ---------------------------------------------------------------------------------------------
// Generation

export interface SampleData {
  rows: HeatmapRowInput[];
  elementEvents: ElementEventInput[];
}

function nearRect(x: number, y: number, rect: Rect, margin: number): boolean {
  return x >= rect.x - margin && x <= rect.x + rect.width + margin && y >= rect.y - margin && y <= rect.y + rect.height + margin;
}

const desktopEmptyCards = DESKTOP_PROJECTION_WIDTHS.map((width) => ({ width, card: demoBoxRect(width, EMPTY_CARD)! }));
const mobileEmptyCard = demoBoxRect(MIN_VIEWPORT_WIDTH, EMPTY_CARD)!;

/** Whether a stored row would be painted on or near the empty card at some width (see emptyRegionForTests). */
function projectsIntoEmptyCard(row: HeatmapRowInput): boolean {
  if (row.pointer_target_fixed || row.type === 'scrolldepth') return false;
  const relativeX = clickhouseRound(row.x / row.viewport_width, 2);
  const y = row.y * 16;
  if (desktopEmptyCards.some(({ width, card }) => nearRect(relativeX * width, y, card, EMPTY_CARD_MARGIN))) return true;
  // The stacked card spans the container, so for mobile rows its whole band of y is kept empty.
  const fromMobile = row.viewport_width * 16 < MOBILE_BREAKPOINT;
  return fromMobile && y >= mobileEmptyCard.y - EMPTY_CARD_MARGIN && y <= mobileEmptyCard.y + mobileEmptyCard.height + EMPTY_CARD_MARGIN;
}

export function generateSampleData(options: SampleDataOptions): SampleData {
  const random = seededRandom(options.seed ?? 20_240_611);
  const now = (options.now ?? new Date()).getTime();
  const origin = options.siteUrl.replace(/\/+$/, '');
  const visitorCount = options.visitors ?? 1600;
  const rows: HeatmapRowInput[] = [];
  const elementEvents: ElementEventInput[] = [];
  const clickTargets = Object.keys(targetClickWeights) as TargetName[];

  for (let visitor = 0; visitor < visitorCount; visitor++) {
    const viewport = weightedPick(random, SAMPLE_VIEWPORTS, (candidate) => candidate.weight);
    const layout = demoLayout(viewport.width);
    const pageHeight = demoPageHeight(viewport.width);
    const distinctId = `visitor-${String(visitor).padStart(5, '0')}`;
    const sessionId = `0190${(visitor * 2654435761 >>> 0).toString(16).padStart(8, '0')}-demo-${visitor}`;
    const isTestAccount = random() < 0.04;
    const urlRoll = random();
    const isReviewsVisit = urlRoll > 0.96;
    const currentUrl = isReviewsVisit
      ? `${origin}/product/${urlRoll > 0.98 ? 456 : 123}/reviews`
      : urlRoll > 0.88
        ? `${origin}/?utm_source=newsletter`
        : `${origin}/`;
    // Visits spread over the last ten days, so the default -7d window holds about 70% of them.
    let clock = now - Math.floor(random() * 10 * 86_400_000);
    const tick = (minMs: number, maxMs: number) => (clock = Math.min(now, clock + minMs + Math.floor(random() * (maxMs - minMs))));

    // A quarter of visitors never scroll; the rest reach a depth skewed towards the top of the page.
    const maxScrollable = Math.max(0, pageHeight - viewport.height);
    const maxScrollY = random() < 0.25 ? 0 : Math.round(maxScrollable * random() ** 1.4);
    const deepestSeen = maxScrollY + viewport.height;

    const record = (x: number, y: number, type: CapturedInteraction['type'], fixed: boolean, at: number): HeatmapRowInput | null => {
      const row = scaleCapturedInteraction({
        session_id: sessionId,
        distinct_id: distinctId,
        timestamp: new Date(Math.min(at, now)),
        x,
        y,
        target_fixed: fixed,
        type,
        viewport_width: viewport.width,
        viewport_height: viewport.height,
        current_url: currentUrl,
        is_test_account: isTestAccount,
      });
      if (!row || projectsIntoEmptyCard(row)) return null;
      rows.push(row);
      return row;
    };
    const recordElement = (event: ElementEventName, boxName: string, at: number) => {
      elementEvents.push({
        event,
        timestamp: new Date(Math.min(at, now)),
        distinct_id: distinctId,
        current_url: currentUrl,
        viewport_width: viewport.width,
        elements: elementChain(boxName, viewport.width),
        is_test_account: isTestAccount,
      });
    };

    if (isReviewsVisit) {
      // The reviews page is short and simple: a few clicks around its buttons.
      for (let i = 0; i < 3; i++) record(Math.round(viewport.width * (0.2 + random() * 0.3)), 120 + Math.round(random() * 700), 'click', false, tick(2000, 20_000));
      record(0, Math.min(maxScrollY, 400), 'scrolldepth', false, tick(1000, 5000));
      continue;
    }

    const reachable = clickTargets.filter((name) => layout[name].fixed || layout[name].y + layout[name].height / 2 < deepestSeen);
    const clickCount = 2 + Math.floor(random() * 5);
    for (let i = 0; i < clickCount; i++) {
      const name = weightedPick(random, reachable, (candidate) => targetClickWeights[candidate] ?? 0);
      const rect: TargetRect = layout[name];
      const at = tick(1500, 60_000);
      const point = pointIn(random, rect);
      if (!record(point.x, point.y, 'click', rect.fixed, at)) continue;
      recordElement('$autocapture', name, at);
      if (name === brokenTarget && random() < 0.35) {
        // Three more quick clicks a few px apart, then posthog-js's rageclick at the last one.
        let last = point;
        for (let burst = 1; burst <= 3; burst++) {
          last = { x: point.x + Math.round(gaussian(random) * 3), y: point.y + Math.round(gaussian(random) * 3) };
          record(last.x, last.y, 'click', rect.fixed, at + burst * 250);
          recordElement('$autocapture', name, at + burst * 250);
        }
        record(last.x, last.y, 'rageclick', rect.fixed, at + 750);
        recordElement('$rageclick', name, at + 750);
      }
    }

    if (random() < 0.2) {
      const boxName = deadClickBoxes[Math.floor(random() * deadClickBoxes.length)]!;
      const rect = demoBoxRect(viewport.width, boxName)!;
      if (rect.y < deepestSeen) {
        const at = tick(1000, 20_000);
        const point = pointIn(random, rect, 1.5);
        if (record(point.x, point.y, 'click', false, at)) {
          record(point.x, point.y, 'deadclick', false, at + 1000);
          recordElement('$dead_click', boxName, at + 1000);
        }
      }
    }

    if (random() < 0.12) {
      // A stray click on the page background, somewhere the visitor could see.
      record(Math.round(random() * viewport.width), Math.round(random() * deepestSeen), 'click', false, tick(1000, 20_000));
    }

    const moveCount = 8 + Math.floor(random() * 12);
    for (let i = 0; i < moveCount; i++) {
      const at = tick(500, 8000);
      if (random() < 0.5) {
        const rect = layout[weightedPick(random, reachable, (candidate) => targetClickWeights[candidate] ?? 0)];
        const point = pointIn(random, rect, 3);
        record(point.x, point.y, 'mousemove', rect.fixed, at);
      } else {
        record(Math.round(random() * viewport.width), Math.round(maxScrollY * random() + random() * viewport.height), 'mousemove', false, at);
      }
    }

    record(0, maxScrollY, 'scrolldepth', false, tick(1000, 30_000));
  }
  return { rows, elementEvents };
}

/** Heatmap rows for the demo, already scaled the way PostHog stores them. */
export function generateSampleEvents(options: SampleDataOptions): HeatmapRowInput[] {
  return generateSampleData(options).rows;
}

/** Autocapture, rage-click and dead-click events behind the same visits, for /elements/stats/. */
export function generateSampleElementEvents(options: SampleDataOptions): ElementEventInput[] {
  return generateSampleData(options).elementEvents;
}
