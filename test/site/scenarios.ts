// Demo-site pages built for the page review (lib/review): every element sits at a fixed document
// position (absolute inside a 1200 px wide block at the page's left edge), so the scenario data in
// test/server/scenario-data.ts can put interactions on them at any viewport width >= 1200 px.
//
// /scenarios/review   a page with problems: a broken "Apply coupon" button (rage clicks), a
//                     screenshot people click although it is no link, a sign-up button below where
//                     most visitors stop, and most clicks below the fold.
// /scenarios/ordinary a page with ordinary traffic: the review must find nothing.
// /scenarios/look     the closing sign-up link, worded in the site's own voice ("Count me in"), far
//                     below where most visitors stop, recognisable only by its look: styled like
//                     the hero's main button (class "tone", which no list knows).
// /scenarios/de       a German page (lang="de"): a broken "Gutschein einlösen" button and a plain
//                     "Jetzt registrieren" link below reach, recognised by its German wording.
// /scenarios/container the review page's problems on a page that scrolls inside a container
//                     (the window never scrolls), as app-like pages do.
// /scenarios/card     product cards that are clickable as a whole, with a broken "Quick view"
//                     button inside the first (its label in a <span>).
//
// <main> spans the whole frame and comes before the header, so that both an element lookup at a
// viewport point and the layout walk lib/review uses for off-screen points find each box.

export interface ScenarioBox {
  /** Key used by the scenario data. */
  name: string;
  tag: 'a' | 'button' | 'img' | 'h1' | 'h3' | 'p' | 'article';
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Part of the page the element is in: the header's <nav>, <main> or <footer>. */
  region: 'nav' | 'main' | 'footer';
  id?: string;
  href?: string;
  className?: string;
  /** The box this one sits in (its name); coordinates stay page coordinates. */
  parent?: string;
  /** An ARIA role, with tabindex 0 (a card that is clickable as a whole). */
  role?: string;
  /** A button's label sits in a <span>, as design systems render it. */
  labelInSpan?: boolean;
}

export interface Scenario {
  path: string;
  title: string;
  height: number;
  boxes: readonly ScenarioBox[];
  /** The page's language (the html element's lang); 'en' when not given. */
  lang?: string;
  /** 'container': the window stays still and a full-window pane scrolls the page. */
  scroll?: 'window' | 'container';
}

const NAV_Y = 20;
const nav = (prefix: string, [home, pricing, docs] = ['Home', 'Pricing', 'Docs']): ScenarioBox[] => [
  { name: `${prefix}NavHome`, tag: 'a', text: home, x: 24, y: NAV_Y, width: 80, height: 28, region: 'nav', href: '/scenarios/home', className: 'nav-link' },
  { name: `${prefix}NavPricing`, tag: 'a', text: pricing, x: 184, y: NAV_Y, width: 90, height: 28, region: 'nav', href: '/scenarios/pricing', className: 'nav-link' },
  { name: `${prefix}NavDocs`, tag: 'a', text: docs, x: 354, y: NAV_Y, width: 80, height: 28, region: 'nav', href: '/scenarios/docs', className: 'nav-link' },
];

export const reviewScenario: Scenario = {
  path: '/scenarios/review',
  title: 'Acme Reports: scenario with problems',
  height: 3000,
  boxes: [
    ...nav('review'),
    { name: 'reviewHeading', tag: 'h1', text: 'Reports your team will read', x: 80, y: 140, width: 800, height: 60, region: 'main' },
    { name: 'reviewIntro', tag: 'p', text: 'Weekly summaries of what changed, sent where your team already works.', x: 80, y: 220, width: 800, height: 60, region: 'main' },
    // An image, not a link: visitors click it expecting a larger view.
    { name: 'screenshot', tag: 'img', text: 'Dashboard screenshot', x: 80, y: 880, width: 480, height: 270, region: 'main', id: 'dashboard-shot' },
    // A button with no handler: it does nothing, so visitors click it again and again.
    { name: 'coupon', tag: 'button', text: 'Apply coupon', x: 640, y: 1400, width: 200, height: 48, region: 'main', id: 'apply-coupon' },
    { name: 'reviewDetails', tag: 'p', text: 'Every report links back to the chart it came from.', x: 80, y: 1900, width: 800, height: 60, region: 'main' },
    // The page's call to action, far below where most visitors stop scrolling.
    { name: 'signup', tag: 'button', text: 'Sign up for the beta', x: 80, y: 2600, width: 260, height: 56, region: 'main', id: 'beta-signup' },
  ],
};

export const ordinaryScenario: Scenario = {
  path: '/scenarios/ordinary',
  title: 'Acme Reports: ordinary traffic',
  height: 1600,
  boxes: [
    ...nav('ordinary'),
    { name: 'ordinaryHeading', tag: 'h1', text: 'Reports your team will read', x: 80, y: 140, width: 800, height: 60, region: 'main' },
    { name: 'getStarted', tag: 'button', text: 'Get started', x: 80, y: 300, width: 200, height: 56, region: 'main', id: 'get-started' },
    { name: 'guide', tag: 'a', text: 'Read the guide', x: 80, y: 700, width: 200, height: 32, region: 'main', href: '/scenarios/guide', id: 'read-guide' },
    { name: 'examples', tag: 'a', text: 'See examples', x: 80, y: 1000, width: 200, height: 32, region: 'main', href: '/scenarios/examples', id: 'see-examples' },
  ],
};

export const lookScenario: Scenario = {
  path: '/scenarios/look',
  title: 'Tally: a CTA known only by its look',
  height: 3000,
  boxes: [
    ...nav('look'),
    { name: 'lookHeading', tag: 'h1', text: 'Counting that keeps up with you', x: 80, y: 140, width: 800, height: 60, region: 'main' },
    { name: 'lookIntro', tag: 'p', text: 'Tally adds up what your shop sells, hour by hour, without a spreadsheet.', x: 80, y: 220, width: 800, height: 60, region: 'main' },
    // The page's main button: a link styled as a filled box; its words are the site's own.
    { name: 'tour', tag: 'a', text: 'Take the tour', x: 80, y: 320, width: 220, height: 56, region: 'main', href: '/scenarios/look/tour', className: 'tone', id: 'take-tour' },
    { name: 'changelog', tag: 'a', text: 'Read the changelog', x: 340, y: 332, width: 200, height: 32, region: 'main', href: '/scenarios/look/changelog', id: 'changelog' },
    { name: 'lookDetails', tag: 'p', text: 'Every figure links back to the receipts it came from.', x: 80, y: 1200, width: 800, height: 60, region: 'main' },
    // A plain text link far down: not a call to action, so no finding even though few reach it.
    { name: 'history', tag: 'a', text: 'Older releases', x: 80, y: 2400, width: 200, height: 32, region: 'main', href: '/scenarios/look/history', id: 'older-releases' },
    // The closing sign-up link: styled exactly like the main button, worded in the site's voice.
    { name: 'countMeIn', tag: 'a', text: 'Count me in', x: 80, y: 2600, width: 260, height: 56, region: 'main', href: '/scenarios/look/join', className: 'tone', id: 'count-me-in' },
  ],
};

export const germanScenario: Scenario = {
  path: '/scenarios/de',
  title: 'Acme Berichte: Szenario auf Deutsch',
  height: 3000,
  lang: 'de',
  boxes: [
    ...nav('de', ['Start', 'Preise', 'Hilfe']),
    { name: 'deHeading', tag: 'h1', text: 'Berichte, die Ihr Team liest', x: 80, y: 140, width: 800, height: 60, region: 'main' },
    { name: 'deTrial', tag: 'button', text: 'Kostenlos testen', x: 80, y: 300, width: 240, height: 56, region: 'main', id: 'kostenlos-testen' },
    // A button with no handler: visitors click it again and again.
    { name: 'deCoupon', tag: 'button', text: 'Gutschein einlösen', x: 640, y: 1000, width: 240, height: 48, region: 'main', id: 'gutschein' },
    { name: 'deDetails', tag: 'p', text: 'Jeder Bericht verweist auf das Diagramm, aus dem er stammt.', x: 80, y: 1900, width: 800, height: 60, region: 'main' },
    // A plain link, not styled as a button: only its German wording makes it the call to action.
    { name: 'deRegister', tag: 'a', text: 'Jetzt registrieren', x: 80, y: 2600, width: 240, height: 32, region: 'main', href: '/scenarios/de/registrieren', id: 'registrieren' },
  ],
};

export const containerScenario: Scenario = {
  ...reviewScenario,
  path: '/scenarios/container',
  title: 'Acme Reports: scrolling inside a container',
  scroll: 'container',
  boxes: reviewScenario.boxes.map((box) => ({ ...box, name: box.name.replace(/^review/, 'container') })),
};

const card = (index: number, title: string, price: string, x: number): ScenarioBox[] => [
  { name: `card${index}`, tag: 'article', text: '', x, y: 260, width: 320, height: 360, region: 'main', role: 'link', className: 'card', id: `card-${index}` },
  { name: `card${index}Title`, tag: 'h3', text: title, x: x + 24, y: 440, width: 272, height: 40, region: 'main', parent: `card${index}` },
  { name: `card${index}Price`, tag: 'p', text: price, x: x + 24, y: 488, width: 272, height: 32, region: 'main', parent: `card${index}` },
  { name: `card${index}Quick`, tag: 'button', text: 'Quick view', x: x + 24, y: 544, width: 160, height: 48, region: 'main', parent: `card${index}`, id: `quick-view-${index}`, labelInSpan: true },
];

export const cardScenario: Scenario = {
  path: '/scenarios/card',
  title: 'Trailhead: a hot button inside a clickable card',
  height: 1600,
  boxes: [
    ...nav('card'),
    { name: 'cardHeading', tag: 'h1', text: 'Trail shoes', x: 80, y: 140, width: 800, height: 60, region: 'main' },
    ...card(1, 'Ridge Runner 2', '€ 89', 80),
    ...card(2, 'Scree Grip', '€ 119', 440),
    ...card(3, 'Moss Walker', '€ 74', 800),
  ],
};

/** How far the layout-change page's content moved down on the day of the change: the notice bar's height. */
export const NOTICE_BAR_HEIGHT = 96;

/** The layout-change pages' content below the header (current coordinates; `shift` moves it down). */
const layoutContent = (prefix: string, shift: number): ScenarioBox[] => [
  { name: `${prefix}Heading`, tag: 'h1', text: 'Reports your team will read', x: 80, y: 104 + shift, width: 800, height: 60, region: 'main' },
  { name: `${prefix}Intro`, tag: 'p', text: 'Weekly summaries of what changed, sent where your team already works. No setup, no new tool to learn.', x: 80, y: 176 + shift, width: 800, height: 80, region: 'main' },
  { name: `${prefix}Trial`, tag: 'button', text: 'Start free trial', x: 80, y: 280 + shift, width: 240, height: 56, region: 'main', id: `${prefix}-trial` },
  { name: `${prefix}Demo`, tag: 'a', text: 'Book a demo', x: 360, y: 280 + shift, width: 160, height: 56, region: 'main', href: '/scenarios/home' },
  { name: `${prefix}Shot`, tag: 'img', text: 'Dashboard screenshot', x: 80, y: 424 + shift, width: 480, height: 270, region: 'main' },
  { name: `${prefix}Plans`, tag: 'button', text: 'Compare plans', x: 640, y: 504 + shift, width: 200, height: 48, region: 'main', id: `${prefix}-plans` },
];

/**
 * A page whose layout changed mid-range (issue 19): on the day of the change a notice bar was inserted
 * under the header, above the fold, pushing everything below it down by its height. Served as it is
 * now (with the bar); clicks recorded before the change sit NOTICE_BAR_HEIGHT px higher
 * (test/server/scenario-data.ts generateLayoutChangeScenario).
 */
export const layoutChangedScenario: Scenario = {
  path: '/scenarios/layout-changed',
  title: 'Acme Reports: a page whose layout changed',
  height: 1600,
  boxes: [
    ...nav('changed'),
    { name: 'noticeBar', tag: 'button', text: 'New: pricing for teams. See the plans', x: 0, y: 76, width: 1200, height: NOTICE_BAR_HEIGHT - 8, region: 'main', id: 'notice-bar' },
    ...layoutContent('changed', NOTICE_BAR_HEIGHT),
  ],
};

/** The control: the same content, a layout that never changed, traffic that doubled mid-range. */
export const layoutSteadyScenario: Scenario = {
  path: '/scenarios/layout-steady',
  title: 'Acme Reports: steady layout, growing traffic',
  height: 1600,
  boxes: [...nav('steady'), ...layoutContent('steady', 0)],
};

export const scenarios: readonly Scenario[] = [reviewScenario, ordinaryScenario, lookScenario, germanScenario, containerScenario, cardScenario, layoutChangedScenario, layoutSteadyScenario];

/** The box of a scenario by name; throws on a typo so tests cannot silently check nothing. */
export function scenarioBox(scenario: Scenario, name: string): ScenarioBox {
  const box = scenario.boxes.find((candidate) => candidate.name === name);
  if (!box) throw new Error(`no box ${name} in ${scenario.path}`);
  return box;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A plain picture of a chart, inline so the page needs nothing from the network. */
const SCREENSHOT_SRC = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="270"><rect width="480" height="270" fill="#eef1fb"/><polyline points="20,230 100,180 180,200 260,120 340,140 460,40" fill="none" stroke="#3547d6" stroke-width="6"/></svg>',
)}`;

function renderBox(box: ScenarioBox, all: readonly ScenarioBox[]): string {
  const parent = box.parent ? all.find((candidate) => candidate.name === box.parent) : undefined;
  const left = box.x - (parent?.x ?? 0);
  const top = box.y - (parent?.y ?? 0);
  const style = `left:${left}px;top:${top}px;width:${box.width}px;height:${box.height}px`;
  const id = box.id ? ` id="${escapeHtml(box.id)}"` : '';
  const cls = ` class="box${box.className ? ` ${escapeHtml(box.className)}` : ''}"`;
  const role = box.role ? ` role="${escapeHtml(box.role)}" tabindex="0"` : '';
  const text = escapeHtml(box.text);
  const children = all
    .filter((candidate) => candidate.parent === box.name)
    .map((child) => renderBox(child, all))
    .join('');
  switch (box.tag) {
    case 'a':
      return `<a${id}${cls} href="${escapeHtml(box.href ?? '#')}" style="${style}">${text}</a>`;
    case 'button':
      // With the label in a <span>, the element under the pointer is the span, the element people
      // aim at is the button.
      return `<button type="button"${id}${cls} style="${style}">${box.labelInSpan ? `<span>${text}</span>` : text}</button>`;
    case 'img':
      return `<img${id}${cls} src="${SCREENSHOT_SRC}" alt="${text}" style="${style}">`;
    default:
      return `<${box.tag}${id}${cls}${role} style="${style}">${text}${children}</${box.tag}>`;
  }
}

export function scenarioPageHtml(scenario: Scenario): string {
  const inRegion = (region: ScenarioBox['region']) =>
    scenario.boxes
      .filter((box) => box.region === region && !box.parent)
      .map((box) => renderBox(box, scenario.boxes))
      .join('\n');
  const frame = `<div class="frame" style="height:${scenario.height}px">
<main>
${inRegion('main')}
</main>
<header class="top"><nav>
${inRegion('nav')}
</nav></header>
<footer class="bottom" style="top:${scenario.height - 80}px"><p>${scenario.lang === 'de' ? 'Acme Berichte · eine Demoseite für Heatlens' : 'Acme Reports · a demo page for Heatlens'}</p></footer>
</div>`;
  return `<!doctype html>
<html lang="${escapeHtml(scenario.lang ?? 'en')}"${scenario.scroll === 'container' ? ' class="in-container"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(scenario.title)}</title>
<link rel="stylesheet" href="/assets/scenarios.css">
</head>
<body>
${scenario.scroll === 'container' ? `<div class="pane" id="pane">\n${frame}\n</div>` : frame}
</body>
</html>
`;
}

export function scenarioStylesheet(): string {
  return `html{scrollbar-width:none;scroll-behavior:auto}
html::-webkit-scrollbar{display:none}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;color:#1b1f2b;background:#f7f8fb}
.frame{position:relative;width:1200px;margin:0}
main{position:absolute;left:0;top:0;width:1200px;height:100%}
.top{position:absolute;left:0;top:0;width:1200px;height:68px;border-bottom:1px solid #e3e6ee;background:#fff}
.bottom{position:absolute;left:0;width:1200px;height:80px;margin:0;color:#4b5263}
.bottom p{margin:24px}
.box{position:absolute;box-sizing:border-box;margin:0;overflow:hidden}
a.box{display:flex;align-items:center;color:#3547d6;text-decoration:none}
button.box,a.box.tone{border:0;border-radius:8px;background:#3547d6;color:#fff;font:inherit;font-weight:600;cursor:pointer}
a.box.tone{justify-content:center}
.card{background:#fff;border:1px solid #e3e6ee;border-radius:12px;cursor:pointer}
h3.box{font-size:22px;line-height:40px}
html.in-container,html.in-container body{height:100%;overflow:hidden}
.pane{position:fixed;inset:0;overflow:auto;scrollbar-width:none}
.pane::-webkit-scrollbar{display:none}
h1.box{font-size:40px;line-height:60px}
img.box{border-radius:8px;border:1px solid #e3e6ee}
`;
}
