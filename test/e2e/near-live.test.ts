import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { DemoEnvironment } from '../server/demo-environment';
import { KEY_NO_QUERY } from '../server/keys';
import { startConfiguredSession, type ConfiguredSession } from './fixture';
import type { ExtensionBrowser } from './harness';
import { capture, readOverlay, waitForOverlayStatus } from './overlay';
import { overlayBoxes } from './overlay-shadow';
import { FiltersPopup } from './pages/popup';
import type { ExtensionGlobals } from './hostile';

// Near-live (issue 19, item 5) through the real extension: "Live: last hour" chosen in the popup's
// date range, the background's HogQL against the local server, near-live.js's bar, countdown and
// rings, and the server's request log to count the queries. The refresh interval is shortened with
// the test-only preference (lib/near-live/settings.ts), so one refresh happens within a test; no
// assertion is on a timing: each waits for a state, and "no query" is counted over several intervals.

const REFRESH_SECONDS = 3;
/** The rows added mid-test: one spot nobody clicked before, where the ring must appear. */
const NEW_SPOT = { relativeX: 0.5, y: 400 };
const RING: (pixel: [number, number, number]) => boolean = ([r, g, b]) => r > 200 && g < 110 && b > 150;

let session: ConfiguredSession;
let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;
/** A deploy marked in PostHog 20 minutes before the tests start (whole minutes, UTC). */
const DEPLOY = { content: 'New pricing hero', date: new Date(Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000) };

beforeAll(async () => {
  session = await startConfiguredSession({ prepare: (environment) => void environment.postHog.store.addAnnotation({ content: DEPLOY.content, date_marker: DEPLOY.date.toISOString() }) });
  ({ environment, chromium, page } = session);
  const worker = await chromium.background();
  await worker.evaluate((key, seconds) => (globalThis as unknown as ExtensionGlobals).chrome.storage.local.set({ [key]: seconds }), 'heatlens.test.nearLiveRefreshSeconds', REFRESH_SECONDS);
}, 300_000); // includes waiting for the shared one-Chromium lock

afterAll(async () => {
  await session?.close();
});

async function withPopup<T>(target: Page, action: (popup: FiltersPopup) => Promise<T>): Promise<T> {
  const popup = new FiltersPopup(await chromium.openPopup(target));
  try {
    return await action(popup);
  } finally {
    await popup.page.close();
    await target.bringToFront();
  }
}

type Session = Awaited<ReturnType<Page['createCDPSession']>>;
type DomNode = { attributes?: string[]; shadowRoots?: DomNode[]; children?: DomNode[]; backendNodeId: number };

/** near-live's bar text, read through its closed shadow root as DevTools can; null without one. */
async function readLiveBar(target: Page): Promise<string | null> {
  const text = await inLiveShadow<string>(target, 'function () { const bar = this.querySelector(".bar"); return bar ? bar.textContent : ""; }');
  return text === null ? null : String(text);
}

/** Runs `functionDeclaration` with near-live's closed shadow root as `this`; null without one. */
async function inLiveShadow<T>(target: Page, functionDeclaration: string): Promise<T | null> {
  const cdp: Session = await target.createCDPSession();
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (node: DomNode): DomNode | null => {
      if ((node.attributes ?? []).includes('data-heatlens-near-live')) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const found = find(child);
        if (found) return found;
      }
      return null;
    };
    const shadow = find(root as DomNode)?.shadowRoots?.[0];
    if (!shadow) return null;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const result = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId!, functionDeclaration, returnByValue: true });
    return (result.result.value ?? null) as T | null;
  } finally {
    await cdp.detach();
  }
}

async function waitForLiveBar(target: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await readLiveBar(target);
    if (last !== null && pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`near-live bar never matched ${pattern}: ${JSON.stringify(last)}`);
}

/** The HogQL requests the local PostHog received at or after `since`. */
function queriesSince(since: number) {
  return environment.postHog.requestLog.filter((request) => request.at >= since && request.path.endsWith('/query/'));
}

function queryText(request: { body?: unknown }): string {
  return String((request.body as { query?: { query?: string } } | undefined)?.query?.query ?? '');
}

/** Clicks filed now on the demo page at NEW_SPOT, as PostHog stores them (x, y, viewport divided by 16). */
function addClicksNow(count: number): void {
  const rows = Array.from({ length: count }, (_, index) => ({
    distinct_id: `live-visitor-${index}`,
    session_id: `live-session-${index}`,
    x: Math.round((NEW_SPOT.relativeX * 1280) / 16),
    y: NEW_SPOT.y / 16,
    viewport_width: 1280 / 16,
    viewport_height: 800 / 16,
    pointer_target_fixed: false,
    current_url: `${environment.siteUrl}/`,
    type: 'click',
    timestamp: new Date(Date.now() - 5_000).toISOString(),
  }));
  environment.postHog.store.addRows(rows);
}

function ringPixelsNear(pixels: Awaited<ReturnType<typeof capture>>, x: number, y: number, radius = 20): number {
  let found = 0;
  for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) if (RING(pixels.at(x + dx, y + dy))) found++;
  return found;
}

function legendClicks(text: string): number {
  const match = /Clicks: ([\d,]+) clicks/.exec(text);
  if (!match) throw new Error(`no click legend in ${JSON.stringify(text)}`);
  return Number(match[1]!.replace(/,/g, ''));
}

async function sleepIntervals(intervals: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, intervals * REFRESH_SECONDS * 1000));
}

describe('near-live', () => {
  it('"Live: last hour" paints the last hour through HogQL, with a countdown to the next refresh', async () => {
    const since = Date.now();
    await withPopup(page, async (popup) => {
      await popup.select('heatlens-date', 'live-hour');
      await popup.page.waitForFunction(() => document.querySelector('.filters')?.textContent?.includes('Refreshes every 2 minutes'));
      expect(await popup.toggleOverlay()).toBe('Hide heatmap');
    });
    await waitForOverlayStatus(page, ['ready', 'empty']);
    const bar = await waitForLiveBar(page, /Live · last hour · 0 new clicks since \d\d:\d\d · next refresh in 0:0\d/);
    expect(bar).toMatch(/next refresh in 0:0[0-3]/);
    // The countdown moves: another second shows another figure (or the refresh itself).
    const first = /next refresh in (0:0\d)/.exec(bar)![1];
    await waitForLiveBar(page, new RegExp(`refreshing…|next refresh in (?!${first})0:0\\d`));
    const sent = queriesSince(since);
    expect(sent.length).toBeGreaterThan(0);
    expect(queryText(sent[0]!)).toContain('timestamp >= now() - INTERVAL 1 HOUR');
    expect(queryText(sent[0]!)).not.toContain('toStartOfDay');
  });

  it('clicks that arrive after the overlay opened are painted and marked within one refresh', async () => {
    const before = legendClicks((await readOverlay(page)).text);
    const x = NEW_SPOT.relativeX * 1280;
    expect(ringPixelsNear(await capture(page), x, NEW_SPOT.y)).toBe(0);

    const added = Date.now();
    addClicksNow(3);
    const bar = await waitForLiveBar(page, /3 new clicks since \d\d:\d\d/);
    expect(bar).toContain('Live · last hour');
    // Exactly one query found them: the overlay's repaint reused the refresh's answer.
    const queries = queriesSince(added);
    expect(queries.length).toBe(1);

    // The heat itself was repainted from that answer: three more clicks in the legend.
    const deadline = Date.now() + 15_000;
    let after = before;
    while (Date.now() < deadline && after !== before + 3) {
      const overlay = await readOverlay(page);
      if (overlay.status === 'ready') after = legendClicks(overlay.text);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(after).toBe(before + 3);
    // The new spot carries near-live's ring (a colour the heat palettes never use).
    expect(ringPixelsNear(await capture(page), x, NEW_SPOT.y)).toBeGreaterThan(20);
  });

  it('stops when the overlay is closed: the bar goes and no query is sent', async () => {
    await withPopup(page, async (popup) => expect(await popup.toggleOverlay()).toBe('Show heatmap'));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await readLiveBar(page)) !== null) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await readLiveBar(page)).toBeNull();
    const closed = Date.now();
    await sleepIntervals(3);
    expect(queriesSince(closed)).toEqual([]);
  });

  it('sends no query while its tab is hidden, and refreshes once it is visible again', async () => {
    const second = await chromium.newPage({ width: 1280, height: 800 });
    await second.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    await withPopup(second, async (popup) => expect(await popup.toggleOverlay()).toBe('Hide heatmap'));
    await waitForOverlayStatus(second, ['ready', 'empty']);
    await waitForLiveBar(second, /next refresh in/);

    // Another tab in front hides this one, as switching tabs does.
    await page.bringToFront();
    const hiddenDeadline = Date.now() + 10_000;
    while (Date.now() < hiddenDeadline && (await second.evaluate(() => document.visibilityState)) !== 'hidden') await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await second.evaluate(() => document.visibilityState)).toBe('hidden');
    // A refresh already under way when the tab was hidden may still land: start counting after it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const hidden = Date.now();
    await sleepIntervals(4);
    expect(queriesSince(hidden)).toEqual([]);

    const shown = Date.now();
    await second.bringToFront();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && queriesSince(shown).length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(queriesSince(shown).length).toBeGreaterThan(0);
    expect(queryText(queriesSince(shown)[0]!)).toContain('now() - INTERVAL 1 HOUR');
    await withPopup(second, async (popup) => expect(await popup.toggleOverlay()).toBe('Show heatmap'));
    await second.close();
    await page.bringToFront();
  });

  it('"Live: since" an annotation asks from its moment (in UTC) and says so', async () => {
    const since = Date.now();
    await withPopup(page, async (popup) => {
      const option = await popup.page.waitForFunction(
        (content) => [...document.querySelectorAll<HTMLOptionElement>('#heatlens-date option')].find((candidate) => candidate.textContent?.includes(content))?.value,
        { timeout: 15_000 },
        DEPLOY.content,
      );
      await popup.select('heatlens-date', String(await option.jsonValue()));
      expect(await popup.toggleOverlay()).toBe('Hide heatmap');
    });
    await waitForOverlayStatus(page, ['ready', 'empty']);
    await waitForLiveBar(page, /Live · since “New pricing hero” · \d+ new clicks? since \d\d:\d\d · (next refresh in|refreshing)/);
    const moment = DEPLOY.date.toISOString().slice(0, 19).replace('T', ' ');
    expect(queryText(queriesSince(since)[0]!)).toContain(`timestamp >= toDateTime('${moment}', 'UTC')`);
    await withPopup(page, async (popup) => expect(await popup.toggleOverlay()).toBe('Show heatmap'));
  });

  it('at 390 px the bar keeps off the overlay\'s panel', async () => {
    await page.setViewport({ width: 390, height: 760 });
    try {
      await withPopup(page, async (popup) => expect(await popup.toggleOverlay()).toBe('Hide heatmap'));
      await waitForOverlayStatus(page, ['ready', 'empty']);
      await waitForLiveBar(page, /next refresh in|refreshing/);
      const [panel] = await overlayBoxes(page, '.panel');
      expect(panel).toBeDefined();
      // The bar settles within a tick of the panel's placement: read it until two reads agree.
      type Rect = { x: number; y: number; width: number; height: number };
      const readBar = () => inLiveShadow<Rect>(page, 'function () { const box = this.querySelector(".bar").getBoundingClientRect(); return { x: box.x, y: box.y, width: box.width, height: box.height }; }');
      let bar = await readBar();
      for (let tries = 0; tries < 30; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const again = await readBar();
        const settled = JSON.stringify(again) === JSON.stringify(bar);
        bar = again;
        if (settled && tries > 5) break;
      }
      const [current] = await overlayBoxes(page, '.panel');
      const overlaps = bar!.x < current!.x + current!.width && current!.x < bar!.x + bar!.width && bar!.y < current!.y + current!.height && current!.y < bar!.y + bar!.height;
      expect(bar!.width).toBeGreaterThan(0);
      expect(bar!.x + bar!.width).toBeLessThanOrEqual(390);
      expect(overlaps).toBe(false);
    } finally {
      // Closed whatever happened above, so the next test starts without an overlay.
      await withPopup(page, async (popup) => {
        if ((await popup.toggleButtonLabel()) === 'Hide heatmap') await popup.toggleOverlay();
      });
      await page.setViewport({ width: 1280, height: 800 });
    }
  });

  it('a key without query:read is told that near-live needs that scope', async () => {
    await withPopup(page, async (popup) => {
      await popup.openSection('PostHog connection');
      await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: KEY_NO_QUERY });
    });
    await withPopup(page, async (popup) => expect(await popup.toggleOverlay()).toBe('Hide heatmap'));
    const bar = await waitForLiveBar(page, /query:read/);
    expect(bar).toMatch(/Live heat .* needs the 'query:read' scope/);
    const overlay = await waitForOverlayStatus(page, ['error']);
    expect(overlay.text).toContain("needs the 'query:read' scope");
  });
});
