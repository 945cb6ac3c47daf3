import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startDemoEnvironment, type DemoEnvironment } from '../server/demo-environment';
import {
  generateCardScenario,
  generateContainerScenario,
  generateGermanScenario,
  generateLookScenario,
  SCENARIO_VIEWPORT,
  type ScenarioData,
} from '../server/scenario-data';
import { cardScenario, containerScenario, germanScenario, lookScenario, scenarioBox, type Scenario } from '../site/scenarios';
import { launchWithExtension, type ExtensionBrowser } from './harness';
import { waitForOverlayStatus } from './overlay';
import { clickInOverlay, openReview, overlayBoxes, waitInOverlay, shownFindings, type ShownFinding } from './overlay-shadow';
import { PopupPage } from './pages/popup';

// The review on pages nobody tuned it for (issue 12): each scenario's findings, each once, with
// the numbers of the data loaded here (test/server/scenario-data.ts).

let environment: DemoEnvironment;
let chromium: ExtensionBrowser;
let page: Page;
let look: ScenarioData;
let german: ScenarioData;
let container: ScenarioData;
let card: ScenarioData;

const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
const total = (data: ScenarioData, type: 'click' | 'rageclick' | 'deadclick') => Object.values(data.counts).reduce((sum, entry) => sum + entry[type], 0);
/** Visitors whose deepest pixel (scroll + viewport) reached `y`, from the scroll-depth rows. */
const reached = (data: ScenarioData, y: number) => data.rows.filter((row) => row.type === 'scrolldepth' && (row.y + row.viewport_height) * 16 >= y).length;

async function showOverlay(): Promise<void> {
  const popup = new PopupPage(await chromium.openPopup(page));
  expect(await popup.toggleOverlay()).toBe('Hide heatmap');
  await popup.page.close();
  await page.bringToFront();
  await waitForOverlayStatus(page, ['ready']);
}

async function reviewOf(scenario: Scenario, before?: () => Promise<void>): Promise<ShownFinding[]> {
  await page.goto(`${environment.siteUrl}${scenario.path}`, { waitUntil: 'load' });
  if (before) await before();
  await showOverlay();
  await openReview(page);
  return shownFindings(page);
}

/** Every finding's text, to check that an element is named nowhere. */
const allText = (findings: readonly ShownFinding[]) => findings.flatMap((finding) => [finding.title, ...finding.evidence, finding.recommendation]).join('\n');

beforeAll(async () => {
  environment = await startDemoEnvironment({ postHogPort: 0, sitePort: 0 });
  look = generateLookScenario(environment.siteUrl);
  german = generateGermanScenario(environment.siteUrl);
  container = generateContainerScenario(environment.siteUrl);
  card = generateCardScenario(environment.siteUrl);
  for (const data of [look, german, container, card]) {
    environment.postHog.store.addRows(data.rows);
    environment.postHog.store.addElementEvents(data.elementEvents);
  }
  chromium = await launchWithExtension();
  await chromium.grantHostPermission(`${environment.postHogUrl}/*`);
  page = await chromium.newPage(SCENARIO_VIEWPORT);
  await page.goto(`${environment.siteUrl}${lookScenario.path}`, { waitUntil: 'load' });
  const popup = new PopupPage(await chromium.openPopup(page));
  expect(await popup.configure({ host: environment.postHogUrl, projectId: environment.projectId, apiKey: environment.apiKey })).toContain('Connected');
  await popup.page.close();
  await page.bringToFront();
  // Other runs may hold the shared browser lock for a few minutes: waiting for it is not a failure.
}, 480_000);

afterAll(async () => {
  await chromium?.close();
  await environment?.close();
});

describe('the page review on pages nobody tuned it for', () => {
  it('on the demo page, names the hero heading once and every element in a few words', async () => {
    // The demo page and its sample data (test/server/sample-data.ts): dead clicks on the hero's
    // heading used to come out twice at this window, once on the heading and once on the <div>
    // holding it, named by all of its text cut at 80 characters.
    // At the window `npm run demo` uses for its screenshot.
    await page.setViewport({ width: 1440, height: 900 });
    const findings = await reviewOf({ path: '/', title: 'Acme Analytics', height: 0, boxes: [] }).finally(() => page.setViewport(SCENARIO_VIEWPORT));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((finding) => finding.title.includes('Know what your visitors really do'))).toHaveLength(1);
    const names = findings.flatMap((finding) => [...finding.title.matchAll(/“([^”]*)”/g)].map((match) => match[1]!));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(40);
    // An FAQ question is a toggle, not a call to action, whatever its words ("free trial").
    expect(findings.filter((finding) => finding.rule === 'cta-below-reach' && finding.title.includes('?'))).toEqual([]);
  });

  it('recognises the closing sign-up link by its look alone and says it is below reach, with the data’s numbers', async () => {
    const findings = await reviewOf(lookScenario);
    expect(findings.map((finding) => finding.rule)).toEqual(['cta-below-reach']);
    const [cta] = findings as [ShownFinding];
    const countMeIn = scenarioBox(lookScenario, 'countMeIn');
    expect(cta.title).toBe('“Count me in” is below where most visitors scroll');
    expect(cta.evidence[0]).toBe(`Only ${pct(reached(look, countMeIn.y), look.visitors)} of ${look.visitors} visitors scroll down to “Count me in” at 2,600 px.`);
    // Neither its words nor its class name are on any list: its look is the only reason.
    expect(cta.evidence).toContain(`Recognised as a call to action by its look: a filled button styled like “Take the tour”, which takes ${look.counts.tour!.click} clicks in the first screen.`);
    // The plain text link just as far down is not a call to action.
    expect(allText(findings)).not.toContain('Older releases');
    await page.evaluate(() => window.scrollTo(0, 0));
    await clickInOverlay(page, 'button.finding-title', 'Count me in');
    const [outline] = await overlayBoxes(page, '.highlight[data-selector="#count-me-in"]');
    expect(outline).toBeDefined();
  });

  it('reads a German page in German: the broken “Gutschein einlösen” and “Jetzt registrieren” below reach, each once', async () => {
    const findings = await reviewOf(germanScenario);
    expect(findings.map((finding) => finding.rule)).toEqual(['rage-clicks', 'cta-below-reach']);
    const [rage, cta] = findings as [ShownFinding, ShownFinding];
    const coupon = german.counts.deCoupon!;
    const totalRage = total(german, 'rageclick');
    expect(rage.title).toBe('Rage clicks on “Gutschein einlösen”');
    expect(rage.evidence).toContain(`${coupon.rageclick} rage clicks (${pct(coupon.rageclick, totalRage)} of all ${totalRage} rage clicks) land on “Gutschein einlösen”.`);
    expect(rage.evidence).toContain(`The same element got ${coupon.click} clicks in all.`);
    expect(rage.evidence.some((line) => line.startsWith(`${coupon.deadclick} dead clicks`))).toBe(true);

    const register = scenarioBox(germanScenario, 'deRegister');
    expect(cta.title).toBe('“Jetzt registrieren” is below where most visitors scroll');
    expect(cta.evidence[0]).toBe(`Only ${pct(reached(german, register.y), german.visitors)} of ${german.visitors} visitors scroll down to “Jetzt registrieren” at 2,600 px.`);
    expect(cta.evidence).toContain('Recognised as a call to action by its wording (de).');
  });

  it('follows a page that scrolls inside a pane: the same findings as on a window-scrolled page, with the data’s numbers', async () => {
    // The pane is scrolled before the review runs: element boxes must be measured against the
    // pane's offsets, not the window's (which stay 0).
    const findings = await reviewOf(containerScenario, async () => {
      await page.evaluate(() => document.getElementById('pane')!.scrollTo(0, 700));
    });
    expect(await page.evaluate(() => ({ window: window.scrollY, pane: document.getElementById('pane')!.scrollTop, windowScrolls: document.documentElement.scrollHeight > window.innerHeight }))).toEqual({
      window: 0,
      pane: 700,
      windowScrolls: false,
    });
    expect(findings.map((finding) => finding.rule)).toEqual(['rage-clicks', 'non-interactive-clicks', 'cta-below-reach', 'clicks-below-fold']);
    const [rage, image, cta] = findings as [ShownFinding, ShownFinding, ShownFinding, ShownFinding];
    const coupon = container.counts.coupon!;
    const screenshot = container.counts.screenshot!;
    const totalRage = total(container, 'rageclick');
    const totalClicks = total(container, 'click');
    expect(rage.title).toBe('Rage clicks on “Apply coupon”');
    expect(rage.evidence).toContain(`${coupon.rageclick} rage clicks (${pct(coupon.rageclick, totalRage)} of all ${totalRage} rage clicks) land on “Apply coupon”.`);
    expect(image.title).toBe('Clicks on “Dashboard screenshot”, which is not clickable');
    expect(image.evidence[0]).toBe(
      `${screenshot.click} clicks (${pct(screenshot.click, totalClicks)} of all ${totalClicks} clicks) land on “Dashboard screenshot”, a <img> that is not a link, button or form control.`,
    );
    const signup = scenarioBox(containerScenario, 'signup');
    expect(cta.title).toBe('“Sign up for the beta” is below where most visitors scroll');
    expect(cta.evidence[0]).toBe(`Only ${pct(reached(container, signup.y), container.visitors)} of ${container.visitors} visitors scroll down to “Sign up for the beta” at 2,600 px.`);

    // Clicking the finding scrolls the pane (not the window) to the button and outlines it.
    await clickInOverlay(page, 'button.finding-title', 'Sign up for the beta');
    await page.waitForFunction(() => {
      const box = document.querySelector('#beta-signup')!.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const target = await page.$eval('#beta-signup', (element) => element.getBoundingClientRect().toJSON() as DOMRect);
    const [outline] = await overlayBoxes(page, '.highlight[data-selector="#beta-signup"]');
    expect(Math.abs(outline!.y - (target.y - 4))).toBeLessThan(2);

    // Inspect mode finds the spots under a click through the pane’s offsets too: the button is at
    // 1,400–1,448 px in the pane’s content, whatever the pane’s scroll.
    await page.evaluate(() => document.querySelector('#apply-coupon')!.scrollIntoView({ block: 'center' }));
    const centre = await page.$eval('#apply-coupon', (element) => {
      const box = element.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    await clickInOverlay(page, 'button.inspect');
    await waitInOverlay(page, `function () { return this.querySelector('[data-sessions="waiting"]') !== null; }`);
    await page.mouse.click(centre.x, centre.y);
    const listed = await waitInOverlay<{ summary: string; sessions: string[] }>(
      page,
      `function () {
        const block = this.querySelector('[data-sessions="ready"]');
        return block ? { summary: block.querySelector('p').textContent, sessions: Array.from(block.querySelectorAll('li')).map((item) => item.dataset.sessionId) } : null;
      }`,
    );
    expect(listed.summary).toMatch(new RegExp(`^${coupon.click} clicks at \\d+ × 14\\d\\d px from ${coupon.sessions.size} sessions`));
    expect(new Set(listed.sessions)).toEqual(coupon.sessions);
    await clickInOverlay(page, 'button.inspect');
  });

  it('names the hot button inside a clickable card once, as the button people aimed at, never the card', async () => {
    const findings = await reviewOf(cardScenario);
    expect(findings.map((finding) => finding.rule)).toEqual(['rage-clicks']);
    const [rage] = findings as [ShownFinding];
    const quick = card.counts.card1Quick!;
    const totalRage = total(card, 'rageclick');
    expect(rage.title).toBe('Rage clicks on “Quick view”');
    expect(rage.evidence).toContain(`${quick.rageclick} rage clicks (${pct(quick.rageclick, totalRage)} of all ${totalRage} rage clicks) land on “Quick view”.`);
    expect(rage.evidence).toContain(`PostHog autocapture counted ${quick.rageclick} rage click events on this element, the same as the heatmap.`);
    expect(rage.evidence.some((line) => line.startsWith(`${quick.deadclick} dead clicks`))).toBe(true);
    expect(allText(findings)).not.toContain('Ridge Runner 2');
    // The button, not the <span> under the pointer nor the card around it.
    await clickInOverlay(page, 'button.finding-title', 'Quick view');
    expect(await overlayBoxes(page, '.highlight[data-selector="#quick-view-1"]')).toHaveLength(1);
  });
});
