// Developer check: opens the demo landing page in Chromium at several widths and compares every
// target's real rect with demoLayout(). Run: npx tsx test/site/check-layout.ts [chromium path]
// Exits non-zero when any edge is off by more than a pixel.

import puppeteer from 'puppeteer-core';
import { demoLayout, demoPageHeight, type TargetName } from './layout';
import { startSiteServer } from './server';

const WIDTHS = [320, 375, 390, 767, 768, 1024, 1280, 1366, 1440, 1920];
const TOLERANCE_PX = 1;

async function main(): Promise<void> {
  const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const site = await startSiteServer();
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  let failures = 0;
  try {
    const page = await browser.newPage();
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 900 });
      await page.goto(`${site.url}/`, { waitUntil: 'load' });
      const measured = await page.evaluate(() => {
        const rects: Record<string, { x: number; y: number; width: number; height: number }> = {};
        for (const element of document.querySelectorAll<HTMLElement>('[data-target]')) {
          const rect = element.getBoundingClientRect();
          rects[element.dataset.target!] = { x: rect.left + scrollX, y: rect.top + scrollY, width: rect.width, height: rect.height };
        }
        return { rects, innerWidth, scrollHeight: document.documentElement.scrollHeight };
      });
      const expected = demoLayout(width);
      const problems: string[] = [];
      if (measured.innerWidth !== width) problems.push(`innerWidth ${measured.innerWidth}`);
      if (measured.scrollHeight !== demoPageHeight(width)) problems.push(`page height ${measured.scrollHeight} != ${demoPageHeight(width)}`);
      for (const name of Object.keys(expected) as TargetName[]) {
        const want = expected[name];
        const got = measured.rects[name];
        if (!got) {
          problems.push(`${name} missing`);
          continue;
        }
        const off = Math.max(Math.abs(got.x - want.x), Math.abs(got.y - want.y), Math.abs(got.width - want.width), Math.abs(got.height - want.height));
        if (off > TOLERANCE_PX) problems.push(`${name}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
      }
      failures += problems.length;
      console.log(`${width}px: ${problems.length ? problems.join('\n  ') : 'ok'}`);
    }
  } finally {
    await browser.close();
    await site.close();
  }
  process.exitCode = failures ? 1 : 0;
}

void main();
