// Interactions for the review scenarios of test/site/scenarios.ts, recorded the way posthog-js would
// (document px, one session per visit, three quick clicks plus a `rageclick` for a rage burst) and
// stored the way PostHog ingestion would (scaleCapturedInteraction). The truth each e2e assertion
// checks against (how many clicks hit what) is exported from here, from the generated rows.

import { cardScenario, containerScenario, germanScenario, layoutChangedScenario, layoutSteadyScenario, lookScenario, NOTICE_BAR_HEIGHT, ordinaryScenario, reviewScenario, scenarioBox, type Scenario } from '../site/scenarios';
import { scaleCapturedInteraction, type CapturedInteraction, type ElementDescription, type ElementEventInput, type ElementEventName, type HeatmapRowInput } from './store';
import { seededRandom } from '../seeded-random';

/** Every scenario visitor uses this window; tests open the pages at the same size. */
export const SCENARIO_VIEWPORT = { width: 1280, height: 800 } as const;

export interface ScenarioData {
  rows: HeatmapRowInput[];
  elementEvents: ElementEventInput[];
  /** Captured interactions per box name and type, before scaling: what tests compare against. */
  counts: Record<string, { click: number; rageclick: number; deadclick: number; sessions: Set<string> }>;
  visitors: number;
}

interface Visit {
  session: string;
  person: string;
  time: Date;
  scrollY: number;
}


class ScenarioRecorder {
  readonly captured: CapturedInteraction[] = [];
  readonly elementEvents: ElementEventInput[] = [];
  readonly counts: ScenarioData['counts'] = {};
  private readonly next: () => number;

  constructor(
    private readonly scenario: Scenario,
    private readonly url: string,
    seed: number,
  ) {
    this.next = seededRandom(seed);
  }

  /** `timeFor` places each visit in time; by default every half hour back from `now`, newest first. */
  visits(count: number, now: Date, scrollYFor: (index: number) => number, timeFor?: (index: number) => Date): Visit[] {
    const prefix = this.scenario.path.split('/').pop();
    return Array.from({ length: count }, (_, index) => {
      const visit = {
        session: `${prefix}-session-${String(index + 1).padStart(3, '0')}`,
        person: `${prefix}-visitor-${String(index + 1).padStart(3, '0')}`,
        // Spread over the last three days, newest first.
        time: timeFor?.(index) ?? new Date(now.getTime() - (index + 1) * 30 * 60_000),
        scrollY: scrollYFor(index),
      };
      // PostHog derives scroll depth from the deepest scrollY of the visit (x is 0).
      this.captured.push(this.interaction(visit, 0, visit.scrollY, 'scrolldepth'));
      return visit;
    });
  }

  /** One visitor clicks `box` (near its centre, within `spread` px); a rage burst is three clicks plus a rageclick. */
  /** `shiftY`: the box was that many px lower (negative: higher) when the click was recorded (an older layout). */
  click(visit: Visit, boxName: string, options: { spread?: { x: number; y: number }; rage?: boolean; dead?: boolean; autocapture?: boolean; shiftY?: number } = {}): void {
    const box = scenarioBox(this.scenario, boxName);
    const spread = options.spread ?? { x: box.width / 4, y: box.height / 6 };
    const x = box.x + box.width / 2 + (this.next() * 2 - 1) * spread.x;
    const y = box.y + box.height / 2 + (this.next() * 2 - 1) * spread.y + (options.shiftY ?? 0);
    const entry = (this.counts[boxName] ??= { click: 0, rageclick: 0, deadclick: 0, sessions: new Set() });
    entry.sessions.add(visit.session);
    const clicks = options.rage ? 3 : 1;
    for (let i = 0; i < clicks; i++) {
      this.captured.push(this.interaction(visit, x, y, 'click', i * 200));
      entry.click++;
      if (options.autocapture) this.elementEvent(visit, box.name, '$autocapture');
    }
    if (options.rage) {
      this.captured.push(this.interaction(visit, x, y, 'rageclick', 400));
      entry.rageclick++;
      this.elementEvent(visit, box.name, '$rageclick');
    }
    if (options.dead) {
      this.captured.push(this.interaction(visit, x, y, 'deadclick', 500));
      entry.deadclick++;
      this.elementEvent(visit, box.name, '$dead_click');
    }
  }

  private interaction(visit: Visit, x: number, y: number, type: CapturedInteraction['type'], offsetMs = 0): CapturedInteraction {
    return {
      session_id: visit.session,
      distinct_id: visit.person,
      timestamp: new Date(visit.time.getTime() + offsetMs),
      x,
      y,
      target_fixed: false,
      type,
      viewport_width: SCENARIO_VIEWPORT.width,
      viewport_height: SCENARIO_VIEWPORT.height,
      current_url: this.url,
    };
  }

  /** Autocapture's chain for a box: the element, then its ancestors up to <body>, as posthog-js records them. */
  private elementEvent(visit: Visit, boxName: string, event: ElementEventName): void {
    const box = scenarioBox(this.scenario, boxName);
    const boxes: ElementDescription[] = [];
    // The box, then the boxes it sits in (a button in a card), as autocapture walks up the DOM.
    for (let current: typeof box | undefined = box; current; current = current.parent ? scenarioBox(this.scenario, current.parent) : undefined) {
      const inside = current;
      const siblings = this.scenario.boxes.filter((candidate) => candidate.region === inside.region && candidate.parent === inside.parent);
      const sameTag = siblings.filter((candidate) => candidate.tag === inside.tag);
      const classes = ['box', ...(inside.className ? [inside.className] : [])];
      boxes.push({
        text: inside.tag === 'img' || inside.tag === 'article' ? null : inside.text,
        tag_name: inside.tag,
        attr_class: classes,
        href: inside.href ?? null,
        attr_id: inside.id ?? null,
        nth_child: siblings.indexOf(inside) + 1,
        nth_of_type: sameTag.indexOf(inside) + 1,
        attributes: { attr__class: classes.join(' '), ...(inside.id ? { attr__id: inside.id } : {}), ...(inside.href ? { attr__href: inside.href } : {}) },
        order: boxes.length,
      });
    }
    const above = box.region === 'nav' ? [plain('nav'), plain('header', ['top']), plain('div', ['frame'])] : [plain('main'), plain('div', ['frame'])];
    if (this.scenario.scroll === 'container') above.push(plain('div', ['pane']));
    above.push(plain('body'));
    const elements = [...boxes, ...above.map((element, index) => ({ ...element, order: boxes.length + index }))];
    this.elementEvents.push({ event, timestamp: visit.time, distinct_id: visit.person, current_url: this.url, viewport_width: SCENARIO_VIEWPORT.width, elements });
  }
}

function plain(tag: string, classes: string[] = [], order = 0): ElementDescription {
  return {
    text: null,
    tag_name: tag,
    attr_class: classes.length > 0 ? classes : null,
    href: null,
    attr_id: null,
    nth_child: 1,
    nth_of_type: 1,
    attributes: classes.length > 0 ? { attr__class: classes.join(' ') } : {},
    order,
  };
}

function finish(recorder: ScenarioRecorder, visitors: number): ScenarioData {
  const rows = recorder.captured.map(scaleCapturedInteraction).filter((row): row is HeatmapRowInput => row !== null);
  return { rows, elementEvents: recorder.elementEvents, counts: recorder.counts, visitors };
}

/**
 * /scenarios/review: 120 visits at 1280×800.
 * - Scroll: 30 stay at the top, 30 scroll 512 px, 36 scroll 912 px, 24 reach the bottom (2,208 px).
 * - Navigation: 40 clicks on Pricing, 10 on Home, 10 on Docs.
 * - The screenshot (not a link): 70 clicks, 30 of them dead.
 * - "Apply coupon" does nothing: 24 visitors each fire a rage burst (72 clicks, 24 rage clicks), 20 dead.
 * - "Sign up for the beta" at 2,600 px: 10 clicks from those who got there.
 */
export function generateReviewScenario(siteUrl: string, now = new Date(), scenario: Scenario = reviewScenario): ScenarioData {
  const navPrefix = scenario === containerScenario ? 'container' : 'review';
  const recorder = new ScenarioRecorder(scenario, `${siteUrl.replace(/\/$/, '')}${scenario.path}`, 7);
  const visits = recorder.visits(120, now, (index) => (index < 30 ? 0 : index < 60 ? 512 : index < 96 ? 912 : 2208));
  visits.forEach((visit, index) => {
    if (index < 40) recorder.click(visit, `${navPrefix}NavPricing`, { autocapture: true });
    else if (index < 50) recorder.click(visit, `${navPrefix}NavHome`, { autocapture: true });
    else if (index < 60) recorder.click(visit, `${navPrefix}NavDocs`, { autocapture: true });
    if (index >= 30 && index < 100) recorder.click(visit, 'screenshot', { spread: { x: 8, y: 6 }, dead: index < 60 });
    if (index >= 60 && index < 84) recorder.click(visit, 'coupon', { spread: { x: 5, y: 5 }, rage: true, dead: index < 80, autocapture: true });
    if (index >= 96 && index < 106) recorder.click(visit, 'signup', { spread: { x: 30, y: 8 }, autocapture: true });
  });
  return finish(recorder, visits.length);
}

/** /scenarios/container: the review scenario's visits, recorded on a page that scrolls inside a pane
 *  (posthog-js adds the pane's scrollTop, so the numbers are document px of the pane's content). */
export function generateContainerScenario(siteUrl: string, now = new Date()): ScenarioData {
  return generateReviewScenario(siteUrl, now, containerScenario);
}

/**
 * /scenarios/look: 120 visits at 1280×800, scrolling as on /scenarios/review (24 reach the bottom).
 * - "Take the tour" (the filled main button): 60 clicks; "Read the changelog": 10; Pricing: 20.
 * - "Count me in" at 2,600 px (styled like "Take the tour"): 8 clicks; "Older releases" (a plain
 *   link at 2,400 px): 6 clicks.
 */
export function generateLookScenario(siteUrl: string, now = new Date()): ScenarioData {
  const recorder = new ScenarioRecorder(lookScenario, `${siteUrl.replace(/\/$/, '')}${lookScenario.path}`, 13);
  const visits = recorder.visits(120, now, (index) => (index < 30 ? 0 : index < 60 ? 512 : index < 96 ? 912 : 2208));
  visits.forEach((visit, index) => {
    if (index < 20) recorder.click(visit, 'lookNavPricing', { spread: { x: 20, y: 4 }, autocapture: true });
    if (index >= 20 && index < 80) recorder.click(visit, 'tour', { autocapture: true });
    else if (index >= 80 && index < 90) recorder.click(visit, 'changelog', { spread: { x: 40, y: 4 }, autocapture: true });
    if (index >= 96 && index < 104) recorder.click(visit, 'countMeIn', { autocapture: true });
    if (index >= 104 && index < 110) recorder.click(visit, 'history', { spread: { x: 40, y: 4 }, autocapture: true });
  });
  return finish(recorder, visits.length);
}

/**
 * /scenarios/de: 120 visits at 1280×800, scrolling as on /scenarios/review.
 * - "Kostenlos testen": 90 clicks; "Preise": 30.
 * - "Gutschein einlösen" does nothing: 20 visitors each fire a rage burst (60 clicks, 20 rage
 *   clicks), 16 of them dead.
 * - "Jetzt registrieren" at 2,600 px: 6 clicks.
 */
export function generateGermanScenario(siteUrl: string, now = new Date()): ScenarioData {
  const recorder = new ScenarioRecorder(germanScenario, `${siteUrl.replace(/\/$/, '')}${germanScenario.path}`, 17);
  const visits = recorder.visits(120, now, (index) => (index < 30 ? 0 : index < 60 ? 512 : index < 96 ? 912 : 2208));
  visits.forEach((visit, index) => {
    if (index < 30) recorder.click(visit, 'deNavPricing', { spread: { x: 20, y: 4 }, autocapture: true });
    if (index < 90) recorder.click(visit, 'deTrial', { spread: { x: 60, y: 10 }, autocapture: true });
    if (index >= 60 && index < 80) recorder.click(visit, 'deCoupon', { spread: { x: 5, y: 5 }, rage: true, dead: index < 76, autocapture: true });
    if (index >= 96 && index < 102) recorder.click(visit, 'deRegister', { spread: { x: 40, y: 4 }, autocapture: true });
  });
  return finish(recorder, visits.length);
}

/**
 * /scenarios/card: 120 visits at 1280×800; the cards are in the first screen.
 * - Card titles: 40 clicks on the first card's, 20 on the second's; 10 on the third card's price.
 * - "Quick view" in the first card does nothing: 24 visitors each fire a rage burst on it (72
 *   clicks, 24 rage clicks), 20 of them dead. Pricing: 20 clicks.
 */
export function generateCardScenario(siteUrl: string, now = new Date()): ScenarioData {
  const recorder = new ScenarioRecorder(cardScenario, `${siteUrl.replace(/\/$/, '')}${cardScenario.path}`, 19);
  const visits = recorder.visits(120, now, (index) => (index < 60 ? 0 : 800));
  visits.forEach((visit, index) => {
    if (index < 20) recorder.click(visit, 'cardNavPricing', { spread: { x: 20, y: 4 }, autocapture: true });
    if (index < 40) recorder.click(visit, 'card1Title', { spread: { x: 80, y: 6 }, autocapture: true });
    else if (index < 60) recorder.click(visit, 'card2Title', { spread: { x: 80, y: 6 }, autocapture: true });
    else if (index < 70) recorder.click(visit, 'card3Price', { spread: { x: 40, y: 4 }, autocapture: true });
    if (index >= 70 && index < 94) recorder.click(visit, 'card1Quick', { spread: { x: 6, y: 5 }, rage: true, dead: index < 90, autocapture: true });
  });
  return finish(recorder, visits.length);
}

/**
 * /scenarios/ordinary: 150 visits at 1280×800 doing what the page is for: most reach the bottom,
 * the main button takes the largest share, navigation a normal one, nothing is broken.
 */
export function generateOrdinaryScenario(siteUrl: string, now = new Date()): ScenarioData {
  const recorder = new ScenarioRecorder(ordinaryScenario, `${siteUrl.replace(/\/$/, '')}${ordinaryScenario.path}`, 11);
  const visits = recorder.visits(150, now, (index) => (index < 20 ? 0 : 800));
  visits.forEach((visit, index) => {
    if (index < 90) recorder.click(visit, 'getStarted', { spread: { x: 60, y: 10 }, autocapture: true });
    else if (index < 120) recorder.click(visit, 'guide', { spread: { x: 50, y: 4 }, autocapture: true });
    else if (index < 140) recorder.click(visit, 'examples', { spread: { x: 50, y: 4 }, autocapture: true });
    if (index < 30) recorder.click(visit, 'ordinaryNavPricing', { spread: { x: 20, y: 4 }, autocapture: true });
    else if (index < 50) recorder.click(visit, 'ordinaryNavDocs', { spread: { x: 20, y: 4 }, autocapture: true });
    else if (index < 60) recorder.click(visit, 'ordinaryNavHome', { spread: { x: 20, y: 4 }, autocapture: true });
  });
  return finish(recorder, visits.length);
}

/** The 14 whole days before `now`'s day (UTC), oldest first: the layout-change scenarios' range. */
export function layoutChangeDays(now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: 14 }, (_, index) => new Date(today - (14 - index) * 86_400_000).toISOString().slice(0, 10));
}

export interface LayoutChangeScenarioData extends ScenarioData {
  /** The range's days (YYYY-MM-DD), the filters' dateFrom and dateTo are the first and last. */
  days: string[];
  /** The day the notice bar went live (the 8th of 14), null for the control. */
  changeDay: string | null;
  /** The annotation filed that day (content, ISO datetime), null for the control. */
  annotation: { content: string; date_marker: string } | null;
}

/** Each visit's clicks: the share of visits that click each box, on top of one another. */
function layoutVisitClicks(recorder: ScenarioRecorder, visit: Visit, prefix: string, pick: number, shiftY: number, withBar: boolean): void {
  if (pick < 0.45) recorder.click(visit, `${prefix}Trial`, { spread: { x: 70, y: 12 }, shiftY, autocapture: true });
  else if (pick < 0.6) recorder.click(visit, `${prefix}Demo`, { spread: { x: 40, y: 12 }, shiftY, autocapture: true });
  else if (pick < 0.75) recorder.click(visit, `${prefix}Plans`, { spread: { x: 60, y: 10 }, shiftY, autocapture: true });
  else if (pick < 0.85) recorder.click(visit, `${prefix}Shot`, { spread: { x: 150, y: 80 }, shiftY });
  else recorder.click(visit, `${prefix}NavPricing`, { spread: { x: 20, y: 4 }, autocapture: true });
  if (withBar && pick > 0.2 && pick < 0.35) recorder.click(visit, 'noticeBar', { spread: { x: 300, y: 20 }, autocapture: true });
}

/**
 * /scenarios/layout-changed (issue 19): 14 whole days before today, 40 visits a day at 1280×800. On
 * the 8th day at 09:30 UTC a notice bar (NOTICE_BAR_HEIGHT px) went live under the header, with the
 * annotation "New pricing hero"; clicks before it were recorded with the content NOTICE_BAR_HEIGHT px
 * higher (the nav, above the bar, did not move). Visits on the change day come after 09:30.
 * - Each visit: "Start free trial" 45%, "Book a demo" 15%, "Compare plans" 15%, the screenshot 10%,
 *   Pricing 15%; after the change 15% of visits also click the bar.
 */
export function generateLayoutChangeScenario(siteUrl: string, now = new Date()): LayoutChangeScenarioData {
  const days = layoutChangeDays(now);
  const changeDay = days[7]!;
  const recorder = new ScenarioRecorder(layoutChangedScenario, `${siteUrl.replace(/\/$/, '')}${layoutChangedScenario.path}`, 23);
  const random = seededRandom(29);
  const perDay = 40;
  const timeFor = (index: number) => {
    const day = days[Math.floor(index / perDay)]!;
    const slot = index % perDay;
    // Spread over 10:00..22:00 UTC: every visit of the change day is after the deploy.
    return new Date(Date.parse(`${day}T10:00:00Z`) + slot * 18 * 60_000);
  };
  const visits = recorder.visits(days.length * perDay, now, (index) => (index % 4 === 0 ? 800 : 0), timeFor);
  visits.forEach((visit, index) => {
    const after = Math.floor(index / perDay) >= 7;
    layoutVisitClicks(recorder, visit, 'changed', random(), after ? 0 : -NOTICE_BAR_HEIGHT, after);
  });
  return { ...finish(recorder, visits.length), days, changeDay, annotation: { content: 'New pricing hero', date_marker: `${changeDay}T09:30:00Z` } };
}

/**
 * /scenarios/layout-steady, the control: the same content and clicks, a layout that never changed,
 * 30 visits a day for the first 7 days and 60 a day after (traffic doubled), no annotation.
 */
export function generateSteadyTrafficScenario(siteUrl: string, now = new Date()): LayoutChangeScenarioData {
  const days = layoutChangeDays(now);
  const recorder = new ScenarioRecorder(layoutSteadyScenario, `${siteUrl.replace(/\/$/, '')}${layoutSteadyScenario.path}`, 31);
  const random = seededRandom(37);
  const dayOf: number[] = days.flatMap((_, day) => Array.from({ length: day < 7 ? 30 : 60 }, () => day));
  const visits = recorder.visits(dayOf.length, now, (index) => (index % 4 === 0 ? 800 : 0), (index) => {
    const day = dayOf[index]!;
    const first = dayOf.indexOf(day);
    return new Date(Date.parse(`${days[day]}T08:00:00Z`) + (index - first) * 12 * 60_000);
  });
  visits.forEach((visit) => layoutVisitClicks(recorder, visit, 'steady', random(), 0, false));
  return { ...finish(recorder, visits.length), days, changeDay: null, annotation: null };
}
