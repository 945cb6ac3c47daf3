import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { NOTHING_NOTABLE } from '../../lib/review/report';
import { startDemoEnvironment, type DemoEnvironment } from '../server/demo-environment';
import { KEY_NO_ELEMENTS } from '../server/keys';
import { generateOrdinaryScenario, generateReviewScenario, SCENARIO_VIEWPORT, type ScenarioData } from '../server/scenario-data';
import { ordinaryScenario, reviewScenario, scenarioBox } from '../site/scenarios';
import { launchWithExtension, type ExtensionBrowser } from './harness';
import { waitForOverlayStatus } from './overlay';
import { clickInOverlay, evaluateInOverlay, openReview, overlayBoxes, waitInOverlay, shownFindings, type ShownFinding } from './overlay-shadow';
import { PopupPage } from './pages/popup';

let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;
let review: ScenarioData;
let ordinary: ScenarioData;

async function toggleOverlay(): Promise<string> {
  const popup = new PopupPage(await chromium.openPopup(page));
  const label = await popup.toggleOverlay();
  await popup.page.close();
  await page.bringToFront();
  return label;
}

/** Waits for the review to finish (`ready`, with the element-stats state given) and returns its findings. */
async function waitForReview(elementStats: 'available' | 'unavailable' = 'available'): Promise<ShownFinding[]> {
  await openReview(page);
  await waitInOverlay(
    page,
    `function (state) { const review = this.querySelector('.review'); return review && review.dataset.review === 'ready' && this.querySelector('[data-element-stats="' + state + '"]') !== null; }`,
    30_000,
    elementStats,
  );
  return shownFindings(page);
}

async function openScenario(path: string): Promise<void> {
  await page.goto(`${environment.siteUrl}${path}`, { waitUntil: 'load' });
  expect(await toggleOverlay()).toBe('Hide heatmap');
  await waitForOverlayStatus(page, ['ready']);
}

/** The viewport centre of a page element. */
async function centreOf(selector: string): Promise<{ x: number; y: number }> {
  return page.$eval(selector, (element) => {
    const box = element.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
}

/** The sessions the extension's sessions frame (inside the overlay) lists, once it lists them. */
async function sessionsInFrame(): Promise<Array<{ id: string; href: string; person: string }>> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const frame = page.frames().find((candidate) => candidate.url().startsWith(`chrome-extension://${chromium.extensionId}/sessions.html`));
    const sessions = await frame
      ?.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.session-list li')).map((item) => ({
          id: item.dataset.sessionId ?? '',
          href: item.querySelector('a')?.href ?? '',
          person: item.querySelector('.person')?.textContent ?? '',
        })),
      )
      .catch(() => []);
    if (sessions?.length) return sessions;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the sessions frame listed no sessions');
}

const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

beforeAll(async () => {
  environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  // The scenarios' own rows and autocapture events; the landing page's sample data stays as it is.
  review = generateReviewScenario(environment.siteUrl);
  ordinary = generateOrdinaryScenario(environment.siteUrl);
  for (const data of [review, ordinary]) {
    environment.postHog.store.addRows(data.rows);
    environment.postHog.store.addElementEvents(data.elementEvents);
  }
  chromium = await launchWithExtension();
  await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
  page = await chromium.newPage(SCENARIO_VIEWPORT);
  await page.goto(`${environment.siteUrl}${reviewScenario.path}`, { waitUntil: 'load' });
  const popup = new PopupPage(await chromium.openPopup(page));
  const result = await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey });
  expect(result).toContain('Connected');
  await popup.page.close();
  await page.bringToFront();
});

afterAll(async () => {
  await chromium?.close();
  await environment?.close();
});

describe('page review on the live page', () => {
  it('names the broken button, the clicked image, the unreachable sign-up button and the clicks below the fold, strongest first, with the data’s numbers', async () => {
    await openScenario(reviewScenario.path);
    const findings = await waitForReview();
    // Exactly these four, in this order: rage before non-clickable before reach before fold shape;
    // the dead clicks on the button and the image are folded into their elements' findings.
    expect(findings.map((finding) => finding.rule)).toEqual(['rage-clicks', 'non-interactive-clicks', 'cta-below-reach', 'clicks-below-fold']);
    const [rage, image, cta, fold] = findings as [ShownFinding, ShownFinding, ShownFinding, ShownFinding];

    const coupon = review.counts.coupon!;
    const totalRage = Object.values(review.counts).reduce((sum, entry) => sum + entry.rageclick, 0);
    const totalClicks = Object.values(review.counts).reduce((sum, entry) => sum + entry.click, 0);
    expect(rage.title).toBe('Rage clicks on “Apply coupon”');
    expect(rage.evidence).toContain(`${coupon.rageclick} rage clicks (${pct(coupon.rageclick, totalRage)} of all ${totalRage} rage clicks) land on “Apply coupon”.`);
    expect(rage.evidence).toContain(`The same element got ${coupon.click} clicks in all.`);
    expect(rage.evidence).toContain(`PostHog autocapture counted ${coupon.rageclick} rage click events on this element, the same as the heatmap.`);
    expect(rage.evidence.some((line) => line.startsWith(`${coupon.deadclick} dead clicks`))).toBe(true);
    expect(rage.recommendation).toMatch(/^Change: Check that “Apply coupon” responds on the first click/);

    const screenshot = review.counts.screenshot!;
    expect(image.title).toBe('Clicks on “Dashboard screenshot”, which is not clickable');
    expect(image.evidence[0]).toBe(
      `${screenshot.click} clicks (${pct(screenshot.click, totalClicks)} of all ${totalClicks} clicks) land on “Dashboard screenshot”, a <img> that is not a link, button or form control.`,
    );
    expect(image.evidence).toContain(`${screenshot.deadclick} of these clicks were dead: nothing happened.`);
    expect(image.recommendation).toMatch(/make it a link to what it shows/);

    // Visitors who reached the button: those whose deepest pixel (scroll + 800) is past its top.
    const signup = scenarioBox(reviewScenario, 'signup');
    const reached = review.rows.filter((row) => row.type === 'scrolldepth' && (row.y + row.viewport_height) * 16 >= signup.y).length;
    expect(cta.title).toBe('“Sign up for the beta” is below where most visitors scroll');
    expect(cta.evidence[0]).toBe(`Only ${pct(reached, review.visitors)} of ${review.visitors} visitors scroll down to “Sign up for the beta” at ${signup.y.toLocaleString('en-US')} px.`);
    expect(cta.recommendation).toMatch(/^Change: Move “Sign up for the beta” up, or repeat it above [\d,]+ px/);

    const below = review.rows.filter((row) => row.type === 'click' && row.y * 16 > SCENARIO_VIEWPORT.height).length;
    expect(fold.title).toBe(`${pct(below, totalClicks)} of clicks on Desktop (≥ 1280 px) are below the fold`);
    expect(fold.evidence[0]).toContain(`(${below}) land below the fold at ~${SCENARIO_VIEWPORT.height} px`);
    expect(fold.evidence[1]).toContain(`“Apply coupon” (${pct(coupon.click, totalClicks)} of clicks), “Dashboard screenshot” (${pct(screenshot.click, totalClicks)} of clicks)`);
    expect(fold.recommendation).toContain('bring “Apply coupon” and “Dashboard screenshot”');
  });

  it('pins autocapture’s counts on the elements they belong to', async () => {
    const coupon = review.counts.coupon!;
    const badges = await evaluateInOverlay<Array<{ selector: string; clicks: string; rage: string; dead: string; text: string }>>(
      page,
      `function () { return Array.from(this.querySelectorAll('.badge')).map((badge) => ({ ...badge.dataset, text: badge.textContent })); }`,
    );
    expect(badges.find((badge) => badge.selector === '#apply-coupon')).toMatchObject({
      clicks: String(coupon.click),
      rage: String(coupon.rageclick),
      dead: String(coupon.deadclick),
      text: `${coupon.click} clicks · ${coupon.rageclick} rage · ${coupon.deadclick} dead`,
    });
    const pricing = badges.find((badge) => badge.text.startsWith(`${review.counts.reviewNavPricing!.click} clicks`));
    expect(pricing?.selector).toBeDefined();
    expect(await page.$eval(pricing!.selector, (element) => element.textContent)).toBe('Pricing');
  });

  it('clicking a finding scrolls its element into view and outlines it', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await clickInOverlay(page, 'button.finding-title', 'Sign up for the beta');
    await page.waitForFunction(() => {
      const box = document.querySelector('#beta-signup')!.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1500);
    const target = await page.$eval('#beta-signup', (element) => element.getBoundingClientRect().toJSON() as DOMRect);
    const [outline] = await overlayBoxes(page, '.highlight[data-selector="#beta-signup"]');
    expect(outline).toBeDefined();
    expect(Math.abs(outline!.x - (target.x - 4))).toBeLessThan(2);
    expect(Math.abs(outline!.y - (target.y - 4))).toBeLessThan(2);
    expect(Math.abs(outline!.width - (target.width + 8))).toBeLessThan(2);
  });

  it('“Copy report” puts the findings on the clipboard as Markdown', async () => {
    await chromium.browser.defaultBrowserContext().overridePermissions(environment.siteUrl, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await clickInOverlay(page, 'button.copy');
    await waitInOverlay(page, `function () { return (this.querySelector('.copy-status') || {}).textContent === 'Report copied as Markdown.'; }`);
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report.startsWith(`# Heatlens findings for ${environment.siteUrl}${reviewScenario.path}\n`)).toBe(true);
    expect(report).toContain('## 1. Rage clicks on “Apply coupon”');
    expect(report).toContain('**Element:** `#apply-coupon` (“Apply coupon”)');
    expect(report).toContain('## 4. ');
    expect(report).not.toContain('## 5. ');
    // Page text is escaped: the <img> tag in the evidence does not become HTML where it is pasted.
    expect(report).toContain('a \\<img\\> that is not a link');
  });

  it('inspect mode lists the sessions behind a hot spot with replay links, then gives clicks back to the page', async () => {
    await page.evaluate(() => document.querySelector('#apply-coupon')!.scrollIntoView({ block: 'center' }));
    const centre = await centreOf('#apply-coupon');
    const hitTest = () =>
      page.evaluate(({ x, y }) => {
        const hit = document.elementFromPoint(x, y);
        return hit?.hasAttribute('data-heatlens-overlay') ? 'heatlens overlay' : (hit?.localName ?? null);
      }, centre);
    expect(await hitTest()).toBe('button');

    await clickInOverlay(page, 'button.inspect');
    await waitInOverlay(page, `function () { return this.querySelector('[data-sessions="waiting"]') !== null; }`);
    // The overlay now takes the clicks: a click on the button goes to Heatlens, not to the page.
    expect(await hitTest()).toBe('heatlens overlay');
    environment.postHog.clearLog();
    await page.mouse.click(centre.x, centre.y);
    await waitInOverlay(page, `function () { return this.querySelector('[data-sessions="ready"]') !== null; }`);
    const summary = await evaluateInOverlay<string>(page, `function () { return this.querySelector('[data-sessions="ready"] p').textContent; }`);
    // The visitors and replay links are in the extension's sessions frame inside the panel.
    const listed = { summary, sessions: await sessionsInFrame() };
    const coupon = review.counts.coupon!;
    expect(listed.summary).toMatch(new RegExp(`^${coupon.click} clicks at \\d+ × \\d+ px from ${coupon.sessions.size} sessions`));
    expect(new Set(listed.sessions.map((session) => session.id))).toEqual(coupon.sessions);
    for (const session of listed.sessions) {
      expect(session.href).toBe(`${environment.postHogUrl}/project/${environment.projectId}/replay/${session.id}`);
      expect(session.person).toMatch(/^review-visitor-\d{3}$/);
    }
    // The sessions came from PostHog's events endpoint, asked by the extension with the key.
    const eventsRequests = environment.postHog.requestLog.filter((request) => request.path.endsWith('/heatmaps/events/'));
    expect(eventsRequests.length).toBe(1);
    expect(eventsRequests[0]!.origin === null || eventsRequests[0]!.origin.startsWith('chrome-extension://')).toBe(true);

    await clickInOverlay(page, 'button.inspect');
    await waitInOverlay(page, `function () { return this.querySelector('.sessions') === null && this.querySelector('.catcher') === null; }`);
    expect(await hitTest()).toBe('button');
    const clicksReachPage = await page.evaluate(() => {
      (window as unknown as { couponClicks: number }).couponClicks = 0;
      document.querySelector('#apply-coupon')!.addEventListener('click', () => (window as unknown as { couponClicks: number }).couponClicks++);
    });
    void clicksReachPage;
    await page.mouse.click(centre.x, centre.y);
    expect(await page.evaluate(() => (window as unknown as { couponClicks: number }).couponClicks)).toBe(1);
  });

  it('“Save to PostHog” creates a saved heatmap, polls until it is ready, and links to it', async () => {
    environment.postHog.clearLog();
    await clickInOverlay(page, 'button.save');
    const href = await waitInOverlay<string>(page, `function () { const done = this.querySelector('[data-saved="completed"] a'); return done ? done.href : null; }`, 20_000);
    const saved = [...environment.postHog.store.savedHeatmaps.values()];
    expect(saved).toHaveLength(1);
    expect(saved[0]!.url).toBe(`${environment.siteUrl}${reviewScenario.path}`);
    expect(saved[0]!.target_widths).toEqual([SCENARIO_VIEWPORT.width]);
    expect(href).toBe(`${environment.postHogUrl}/project/${environment.projectId}/heatmaps/${saved[0]!.short_id}`);
    const creates = environment.postHog.requestLog.filter((request) => request.method === 'POST' && request.path.endsWith('/saved/'));
    const polls = environment.postHog.requestLog.filter((request) => request.method === 'GET' && request.path.endsWith(`/saved/${saved[0]!.short_id}/`));
    expect(creates).toHaveLength(1);
    // The store renders for 1 s and the panel polls every second: "processing" was seen at least once.
    expect(polls.length).toBeGreaterThanOrEqual(1);
  });

  it('finds nothing on a page with ordinary traffic, and says so', async () => {
    await openScenario(ordinaryScenario.path);
    const findings = await waitForReview();
    expect(findings).toEqual([]);
    const text = await evaluateInOverlay<string>(page, `function () { return this.querySelector('.review').innerText; }`);
    expect(text).toContain(NOTHING_NOTABLE);
    // Not for want of data: the clickmap is there.
    const badge = await evaluateInOverlay<string | null>(page, `function () { const badge = this.querySelector('.badge[data-selector="#get-started"]'); return badge ? badge.dataset.clicks : null; }`);
    expect(badge).toBe(String(ordinary.counts.getStarted!.click));
    expect(await toggleOverlay()).toBe('Show heatmap');
  });

  it('without element:read, still names the elements from the page and says what it did without', async () => {
    const popup = new PopupPage(await chromium.openPopup(page));
    // Once connected, the popup folds the connection section away: open it as a user would.
    await (await popup.page.waitForSelector('summary::-p-text(PostHog connection)'))!.click();
    expect(await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: KEY_NO_ELEMENTS })).toContain('Connected');
    await popup.page.close();
    await page.bringToFront();
    await openScenario(reviewScenario.path);
    const findings = await waitForReview('unavailable');
    const note = await evaluateInOverlay<string>(page, `function () { return this.querySelector('[data-element-stats="unavailable"]').textContent; }`);
    expect(note).toContain("lacks the 'element:read' scope");
    expect(findings.map((finding) => finding.rule)).toEqual(['rage-clicks', 'non-interactive-clicks', 'cta-below-reach', 'clicks-below-fold']);
    expect(findings[0]!.title).toBe('Rage clicks on “Apply coupon”');
    expect(findings[0]!.evidence.some((line) => line.includes('autocapture'))).toBe(false);
    expect(await overlayBoxes(page, '.badge')).toEqual([]);
    const refused = environment.postHog.requestLog.filter((request) => request.path.endsWith('/elements/stats/') && request.authorization?.includes(KEY_NO_ELEMENTS));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((request) => request.status === 403)).toBe(true);
  });
});
