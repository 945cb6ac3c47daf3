import type { Page } from 'puppeteer-core';
import { PNG } from 'pngjs';

type DomNode = { localName?: string; attributes?: string[]; shadowRoots?: DomNode[]; children?: DomNode[]; backendNodeId: number };
type Session = Awaited<ReturnType<Page['createCDPSession']>>;

/** The overlay's host element in DevTools' view of the page (which includes closed shadow roots). */
async function findOverlayHost(session: Session): Promise<DomNode | null> {
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const find = (node: DomNode): DomNode | null => {
    if ((node.attributes ?? []).includes('data-heatlens-overlay')) return node;
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
      const found = find(child);
      if (found) return found;
    }
    return null;
  };
  return find(root as DomNode);
}

/** Calls `functionDeclaration` with the host's closed shadow root as `this`; null without one. */
async function callInShadow<T>(session: Session, host: DomNode | null, functionDeclaration: string, args: unknown[]): Promise<T | null> {
  const shadow = host?.shadowRoots?.[0];
  if (!shadow) return null;
  const { object } = await session.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
  const result = await session.send('Runtime.callFunctionOn', {
    objectId: object.objectId!,
    functionDeclaration,
    arguments: args.map((value) => ({ value })),
    returnByValue: true,
    awaitPromise: true,
  });
  if (result.exceptionDetails) throw new Error(`in overlay: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
  return (result.result.value ?? null) as T | null;
}

/** What the overlay shows, read through its closed shadow root (DevTools can see inside it). */
export async function readOverlay(page: Page): Promise<{ present: boolean; status: string | null; text: string }> {
  const session = await page.createCDPSession();
  try {
    const host = await findOverlayHost(session);
    if (!host) return { present: false, status: null, text: '' };
    const attributes = host.attributes ?? [];
    const statusIndex = attributes.indexOf('data-status');
    const text = await callInShadow<string>(session, host, 'function () { const panel = this.querySelector(".panel"); return panel ? panel.innerText : ""; }', []);
    return { present: true, status: statusIndex >= 0 ? (attributes[statusIndex + 1] ?? null) : null, text: String(text ?? '') };
  } finally {
    await session.detach();
  }
}

/**
 * Runs `functionDeclaration` (source of `function () { ... }`, `this` = the overlay's closed shadow
 * root) and returns its JSON value. DevTools can reach inside a closed shadow root; the page cannot.
 */
export async function evaluateInOverlay<T>(page: Page, functionDeclaration: string, ...args: unknown[]): Promise<T | null> {
  const session = await page.createCDPSession();
  try {
    return await callInShadow<T>(session, await findOverlayHost(session), functionDeclaration, args);
  } finally {
    await session.detach();
  }
}

/** Clicks an element inside the overlay with the real mouse, as a person would. */
export async function clickInOverlay(page: Page, selector: string, text?: string): Promise<void> {
  const read = () =>
    evaluateInOverlay<{ x: number; y: number; width: number; height: number }>(
      page,
      `function (selector, text) {
        const element = [...this.querySelectorAll(selector)].find((candidate) => !text || candidate.textContent.includes(text));
        if (!element) return null;
        const box = element.getBoundingClientRect();
        return { x: box.x, y: box.y, width: box.width, height: box.height };
      }`,
      selector,
      text ?? '',
    );
  // The panel may be gliding to another dock (it keeps off the heat): click where the target rests.
  let rect = await read();
  for (let tries = 0; tries < 20 && rect; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await read();
    const settled = again !== null && Math.abs(again.x - rect.x) < 0.5 && Math.abs(again.y - rect.y) < 0.5;
    rect = again;
    if (settled) break;
  }
  if (!rect || rect.width === 0) throw new Error(`nothing to click in the overlay: ${selector} ${text ?? ''}`);
  await page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
}

/** Waits until the overlay's panel text matches. */
export async function waitForOverlayText(page: Page, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const overlay = await readOverlay(page);
    last = overlay.text;
    if (overlay.status !== 'loading' && pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`overlay text never matched ${pattern}: ${JSON.stringify(last)}`);
}

/** Waits until the overlay reports one of `statuses` (ready, empty, error). */
export async function waitForOverlayStatus(page: Page, statuses: string[], timeoutMs = 20_000): Promise<{ status: string | null; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = { present: false, status: null as string | null, text: '' };
  while (Date.now() < deadline) {
    last = await readOverlay(page);
    if (last.status && statuses.includes(last.status)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`overlay never reached ${statuses.join('/')}: last status ${last.status}, text ${JSON.stringify(last.text)}`);
}

export async function waitForOverlayGone(page: Page, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await readOverlay(page)).present) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('overlay still present');
}

export interface Pixels {
  width: number;
  height: number;
  at(x: number, y: number): [number, number, number];
}

/** A screenshot of the viewport as readable pixels (CSS px at device scale factor 1). */
export async function capture(page: Page): Promise<Pixels> {
  // Two frames so a scroll-triggered repaint has landed before the capture.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return pixelsOf(PNG.sync.read(Buffer.from(await page.screenshot({ type: 'png' }))));
}

/** A decoded PNG (a screenshot, an exported image) as readable RGB pixels. */
export function pixelsOf(png: PNG): Pixels {
  return {
    width: png.width,
    height: png.height,
    at(x, y) {
      const index = (Math.round(y) * png.width + Math.round(x)) * 4;
      return [png.data[index]!, png.data[index + 1]!, png.data[index + 2]!];
    },
  };
}

/**
 * The page as it looks without the overlay, for pixel comparisons: the overlay's host (ours) is made
 * invisible for the capture and its style restored afterwards.
 */
export async function captureWithoutOverlay(page: Page): Promise<Pixels> {
  await page.evaluate(() => document.querySelector<HTMLElement>('[data-heatlens-overlay]')?.style.setProperty('visibility', 'hidden', 'important'));
  try {
    return await capture(page);
  } finally {
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-heatlens-overlay]')?.style.removeProperty('visibility'));
  }
}

/**
 * The hot end of the heat palette (red, orange) over whatever the page has there: red dominates the
 * pixel and grew compared with the page without the overlay (so a red button alone is not "hot").
 */
export function isHot([r, g, b]: [number, number, number], [r0]: [number, number, number] = [0, 0, 0]): boolean {
  return r - b >= 70 && r - g >= 30 && r - r0 >= 30;
}

/** Largest per-channel difference between two captures over a rectangle, sampled every `step` px. */
export function maxDifference(a: Pixels, b: Pixels, rect: { x: number; y: number; width: number; height: number }, step = 3): number {
  let max = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += step) {
    for (let x = rect.x; x < rect.x + rect.width; x += step) {
      const p = a.at(x, y);
      const q = b.at(x, y);
      max = Math.max(max, Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]), Math.abs(p[2] - q[2]));
    }
  }
  return max;
}

/** How many sampled pixels in a rectangle are hot (compared with `baseline`, the page without heat). */
export function hotShare(pixels: Pixels, baseline: Pixels | null, rect: { x: number; y: number; width: number; height: number }, step = 2): number {
  let hot = 0;
  let total = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += step) {
    for (let x = rect.x; x < rect.x + rect.width; x += step) {
      if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) continue;
      total++;
      if (isHot(pixels.at(x, y), baseline?.at(x, y))) hot++;
    }
  }
  return total === 0 ? 0 : hot / total;
}

/**
 * Hides (or shows again) the overlay's panel, leaving the heat: for pixel comparisons of the heat layer
 * alone, wherever the panel happens to be docked.
 */
export async function setPanelHidden(page: Page, hidden: boolean): Promise<void> {
  await evaluateInOverlay(page, `function (hidden) { const panel = this.querySelector('.panel'); if (panel) panel.style.visibility = hidden ? 'hidden' : ''; }`, hidden);
}
