import type { Page } from 'puppeteer-core';
import { clickInOverlay as clickRestingInOverlay, evaluateInOverlay as evaluateInOverlayOrNull, readOverlay } from './overlay';

/**
 * Reading and clicking inside the overlay's closed shadow root. Page scripts cannot reach into it,
 * but DevTools can: DOM.getDocument with `pierce` lists the shadow root, DOM.resolveNode turns it
 * into a JS object, and Runtime.callFunctionOn runs a function with it as `this`. Clicks then go
 * through the real mouse (Input events), so the extension sees trusted user gestures.
 */
export async function evaluateInOverlay<T>(page: Page, functionDeclaration: string, ...args: unknown[]): Promise<T> {
  const value = await evaluateInOverlayOrNull<T>(page, functionDeclaration, ...args);
  if (value === null && !(await readOverlay(page)).present) throw new Error('no overlay shadow root on the page');
  return value as T;
}

export interface OverlayBox {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

/** Viewport boxes of the overlay elements matching `selector` (and containing `text`, when given). */
export async function overlayBoxes(page: Page, selector: string, text?: string): Promise<OverlayBox[]> {
  return evaluateInOverlay<OverlayBox[]>(
    page,
    `function (selector, text) {
      return Array.from(this.querySelectorAll(selector))
        .filter((element) => !text || (element.textContent || '').includes(text))
        .map((element) => {
          const box = element.getBoundingClientRect();
          return { x: box.x, y: box.y, width: box.width, height: box.height, text: element.textContent || '' };
        });
    }`,
    selector,
    text ?? null,
  );
}

/** Clicks the first overlay element matching `selector` (and `text`) with the real mouse. */
export async function clickInOverlay(page: Page, selector: string, text?: string): Promise<void> {
  // Bring the target into the panel's scrolled view first: the findings list scrolls.
  await evaluateInOverlay(
    page,
    `function (selector, text) {
      const element = Array.from(this.querySelectorAll(selector)).find((candidate) => !text || (candidate.textContent || '').includes(text));
      if (element) element.scrollIntoView({ block: 'nearest' });
    }`,
    selector,
    text ?? null,
  );
  await clickRestingInOverlay(page, selector, text);
}

/** Waits until `predicate` (a function source run with the shadow root as `this`) returns a truthy value. */
export async function waitInOverlay<T>(page: Page, predicate: string, timeoutMs = 20_000, ...args: unknown[]): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | null = null;
  while (Date.now() < deadline) {
    last = await evaluateInOverlay<T>(page, predicate, ...args).catch(() => null);
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`overlay never satisfied ${predicate.slice(0, 120)}…`);
}

/**
 * Opens the page review as a person would, with the bar's "Review" button (the review is loaded on
 * demand), and waits until it has run (`.review[data-review="ready"]`). Does not click when the review
 * is already open (the panel remembers that the user left it open).
 */
/**
 * Clicks the panel's toggle `selector` unless it is expanded already, and waits until it says so. The
 * panel may start gliding to another dock (it keeps off the heat) just after the click's position was
 * read, so a click that found nothing there (the toggle still not expanded after 3 s: seen once in a
 * full suite) is made once more where the toggle rests now.
 */
async function expandInOverlay(page: Page, selector: string, timeoutMs: number): Promise<void> {
  const expanded = `function (selector) { const toggle = this.querySelector(selector); return toggle !== null && toggle.getAttribute('aria-expanded') === 'true'; }`;
  await waitInOverlay(page, `function (selector) { return this.querySelector(selector) !== null; }`, timeoutMs, selector);
  if (await evaluateInOverlay<boolean>(page, expanded, selector)) return;
  await clickInOverlay(page, selector);
  if (await waitInOverlay(page, expanded, 3_000, selector).then(() => true, () => false)) return;
  await clickInOverlay(page, selector);
  await waitInOverlay(page, expanded, timeoutMs, selector);
}

export async function openReview(page: Page, timeoutMs = 30_000): Promise<'ready' | 'error'> {
  await expandInOverlay(page, 'button.review-toggle', timeoutMs);
  return waitInOverlay<'ready' | 'error'>(
    page,
    `function () { const review = this.querySelector('.review'); const state = review && review.dataset.review; return state === 'ready' || state === 'error' ? state : null; }`,
    timeoutMs,
  );
}

/**
 * Opens the panel's legend details (the full legend, a comparison's sides and totals, export) with the
 * bar's ⓘ button, as a person would; the panel remembers it, so later loads keep them open.
 */
export async function openDetails(page: Page, timeoutMs = 30_000): Promise<void> {
  await expandInOverlay(page, 'button.details-toggle', timeoutMs);
  await waitInOverlay(page, `function () { return this.querySelector('.details') !== null; }`, timeoutMs);
}

/** A finding as the review panel shows it. */
export interface ShownFinding {
  rule: string;
  title: string;
  evidence: string[];
  recommendation: string;
}

/** The findings the open review shows, strongest first, as text. */
export async function shownFindings(page: Page): Promise<ShownFinding[]> {
  return evaluateInOverlay<ShownFinding[]>(
    page,
    `function () {
      return Array.from(this.querySelectorAll('.findings > li')).map((item) => ({
        rule: item.dataset.rule,
        title: item.querySelector('.finding-title').textContent,
        evidence: Array.from(item.querySelectorAll('.evidence li')).map((line) => line.textContent),
        recommendation: item.querySelector('.recommendation').textContent,
      }));
    }`,
  );
}
