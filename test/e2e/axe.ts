import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

/**
 * axe-core accessibility checks for end-to-end tests: a whole document (the popup, the options page)
 * or the contents of a CLOSED shadow root (the in-page panel lives in one under <html>).
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** One line per offending node: its selector and what is wrong. */
  nodes: string[];
}

/** WCAG A/AA plus axe's best practices (landmarks, headings, regions). */
const RUN_OPTIONS = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] };

/**
 * Runs axe in the page on `context` and shrinks its results to what a failure message needs. Its
 * source is sent to the page as is (extension pages forbid eval), so it must be self-contained.
 */
const RUN_IN_PAGE = `async function runAxe(context, runOptions) {
  const results = await axe.run(context, runOptions);
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact || null,
    help: violation.help,
    nodes: violation.nodes.map((node) => [].concat(node.target).join(' ') + ': ' + (node.failureSummary || '').replace(/\\s+/g, ' ')),
  }));
}`;

async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  // Runtime.evaluate through DevTools is not subject to the page's CSP (extension pages forbid inline scripts).
  if (!present) await page.evaluate(AXE_SOURCE);
}

/** axe on the page's document, or on the elements matching `include` (a CSS selector). */
export async function axeViolations(page: Page, options: { include?: string } = {}): Promise<AxeViolation[]> {
  await injectAxe(page);
  const session = await page.createCDPSession();
  try {
    const { result: documentObject } = await session.send('Runtime.evaluate', { expression: 'document' });
    const result = await session.send('Runtime.callFunctionOn', {
      objectId: documentObject.objectId!,
      functionDeclaration: `async function (include, runOptions) {
        ${RUN_IN_PAGE}
        return runAxe(include ? { include: [include] } : this, runOptions);
      }`,
      arguments: [{ value: options.include ?? null }, { value: RUN_OPTIONS }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (result.exceptionDetails) throw new Error(`axe: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    return result.result.value as AxeViolation[];
  } finally {
    await session.detach();
  }
}

type DomNode = { localName?: string; attributes?: string[]; shadowRoots?: DomNode[]; children?: DomNode[]; backendNodeId: number };

/**
 * axe on the contents of the closed shadow root of the first element whose tag or attribute is `host`. Page scripts (and
 * axe) cannot see into a closed root; DevTools can: it hands over the root as an object, and for the
 * duration of the run the host's `shadowRoot` property answers with it, which is how axe walks open
 * roots. The property is removed afterwards, so the page is left as it was.
 */
export async function axeViolationsInClosedShadow(page: Page, host: string): Promise<AxeViolation[]> {
  await injectAxe(page);
  const session = await page.createCDPSession();
  try {
    const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (node: DomNode): DomNode | null => {
      // The host by its tag, or by an attribute it carries (the overlay's host is a plain div).
      if (node.localName === host || (node.attributes ?? []).includes(host)) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const found = find(child);
        if (found) return found;
      }
      return null;
    };
    const shadow = find(root as DomNode)?.shadowRoots?.[0];
    if (!shadow) throw new Error(`no <${host}> or [${host}] element with a shadow root on the page`);
    const { object } = await session.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const result = await session.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `async function (runOptions) {
        ${RUN_IN_PAGE}
        const root = this;
        const host = root.host;
        Object.defineProperty(host, 'shadowRoot', { configurable: true, get: () => root });
        try {
          return await runAxe({ include: [host] }, runOptions);
        } finally {
          delete host.shadowRoot;
        }
      }`,
      arguments: [{ value: RUN_OPTIONS }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (result.exceptionDetails) throw new Error(`axe in the shadow root: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    return result.result.value as AxeViolation[];
  } finally {
    await session.detach();
  }
}

/** The violations a release must not have: serious or critical. */
export function seriousOrCritical(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Readable listing for an assertion message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n  ${violation.nodes.join('\n  ')}`).join('\n');
}
