import { browser } from 'wxt/browser';
import { NEAR_LIVE_REFRESH_SECONDS } from './schedule';

/**
 * A test-only preference: the end-to-end tests (test/e2e/near-live.test.ts) shorten the refresh
 * interval so one refresh happens within a test, instead of asserting on timings. It lives in
 * storage.local, which only the background and Heatlens's own pages can write (the background
 * restricts it to trusted contexts, entrypoints/background.ts), and no page of Heatlens writes it. It
 * cannot spend the key's budget faster than lib/segments/query-budget.ts lets a tab, whatever it says.
 */
export const TEST_REFRESH_SECONDS_KEY = 'heatlens.test.nearLiveRefreshSeconds';
const MIN_TEST_REFRESH_SECONDS = 2;

/** The interval between near-live refreshes, in seconds. */
export async function nearLiveRefreshSeconds(): Promise<number> {
  const stored = (await browser.storage.local.get(TEST_REFRESH_SECONDS_KEY).catch(() => ({}) as Record<string, unknown>))[TEST_REFRESH_SECONDS_KEY];
  return typeof stored === 'number' && Number.isFinite(stored) ? Math.max(MIN_TEST_REFRESH_SECONDS, stored) : NEAR_LIVE_REFRESH_SECONDS;
}

/** near-live.js (entrypoints/near-live.ts): the page's timer, countdown and markers, injected on demand. */
const NEAR_LIVE_SCRIPT_FILE = '/near-live.js';

/**
 * Runs near-live's script in the frame whose overlay loads near-live heat. It starts only once per
 * overlay (a second injection while it runs for the same overlay does nothing), so calling this on
 * every load is safe. A failure only costs the live bar; the heat is painted anyway.
 */
export async function injectNearLive(tabId: number, frameId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [NEAR_LIVE_SCRIPT_FILE] }).catch((error: unknown) => console.warn('Heatlens near-live:', error));
}

/**
 * Ends near-live's run in the frame at once (its bar and rings go), when the overlay there loads heat
 * of days again: near-live.js listens to no message, so a function is run in its world instead.
 */
export async function stopNearLive(tabId: number, frameId: number): Promise<void> {
  await browser.scripting
    .executeScript({
      target: { tabId, frameIds: [frameId] },
      func: () => {
        const run = (globalThis as unknown as Record<symbol, { stop?: () => void } | undefined>)[Symbol.for('heatlens.nearLiveRun')];
        if (typeof run?.stop === 'function') run.stop();
      },
    })
    .catch(() => undefined);
}
