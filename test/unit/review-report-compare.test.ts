import { describe, expect, it } from 'vitest';
import { findingsToMarkdown } from '../../lib/review/report';

describe('findingsToMarkdown with a segment and a comparison', () => {
  it('names the segment, both sides, the normalisation and what moved, escaped', () => {
    const report = findingsToMarkdown([], {
      pageUrl: 'https://example.com/pricing',
      dataUrl: 'https://example.com/pricing',
      filtersSummary: 'last 7 days',
      generatedAt: new Date('2026-12-01T00:00:00Z'),
      segment: 'plan = *paid*',
      comparison: {
        sides: ['A · 2026-10-17 → 2026-10-23 · All visitors', 'B · 2026-10-24 → 2026-10-30 · All visitors'],
        normalisation: 'each side by its own total',
        moves: ['Choose Pro: 141 → 38 clicks (−73%)'],
      },
    });
    expect(report).toContain('- **Segment:** plan = \\*paid\\*');
    expect(report).toContain('## Comparison');
    expect(report).toContain('- A · 2026-10-17 → 2026-10-23 · All visitors');
    expect(report).toContain('- Normalised each side by its own total');
    expect(report).toContain('- Choose Pro: 141 → 38 clicks (−73%)');
  });

  it('says so when nothing moved beyond noise, and leaves the section out without a comparison', () => {
    const base = { pageUrl: 'https://example.com/', dataUrl: 'https://example.com/', filtersSummary: '', generatedAt: 0 };
    expect(findingsToMarkdown([], { ...base, comparison: { sides: ['A', 'B'], normalisation: 'x', moves: [] } })).toContain('No element changed beyond noise.');
    expect(findingsToMarkdown([], base)).not.toContain('Comparison');
  });
});
