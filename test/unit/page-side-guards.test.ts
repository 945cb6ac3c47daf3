import { describe, expect, it } from 'vitest';
import { captureOwnActiveTab, NOT_THE_ACTIVE_TAB, type TabLookup } from '../../lib/full-page/own-tab-capture';
import { SessionsLists } from '../../lib/review/sessions-lists';
import { claimOverlayInjection, handedOverReviewModule, handOverReviewModule } from '../../lib/overlay/review-handover';
import { onTrustedInput } from '../../lib/core/trusted-input';
import { isRuntime } from '../../lib/protocol/runtime-global';
import type { ReviewModule } from '../../lib/overlay/review-module';

/** A tab that is active while `states` says so, one state per lookup (before, then after the capture). */
function tabsWhere(states: Array<{ active: boolean; windowId: number } | null>): TabLookup & { lookups: number } {
  const lookup = {
    lookups: 0,
    async get() {
      const state = states[Math.min(lookup.lookups++, states.length - 1)];
      if (!state) throw new Error('No tab with id 7');
      return state;
    },
  };
  return lookup;
}

describe('captureOwnActiveTab (issue 17: Save image captures only the tab that asked)', () => {
  it('captures the window of the asking tab while it is in front', async () => {
    const windows: number[] = [];
    const image = await captureOwnActiveTab(tabsWhere([{ active: true, windowId: 3 }]), 7, async (windowId) => {
      windows.push(windowId);
      return 'data:image/png;base64,AAAA';
    });
    expect(image).toBe('data:image/png;base64,AAAA');
    expect(windows).toEqual([3]);
  });

  it('refuses before capturing when the asking tab is in the background, or gone', async () => {
    for (const state of [{ active: false, windowId: 3 }, null]) {
      let captured = false;
      const attempt = captureOwnActiveTab(tabsWhere([state]), 7, async () => {
        captured = true;
        return 'data:image/png;base64,AAAA';
      });
      await expect(attempt).rejects.toThrow(NOT_THE_ACTIVE_TAB);
      expect(captured).toBe(false);
    }
  });

  it('discards the image when the tab stopped being in front during the capture', async () => {
    const tabs = tabsWhere([{ active: true, windowId: 3 }, { active: false, windowId: 3 }]);
    await expect(captureOwnActiveTab(tabs, 7, async () => 'data:image/png;base64,AAAA')).rejects.toThrow(NOT_THE_ACTIVE_TAB);
    expect(tabs.lookups).toBe(2);
  });
});

describe('SessionsLists (issue 17: visitors never go to the page’s script)', () => {
  const list = { sessions: [{ sessionId: 's1', distinctId: 'ada@example.com', timestamp: '2026-01-01T00:00:00Z', interactions: 1, replayUrl: 'https://x/replay/s1' }], totalCount: 1, hasMore: false };

  it('gives a list only to its own tab, and forgets it after its time', () => {
    let now = 0;
    const lists = new SessionsLists(() => now, 1_000);
    const id = lists.put(4, list);
    expect(lists.get(id, 4)).toEqual(list);
    expect(lists.get(id, 5)).toBeNull();
    expect(lists.get(id, undefined)).toBeNull();
    expect(lists.get('guessed', 4)).toBeNull();
    now = 1_000;
    expect(lists.get(id, 4)).toBeNull();
  });

  it('keeps at most a few lists, dropping the oldest', () => {
    const lists = new SessionsLists(Date.now, 60_000, 2);
    const first = lists.put(1, list);
    const second = lists.put(1, list);
    const third = lists.put(1, list);
    expect([lists.get(first, 1), lists.get(second, 1), lists.get(third, 1)].map(Boolean)).toEqual([false, true, true]);
  });
});

describe('state a page cannot clobber (issue 17)', () => {
  it('the review module is handed over under a symbol, and only a module with its functions counts', () => {
    // A named element would appear under the old string name; it has no say now.
    (globalThis as Record<string, unknown>).__heatlensReviewModule = document.createElement('img');
    expect(handedOverReviewModule()).toBeNull();
    const module = { mountReview: () => undefined, renderDetails: () => undefined } as unknown as ReviewModule;
    handOverReviewModule(module);
    expect(handedOverReviewModule()).toBe(module);
    delete (globalThis as Record<string, unknown>).__heatlensReviewModule;
  });

  it('the overlay is claimed once per world, whatever the page names an element', () => {
    (globalThis as Record<string, unknown>).__heatlensInjected = document.createElement('div');
    expect(claimOverlayInjection()).toBe(true);
    expect(claimOverlayInjection()).toBe(false);
    delete (globalThis as Record<string, unknown>).__heatlensInjected;
  });

  it('a named element is not an extension runtime', () => {
    const form = document.createElement('form');
    const input = document.createElement('input');
    input.name = 'runtime';
    input.id = 'clobbered';
    form.append(input);
    expect(isRuntime(input)).toBe(false);
    expect(isRuntime((form as unknown as { runtime: unknown }).runtime)).toBe(false);
    expect(isRuntime({ id: 'abc', sendMessage: async () => undefined, onMessage: { addListener: () => undefined } })).toBe(true);
  });
});

describe('onTrustedInput (issue 17: a scripted click does nothing)', () => {
  it('runs the action for the user’s own input only', () => {
    let runs = 0;
    const handler = onTrustedInput(() => runs++);
    const button = document.createElement('button');
    button.addEventListener('click', handler);
    button.click();
    expect(runs).toBe(0);
    handler({ isTrusted: true } as Event);
    expect(runs).toBe(1);
  });
});
