/**
 * Findings as Markdown a product manager can paste into a ticket or a doc. Titles and evidence
 * carry page text (button labels, URLs), which must not turn into links, emphasis or HTML where
 * the report is pasted, so every piece of text is escaped; only the report's own structure is
 * Markdown.
 */

import type { Finding } from './rules';

export interface ReportContext {
  pageUrl: string;
  /** The URL the data was read for, when it differs from the page (a "take data from" mapping). */
  dataUrl: string;
  /** Human-readable filters, e.g. "Last 7 days · 1280–1600 px · total clicks". */
  filtersSummary: string;
  generatedAt: Date | string | number;
  /** The segment shown ("All visitors", "plan = paid"), issue 9. */
  segment?: string;
  /** Compare (issue 9): both sides as labelled in the panel, the normalisation, and what moved (null: not read). */
  comparison?: { sides: string[]; normalisation: string; moves: string[] | null };
  /** How well the heat matches the page (lib/review/alignment.ts): the headline, then detail lines. */
  alignment?: string[];
}

export const NOTHING_NOTABLE = 'Nothing notable: no element or area passed the thresholds for a finding with this data.';

/**
 * Backslash-escapes what gives inline Markdown (CommonMark and GitHub's extensions) its meaning:
 * emphasis, code, links and images (`[`, `]`), HTML (`<`, `>`), entities (`&`), tables (`|`) and
 * strikethrough (`~`). Line breaks fold into spaces, so page text never starts a line, which is
 * where `#`, `-`, `+` and `1.` would matter; leaving those unescaped keeps the raw report readable.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>&|~]/g, (char) => `\\${char}`);
}

/** A code span that cannot be closed early by backticks in the content. */
function codeSpan(text: string): string {
  const content = text.replace(/[\r\n]+/g, ' ');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

function formatDate(value: Date | string | number): string {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function findingsToMarkdown(findings: readonly Finding[], context: ReportContext): string {
  const lines: string[] = [];
  lines.push(`# Heatlens findings for ${escapeMarkdown(context.pageUrl)}`, '');
  if (context.dataUrl && context.dataUrl !== context.pageUrl) lines.push(`- **Data from:** ${escapeMarkdown(context.dataUrl)}`);
  if (context.filtersSummary) lines.push(`- **Filters:** ${escapeMarkdown(context.filtersSummary)}`);
  if (context.segment) lines.push(`- **Segment:** ${escapeMarkdown(context.segment)}`);
  lines.push(`- **Generated:** ${escapeMarkdown(formatDate(context.generatedAt))}`, '');
  if (context.comparison) {
    lines.push('## Comparison', '');
    for (const side of context.comparison.sides) lines.push(`- ${escapeMarkdown(side)}`);
    lines.push(`- Normalised ${escapeMarkdown(context.comparison.normalisation)}`, '');
    if (context.comparison.moves) {
      lines.push('**What moved (A → B):**', '');
      if (context.comparison.moves.length === 0) lines.push('- No element changed beyond noise.');
      for (const move of context.comparison.moves) lines.push(`- ${escapeMarkdown(move)}`);
      lines.push('');
    }
  }

  if (context.alignment && context.alignment.length > 0) {
    lines.push('## Heat alignment', '');
    for (const line of context.alignment) lines.push(`- ${escapeMarkdown(line)}`);
    lines.push('');
  }

  if (findings.length === 0) {
    lines.push(NOTHING_NOTABLE, '');
    return lines.join('\n');
  }

  const ranked = [...findings].sort((a, b) => b.severity - a.severity);
  ranked.forEach((finding, index) => {
    lines.push(`## ${index + 1}. ${escapeMarkdown(finding.title)}`, '');
    for (const line of finding.evidence) lines.push(`- ${escapeMarkdown(line)}`);
    lines.push('');
    if (finding.target) {
      const label = finding.target.label ? ` (“${escapeMarkdown(finding.target.label)}”)` : '';
      lines.push(`**Element:** ${codeSpan(finding.target.selector)}${label}`, '');
    }
    lines.push(`**Recommendation:** ${escapeMarkdown(finding.recommendation)}`, '');
  });
  return lines.join('\n');
}
