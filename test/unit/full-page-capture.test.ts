import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureRefusedError } from '../../lib/full-page/capture-image';
import { fullPagePlan } from '../../lib/full-page/full-page';

/** The browser APIs lib/full-page/capture.ts uses, recorded. */
const calls: Array<[string, ...unknown[]]> = [];
/** Firefox's side: whether the page's tab is still the active one, and a refusal to capture. */
const firefox = { active: true, refusal: null as string | null };
const chromium = {
  /** Whether the optional `tabCapture` was allowed, and whether the manifest lists it as optional. */
  tabCaptureGranted: true,
  tabCaptureOptional: true,
  /** What permissions.contains answers for any other permission (`debugger` included): held. */
  othersGranted: true,
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
        return request.permissions?.[0] === 'tabCapture' ? chromium.tabCaptureGranted : chromium.othersGranted;
      },
    },
    runtime: {
      getManifest: () => ({ optional_permissions: chromium.tabCaptureOptional ? ['tabs', 'tabCapture'] : ['tabs'] }),
    },
    // Present as in a Chromium build that held `debugger`: the released code must never use it.
    debugger: {
      attach: async (target: unknown, version: string) => {
        calls.push(['debugger.attach', target, version]);
      },
      sendCommand: async (target: unknown, method: string, params: unknown) => {
        calls.push(['debugger.sendCommand', target, method, params]);
        return { data: 'iVBORw0KGgo=' };
      },
      detach: async (target: unknown) => {
        calls.push(['debugger.detach', target]);
      },
    },
  },
}));

const { NO_FULL_PAGE_CAPTURE, TAB_VIDEO_CLOSED, beyondViewportCapturer, firefoxStripCapturer, fullPageMode } = await import('../../lib/full-page/capture');
const { streamRefusal } = await import('../../lib/full-page/tab-capture');
const TAB = { id: 7, windowId: 3 };

beforeEach(() => {
  calls.length = 0;
  chromium.tabCaptureGranted = true;
  chromium.tabCaptureOptional = true;
  chromium.othersGranted = true;
  firefox.active = true;
  firefox.refusal = null;
});

describe('beyondViewportCapturer (Chromium)', () => {
  it('has nothing to capture without the tab video, even where `debugger` is held: a refusal that says to start again, and no browser API touched', () => {
    let error: unknown;
    try {
      beyondViewportCapturer(TAB);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect((error as Error).message).toBe(TAB_VIDEO_CLOSED);
    expect(TAB_VIDEO_CLOSED).toContain('click Full page image again');
    expect(TAB_VIDEO_CLOSED).not.toMatch(/posthog/i);
    expect(calls).toEqual([]);
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

  it('tab capture allowed in the popup (the released build, after “Allow full-page images”): the page scrolls under the tab video, even where `debugger` is held', async () => {
    chromeGlobal.chrome = { tabCapture: {}, offscreen: {} };
    expect(await fullPageMode()).toBe('scroll');
    expect(calls).toEqual([['permissions.contains', { permissions: ['tabCapture'] }]]);
  });

  it('tab capture not allowed yet (its API absent until then): needs the permission, which the background then asks the user for', async () => {
    chromium.tabCaptureGranted = false;
    for (const chrome of [{ offscreen: {} }, { tabCapture: {}, offscreen: {} }]) {
      chromeGlobal.chrome = chrome;
      expect(await fullPageMode()).toBe('needs-permission');
    }
  });

  it('tab capture neither allowed nor even optional in the manifest: a clear refusal that points to Save image', async () => {
    chromium.tabCaptureGranted = false;
    chromium.tabCaptureOptional = false;
    chromeGlobal.chrome = {};
    const error = await fullPageMode().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect((error as Error).message).toBe(NO_FULL_PAGE_CAPTURE);
    expect(NO_FULL_PAGE_CAPTURE).toContain('Save image');
    expect(NO_FULL_PAGE_CAPTURE).not.toMatch(/posthog/i);
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
