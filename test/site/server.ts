// HTTP server for the demo site the extension is tested on. No external resources: everything it
// serves comes from this folder, plus posthog-js from node_modules when that package is installed.

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  landingPageHtml,
  landingStylesheet,
  longPageHtml,
  tallPageHtml,
  cornerPageHtml,
  appPageHtml,
  notFoundHtml,
  hostilePages,
  HOSTILE_CSS,
  KEY_THIEF_SCRIPT,
  REPLACE_BODY_SCRIPT,
  TRANSFORM_CSS,
  postHogInitScript,
  reviewsPageHtml,
  simpleStylesheet,
  SITE_SCRIPT,
  spaPageHtml,
  type PageOptions,
  type PostHogSnippetConfig,
} from './pages';
import { scenarioPageHtml, scenarios, scenarioStylesheet } from './scenarios';
import { listenForUrl } from '../server/listen';
import { overlayAttackPages, overlayAttackScripts } from './hostile-page';

export interface SiteServerOptions {
  port?: number;
  host?: string;
  /** When set and posthog-js is installed, every page loads and initialises posthog-js against apiHost. */
  posthog?: PostHogSnippetConfig;
}

export interface SiteServer {
  /** e.g. http://127.0.0.1:8020 (no trailing slash) */
  url: string;
  close(): Promise<void>;
  /** Extra response headers for one path (exact pathname, e.g. '/'), or '*' for every path. Replaces earlier ones. */
  setHeaders(path: string, headers: Record<string, string>): void;
  /** Whether /vendor/posthog.js is being served. */
  posthogJsAvailable: boolean;
}

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Path of posthog-js's browser bundle, if the package is installed. */
export function findPostHogJsBundle(root: string = PROJECT_ROOT): string | null {
  const candidates = ['dist/array.full.js', 'dist/array.js'];
  for (const candidate of candidates) {
    const path = join(root, 'node_modules', 'posthog-js', candidate);
    if (existsSync(path)) return path;
  }
  return null;
}

type Route = { contentType: string; body: () => string | Buffer; status?: number; headers?: Record<string, string> };

const HTML = 'text/html; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

export async function startSiteServer(options: SiteServerOptions = {}): Promise<SiteServer> {
  const host = options.host ?? '127.0.0.1';
  const extraHeaders = new Map<string, Record<string, string>>();
  const bundlePath = findPostHogJsBundle();
  const posthogConfig = bundlePath ? options.posthog : undefined;
  const pageOptions: PageOptions = posthogConfig
    ? { headExtra: '<script src="/vendor/posthog.js"></script>\n<script src="/assets/posthog-init.js"></script>' }
    : {};
  let bundleCache: Buffer | undefined;

  const route = (pathname: string): Route | null => {
    if (pathname === '/' || pathname === '/index.html') return { contentType: HTML, body: () => landingPageHtml(pageOptions) };
    if (pathname === '/assets/landing.css') return { contentType: CSS, body: landingStylesheet };
    if (pathname === '/assets/simple.css') return { contentType: CSS, body: simpleStylesheet };
    if (pathname === '/assets/site.js') return { contentType: JS, body: () => SITE_SCRIPT };
    if (pathname === '/assets/posthog-init.js' && posthogConfig) return { contentType: JS, body: () => postHogInitScript(posthogConfig) };
    if (pathname === '/vendor/posthog.js' && bundlePath) return { contentType: JS, body: () => (bundleCache ??= readFileSync(bundlePath)) };
    const reviews = /^\/product\/([^/]+)\/reviews\/?$/.exec(pathname);
    if (reviews) return { contentType: HTML, body: () => reviewsPageHtml(decodeURIComponent(reviews[1]!), pageOptions) };
    if (pathname === '/spa' || pathname.startsWith('/spa/')) return { contentType: HTML, body: () => spaPageHtml(pageOptions) };
    if (pathname === '/long') return { contentType: HTML, body: () => longPageHtml(pageOptions) };
    if (pathname === '/tall') return { contentType: HTML, body: () => tallPageHtml(pageOptions) };
    if (pathname === '/corner') return { contentType: HTML, body: () => cornerPageHtml(pageOptions) };
    if (pathname === '/app') return { contentType: HTML, body: () => appPageHtml(pageOptions) };
    const hostile = hostilePages[pathname];
    if (hostile) return { contentType: HTML, body: () => landingPageHtml({ headExtra: `${pageOptions.headExtra ?? ''}\n${hostile.headExtra}` }), headers: hostile.headers };
    const overlayAttack = overlayAttackPages[pathname];
    if (overlayAttack) return { contentType: HTML, body: () => landingPageHtml({ headExtra: `${pageOptions.headExtra ?? ''}\n${overlayAttack.headExtra}` }) };
    const overlayAttackScript = overlayAttackScripts[pathname];
    if (overlayAttackScript) return { contentType: JS, body: () => overlayAttackScript };
    if (pathname === '/assets/key-thief.js') return { contentType: JS, body: () => KEY_THIEF_SCRIPT };
    if (pathname === '/assets/replace-body.js') return { contentType: JS, body: () => REPLACE_BODY_SCRIPT };
    if (pathname === '/assets/hostile.css') return { contentType: CSS, body: () => HOSTILE_CSS };
    if (pathname === '/assets/transform.css') return { contentType: CSS, body: () => TRANSFORM_CSS };
    const scenario = scenarios.find((candidate) => candidate.path === pathname);
    if (scenario) return { contentType: HTML, body: () => scenarioPageHtml(scenario) };
    if (pathname === '/assets/scenarios.css') return { contentType: CSS, body: scenarioStylesheet };
    if (pathname === '/favicon.ico') return { contentType: 'image/x-icon', body: () => Buffer.alloc(0), status: 204 };
    return null;
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const pathname = new URL(request.url ?? '/', 'http://site.invalid').pathname;
    const found = route(pathname) ?? { contentType: HTML, body: notFoundHtml, status: 404 };
    const headers: Record<string, string> = {
      'Content-Type': found.contentType,
      'Cache-Control': 'no-store',
      ...found.headers,
      ...extraHeaders.get('*'),
      ...extraHeaders.get(pathname),
    };
    const body = found.body();
    response.writeHead(found.status ?? 200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error));
    }
  });
  const url = await listenForUrl(server, host, options.port ?? 0);

  return {
    url,
    posthogJsAvailable: bundlePath !== null,
    setHeaders(path, headers) {
      extraHeaders.set(path, { ...headers });
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
