// The demo site and the local PostHog test server started together and loaded with sample data:
// what `npm run demo`, `npm run server` and the end-to-end tests run against.

import { startSiteServer, type SiteServer } from '../site/server';
import { DEMO_KEY_ALL_SCOPES } from './keys';
import { generateSampleData } from './sample-data';
import { generateSegmentData } from './segment-data';
import { DEFAULT_PROJECTS, startPostHogServer, type PostHogTestServer } from './server';

export const DEFAULT_POSTHOG_PORT = 8010;
export const DEFAULT_SITE_PORT = 8020;

export interface DemoEnvironmentOptions {
  /** 0 picks a free port. Default 8010. */
  postHogPort?: number;
  /** 0 picks a free port. Default 8020. */
  sitePort?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Seed of the sample data; the default gives the same data on every run. */
  seed?: number;
  /** "Now" for the sample data's timestamps; default the current time. */
  now?: Date;
  /** Delay before every PostHog API answer. */
  latencyMs?: number;
}

export interface DemoEnvironment {
  /** e.g. http://127.0.0.1:8020 (no trailing slash); the landing page is siteUrl + '/'. */
  siteUrl: string;
  /** e.g. http://127.0.0.1:8010 (no trailing slash). */
  postHogUrl: string;
  projectId: number;
  projectName: string;
  apiKey: string;
  postHog: PostHogTestServer;
  site: SiteServer;
  close(): Promise<void>;
}

export async function startDemoEnvironment(options: DemoEnvironmentOptions = {}): Promise<DemoEnvironment> {
  const host = options.host ?? '127.0.0.1';
  const project = DEFAULT_PROJECTS[0]!;
  const postHog = await startPostHogServer({ port: options.postHogPort ?? DEFAULT_POSTHOG_PORT, host, latencyMs: options.latencyMs });
  let site: SiteServer;
  try {
    site = await startSiteServer({
      port: options.sitePort ?? DEFAULT_SITE_PORT,
      host,
      // Only takes effect when posthog-js is installed: pages then capture into this server.
      posthog: { apiHost: postHog.url, token: `phc_heatlens_project_${project.id}` },
    });
  } catch (error) {
    await postHog.close();
    throw error;
  }
  // Generated against the site's real URL, so the data is filed under the page the browser opens.
  const sample = generateSampleData({ siteUrl: site.url, seed: options.seed, now: options.now });
  postHog.store.addRows(sample.rows);
  postHog.store.addElementEvents(sample.elementEvents);
  // Persons, cohorts and flag variants behind those rows, for segments (issue 9).
  postHog.store.segments.load(generateSegmentData(postHog.store.rows));
  return {
    siteUrl: site.url,
    postHogUrl: postHog.url,
    projectId: project.id,
    projectName: project.name,
    apiKey: DEMO_KEY_ALL_SCOPES,
    postHog,
    site,
    close: async () => {
      await Promise.all([postHog.close(), site.close()]);
    },
  };
}
