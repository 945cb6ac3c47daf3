// `npm run server`: the local PostHog test server and the demo site, loaded with sample data, for
// manual testing and demos. Ports from POSTHOG_PORT (default 8010) and SITE_PORT (default 8020).
// Stays up until Ctrl-C.

import { DEFAULT_POSTHOG_PORT, DEFAULT_SITE_PORT, startDemoEnvironment } from './demo-environment';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw ? Number(raw) : fallback;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name} must be a port number, got ${raw}`);
  return port;
}

async function main(): Promise<void> {
  const environment = await startDemoEnvironment({
    postHogPort: portFromEnv('POSTHOG_PORT', DEFAULT_POSTHOG_PORT),
    sitePort: portFromEnv('SITE_PORT', DEFAULT_SITE_PORT),
    host: process.env.HOST,
  });
  const { store } = environment.postHog;
  console.log(`PostHog test server  ${environment.postHogUrl}  (project ${environment.projectId}: ${environment.projectName})`);
  console.log(`Demo site            ${environment.siteUrl}/`);
  console.log(`Demo API key         ${environment.apiKey}`);
  console.log(`Sample data          ${store.rows.length} heatmap rows, ${store.elementEvents.length} element events`);
  console.log(`posthog-js capture   ${environment.site.posthogJsAvailable ? 'on: pages post to the test server' : 'off: posthog-js is not installed'}`);
  console.log('Press Ctrl-C to stop.');

  const stop = async () => {
    await environment.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
