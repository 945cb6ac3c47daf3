import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureRefusedError } from '../../lib/export/capture-image';
import { fullPagePlan } from '../../lib/full-page/full-page';

/** The Chromium APIs full-page-capture.ts uses, recorded. */
const calls: Array<[string, ...unknown[]]> = [];
/** Firefox's side: whether the page's tab is still the active one, and a refusal to capture. */
const firefox = { active: true, refusal: null as string | null };
const chromium = {
  /** Whether `debugger` is held (the mock answers permissions.contains for it by this). */
  granted: true,
  /** Whether the optional `tabCapture` was allowed, and whether the manifest lists it as optional. */
  tabCaptureGranted: true,
  tabCaptureOptional: true,
  attachError: null as Error | null,
  screenshot: 'iVBORw0KGgo=' as string | undefined,
};

vi.mock('wxt/browser', () => ({
  browser: {
    tabs: {
      get: async (tabId: number) => {
        calls.push(['tabs.get', tabId]);
        return { id: tabId, active: firefox.active };
      },
      captureVisibleTab: async (windowId: number, options: unknown) => {
        calls.push(['captureVisibleTab', windowId, options]);
        if (firefox.refusal) throw new Error(firefox.refusal);
        return 'data:image/png;base64,iVBORw0KGgo=';
      },
    },
    permissions: {
      contains: async (request: { permissions?: string[] }) => {
        calls.push(['permissions.contains', request]);
        return request.permissions?.[0] === 'tabCapture' ? chromium.tabCaptureGranted : chromium.granted;
      },
    },
    runtime: {
      getManifest: () => ({ optional_permissions: chromium.tabCaptureOptional ? ['tabs', 'tabCapture'] : ['tabs'] }),
    },
    debugger: {
      attach: async (target: unknown, version: string) => {
        calls.push(['attach', target, version]);
        if (chromium.attachError) throw chromium.attachError;
      },
      sendCommand: async (target: unknown, method: string, params: unknown) => {
        calls.push(['sendCommand', target, method, params]);
        return { data: chromium.screenshot };
      },
      detach: async (target: unknown) => {
        calls.push(['detach', target]);
      },
    },
  },
}));

const { NO_FULL_PAGE_CAPTURE, firefoxStripCapturer, fullPageMode, withPageCapturer } = await import('../../lib/full-page/capture');
const { streamRefusal } = await import('../../lib/full-page/tab-capture');
const TAB = { id: 7, windowId: 3 };

beforeEach(() => {
  calls.length = 0;
  chromium.granted = true;
  chromium.tabCaptureGranted = true;
  chromium.tabCaptureOptional = true;
  chromium.attachError = null;
  chromium.screenshot = 'iVBORw0KGgo=';
  firefox.active = true;
  firefox.refusal = null;
});

describe('withPageCapturer (Chromium)', () => {
  it('without the debugger permission: refuses the beyond-viewport capture, says what works instead, and never attaches', async () => {
    chromium.granted = false;
    const error = await withPageCapturer(TAB, 2, async () => 'never').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect((error as Error).message).toBe(NO_FULL_PAGE_CAPTURE);
    expect(NO_FULL_PAGE_CAPTURE).toContain('Save image');
    expect(NO_FULL_PAGE_CAPTURE).not.toMatch(/posthog/i);
    expect(calls.map((call) => call[0])).toEqual(['permissions.contains']);
    expect(calls[0]![1]).toEqual({ permissions: ['debugger'] });
  });

  it('captures each strip beyond the viewport with a clip in CSS px, at the planned scale over the device ratio, then detaches', async () => {
    const plan = fullPagePlan({ documentWidth: 1440, documentHeight: 14_000, devicePixelRatio: 2 }, { lines: 4, legendRows: 1 });
    const blobs = await withPageCapturer(TAB, 2, async (capture) => Promise.all(plan.strips.map((strip) => capture(strip, plan))));
    expect(blobs).toHaveLength(plan.strips.length);
    expect(blobs[0]!.type).toBe('image/png');
    const commands = calls.filter((call) => call[0] === 'sendCommand');
    expect(commands.map((call) => (call[3] as { clip: unknown }).clip)).toEqual(
      plan.strips.map((strip) => ({ x: 0, y: strip.y, width: 1440, height: strip.height, scale: 1 })),
    );
    expect(commands.every((call) => call[2] === 'Page.captureScreenshot' && (call[3] as { captureBeyondViewport: boolean }).captureBeyondViewport)).toBe(true);
    expect(calls[1]).toEqual(['attach', { tabId: 7 }, '1.3']);
    expect(calls.at(-1)).toEqual(['detach', { tabId: 7 }]);
  });

  it('a scaled-down plan asks the browser for that scale relative to the device ratio', async () => {
    const plan = fullPagePlan({ documentWidth: 1440, documentHeight: 40_000, devicePixelRatio: 2 }, { lines: 5, legendRows: 1 });
    await withPageCapturer(TAB, 2, (capture) => capture(plan.strips[0]!, plan));
    const clip = (calls.find((call) => call[0] === 'sendCommand')![3] as { clip: { scale: number } }).clip;
    expect(clip.scale).toBeCloseTo(plan.scale / 2, 10);
  });

  it('detaches even when composing fails, and passes the failure on', async () => {
    const failure = new Error('out of memory');
    await expect(withPageCapturer(TAB, 1, async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(calls.at(-1)).toEqual(['detach', { tabId: 7 }]);
  });

  it('another debugger on the tab: says to close DevTools', async () => {
    chromium.attachError = new Error('Another debugger is already attached to the tab with id: 7.');
    const error = (await withPageCapturer(TAB, 1, async () => 'never').catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect(error.message).toMatch(/DevTools .*already debugging this tab/);
    expect(calls.some((call) => call[0] === 'detach')).toBe(false);
  });

  it('a screenshot without data: a clear refusal, not a broken image', async () => {
    chromium.screenshot = undefined;
    const plan = fullPagePlan({ documentWidth: 800, documentHeight: 900, devicePixelRatio: 1 }, { lines: 4, legendRows: 0 });
    const error = (await withPageCapturer(TAB, 1, (capture) => capture(plan.strips[0]!, plan)).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect(error.message).toMatch(/no picture of the page/);
    expect(calls.at(-1)).toEqual(['detach', { tabId: 7 }]);
  });
});

describe('firefoxStripCapturer', () => {
  const plan = fullPagePlan({ documentWidth: 1280, documentHeight: 14_000, devicePixelRatio: 2 }, { lines: 4, legendRows: 1 });

  it('captures each strip as a document rectangle of the sender’s window, at the planned scale', async () => {
    const capture = firefoxStripCapturer(TAB);
    const blob = await capture(plan.strips[1]!, plan);
    expect(blob.type).toBe('image/png');
    expect(calls).toEqual([
      ['tabs.get', 7],
      ['captureVisibleTab', 3, { format: 'png', rect: { x: 0, y: plan.strips[1]!.y, width: 1280, height: plan.strips[1]!.height }, scale: 2 }],
    ]);
  });

  it('refuses when the user switched to another tab meanwhile, rather than capturing that one', async () => {
    firefox.active = false;
    const error = (await firefoxStripCapturer(TAB)(plan.strips[0]!, plan).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect(error.message).toMatch(/no longer the one shown/);
    expect(calls.some((call) => call[0] === 'captureVisibleTab')).toBe(false);
  });

  it('without activeTab: says how to grant it', async () => {
    firefox.refusal = 'Missing activeTab permission';
    const error = (await firefoxStripCapturer(TAB)(plan.strips[0]!, plan).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect(error.message).toContain('Missing activeTab permission');
    expect(error.message).toContain('Alt+Shift+H');
  });
});

describe('fullPageMode (Chromium)', () => {
  const chromeGlobal = globalThis as unknown as { chrome?: Record<string, unknown> };
  const saved = chromeGlobal.chrome;
  afterEach(() => {
    chromeGlobal.chrome = saved;
  });

  it('with `debugger` (the test build) the page never moves: beyond the viewport', async () => {
    chromeGlobal.chrome = { tabCapture: {}, offscreen: {} };
    expect(await fullPageMode()).toBe('beyond-viewport');
  });

  it('without it, tab capture allowed in the popup (the released build, after “Allow full-page images”): the page scrolls under the tab video', async () => {
    chromium.granted = false;
    chromeGlobal.chrome = { tabCapture: {}, offscreen: {} };
    expect(await fullPageMode()).toBe('scroll');
  });

  it('tab capture not allowed yet (its API absent until then): needs the permission, which the background then asks the user for', async () => {
    chromium.granted = false;
    chromium.tabCaptureGranted = false;
    for (const chrome of [{ offscreen: {} }, { tabCapture: {}, offscreen: {} }]) {
      chromeGlobal.chrome = chrome;
      expect(await fullPageMode()).toBe('needs-permission');
    }
  });

  it('with neither, and tab capture not even optional: a clear refusal that points to Save image', async () => {
    chromium.granted = false;
    chromium.tabCaptureGranted = false;
    chromium.tabCaptureOptional = false;
    chromeGlobal.chrome = {};
    const error = await fullPageMode().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect((error as Error).message).toBe(NO_FULL_PAGE_CAPTURE);
  });
});

describe('streamRefusal', () => {
  it('turns Chrome’s refusals of a tab stream into what to do, never blaming PostHog', () => {
    const notInvoked = streamRefusal('Extension has not been invoked for the current page (see activeTab permission). Chrome pages cannot be captured.');
    expect(notInvoked).toBeInstanceOf(CaptureRefusedError);
    expect(notInvoked.message).toMatch(/Click the Heatlens button on this tab, then click Full page image again/);
    expect(streamRefusal('Cannot capture a tab with an active stream.').message).toMatch(/already being captured/);
    const other = streamRefusal('Something new');
    expect(other.message).toContain('Something new');
    expect(other.message).toContain('Save image');
    for (const error of [notInvoked, other]) expect(error.message).not.toMatch(/posthog/i);
  });
});
