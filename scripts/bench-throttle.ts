/**
 * CPU throttling as DevTools and Lighthouse apply it (`Emulation.setCPUThrottlingRate`), on a page AND
 * on every worker it starts: the overlay computes its heat and the page review in dedicated workers,
 * which run on threads of their own that the page's throttling does not slow down. Puppeteer attaches
 * to each worker (auto-attach, test/e2e/harness.ts `letWorkersStartUnheld`); the rate is sent on the
 * worker's own session as soon as puppeteer reports it (`workercreated`), and to the workers already
 * running. A worker whose session refuses the command is counted in `refusedWorkers`, never hidden.
 */
import type { Page, WebWorker } from 'puppeteer-core';

export interface CpuThrottle {
  readonly rate: number;
  /** Workers the rate was applied to, and those whose session refused it (an older Chromium). */
  readonly throttledWorkers: number;
  readonly refusedWorkers: number;
  /** Back to full speed, and stops throttling new workers. */
  release(): Promise<void>;
}

export async function throttleCpu(page: Page, rate: number): Promise<CpuThrottle> {
  const session = await page.createCDPSession();
  await session.send('Emulation.setCPUThrottlingRate', { rate });
  const counts = { throttled: 0, refused: 0 };
  const throttled = new Set<WebWorker>();
  const throttleWorker = (worker: WebWorker, workerRate: number) => {
    // Sent in the same turn as puppeteer's event, so it reaches the worker's session right after attaching.
    worker.client.send('Emulation.setCPUThrottlingRate', { rate: workerRate }).then(
      () => {
        if (workerRate === rate) counts.throttled++;
      },
      (error: unknown) => {
        if (workerRate === rate) counts.refused++;
        if (process.env.BENCH_DEBUG) console.error('worker throttling refused:', error);
      },
    );
    throttled.add(worker);
  };
  const onWorker = (worker: WebWorker) => throttleWorker(worker, rate);
  const onWorkerGone = (worker: WebWorker) => throttled.delete(worker);
  page.on('workercreated', onWorker);
  page.on('workerdestroyed', onWorkerGone);
  for (const worker of page.workers()) throttleWorker(worker, rate);
  return {
    rate,
    get throttledWorkers() {
      return counts.throttled;
    },
    get refusedWorkers() {
      return counts.refused;
    },
    async release() {
      page.off('workercreated', onWorker);
      page.off('workerdestroyed', onWorkerGone);
      if (page.isClosed()) return;
      for (const worker of throttled) await worker.client.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => undefined);
      await session.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => undefined);
      await session.detach().catch(() => undefined);
    },
  };
}
