import type { Page } from 'puppeteer-core';

/** The toolbar popup, driven by its visible labels as a user would. */
export class PopupPage {
  constructor(readonly page: Page) {}

  async fill(label: string, value: string): Promise<void> {
    const input = await this.page.waitForSelector(`::-p-aria(${label})`);
    await input!.click({ count: 3 });
    await this.page.keyboard.press('Backspace');
    if (value) await input!.type(value);
  }

  async clickButton(name: string): Promise<void> {
    const button = await this.page.waitForSelector(`::-p-aria([name="${name}"][role="button"])`);
    await button!.click();
  }

  /** Fills the connection form and saves; returns the message the popup shows. */
  async configure(connection: { host: string; projectId: number | string; apiKey: string }): Promise<string> {
    await this.fill('PostHog host', connection.host);
    await this.fill('Project ID', String(connection.projectId));
    await this.fill('Personal API key', connection.apiKey);
    const saves = await this.page.$eval('form.settings', (form) => Number(form.getAttribute('data-saves')));
    await this.clickButton('Save');
    await this.page.waitForFunction((before) => Number(document.querySelector('form.settings')?.getAttribute('data-saves')) > before, { timeout: 30_000 }, saves);
    return this.page.$eval('form.settings .result', (element) => (element.textContent ?? '').trim());
  }

  async toggleButtonLabel(): Promise<string> {
    const button = await this.page.waitForSelector('.toggle button.primary:not([disabled])');
    return (await button!.evaluate((element) => element.textContent ?? '')).trim();
  }

  /** Clicks "Show heatmap" or "Hide heatmap" and waits for the label to flip. */
  async toggleOverlay(): Promise<string> {
    const before = await this.toggleButtonLabel();
    await this.clickButton(before);
    await this.page.waitForFunction(
      (previous) => {
        const button = document.querySelector('.toggle button.primary');
        return button && !button.hasAttribute('disabled') && button.textContent?.trim() !== previous;
      },
      { timeout: 15_000 },
      before,
    );
    return this.toggleButtonLabel();
  }

  async errorMessage(): Promise<string | null> {
    return this.page.$eval('.toggle .result', (element) => element.textContent).catch(() => null);
  }
}
