import { describe, expect, it } from 'vitest';
import { candidateOrigin, defaultTarget, describeCandidate, targetCandidates, type TabSummary } from '@/lib/tabs/target-tab';

const EXT = 'chrome-extension://abcdef/';

describe('targetCandidates', () => {
  const tabs: TabSummary[] = [
    { id: 1, index: 0, url: 'https://shop.example/', title: 'Shop', lastAccessed: 100 },
    { id: 2, index: 1, url: `${EXT}popup.html`, title: 'Heatlens', lastAccessed: 300 },
    { id: 3, index: 2, url: 'https://blog.example/post', title: 'Post', lastAccessed: 200 },
    { id: 4, index: 3, url: `${EXT}options.html`, title: 'Heatlens options', lastAccessed: 250 },
    { id: 5, index: 4, lastAccessed: 150 },
  ];

  it('lists the other tabs, most recently active first, without Heatlens’s own pages', () => {
    const candidates = targetCandidates(tabs, 2, EXT);
    expect(candidates.map((candidate) => candidate.tabId)).toEqual([3, 5, 1]);
    expect(candidates[1]).toEqual({ tabId: 5, position: 5, url: null, title: null, paintable: null });
  });

  it('never offers the tab Heatlens itself runs in', () => {
    const candidates = targetCandidates([{ id: 7, index: 0, url: 'https://a.example/', lastAccessed: 9 }], 7, EXT);
    expect(candidates).toEqual([]);
  });

  it('orders by position when the browser does not report lastAccessed', () => {
    const candidates = targetCandidates([{ id: 1, index: 0, url: 'https://a.example/' }, { id: 2, index: 1, url: 'https://b.example/' }], null, EXT);
    expect(candidates.map((candidate) => candidate.tabId)).toEqual([2, 1]);
  });
});

describe('defaultTarget', () => {
  it('skips browser pages in favour of the most recent web page', () => {
    const candidates = targetCandidates(
      [
        { id: 1, index: 0, url: 'chrome://newtab/', lastAccessed: 300 },
        { id: 2, index: 1, url: 'https://shop.example/', lastAccessed: 200 },
        { id: 3, index: 2, url: 'https://older.example/', lastAccessed: 100 },
      ],
      null,
      EXT,
    );
    expect(defaultTarget(candidates)?.tabId).toBe(2);
  });

  it('falls back to a tab whose address is hidden, and to nothing when only browser pages remain', () => {
    expect(defaultTarget(targetCandidates([{ id: 1, index: 0, url: 'about:blank' }, { id: 2, index: 1 }], null, EXT))?.tabId).toBe(2);
    expect(defaultTarget(targetCandidates([{ id: 1, index: 0, url: 'chrome://settings/' }], null, EXT))).toBeNull();
  });
});

describe('describeCandidate and candidateOrigin', () => {
  it('names a tab by title and URL, and says when its address is hidden', () => {
    expect(describeCandidate({ tabId: 1, position: 1, url: 'https://shop.example/a', title: 'Shop', paintable: true })).toBe('Shop — https://shop.example/a');
    expect(describeCandidate({ tabId: 1, position: 1, url: 'https://shop.example/a', title: null, paintable: true })).toBe('https://shop.example/a');
    expect(describeCandidate({ tabId: 991, position: 4, url: null, title: null, paintable: null })).toMatch(/^Tab 4 of this window .*address hidden/);
  });

  it('gives the origin to ask permission for only for web pages', () => {
    expect(candidateOrigin({ url: 'http://127.0.0.1:8020/pricing?x=1' })).toBe('http://127.0.0.1:8020');
    expect(candidateOrigin({ url: 'file:///tmp/a.html' })).toBeNull();
    expect(candidateOrigin({ url: null })).toBeNull();
  });
});
