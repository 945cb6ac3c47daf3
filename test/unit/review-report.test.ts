import { describe, expect, it } from 'vitest';
import { escapeMarkdown, findingsToMarkdown, NOTHING_NOTABLE } from '@/lib/review/report';
import type { Finding } from '@/lib/review/rules';
import { alignmentReport, measureAlignment } from '@/lib/review/alignment';

const context = {
  pageUrl: 'https://shop.example.com/pricing',
  dataUrl: 'https://shop.example.com/pricing',
  filtersSummary: 'Last 7 days · 1280–1600 px · total clicks',
  generatedAt: new Date('2026-11-03T09:15:00.123Z'),
};

const rage: Finding = {
  id: 'rage-clicks:el:#buy',
  rule: 'rage-clicks',
  severity: 6.5,
  title: 'Rage clicks on “Buy Pro”',
  evidence: ['42 rage clicks (61% of all 69 rage clicks) land on “Buy Pro”.'],
  recommendation: 'Check that “Buy Pro” responds on the first click.',
  target: { selector: '#buy', label: 'Buy Pro', rect: { x: 0, y: 0, width: 10, height: 10 } },
};

const fold: Finding = {
  id: 'clicks-below-fold:all',
  rule: 'clicks-below-fold',
  severity: 3.4,
  title: '45% of clicks are below the fold',
  evidence: ['45% of 600 clicks (270) land below the fold at ~800 px.'],
  recommendation: 'Bring it up.',
};

describe('findingsToMarkdown', () => {
  it('writes a header with the filters and a "nothing notable" line when there are no findings', () => {
    const markdown = findingsToMarkdown([], context);
    expect(markdown.split('\n')[0]).toBe('# Heatlens findings for https://shop.example.com/pricing');
    expect(markdown).toContain('- **Filters:** Last 7 days · 1280–1600 px · total clicks');
    expect(markdown).toContain('- **Generated:** 2026-11-03T09:15:00Z');
    expect(markdown).toContain(NOTHING_NOTABLE);
    // The data URL is only worth a line when it differs from the page.
    expect(markdown).not.toContain('Data from');
  });

  it('lists findings strongest first, with evidence bullets, element and recommendation', () => {
    const markdown = findingsToMarkdown([fold, rage], { ...context, dataUrl: 'https://shop.example.com/pricing/*' });
    expect(markdown).toContain('- **Data from:** https://shop.example.com/pricing/\\*');
    expect(markdown).not.toContain(NOTHING_NOTABLE);
    const rageAt = markdown.indexOf('## 1. Rage clicks on “Buy Pro”');
    const foldAt = markdown.indexOf('## 2. 45% of clicks are below the fold');
    expect(rageAt).toBeGreaterThan(0);
    expect(foldAt).toBeGreaterThan(rageAt);
    expect(markdown).toContain('- 42 rage clicks (61% of all 69 rage clicks) land on “Buy Pro”.');
    expect(markdown).toContain('**Element:** `#buy` (“Buy Pro”)');
    expect(markdown).toContain('**Recommendation:** Check that “Buy Pro” responds on the first click.');
  });

  it('escapes page text so it cannot become links, HTML or emphasis', () => {
    const hostile: Finding = {
      ...rage,
      title: 'Rage clicks on “[Win](https://evil.example) <img src=x> *now*”',
      evidence: ['5 rage clicks on “a_b | c”\n# not a heading'],
      target: { selector: 'a[href="`x`"]', label: '**bold**', rect: rage.target!.rect },
    };
    const markdown = findingsToMarkdown([hostile], context);
    expect(markdown).toContain('## 1. Rage clicks on “\\[Win\\](https://evil.example) \\<img src=x\\> \\*now\\*”');
    expect(markdown).toContain('- 5 rage clicks on “a\\_b \\| c” # not a heading');
    expect(markdown).not.toMatch(/^# not a heading/m);
    // A selector with backticks still makes one code span.
    expect(markdown).toContain('**Element:** ``a[href="`x`"]`` (“\\*\\*bold\\*\\*”)');
  });
});

describe('the report’s heat alignment', () => {
  it('gives the headline, the elements elsewhere and what was not measured, page text escaped', () => {
    const measure = measureAlignment(
      [{ label: 'Buy <now>', selector: '#buy', autocaptureClicks: 10, box: { x: 0, y: 100, width: 100, height: 40 }, fixed: false }],
      { relativeX: [0.05], y: [112], count: [2], fixed: [0] },
      1000,
      { elements: 1, autocaptureClicks: 3 },
    );
    const markdown = findingsToMarkdown([], { ...context, alignment: alignmentReport({ kind: 'measured', measure }) });
    expect(markdown).toContain('## Heat alignment');
    expect(markdown).toContain('- Heat matches the page: 20% of autocaptured clicks fall on their element (2 of 10, 1 element).');
    expect(markdown).toContain('- “Buy \\<now\\>”: 2 of its 10 autocaptured clicks are on it; the rest of its heat is elsewhere.');
    expect(markdown).toContain('- 1 autocaptured element (3 clicks) is not on the page now, so it is not measured.');
    expect(findingsToMarkdown([], { ...context, alignment: alignmentReport({ kind: 'unavailable', reason: "needs the 'element:read' scope" }) })).toContain("- needs the 'element:read' scope");
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline Markdown and leaves plain prose alone', () => {
    expect(escapeMarkdown('61% of 1,000 clicks (a lot).')).toBe('61% of 1,000 clicks (a lot).');
    expect(escapeMarkdown('\\ ` * _ [ ] < > & | ~')).toBe('\\\\ \\` \\* \\_ \\[ \\] \\< \\> \\& \\| \\~');
  });
});
