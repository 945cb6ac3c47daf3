import { OVERLAY_HOST_ATTRIBUTE } from '../core/overlay-host';

/**
 * The overlay's place in the page: one fresh <div> under <html> (not <body>, which a page may
 * replace) holding a closed shadow root, so page CSS cannot reach inside and page scripts cannot
 * walk into it. A built-in element, never a custom one: a page can define a custom element's name
 * first, and its class then runs when Heatlens creates the host and may keep the closed root through
 * `attachInternals()` or refuse shadow DOM altogether (issue 17, test/e2e/hostile-page.test.ts).
 * Styles on the host are inline and `!important`, which outranks even `* { all: unset !important }` in the page's stylesheets. Styles inside use a constructed
 * stylesheet, which a strict Content-Security-Policy does not block the way it blocks <style>.
 */
export interface OverlayMount {
  host: HTMLElement;
  root: ShadowRoot;
  canvas: HTMLCanvasElement;
  /** Fold and scroll-depth lines, between the heat canvas and the panel. */
  guidesContainer: HTMLElement;
  panelContainer: HTMLElement;
  remove(): void;
}


const hostStyles: Record<string, string> = {
  all: 'initial',
  display: 'block',
  position: 'fixed',
  top: '0',
  left: '0',
  width: '0',
  height: '0',
  overflow: 'visible',
  margin: '0',
  padding: '0',
  border: '0',
  'z-index': '2147483647',
  'pointer-events': 'none',
};

export function mountOverlay(css: string): OverlayMount {
  const host = document.createElement('div');
  host.setAttribute(OVERLAY_HOST_ATTRIBUTE, '');
  for (const [property, value] of Object.entries(hostStyles)) host.style.setProperty(property, value, 'important');
  const root = host.attachShadow({ mode: 'closed' });

  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];

  const canvas = document.createElement('canvas');
  canvas.className = 'heat';
  canvas.setAttribute('aria-hidden', 'true');
  const guidesContainer = document.createElement('div');
  const panelContainer = document.createElement('div');
  root.append(canvas, guidesContainer, panelContainer);
  document.documentElement.append(host);

  return {
    host,
    root,
    canvas,
    guidesContainer,
    panelContainer,
    remove: () => host.remove(),
  };
}

export const canvasCss = `
canvas.heat {
  position: fixed; left: 0; top: 0; z-index: 1; pointer-events: none;
  display: block; margin: 0; padding: 0; border: 0;
}
`;
