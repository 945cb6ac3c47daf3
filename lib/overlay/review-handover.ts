import type { ReviewModule } from './review-module';

/**
 * How review.js hands its module to content.js. Both run in the extension's isolated world of the
 * same page, but that world's `window` still shows the page's named elements (`<img
 * name="__heatlensReviewModule">` appears as a global there), so a string-named global can be
 * pre-set by the page's markup. A symbol key cannot be named by markup, and the value is checked
 * before use (issue 17, test/e2e/hostile-page.test.ts).
 */
const REVIEW_MODULE_KEY = Symbol.for('heatlens.reviewModule');
const INJECTED_KEY = Symbol.for('heatlens.overlayInjected');

type Keyed = Record<symbol, unknown>;

export function handOverReviewModule(module: ReviewModule): void {
  Object.defineProperty(globalThis, REVIEW_MODULE_KEY, { value: module, configurable: true });
}

/** The review's module once review.js has run in this world; null before (or if the value is not one). */
export function handedOverReviewModule(): ReviewModule | null {
  const value = (globalThis as Keyed)[REVIEW_MODULE_KEY];
  if (typeof value !== 'object' || value === null) return null;
  const module = value as Partial<ReviewModule>;
  return typeof module.mountReview === 'function' && typeof module.renderDetails === 'function' ? (module as ReviewModule) : null;
}

/** True the first time in this world (the overlay's script may be injected into a tab more than once). */
export function claimOverlayInjection(): boolean {
  if ((globalThis as Keyed)[INJECTED_KEY] === true) return false;
  Object.defineProperty(globalThis, INJECTED_KEY, { value: true, configurable: true });
  return true;
}
