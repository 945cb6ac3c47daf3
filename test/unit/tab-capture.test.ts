import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureRefusedError } from '../../lib/full-page/capture-image';

/** What the background asked of Chrome and of the offscreen document, in order. */
const calls: Array<[string, ...unknown[]]> = [];
/** How the offscreen document answers: a reply per message type, or a refusal. */
const offscreen = { refuse: null as string | null, missing: [] as number[], active: true };

vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      sendMessage: async (message: { type: string; payload: unknown }) => {
        calls.push(['offscreen', message.type, message.payload]);
        if (offscreen.refuse && message.type === 'capture.open') return { ok: false, error: { kind: 'local', message: offscreen.refuse, retryable: false } };
        if (message.type === 'capture.await') return { ok: true, value: { missing: offscreen.missing } };
        if (message.type === 'capture.strip') return { ok: true, value: { dataUrl: 'data:image/png;base64,iVBORw0KGgo=' } };
        return { ok: true, value: { ok: true } };
      },
    },
    tabs: {
      get: async (tabId: number) => ({ id: tabId, active: offscreen.active }),
    },
  },
}));

const { TabCaptures } = await import('../../lib/full-page/tab-capture');

const VIEWPORT = { width: 1440, height: 813, clientWidth: 1440, clientHeight: 813, devicePixelRatio: 1 };
const chromeGlobal = globalThis as unknown as { chrome?: Record<string, unknown> };
let streamError: Error | null = null;

beforeEach(() => {
  calls.length = 0;
  offscreen.refuse = null;
  offscreen.missing = [];
  offscreen.active = true;
  streamError = null;
  chromeGlobal.chrome = {
    tabCapture: {
      getMediaStreamId: async (options: { targetTabId: number }) => {
        calls.push(['getMediaStreamId', options]);
        if (streamError) throw streamError;
        return `stream-for-${options.targetTabId}`;
      },
    },
    offscreen: {
      createDocument: async (options: unknown) => void calls.push(['createDocument', options]),
      closeDocument: async () => void calls.push(['closeDocument']),
    },
  };
});

afterEach(() => {
  delete chromeGlobal.chrome;
});

describe('TabCaptures', () => {
  it('asks Chrome for the video of the asking tab only, opens it in the offscreen document at the window’s size', async () => {
    const captures = new TabCaptures();
    await captures.begin(7, VIEWPORT);
    expect(captures.isOpenFor(7)).toBe(true);
    expect(captures.isOpenFor(8)).toBe(false);
    expect(calls.find((call) => call[0] === 'getMediaStreamId')).toEqual(['getMediaStreamId', { targetTabId: 7 }]);
    expect(calls.find((call) => call[0] === 'createDocument')![1]).toMatchObject({ url: 'capture.html', reasons: ['USER_MEDIA'] });
    expect(calls.find((call) => call[1] === 'capture.open')![2]).toEqual({ streamId: 'stream-for-7', viewport: VIEWPORT });
    await captures.close();
  });

  it('refuses a second tab while one is captured, and any tab once closed', async () => {
    const captures = new TabCaptures();
    await captures.begin(7, VIEWPORT);
    const error = await captures.begin(8, VIEWPORT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect(calls.filter((call) => call[0] === 'getMediaStreamId')).toHaveLength(1);
    await captures.close();
    expect(calls.at(-1)).toEqual(['closeDocument']);
    await expect(captures.expect(7, [{ code: 1, marker: 'bottom', scrollY: 0, top: 0, bottom: 805 }])).rejects.toThrow(/stopped/);
  });

  it('Chrome’s refusal of the stream is said as what to do, and no document is opened', async () => {
    streamError = new Error('Extension has not been invoked for the current page (see activeTab permission). Chrome pages cannot be captured.');
    const captures = new TabCaptures();
    const error = await captures.begin(7, VIEWPORT).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/Click the Heatlens button on this tab/);
    expect(calls.some((call) => call[0] === 'createDocument')).toBe(false);
    expect(captures.isOpenFor(7)).toBe(false);
  });

  it('the offscreen document’s refusal comes back in its own words, and everything is closed', async () => {
    offscreen.refuse = 'Chrome refused the video of this tab (NotAllowedError: nope). Use Save image for the visible part.';
    const captures = new TabCaptures();
    const error = await captures.begin(7, VIEWPORT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CaptureRefusedError);
    expect((error as Error).message).toBe(offscreen.refuse);
    expect(captures.isOpenFor(7)).toBe(false);
    expect(calls.at(-1)).toEqual(['closeDocument']);
  });

  it('strips still missing when the tab is no longer shown: says so rather than "missing"', async () => {
    const captures = new TabCaptures();
    await captures.begin(7, VIEWPORT);
    offscreen.missing = [3];
    expect(await captures.await(7, undefined, 100)).toEqual([3]);
    offscreen.active = false;
    await expect(captures.await(7, undefined, 100)).rejects.toThrow(/no longer the one shown/);
    await captures.close();
  });
});
