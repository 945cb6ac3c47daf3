// Demo-site pages built for the page review (lib/assess): every element sits at a fixed document
// position (absolute inside a 1200 px wide block at the page's left edge), so the scenario data in
// test/server/scenario-data.ts can put interactions on them at any viewport width >= 1200 px.
//
// /scenarios/review   a page with problems: a broken "Apply coupon" button (rage clicks), a
//                     screenshot people click although it is no link, a sign-up button below where
//                     most visitors stop, and most clicks below the fold.
// /scenarios/ordinary a page with ordinary traffic: the review must find nothing.
//
// <main> spans the whole frame and comes before the header, so that both an element lookup at a
// viewport point and the layout walk lib/assess uses for off-screen points find each box.

export interface ScenarioBox {
  /** Key used by the scenario data. */
  name: string;
  tag: 'a' | 'button' | 'img' | 'h1' | 'p';
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
}

export interface Scenario {
  path: string;
  title: string;
  height: number;
  boxes: readonly ScenarioBox[];
}

const NAV_Y = 20;
const nav = (prefix: string): ScenarioBox[] => [
  { name: `${prefix}NavHome`, tag: 'a', text: 'Home', x: 24, y: NAV_Y, width: 80, height: 28, region: 'nav', href: '/scenarios/home', className: 'nav-link' },
  { name: `${prefix}NavPricing`, tag: 'a', text: 'Pricing', x: 184, y: NAV_Y, width: 90, height: 28, region: 'nav', href: '/scenarios/pricing', className: 'nav-link' },
  { name: `${prefix}NavDocs`, tag: 'a', text: 'Docs', x: 354, y: NAV_Y, width: 80, height: 28, region: 'nav', href: '/scenarios/docs', className: 'nav-link' },
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

export const scenarios: readonly Scenario[] = [reviewScenario, ordinaryScenario];

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

function renderBox(box: ScenarioBox): string {
  const style = `left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px`;
  const id = box.id ? ` id="${escapeHtml(box.id)}"` : '';
  const cls = ` class="box${box.className ? ` ${escapeHtml(box.className)}` : ''}"`;
  const text = escapeHtml(box.text);
  switch (box.tag) {
    case 'a':
      return `<a${id}${cls} href="${escapeHtml(box.href ?? '#')}" style="${style}">${text}</a>`;
    case 'button':
      return `<button type="button"${id}${cls} style="${style}">${text}</button>`;
    case 'img':
      return `<img${id}${cls} src="${SCREENSHOT_SRC}" alt="${text}" style="${style}">`;
    default:
      return `<${box.tag}${id}${cls} style="${style}">${text}</${box.tag}>`;
  }
}

export function scenarioPageHtml(scenario: Scenario): string {
  const inRegion = (region: ScenarioBox['region']) => scenario.boxes.filter((box) => box.region === region).map(renderBox).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(scenario.title)}</title>
<link rel="stylesheet" href="/assets/scenarios.css">
</head>
<body>
<div class="frame" style="height:${scenario.height}px">
<main>
${inRegion('main')}
</main>
<header class="top"><nav>
${inRegion('nav')}
</nav></header>
<footer class="bottom" style="top:${scenario.height - 80}px"><p>Acme Reports · a demo page for Heatlens</p></footer>
</div>
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
button.box{border:0;border-radius:8px;background:#3547d6;color:#fff;font:inherit;font-weight:600;cursor:pointer}
h1.box{font-size:40px;line-height:60px}
img.box{border-radius:8px;border:1px solid #e3e6ee}
`;
}
