import { isRuntime, type RuntimeLike } from './runtime-global';

/**
 * What `wxt/browser` is in content.js. WXT's content-script wrapper (its ContentScriptContext) reads
 * only `browser.runtime?.id` (is the extension still there?), yet through `wxt/browser` it pulled all of
 * webextension-polyfill (2.8 KB of the 30 KB budget, scripts/check-size.ts) into every inspected page.
 * The build points the wrapper's `wxt/browser` here (wxt.config.ts, contentScriptRuntime); the
 * overlay's own messaging never used the polyfill (content-transport.ts). The runtime is looked up on
 * each read and checked like content-transport's: the page's named elements show as globals in this
 * world, and an extension reloaded under the page leaves a runtime without an id.
 */
export const browser = {
  get runtime(): RuntimeLike | undefined {
    const scope = globalThis as { browser?: { runtime?: unknown }; chrome?: { runtime?: unknown } };
    for (const candidate of [scope.browser?.runtime, scope.chrome?.runtime]) {
      if (isRuntime(candidate)) return candidate;
    }
    return undefined;
  },
};
