// A PostHog host that misbehaves, and a user who changes hosts: the key goes only to the origin it was
// saved for, never in clear to a remote host without a worded confirmation, and no answer from a
// redirect or of an unbounded size is painted as PostHog data. The CSV export keeps page-supplied text
// out of formula cells (issue 17, items 3, 4, 5 and 9).

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { listenForUrl } from '../server/listen';
import { HOGQL_QUERIES_PER_TAB_PER_MINUTE } from '../../lib/segments/query-budget';
import { startPostHogServer, type PostHogTestServer } from '../server/server';
import type { DemoEnvironment } from '../server/demo-environment';
import { startConfiguredSession, type ConfiguredSession } from './fixture';
import type { ExtensionBrowser } from './harness';
import { hideOverlay, openPopup, showOverlay } from './hostile';
import type { ExtensionGlobals } from './hostile';
import { nextDownload } from './downloads';
import { clickInOverlay, waitForOverlayStatus } from './overlay';
import { openDetails } from './overlay-shadow';
import { FiltersPopup, type PopupPage } from './pages/popup';

/** A name only this browser resolves (to 127.0.0.1): a remote host as far as Heatlens can tell. */
const REMOTE_NAME = 'posthog.remote-plain.test';

let session: ConfiguredSession;
let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;
/** Another PostHog on another loopback origin, which knows the same key. */
let other: PostHogTestServer;
/** Where the hostile host redirects: answers anything with heatmap-shaped data. */
let elsewhere: { url: string; server: Server; log: Array<{ path: string; authorization: string | null }> };

beforeAll(async () => {
  other = await startPostHogServer({ port: 0, host: '127.0.0.2' });
  const log: Array<{ path: string; authorization: string | null }> = [];
  const server = createServer((request: IncomingMessage, response) => {
    log.push({ path: request.url ?? '', authorization: request.headers.authorization ?? null });
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept' };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors);
      response.end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json', ...cors });
    response.end(
      JSON.stringify({
        results: [{ count: 999, pointer_y: 120, pointer_relative_x: 0.5, pointer_target_fixed: false }],
        has_more: false,
        fold: { total_count: 999, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: 800 },
      }),
    );
  });
  elsewhere = { url: await listenForUrl(server, '127.0.0.3', 0), server, log };
  session = await startConfiguredSession({ chromiumArgs: [`--host-resolver-rules=MAP ${REMOTE_NAME} 127.0.0.1`] });
  ({ environment, chromium, page } = session);
  expect(session.saved).toContain('Connected');
  await chromium.grantHostPermission(`${other.url}/*`);
}, 120_000);

afterAll(async () => {
  await session?.close();
  await other?.close();
  await new Promise<void>((done) => (elsewhere ? elsewhere.server.close(() => done()) : done()));
});

async function stored(): Promise<{ host?: string; apiKey?: string }> {
  const background = await chromium.background();
  return background.evaluate(() =>
    (globalThis as unknown as ExtensionGlobals).chrome.storage.local.get('heatlens.connection').then((value: Record<string, unknown>) => (value['heatlens.connection'] ?? {}) as { host?: string; apiKey?: string }),
  );
}

async function openConnection(): Promise<PopupPage> {
  const popup = await openPopup(chromium, page);
  for (const summary of await popup.page.$$('summary')) if ((await summary.evaluate((element) => element.textContent)) === 'PostHog connection') await summary.click();
  return popup;
}

describe('the key stays bound to the origin it was saved for', () => {
  it('a host change with the key field left empty sends nothing to the new host and asks for its key', async () => {
    other.clearLog();
    const popup = await openConnection();
    try {
      // The hint must not promise what a host change would break.
      await popup.fill('PostHog host', other.url);
      const hint = await popup.page.$eval('form.settings', (form) => (form as HTMLElement).innerText);
      expect(hint).toMatch(new RegExp(`enter the key for ${other.url.replace(/[.:/]/g, '\\$&')}`, 'i'));
      const answer = await popup.configure({ host: other.url, projectId: environment.projectId, apiKey: '' });
      expect(answer).toMatch(/saved key belongs to http:\/\/127\.0\.0\.1:\d+.*Enter the personal API key for http:\/\/127\.0\.0\.2/);
    } finally {
      await popup.page.close();
    }
    expect(other.requestLog.filter((request) => request.authorization !== null)).toEqual([]);
    expect(await stored()).toMatchObject({ host: environment.postHogUrl, apiKey: environment.apiKey });
  });

  it('the same host with the key field empty still keeps the saved key', async () => {
    const popup = await openConnection();
    try {
      expect(await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: '' })).toContain('Connected');
    } finally {
      await popup.page.close();
    }
    expect(await stored()).toMatchObject({ host: environment.postHogUrl, apiKey: environment.apiKey });
  });
});

describe('plain http to a host that is not this machine', () => {
  it('is refused until the user confirms, in words, that the key travels unencrypted', async () => {
    const port = new URL(environment.postHogUrl).port;
    const remote = `http://${REMOTE_NAME}:${port}`;
    await chromium.grantHostPermission(`${remote}/*`);
    environment.postHog.clearLog();
    const popup = await openConnection();
    try {
      const refused = await popup.configure({ host: remote, projectId: environment.projectId, apiKey: environment.apiKey });
      expect(refused).toMatch(/unencrypted/i);
      // Nothing carrying a key went to the remote name (the popup's own asks to the saved host may).
      expect(environment.postHog.requestLog.filter((request) => request.authorization !== null && request.host === `${REMOTE_NAME}:${port}`)).toEqual([]);
      expect(await stored()).toMatchObject({ host: environment.postHogUrl });

      const confirm = await popup.page.waitForSelector(`::-p-aria([name="Send my key to ${remote} unencrypted (plain http)"][role="checkbox"])`);
      await confirm!.click();
      const accepted = await popup.configure({ host: remote, projectId: environment.projectId, apiKey: environment.apiKey });
      expect(accepted).toContain('Connected');
      // …and the check above would have seen it: confirmed, the key does reach the remote name.
      expect(environment.postHog.requestLog.some((request) => request.authorization !== null && request.host === `${REMOTE_NAME}:${port}`)).toBe(true);
      expect(await stored()).toMatchObject({ host: remote, apiKey: environment.apiKey });

      // Back to the loopback server for the tests below (its key typed again: another origin).
      expect(await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey })).toContain('Connected');
    } finally {
      await popup.page.close();
    }
  });
});

/** Opens a fresh URL (no cached answer stands in for the server) and shows the overlay. */
async function showOn(path: string, statuses: string[], timeoutMs?: number) {
  await page.goto(`${environment.siteUrl}${path}`, { waitUntil: 'load' });
  environment.postHog.clearLog();
  return showOverlay(page, statuses, timeoutMs);
}

describe('answers that are not PostHog data are not painted', () => {
  it('a redirect to another origin is refused with a message naming it', async () => {
    elsewhere.log.length = 0;
    environment.postHog.setFailure('redirect', { redirectTo: elsewhere.url });
    try {
      const overlay = await showOn('/?hostile=redirect', ['error', 'ready', 'empty']);
      expect(overlay.status).toBe('error');
      expect(overlay.text).toContain(`sent Heatlens on to ${elsewhere.url}`);
    } finally {
      environment.postHog.setFailure(null);
    }
    // The browser drops the key on a cross-origin redirect; the answer must not count either.
    expect(elsewhere.log.every((request) => request.authorization === null)).toBe(true);
    await hideOverlay(page);
  });

  it('an answer of more spots than the cap is refused before it is parsed whole, naming the cap', async () => {
    environment.postHog.setFailure('huge-spots', { spots: 1_000_001 });
    try {
      const overlay = await showOn('/?hostile=spots', ['error', 'ready', 'empty', 'incomplete'], 60_000);
      expect(overlay.status).toBe('error');
      expect(overlay.text).toContain('more than 1,000,000 spots');
    } finally {
      environment.postHog.setFailure(null);
    }
    await hideOverlay(page);
  }, 120_000);

  it('an answer of more bytes than the cap is refused, naming the cap', async () => {
    environment.postHog.setFailure('huge-bytes', { bytes: 160 * 1024 * 1024 });
    try {
      const overlay = await showOn('/?hostile=bytes', ['error', 'ready', 'empty', 'incomplete'], 60_000);
      expect(overlay.status).toBe('error');
      expect(overlay.text).toContain('larger than 128 MB');
    } finally {
      environment.postHog.setFailure(null);
    }
    await hideOverlay(page);
  }, 120_000);
});

/** RFC 4180 fields of a CSV text, as a spreadsheet reads them. */
function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('CSV export', () => {
  it('a page URL carrying a formula puts no formula in any cell, header lines included', async () => {
    const downloads = mkdtempSync(join(tmpdir(), 'heatlens-hostile-downloads-'));
    try {
      const browserSession = await chromium.browser.target().createCDPSession();
      await browserSession.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      await page.goto(`${environment.siteUrl}/?utm=1,=HYPERLINK(1),+SUM(2),@A1`, { waitUntil: 'load' });
      // The landing page's data filed under this address too, so there is a heatmap to export.
      const landing = `${environment.siteUrl}/`;
      const rows = environment.postHog.store.rows.filter((row) => row.current_url === landing);
      environment.postHog.store.addRows(rows.map((row) => ({ ...row, current_url: page.url() })));
      await showOverlay(page, ['ready']);
      await openDetails(page);
      const before = new Set(readdirSync(downloads));
      await clickInOverlay(page, '.export-menu button', 'CSV');
      const file = await nextDownload(downloads, '.csv', before, 20_000);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('HYPERLINK(1)');
      const cells = csvCells(text).flat();
      expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
      await hideOverlay(page);
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }
  });
});

/** A person property whose name holds a backtick, as a project's data may (names come from what was captured). */
const BACKTICK_KEY = 'plan`) OR 1=1 --';

describe('HogQL identifiers', () => {
  it('a person property whose name holds a backtick is escaped as PostHog reads it: the segment paints', async () => {
    // The paying persons carry the odd property too, so the segment has data.
    for (const person of environment.postHog.store.segments.persons) if (person.properties.plan === 'paid') person.properties[BACKTICK_KEY] = 'paid';
    await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    environment.postHog.clearLog();
    const popup = new FiltersPopup(await chromium.openPopup(page));
    try {
      await popup.openSection('Segment');
      await popup.page.waitForSelector('fieldset.segment[data-options="ready"]');
      await popup.page.select('select[aria-label="Segment"]', 'person');
      await popup.fill('Segment person property', BACKTICK_KEY);
      await popup.fill('Segment value', 'paid');
      await popup.page.keyboard.press('Tab');
      await popup.page.waitForFunction(() => document.querySelector('[data-segment-label]')?.textContent?.includes('= paid'));
      expect(await popup.toggleOverlay()).toBe('Hide heatmap');
    } finally {
      await popup.page.close();
    }
    const overlay = await waitForOverlayStatus(page, ['ready', 'error', 'empty'], 30_000);
    const queries = environment.postHog.requestLog.filter((request) => request.path.endsWith('/query/'));
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((request) => request.status === 200)).toBe(true);
    // The value travels as a `values` placeholder, never in the query text.
    const bodies = queries.map((request) => (request.body as { query: { query: string; values?: Record<string, string> } }).query).filter((body) => /FROM heatmaps/.test(body.query));
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body.query).not.toContain("'paid'");
      expect(Object.values(body.values ?? {})).toContain('paid');
    }
    expect(overlay.status).toBe('ready');
    // Back to all visitors for anything after this.
    const reset = new FiltersPopup(await chromium.openPopup(page));
    try {
      await reset.openSection('Segment');
      await reset.page.select('select[aria-label="Segment"]', 'all');
    } finally {
      await reset.page.close();
    }
    await hideOverlay(page);
  });
});

describe('HogQL budget per tab', () => {
  it('a page calling pushState in a loop with a person segment on sends at most the per-minute number of queries, and the panel says it waits', async () => {
    await page.goto(`${environment.siteUrl}/`, { waitUntil: 'load' });
    const popup = new FiltersPopup(await chromium.openPopup(page));
    try {
      await popup.openSection('Segment');
      await popup.page.waitForSelector('fieldset.segment[data-options="ready"]');
      await popup.page.select('select[aria-label="Segment"]', 'person');
      await popup.fill('Segment person property', 'plan');
      await popup.fill('Segment value', 'free');
      await popup.page.keyboard.press('Tab');
      await popup.page.waitForFunction(() => document.querySelector('[data-segment-label]')?.textContent?.includes('plan = free'));
    } finally {
      await popup.page.close();
    }
    environment.postHog.clearLog();
    await showOverlay(page, ['ready', 'empty']);
    // Each new address is held longer than the overlay's settle time, so each one would load.
    await page.evaluate(async () => {
      for (let index = 0; index < 20; index++) {
        history.pushState(null, '', `/?storm=${index}`);
        await new Promise((resolve) => setTimeout(resolve, 700));
      }
    });
    const heatmapQueries = () => environment.postHog.requestLog.filter((request) => request.path.endsWith('/query/') && /FROM heatmaps/.test(JSON.stringify(request.body ?? '')));
    expect(heatmapQueries().length).toBeGreaterThan(0);
    expect(heatmapQueries().length).toBeLessThanOrEqual(HOGQL_QUERIES_PER_TAB_PER_MINUTE);
    const waiting = await waitForOverlayStatus(page, ['waiting'], 5_000);
    expect(waiting.text).toMatch(/Heatlens waits \d+ s before its next segment query for this tab: it sends at most 4 a minute and 40 an hour per tab/);
    await hideOverlay(page);
    const reset = new FiltersPopup(await chromium.openPopup(page));
    try {
      await reset.openSection('Segment');
      await reset.page.select('select[aria-label="Segment"]', 'all');
    } finally {
      await reset.page.close();
    }
  }, 120_000);
});
