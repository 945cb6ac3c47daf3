import { acquireBrowserLock, BROWSER_LOCK_HOLDER_ENV } from './harness';

/**
 * vitest's globalSetup for the end-to-end runs: takes the one-browser lock once, before the first file,
 * and holds it to the end. Waiting here has no timeout, so a run started beside another browser run
 * (a second `npm test`, the demo, the benchmark) waits its turn instead of failing a hook's timeout
 * while the other run holds the browser. The files' workers inherit the holder's pid and launch
 * without taking the lock again.
 */
export default async function holdBrowserLockForTheRun(): Promise<() => void> {
  const release = await acquireBrowserLock();
  process.env[BROWSER_LOCK_HOLDER_ENV] = String(process.pid);
  return () => {
    delete process.env[BROWSER_LOCK_HOLDER_ENV];
    release();
  };
}
