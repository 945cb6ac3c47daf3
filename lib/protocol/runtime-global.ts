/**
 * The extension's `browser` / `chrome` globals as this isolated world sees them. That world's `window`
 * still shows the page's named elements, so `<form id="browser"><input name="runtime" id="x">` makes
 * `browser.runtime.id` look set, and webextension-polyfill (which review.js carries through WXT;
 * content.js has lib/protocol/content-runtime.ts instead) would then hand out the page's form as the
 * extension API. Importing this module first
 * (entrypoints/content.ts) shadows such a `browser` with an own property of this world, which named
 * elements cannot override (issue 17, test/e2e/hostile-page.test.ts).
 */

export interface RuntimeLike {
  id: string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(listener: (message: unknown, sender: { id?: string }, sendResponse: (response: unknown) => void) => boolean | undefined): void;
  };
}

/** An extension runtime, not a named element of the page (elements have no `sendMessage` function). */
export function isRuntime(value: unknown): value is RuntimeLike {
  if (typeof value !== 'object' || value === null || (typeof Node === 'function' && value instanceof Node)) return false;
  const api = value as Partial<RuntimeLike>;
  return typeof api.id === 'string' && typeof api.sendMessage === 'function' && typeof api.onMessage?.addListener === 'function';
}

const scope = globalThis as { browser?: { runtime?: unknown } };
if (scope.browser !== undefined && !isRuntime(scope.browser?.runtime)) {
  Object.defineProperty(globalThis, 'browser', { value: undefined, configurable: true, writable: true });
}
