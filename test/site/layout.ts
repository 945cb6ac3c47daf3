// Geometry of the demo landing page "/", as data. pages.ts renders the HTML and CSS from these very
// specs, and demoLayout() resolves them to pixel rects, so tests know where every clickable thing is at
// any viewport width without opening a browser.
//
// Why the page is built this way: every box is absolutely positioned inside a centred container with an
// explicit size, and text is clipped inside its box, so no position depends on fonts. Scrollbars are
// hidden on the page, so the layout width equals window.innerWidth (what posthog-js reports).
// Chromium lays out in 1/64 px units, so real rects may differ from these by a fraction of a pixel.

export const MOBILE_BREAKPOINT = 768; // below this width the page stacks its columns
export const CONTAINER_MAX_WIDTH = 1200;
export const DESKTOP_PAGE_PADDING = 24;
export const MOBILE_PAGE_PADDING = 16;
export const MIN_VIEWPORT_WIDTH = 320;

/** How a box sits horizontally inside the container. */
export type Horizontal =
  /** `offset` px from the container's left edge. */
  | { align: 'start'; offset: number; width: number }
  /** `offset` px from the container's right edge. */
  | { align: 'end'; offset: number; width: number }
  /**
   * Centred. Without `span`, the box is `width` wide, shrunk to the container if narrower. With `span`,
   * a row `span` px wide is centred and the box sits `shift` px into it (e.g. a form row).
   */
  | { align: 'center'; width: number; span?: number; shift?: number }
  /** The container's full width less `inset` on each side. */
  | { align: 'fill'; inset: number }
  /** Column `index` of `count` equal columns separated by `gap`, less `inset` each side; `width` caps it. */
  | { align: 'column'; index: number; count: number; gap: number; inset: number; width?: number };

export type BoxElement = 'a' | 'button' | 'input' | 'div' | 'h1' | 'h2' | 'h3' | 'p' | 'span';

export interface BoxSpec {
  name: string;
  /** Targets are the clickable things tests and sample data aim at; the rest is decoration. */
  role: 'target' | 'card' | 'text';
  element: BoxElement;
  text: string;
  /** Second line revealed when an accordion item opens, inside the same fixed box. */
  detail?: string;
  /** For links that scroll within the page: the section id they scroll to. */
  scrollTo?: string;
  top: number;
  height: number;
  horizontal: Horizontal;
}

export type SectionId = 'header' | 'hero' | 'features' | 'pricing' | 'faq' | 'signup' | 'footer';

export interface SectionSpec {
  id: SectionId;
  height: number;
  /** The sticky header: its boxes are reported in viewport coordinates and as fixed. */
  sticky: boolean;
  boxes: BoxSpec[];
}

export const TARGET_NAMES = [
  'navLogo',
  'navFeatures',
  'navPricing',
  'navFaq',
  'navSignIn',
  'navGetStarted',
  'heroCta',
  'heroDemo',
  'featureLearnMore1',
  'featureLearnMore2',
  'featureLearnMore3',
  'featureLearnMore4',
  'featureLearnMore5',
  'pricingStarter',
  'pricingPro',
  'pricingEnterprise',
  'faq1',
  'faq2',
  'faq3',
  'faq4',
  'faq5',
  'signupEmail',
  'signupSubmit',
  'footerFeatures',
  'footerPricing',
  'footerChangelog',
  'footerAbout',
  'footerBlog',
  'footerCareers',
  'footerDocs',
  'footerGuides',
  'footerStatus',
  'footerPrivacy',
  'footerTerms',
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TargetRect extends Rect {
  /** True for the sticky header: x/y are then viewport coordinates, as posthog-js records them. */
  fixed: boolean;
}

// ---------------------------------------------------------------------------------------------
// Content

const FEATURES = [
  ['Live heatmaps', 'See where visitors click, right on your own page.'],
  ['Rage-click alerts', 'Spot buttons that frustrate people before they churn.'],
  ['Scroll depth', 'Learn how far down the page your message reaches.'],
  ['Session replays', 'Jump from a hot spot to the sessions behind it.'],
  ['Privacy first', 'No cookies needed, and your data stays yours.'],
  ['Coming soon: AI notes', 'Automatic summaries of what changed this week.'],
] as const;

const PLANS = [
  ['pricingStarter', 'Starter', '$0 / month', 'Up to 10k events. Community support.', 'Choose Starter'],
  ['pricingPro', 'Pro', '$49 / month', 'Unlimited events. Alerts. Email support.', 'Choose Pro'],
  ['pricingEnterprise', 'Enterprise', 'Custom', 'SSO, audit logs, a named engineer.', 'Contact sales'],
] as const;

const FAQS = [
  ['How does the free trial work?', 'You get every Pro feature for 14 days, no card needed.'],
  ['Can I cancel at any time?', 'Yes: plans are monthly and cancel with one click.'],
  ['Do you store personal data?', 'Only what you choose to send; IPs are discarded.'],
  ['Which browsers are supported?', 'Every current version of Chrome, Firefox, Safari and Edge.'],
  ['Is there an API?', 'Yes: everything in the app is available over a REST API.'],
] as const;

const FOOTER_COLUMNS = [
  ['Product', [['footerFeatures', 'Features'], ['footerPricing', 'Pricing'], ['footerChangelog', 'Changelog']]],
  ['Company', [['footerAbout', 'About'], ['footerBlog', 'Blog'], ['footerCareers', 'Careers']]],
  ['Resources', [['footerDocs', 'Docs'], ['footerGuides', 'Guides'], ['footerStatus', 'Status']]],
  ['Legal', [['footerPrivacy', 'Privacy'], ['footerTerms', 'Terms']]],
] as const;

// ---------------------------------------------------------------------------------------------
// Sections, one spec per layout mode

function headerSection(mobile: boolean): SectionSpec {
  const link = (name: TargetName, text: string, scrollTo: string | undefined, horizontal: Horizontal, top: number, height: number): BoxSpec => ({
    name,
    role: 'target',
    element: 'a',
    text,
    scrollTo,
    top,
    height,
    horizontal,
  });
  if (mobile) {
    return {
      id: 'header',
      height: 104,
      sticky: true,
      boxes: [
        link('navLogo', 'Acme Analytics', 'hero', { align: 'start', offset: 0, width: 120 }, 12, 32),
        { name: 'navGetStarted', role: 'target', element: 'button', text: 'Get started', top: 8, height: 40, horizontal: { align: 'end', offset: 0, width: 120 } },
        link('navFeatures', 'Features', 'features', { align: 'start', offset: 0, width: 76 }, 64, 32),
        link('navPricing', 'Pricing', 'pricing', { align: 'start', offset: 84, width: 68 }, 64, 32),
        link('navFaq', 'FAQ', 'faq', { align: 'start', offset: 160, width: 48 }, 64, 32),
        link('navSignIn', 'Sign in', undefined, { align: 'start', offset: 216, width: 68 }, 64, 32),
      ],
    };
  }
  return {
    id: 'header',
    height: 64,
    sticky: true,
    boxes: [
      link('navLogo', 'Acme Analytics', 'hero', { align: 'start', offset: 0, width: 140 }, 16, 32),
      link('navFeatures', 'Features', 'features', { align: 'start', offset: 200, width: 96 }, 16, 32),
      link('navPricing', 'Pricing', 'pricing', { align: 'start', offset: 304, width: 88 }, 16, 32),
      link('navFaq', 'FAQ', 'faq', { align: 'start', offset: 400, width: 64 }, 16, 32),
      link('navSignIn', 'Sign in', undefined, { align: 'end', offset: 152, width: 88 }, 12, 40),
      { name: 'navGetStarted', role: 'target', element: 'button', text: 'Get started', top: 12, height: 40, horizontal: { align: 'end', offset: 0, width: 136 } },
    ],
  };
}

function heroSection(mobile: boolean): SectionSpec {
  const heading = 'Know what your visitors really do';
  const sub = 'Heatmaps, rage clicks and scroll depth on the page you are looking at.';
  if (mobile) {
    return {
      id: 'hero',
      height: 560,
      sticky: false,
      boxes: [
        { name: 'heroHeading', role: 'text', element: 'h1', text: heading, top: 64, height: 160, horizontal: { align: 'fill', inset: 0 } },
        { name: 'heroSubheading', role: 'text', element: 'p', text: sub, top: 240, height: 80, horizontal: { align: 'fill', inset: 0 } },
        { name: 'heroCta', role: 'target', element: 'button', text: 'Start free trial', top: 352, height: 56, horizontal: { align: 'fill', inset: 0 } },
        { name: 'heroDemo', role: 'target', element: 'a', text: 'Watch the demo', top: 432, height: 32, horizontal: { align: 'center', width: 160 } },
      ],
    };
  }
  return {
    id: 'hero',
    height: 640,
    sticky: false,
    boxes: [
      { name: 'heroHeading', role: 'text', element: 'h1', text: heading, top: 120, height: 112, horizontal: { align: 'center', width: 880 } },
      { name: 'heroSubheading', role: 'text', element: 'p', text: sub, top: 248, height: 56, horizontal: { align: 'center', width: 640 } },
      { name: 'heroCta', role: 'target', element: 'button', text: 'Start free trial', top: 352, height: 64, horizontal: { align: 'center', width: 280 } },
      { name: 'heroDemo', role: 'target', element: 'a', text: 'Watch the demo', top: 440, height: 32, horizontal: { align: 'center', width: 160 } },
    ],
  };
}

function featuresSection(mobile: boolean): SectionSpec {
  const boxes: BoxSpec[] = [
    {
      name: 'featuresTitle',
      role: 'text',
      element: 'h2',
      text: 'Everything you need to read a page',
      top: mobile ? 48 : 72,
      height: mobile ? 40 : 48,
      horizontal: mobile ? { align: 'fill', inset: 0 } : { align: 'center', width: 600 },
    },
  ];
  FEATURES.forEach(([title, body], index) => {
    const cardTop = mobile ? 120 + index * 256 : 176 + Math.floor(index / 3) * 344;
    const cardHeight = mobile ? 240 : 320;
    const within = (inset: number, width?: number): Horizontal =>
      mobile ? (width ? { align: 'start', offset: inset, width } : { align: 'fill', inset }) : { align: 'column', index: index % 3, count: 3, gap: 24, inset, width };
    const n = index + 1;
    boxes.push(
      { name: `featureCard${n}`, role: 'card', element: 'div', text: '', top: cardTop, height: cardHeight, horizontal: within(0) },
      { name: `featureTitle${n}`, role: 'text', element: 'h3', text: title, top: cardTop + 24, height: 32, horizontal: within(24) },
      { name: `featureBody${n}`, role: 'text', element: 'p', text: body, top: cardTop + (mobile ? 64 : 72), height: 96, horizontal: within(24) },
    );
    // The sixth feature is not released yet, so it has no link: the demo's data leaves it cold.
    if (n < FEATURES.length) {
      boxes.push({
        name: `featureLearnMore${n}`,
        role: 'target',
        element: 'a',
        text: 'Learn more',
        top: cardTop + (mobile ? 184 : 248),
        height: 32,
        horizontal: within(24, 128),
      });
    }
  });
  return { id: 'features', height: mobile ? 1704 : 960, sticky: false, boxes };
}

function pricingSection(mobile: boolean): SectionSpec {
  const boxes: BoxSpec[] = [
    {
      name: 'pricingTitle',
      role: 'text',
      element: 'h2',
      text: 'Simple pricing',
      top: mobile ? 48 : 72,
      height: mobile ? 40 : 48,
      horizontal: mobile ? { align: 'fill', inset: 0 } : { align: 'center', width: 600 },
    },
  ];
  PLANS.forEach(([buttonName, plan, price, summary, buttonText], index) => {
    const cardTop = mobile ? 120 + index * 496 : 168;
    const inset = mobile ? 24 : 32;
    const within = (boxInset: number): Horizontal =>
      mobile ? { align: 'fill', inset: boxInset } : { align: 'column', index, count: 3, gap: 24, inset: boxInset };
    const n = index + 1;
    boxes.push(
      { name: `pricingCard${n}`, role: 'card', element: 'div', text: '', top: cardTop, height: mobile ? 480 : 560, horizontal: within(0) },
      { name: `pricingPlan${n}`, role: 'text', element: 'h3', text: plan, top: cardTop + (mobile ? 24 : 32), height: 32, horizontal: within(inset) },
      { name: `pricingPrice${n}`, role: 'text', element: 'p', text: price, top: cardTop + (mobile ? 64 : 80), height: 56, horizontal: within(inset) },
      { name: `pricingSummary${n}`, role: 'text', element: 'p', text: summary, top: cardTop + (mobile ? 136 : 160), height: 200, horizontal: within(inset) },
      { name: buttonName, role: 'target', element: 'button', text: buttonText, top: cardTop + (mobile ? 392 : 472), height: 56, horizontal: within(inset) },
    );
  });
  return { id: 'pricing', height: mobile ? 1656 : 880, sticky: false, boxes };
}

function faqSection(mobile: boolean): SectionSpec {
  const boxes: BoxSpec[] = [
    {
      name: 'faqTitle',
      role: 'text',
      element: 'h2',
      text: 'Frequently asked questions',
      top: mobile ? 48 : 72,
      height: mobile ? 40 : 48,
      horizontal: mobile ? { align: 'fill', inset: 0 } : { align: 'center', width: 600 },
    },
  ];
  FAQS.forEach(([question, answer], index) => {
    boxes.push({
      name: `faq${index + 1}`,
      role: 'target',
      element: 'button',
      text: question,
      detail: answer,
      top: (mobile ? 120 : 168) + index * 88,
      height: 72,
      horizontal: mobile ? { align: 'fill', inset: 0 } : { align: 'center', width: 800 },
    });
  });
  return { id: 'faq', height: mobile ? 608 : 720, sticky: false, boxes };
}

function signupSection(mobile: boolean): SectionSpec {
  const heading = 'Start seeing your page the way visitors do';
  const sub = 'Fourteen days free. No card required.';
  if (mobile) {
    return {
      id: 'signup',
      height: 368,
      sticky: false,
      boxes: [
        { name: 'signupHeading', role: 'text', element: 'h2', text: heading, top: 48, height: 40, horizontal: { align: 'fill', inset: 0 } },
        { name: 'signupText', role: 'text', element: 'p', text: sub, top: 96, height: 48, horizontal: { align: 'fill', inset: 0 } },
        { name: 'signupEmail', role: 'target', element: 'input', text: 'you@company.com', top: 160, height: 56, horizontal: { align: 'fill', inset: 0 } },
        { name: 'signupSubmit', role: 'target', element: 'button', text: 'Create account', top: 232, height: 56, horizontal: { align: 'fill', inset: 0 } },
      ],
    };
  }
  return {
    id: 'signup',
    height: 480,
    sticky: false,
    boxes: [
      { name: 'signupHeading', role: 'text', element: 'h2', text: heading, top: 80, height: 48, horizontal: { align: 'center', width: 640 } },
      { name: 'signupText', role: 'text', element: 'p', text: sub, top: 144, height: 32, horizontal: { align: 'center', width: 560 } },
      { name: 'signupEmail', role: 'target', element: 'input', text: 'you@company.com', top: 216, height: 56, horizontal: { align: 'center', width: 360, span: 560, shift: 0 } },
      { name: 'signupSubmit', role: 'target', element: 'button', text: 'Create account', top: 216, height: 56, horizontal: { align: 'center', width: 184, span: 560, shift: 376 } },
    ],
  };
}

function footerSection(mobile: boolean): SectionSpec {
  const boxes: BoxSpec[] = [];
  FOOTER_COLUMNS.forEach(([heading, links], columnIndex) => {
    const horizontal: Horizontal = mobile
      ? { align: 'column', index: columnIndex % 2, count: 2, gap: 16, inset: 0, width: 140 }
      : { align: 'column', index: columnIndex, count: 4, gap: 24, inset: 0, width: 140 };
    const blockTop = mobile ? 48 + Math.floor(columnIndex / 2) * 176 : 64;
    boxes.push({ name: `footerHeading${columnIndex + 1}`, role: 'text', element: 'h3', text: heading, top: blockTop, height: 24, horizontal });
    links.forEach(([name, text], linkIndex) => {
      boxes.push({ name, role: 'target', element: 'a', text, top: blockTop + (mobile ? 36 : 40) + linkIndex * 36, height: 28, horizontal });
    });
  });
  boxes.push({
    name: 'footerCopyright',
    role: 'text',
    element: 'p',
    text: '© Acme Analytics. A demo site for Heatlens.',
    top: mobile ? 400 : 320,
    height: 24,
    horizontal: { align: 'fill', inset: 0 },
  });
  return { id: 'footer', height: mobile ? 448 : 400, sticky: false, boxes };
}

const sectionCache = new Map<boolean, SectionSpec[]>();

/** The page's sections, top to bottom, in desktop or mobile (stacked) mode. */
export function demoSections(mobile: boolean): SectionSpec[] {
  let sections = sectionCache.get(mobile);
  if (!sections) {
    sections = [headerSection(mobile), heroSection(mobile), featuresSection(mobile), pricingSection(mobile), faqSection(mobile), signupSection(mobile), footerSection(mobile)];
    sectionCache.set(mobile, sections);
  }
  return sections;
}

// ---------------------------------------------------------------------------------------------
// Resolution to pixels

export function isMobileWidth(viewportWidth: number): boolean {
  return viewportWidth < MOBILE_BREAKPOINT;
}

export function pagePadding(viewportWidth: number): number {
  return isMobileWidth(viewportWidth) ? MOBILE_PAGE_PADDING : DESKTOP_PAGE_PADDING;
}

/** The centred container's width and left edge at this viewport width. */
export function containerBox(viewportWidth: number): { left: number; width: number } {
  const width = Math.min(CONTAINER_MAX_WIDTH, viewportWidth - 2 * pagePadding(viewportWidth));
  return { left: (viewportWidth - width) / 2, width };
}

/** A box's left offset and width inside a container `containerWidth` wide. */
export function resolveHorizontal(horizontal: Horizontal, containerWidth: number): { left: number; width: number } {
  switch (horizontal.align) {
    case 'start':
      return { left: horizontal.offset, width: horizontal.width };
    case 'end':
      return { left: containerWidth - horizontal.offset - horizontal.width, width: horizontal.width };
    case 'center': {
      if (horizontal.span !== undefined) {
        return { left: (containerWidth - horizontal.span) / 2 + (horizontal.shift ?? 0), width: horizontal.width };
      }
      const width = Math.min(horizontal.width, containerWidth);
      return { left: (containerWidth - width) / 2, width };
    }
    case 'fill':
      return { left: horizontal.inset, width: containerWidth - 2 * horizontal.inset };
    case 'column': {
      const columnWidth = (containerWidth - (horizontal.count - 1) * horizontal.gap) / horizontal.count;
      const innerWidth = columnWidth - 2 * horizontal.inset;
      return {
        left: horizontal.index * (columnWidth + horizontal.gap) + horizontal.inset,
        width: horizontal.width === undefined ? innerWidth : Math.min(horizontal.width, innerWidth),
      };
    }
  }
}

export interface ResolvedBox extends TargetRect {
  spec: BoxSpec;
  section: SectionId;
}

/** Every box of the page (targets, cards, text) as document rects; sticky-header boxes as viewport rects. */
export function demoBoxes(viewportWidth: number): ResolvedBox[] {
  if (!(viewportWidth >= MIN_VIEWPORT_WIDTH)) throw new RangeError(`viewport width must be at least ${MIN_VIEWPORT_WIDTH}`);
  const container = containerBox(viewportWidth);
  const boxes: ResolvedBox[] = [];
  let sectionTop = 0;
  for (const section of demoSections(isMobileWidth(viewportWidth))) {
    for (const spec of section.boxes) {
      const { left, width } = resolveHorizontal(spec.horizontal, container.width);
      boxes.push({
        spec,
        section: section.id,
        x: container.left + left,
        // The sticky header is the first section, so its viewport y equals its document y.
        y: sectionTop + spec.top,
        width,
        height: spec.height,
        fixed: section.sticky,
      });
    }
    sectionTop += section.height;
  }
  return boxes;
}

/** Rect of every named clickable target at this viewport width. */
export function demoLayout(viewportWidth: number): Record<TargetName, TargetRect> {
  const layout = {} as Record<TargetName, TargetRect>;
  for (const box of demoBoxes(viewportWidth)) {
    if (box.spec.role !== 'target') continue;
    layout[box.spec.name as TargetName] = { x: box.x, y: box.y, width: box.width, height: box.height, fixed: box.fixed };
  }
  return layout;
}

/** Document y where each section starts. */
export function demoSectionTops(viewportWidth: number): Record<SectionId, number> {
  const tops = {} as Record<SectionId, number>;
  let top = 0;
  for (const section of demoSections(isMobileWidth(viewportWidth))) {
    tops[section.id] = top;
    top += section.height;
  }
  return tops;
}

export function demoPageHeight(viewportWidth: number): number {
  return demoSections(isMobileWidth(viewportWidth)).reduce((sum, section) => sum + section.height, 0);
}

/** Rect of any box by name (e.g. 'featureCard6'), or undefined. */
export function demoBoxRect(viewportWidth: number, name: string): TargetRect | undefined {
  const box = demoBoxes(viewportWidth).find((candidate) => candidate.spec.name === name);
  return box && { x: box.x, y: box.y, width: box.width, height: box.height, fixed: box.fixed };
}
