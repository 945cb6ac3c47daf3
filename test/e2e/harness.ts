import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';

/** The built Chromium extension; `npm run build` makes it. */
export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');
/**
 * The test-only build whose manifest requires `tabCapture`, which the released build asks for in a click
 * ("Allow full-page images" in the popup), since headless Chromium cannot answer a permission prompt
 * (HEATLENS_E2E_GRANT, see wxt.config.ts; `npm run build:e2e-tab-capture` makes it).
 */
export const TAB_CAPTURE_GRANTED_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3-tabCapture-granted');
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Flags for Chromium on these machines: no sandbox (root), no GPU, and none of the background
 * networking that a closed network answers with a flood of refused connections.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface ExtensionBrowser {
  browser: Browser;
  extensionId: string;
  /** The background service worker, to inspect extension state from tests. */
  background(): Promise<WebWorker>;
  /** Opens the toolbar popup for `page`, as a click on the Heatlens button would. */
  openPopup(page: Page): Promise<Page>;
  /** Grants a host permission as the user would on chrome://extensions. */
  grantHostPermission(pattern: string): Promise<void>;
  newPage(viewport?: { width: number; height: number; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One browser (Chromium or Firefox) at a time on this machine (2 cores): end-to-end files, the demo and the benchmark may
 * be started side by side by different people, and two browsers would slow each other into
 * timeouts. A lock directory (atomic mkdir) holds the owner's pid; a dead owner's lock is taken over.
 */
const BROWSER_LOCK = join(tmpdir(), 'heatlens-browser.lock.d');

export async function acquireBrowserLock(): Promise<() => void> {
  // A whole run took the lock before its first file (test/e2e/browser-lock-setup.ts, outside every
  // hook's timeout): its files launch under it without waiting.
  if (runHoldsBrowserLock()) return () => undefined;
  for (;;) {
    try {
      mkdirSync(BROWSER_LOCK);
      writeFileSync(join(BROWSER_LOCK, 'pid'), String(process.pid));
      return () => rmSync(BROWSER_LOCK, { recursive: true, force: true });
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(BROWSER_LOCK, 'pid'), 'utf8'));
      } catch {
        // The owner is between mkdir and writing its pid.
      }
      if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) rmSync(BROWSER_LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Environment variable naming the pid of the vitest run that holds the browser lock for all its files. */
export const BROWSER_LOCK_HOLDER_ENV = 'HEATLENS_BROWSER_LOCK_HOLDER';

function runHoldsBrowserLock(): boolean {
  const holder = process.env[BROWSER_LOCK_HOLDER_ENV];
  if (!holder) return false;
  try {
    return readFileSync(join(BROWSER_LOCK, 'pid'), 'utf8') === holder;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Launches Debian's Chromium with the real built extension. Headless unless `headed` and a display
 * exists. Each launch gets a fresh profile, so tests never share storage.
 */
export async function launchWithExtension(
  options: {
    headed?: boolean;
    /** More Chromium flags, e.g. --force-device-scale-factor=2. */
    extraArgs?: string[];
    /** Another build of the extension (default EXTENSION_DIR), e.g. TAB_CAPTURE_GRANTED_EXTENSION_DIR. */
    extensionDir?: string;
  } = {},
): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first (or \`npm run build:e2e-tab-capture\` for the full-page build with tab capture granted).`);
  }
  const releaseLock = await acquireBrowserLock();
  const userDataDir = mkdtempSync(join(tmpdir(), 'heatlens-profile-'));
  const headless = !(options.headed && process.env.DISPLAY);
  const browser = await puppeteer
    .launch({
      executablePath: CHROME_PATH,
      headless,
      pipe: true,
      enableExtensions: [extensionDir],
      userDataDir,
      protocolTimeout: 30_000,
      defaultViewport: null,
      args: [...CHROMIUM_ARGS, '--hide-scrollbars', '--window-size=1440,900', ...(options.extraArgs ?? [])],
    })
    .catch((error: unknown) => {
      releaseLock();
      throw error;
    });
  try {
    const workerTarget = await browser.waitForTarget(
      (target) => target.type() === 'service_worker' && target.url().endsWith('/background.js'),
      { timeout: 20_000 },
    );
    const extensionId = new URL(workerTarget.url()).host;
    const extension = (await browser.extensions()).get(extensionId);
    if (!extension) throw new Error('Chromium did not report the Heatlens extension');

    return {
      browser,
      extensionId,
      async background() {
        const target = await browser.waitForTarget(
          (candidate) => candidate.type() === 'service_worker' && candidate.url() === `chrome-extension://${extensionId}/background.js`,
        );
        const worker = await target.worker();
        if (!worker) throw new Error('background worker not available');
        return worker;
      },
      async openPopup(page) {
        await page.bringToFront();
        const popupTarget = browser.waitForTarget((target) => target.url().startsWith(`chrome-extension://${extensionId}/popup.html`));
        await page.triggerExtensionAction(extension);
        const popup = await (await popupTarget).asPage();
        await popup.waitForSelector('::-p-aria(PostHog connection)', { timeout: 10_000 });
        return popup;
      },
      async grantHostPermission(pattern) {
        const page = await browser.newPage();
        try {
          await page.goto('chrome://extensions');
          await page.evaluate(
            (id, origin) =>
              new Promise<void>((done, fail) => {
                const api = (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string, cb: () => void): void }; runtime: { lastError?: { message: string } } } }).chrome;
                api.developerPrivate.addHostPermission(id, origin, () => (api.runtime.lastError ? fail(new Error(api.runtime.lastError.message)) : done()));
              }),
            extensionId,
            pattern,
          );
        } finally {
          await page.close();
        }
      },
      async newPage(viewport = { width: 1280, height: 800 }) {
        const page = await browser.newPage();
        await letWorkersStartUnheld(page);
        await page.setViewport({ deviceScaleFactor: 1, ...viewport });
        return page;
      },
      async close() {
        await browser.close().catch(() => undefined);
        rmSync(userDataDir, { recursive: true, force: true });
        releaseLock();
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    releaseLock();
    throw error;
  }
}

/**
 * Lets the page's workers start as they do for a user. Puppeteer auto-attaches to every worker with
 * `waitForDebuggerOnStart`, so Chromium holds a new worker before its first line until this Node
 * process answers. The local PostHog-compatible server runs in this same process and aggregates
 * 500k events synchronously for about two seconds, so a worker the overlay started meanwhile sat
 * unstarted past the renderer's handshake (WORKER_HANDSHAKE_MS) and the heat was computed on the main
 * thread (seen in a trace of the bench: the worker threads stopped in "WorkerGlobalScope setup").
 * Auto-attach is kept (puppeteer still sees the workers); only the hold is turned off, on the page's
 * own session: a second session cannot lift the first one's hold. `_client()` is puppeteer's, not
 * public; the pinned version has it.
 */
export async function letWorkersStartUnheld(page: Page): Promise<void> {
  const client = (page as unknown as { _client?: () => { send(method: 'Target.setAutoAttach', params: object): Promise<unknown> } })._client?.();
  if (!client) throw new Error('puppeteer no longer exposes the page session (_client): see letWorkersStartUnheld');
  await client.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true, filter: [{}] });
}

/** Presses a key chord the way a person does, so Chromium's extension commands see it. */
export async function pressShortcut(page: Page, key: { key: string; code: string; keyCode: number }, modifiers: { alt?: boolean; shift?: boolean; ctrl?: boolean }): Promise<void> {
  const session = await page.createCDPSession();
  const mask = (modifiers.alt ? 1 : 0) | (modifiers.ctrl ? 2 : 0) | (modifiers.shift ? 8 : 0);
  const common = { modifiers: mask, key: key.key, code: key.code, windowsVirtualKeyCode: key.keyCode, nativeVirtualKeyCode: key.keyCode };
  await session.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...common });
  await session.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common });
  await session.detach();
}

/** Runs `expression` in the overlay content script's isolated world (the world page scripts cannot reach). */
export async function evaluateInContentScript(target: Page, expression: string): Promise<unknown> {
  const session = await target.createCDPSession();
  try {
    const contexts: Array<{ id: number; name: string; auxData?: { type?: string } }> = [];
    session.on('Runtime.executionContextCreated', (event) => contexts.push(event.context));
    await session.send('Runtime.enable');
    const context = contexts.find((candidate) => candidate.auxData?.type === 'isolated' && candidate.name === 'Heatlens');
    if (!context) throw new Error(`no Heatlens content script world among ${contexts.map((c) => c.name).join(', ')}`);
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, contextId: context.id, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  } finally {
    await session.detach();
  }
}
