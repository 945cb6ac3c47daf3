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

/** Layer and filter controls of the popup. */
export class FiltersPopup extends PopupPage {
  async setCheckbox(label: string, checked: boolean): Promise<void> {
    const box = await this.page.waitForSelector(`::-p-aria([name="${label}"][role="checkbox"])`);
    const current = await box!.evaluate((element) => (element as HTMLInputElement).checked);
    if (current !== checked) await box!.click();
    await this.page.waitForFunction((element, wanted) => (element as HTMLInputElement).checked === wanted, {}, box, checked);
  }

  async select(id: string, value: string): Promise<void> {
    await this.page.select(`#${id}`, value);
  }

  /** Sets a number, date or range input by its accessible name and fires `change` as a user's edit does. */
  async setValue(label: string, value: string): Promise<void> {
    const input = await this.page.waitForSelector(`::-p-aria(${label})`);
    await input!.evaluate((element, next) => {
      const field = element as HTMLInputElement;
      field.value = next;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }

  /** Opens a collapsed section of the popup by its summary text. */
  async openSection(summary: string): Promise<void> {
    const open = await this.page.evaluate((text) => {
      const details = [...document.querySelectorAll('details')].find((candidate) => candidate.querySelector('summary')?.textContent?.includes(text));
      if (!details) return null;
      return details.open;
    }, summary);
    if (open === null) throw new Error(`no section ${summary}`);
    if (!open) await this.page.click(`summary::-p-text(${summary})`);
  }

  async clickRadio(label: string): Promise<void> {
    const radio = await this.page.waitForSelector(`::-p-aria([name="${label}"][role="radio"])`);
    await radio!.click();
  }

  async clickButtonContaining(text: string): Promise<void> {
    const buttons = await this.page.$$('button');
    for (const button of buttons) {
      if ((await button.evaluate((element) => element.textContent ?? '')).includes(text)) {
        await button.click();
        return;
      }
    }
    throw new Error(`no button containing ${text}`);
  }
}
