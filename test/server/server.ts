// A local PostHog-compatible server for Heatlens' tests and demo: the personal-API endpoints the
// extension calls (auth, scopes, errors and payloads as shared/posthog-api.md describes) and the
// ingestion endpoints posthog-js posts to, so real captured clicks can feed the heatmaps.
// Deliberate simplifications: one data set shared by every project; no real rate limiting (use
// setFailure('rate-limited') instead); keys passed in options are added to the default keys.
// Choices where the contract is silent: checks run key -> project -> scope; a missing Authorization
// header is 401 authentication_failed ("Authentication credentials were not provided."; real PostHog
// says code not_authenticated); 402/504 bodies use the contract's codes with made-up details; failure
// modes apply to /api/ requests other than CORS preflights, each failing request counting one `times`.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseHeatmapEventsQuery,
  parseHeatmapListQuery,
  queryElementStats,
  queryHeatmap,
  queryHeatmapEvents,
  ValidationError,
  formatDrfDateTime,
  type ApiErrorBody,
} from './heatmaps';
import { DEFAULT_KEYS, scopesAllow } from './keys';
import { HeatmapStore, type CapturedInteraction, type ElementDescription, type ElementEventName, type SavedHeatmap } from './store';
import { listenForUrl } from './listen';
import { listAnnotations, listCohorts, listFeatureFlags, listPropertyDefinitions } from './persons';
import { runHogQLQuery } from './query';

export type FailureMode =
  | 'invalid-key'
  | 'missing-scope'
  | 'no-project-access'
  | 'personal-keys-unsupported'
  | 'bad-filter'
  | 'quota'
  | 'rate-limited'
  | 'server-error'
  | 'query-timeout'
  | 'hang'
  | 'not-json'
  | 'bad-schema'
  /** 302 to `redirectTo` + the same path and query (a proxy or a hijacked host sending the client elsewhere). */
  | 'redirect'
  /** A heatmap answer of `spots` valid spots, written as it is generated (never held whole in memory). */
  | 'huge-spots'
  /** A valid heatmap answer of one spot padded with `bytes` of filler in an extra field. */
  | 'huge-bytes';

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  origin: string | null;
  userAgent: string | null;
  /** The Host header: which name the client used for this server (e.g. a remote-looking alias). */
  host: string | null;
  /** 0 while the request is unanswered (e.g. in 'hang' mode). */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  /** The parsed JSON body of `POST /query/` (what HogQL was asked). */
  body?: unknown;
  /** Date.now() when the answer was handed to the socket (unset while unanswered). */
  finishedAt?: number;
}

export interface PostHogTestServer {
  /** e.g. http://127.0.0.1:PORT (no trailing slash) */
  url: string;
  store: HeatmapStore;
  requestLog: LoggedRequest[];
  clearLog(): void;
  /** `detail` replaces the error's detail text (bad-filter), e.g. to check it is shown as text. */
  setFailure(mode: FailureMode | null, options?: FailureOptions): void;
  close(): Promise<void>;
}

export interface FailureOptions {
  retryAfterSeconds?: number;
  times?: number;
  detail?: string;
  /** 'redirect': the origin to send the client to, e.g. http://127.0.0.3:PORT. */
  redirectTo?: string;
  /** 'huge-spots': how many spots the answer holds. */
  spots?: number;
  /** 'huge-bytes': how many bytes of filler the answer holds. */
  bytes?: number;
  /**
   * Only requests whose path (below /api/projects/:id) matches fail, e.g. /^\/heatmaps\/$/: a test about
   * the heatmaps endpoint is then not decided by which request (HogQL, annotations) happened to arrive first.
   */
  onlyPaths?: RegExp;
}

export interface PostHogServerOptions {
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default [{id: 1, name: 'Heatlens Demo'}]. */
  projects?: Array<{ id: number; name: string }>;
  /** key -> scopes, added to (and overriding) the default keys of keys.ts. */
  keys?: Record<string, string[]>;
  /** Delay before every /api/ answer. */
  latencyMs?: number;
  /** Store to serve; a new empty one by default. */
  store?: HeatmapStore;
}

export const DEFAULT_PROJECTS = [{ id: 1, name: 'Heatlens Demo' }];
const DEFAULT_RETRY_AFTER_SECONDS = 12;
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.detail);
  }
}

const errors = {
  notAuthenticated: () =>
    new HttpError(401, { type: 'authentication_error', code: 'authentication_failed', detail: 'Authentication credentials were not provided.', attr: null }),
  invalidKey: () =>
    new HttpError(401, {
      type: 'authentication_error',
      code: 'authentication_failed',
      detail: 'Personal API key found in request Authorization header is invalid.',
      attr: null,
    }),
  missingScope: (scope: string) =>
    new HttpError(403, { type: 'authentication_error', code: 'permission_denied', detail: `API key missing required scope '${scope}'`, attr: null }),
  noProjectAccess: (id: string) =>
    new HttpError(403, {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: `API key does not have access to the requested project: ID ${id}.`,
      attr: null,
    }),
  personalKeysUnsupported: () =>
    new HttpError(403, { type: 'authentication_error', code: 'permission_denied', detail: 'This action does not support Personal API Key access', attr: null }),
  notFound: () => new HttpError(404, { type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null }),
  methodNotAllowed: (method: string) =>
    new HttpError(405, { type: 'invalid_request', code: 'method_not_allowed', detail: `Method "${method}" not allowed.`, attr: null }),
  quota: () =>
    new HttpError(402, {
      type: 'quota_limit_exceeded',
      code: 'quota_limit_exceeded',
      detail: 'You have exceeded your quota for this product. Upgrade your plan or wait for the next billing period.',
      attr: null,
    }),
  throttled: (seconds: number) =>
    new HttpError(
      429,
      {
        type: 'throttled_error',
        code: 'throttled',
        detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        attr: null,
      },
      { 'Retry-After': String(seconds) },
    ),
  serverError: () => new HttpError(500, { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null }),
  queryTimeout: () =>
    new HttpError(504, {
      type: 'server_error',
      code: 'query_timeout',
      detail: 'The query timed out on the server. Try a shorter date range or a narrower URL.',
      attr: null,
    }),
};

const HUGE_FOLD = { total_count: 1, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: 800 };

/** Writes `chunk()` until `total` is reached, waiting for the socket to drain; stops when the client goes away. */
async function writeChunks(response: ServerResponse, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (response.destroyed) return;
    if (!response.write(chunk)) await new Promise<void>((drained) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        drained();
      };
      response.on('drain', done);
      response.on('close', done);
    });
  }
  if (!response.destroyed) response.end();
}

function* hugeSpotsBody(spots: number): Iterable<string> {
  yield '{"results":[';
  const perChunk = 10_000;
  for (let start = 0; start < spots; start += perChunk) {
    const parts: string[] = [];
    for (let index = start; index < Math.min(spots, start + perChunk); index++) {
      parts.push(`{"count":1,"pointer_y":${index % 5000},"pointer_relative_x":${((index % 100) / 100).toFixed(2)},"pointer_target_fixed":false}`);
    }
    yield (start === 0 ? '' : ',') + parts.join(',');
  }
  yield `],"has_more":false,"fold":${JSON.stringify(HUGE_FOLD)}}`;
}

function* hugeBytesBody(bytes: number): Iterable<string> {
  yield `{"results":[{"count":1,"pointer_y":100,"pointer_relative_x":0.5,"pointer_target_fixed":false}],"has_more":false,"fold":${JSON.stringify(HUGE_FOLD)},"padding":"`;
  const block = 'x'.repeat(1 << 20);
  for (let written = 0; written < bytes; written += block.length) yield block;
  yield '"}';
}

function writeHugeSpots(response: ServerResponse, spots: number): Promise<void> {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  return writeChunks(response, hugeSpotsBody(spots));
}

function writeHugeBytes(response: ServerResponse, bytes: number): Promise<void> {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  return writeChunks(response, hugeBytesBody(bytes));
}

function queryRecord(params: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of params) record[key] = value;
  return record;
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (Array.isArray(value)) return value.join(', ');
  return value ?? null;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, { type: 'invalid_request', code: 'too_large', detail: 'Request body too large.', attr: null });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// Ingestion: turning posthog-js payloads into rows, the way PostHog's pipeline does

interface RawEvent {
  event?: unknown;
  distinct_id?: unknown;
  timestamp?: unknown;
  properties?: Record<string, unknown>;
}

/** posthog-js sends JSON, gzip (compression=gzip-js) or form-encoded base64 (`data=...`). */
export function decodeCapturePayload(body: Buffer, compression: string | null): unknown {
  if (body.length === 0) return [];
  let text: string;
  if (compression === 'gzip-js' || compression === 'gzip' || (body[0] === 0x1f && body[1] === 0x8b)) {
    text = gunzipSync(body).toString('utf8');
  } else {
    text = body.toString('utf8');
  }
  if (text.startsWith('data=')) {
    const data = new URLSearchParams(text).get('data') ?? '';
    text = Buffer.from(data, 'base64').toString('utf8');
  } else if (compression === 'base64') {
    text = Buffer.from(text, 'base64').toString('utf8');
  }
  return JSON.parse(text);
}

function eventsOf(payload: unknown): RawEvent[] {
  if (Array.isArray(payload)) return payload as RawEvent[];
  if (payload && typeof payload === 'object') {
    const batch = (payload as { batch?: unknown }).batch;
    if (Array.isArray(batch)) return batch as RawEvent[];
    return [payload as RawEvent];
  }
  return [];
}

type HeatmapItem = { x?: unknown; y?: unknown; target_fixed?: unknown; type?: unknown };

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

function isNonBlankString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** The heatmap interactions PostHog ingestion extracts from one event (px values, not yet scaled). */
export function heatmapInteractionsFromEvent(event: RawEvent, receivedAt: Date): CapturedInteraction[] {
  const properties = event.properties ?? {};
  const distinctId = event.distinct_id ?? properties.distinct_id;
  const heatmapData: Record<string, unknown> = { ...((properties.$heatmap_data as Record<string, unknown> | undefined) ?? {}) };
  // Scroll depth of the previous page view arrives on the next event and is filed under that page's URL.
  const previousPath = properties.$prev_pageview_pathname;
  const currentUrl = properties.$current_url;
  if (isNonBlankString(previousPath) && isNonBlankString(currentUrl)) {
    try {
      const previousUrl = new URL(currentUrl);
      previousUrl.pathname = previousPath;
      const key = previousUrl.toString();
      const items = Array.isArray(heatmapData[key]) ? [...(heatmapData[key] as HeatmapItem[])] : [];
      items.push({ x: 0, y: properties.$prev_pageview_max_scroll, target_fixed: false, type: 'scrolldepth' });
      heatmapData[key] = items;
    } catch {
      // Not a URL: PostHog would record an ingestion warning; nothing to extract.
    }
  }
  const viewportWidth = properties.$viewport_width;
  const viewportHeight = properties.$viewport_height;
  if (!isNonBlankString(distinctId) || !isNumber(viewportWidth) || !isNumber(viewportHeight)) return [];
  const parsedTime = typeof event.timestamp === 'string' || typeof event.timestamp === 'number' ? new Date(event.timestamp) : receivedAt;
  const timestamp = Number.isNaN(parsedTime.getTime()) ? receivedAt : parsedTime;
  const interactions: CapturedInteraction[] = [];
  for (const [url, items] of Object.entries(heatmapData)) {
    if (!isNonBlankString(url) || !Array.isArray(items)) continue;
    for (const item of items as HeatmapItem[]) {
      if (!item || !isNumber(item.x) || !isNumber(item.y) || !isNonBlankString(item.type) || typeof item.target_fixed !== 'boolean') continue;
      interactions.push({
        session_id: String(properties.$session_id),
        distinct_id: distinctId,
        timestamp,
        x: item.x,
        y: item.y,
        target_fixed: item.target_fixed,
        type: item.type,
        viewport_width: viewportWidth,
        viewport_height: viewportHeight,
        current_url: url,
      });
    }
  }
  return interactions;
}

/** posthog-js's `$elements`: objects with tag_name, $el_text, attr__* keys, nth_child, nth_of_type. */
function elementsFromProperties(properties: Record<string, unknown>): ElementDescription[] {
  const raw = properties.$elements;
  if (Array.isArray(raw)) {
    return raw.map((element: Record<string, unknown>, order) => {
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(element ?? {})) if (key.startsWith('attr__')) attributes[key] = String(value);
      const classes = element?.classes ?? (attributes.attr__class ? attributes.attr__class.split(' ') : null);
      return {
        text: typeof element?.$el_text === 'string' ? element.$el_text : null,
        tag_name: String(element?.tag_name ?? ''),
        attr_class: Array.isArray(classes) ? classes.map(String) : null,
        href: typeof element?.attr__href === 'string' ? element.attr__href : null,
        attr_id: typeof element?.attr__id === 'string' ? element.attr__id : null,
        nth_child: typeof element?.nth_child === 'number' ? element.nth_child : null,
        nth_of_type: typeof element?.nth_of_type === 'number' ? element.nth_of_type : null,
        attributes,
        order,
      };
    });
  }
  const chain = properties.$elements_chain;
  return typeof chain === 'string' && chain ? parseElementsChain(chain) : [];
}

/** Parses PostHog's elements chain: `tag.cls1.cls2:attr__id="x"nth-child="1"text="Go";parent...`. */
export function parseElementsChain(chain: string): ElementDescription[] {
  return chain.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((part, order) => {
    const colon = part.search(/:(?=[a-z_-]+=")/);
    const head = colon === -1 ? part : part.slice(0, colon);
    const [tag = '', ...classes] = head.split('.');
    const attributes: Record<string, string> = {};
    let text: string | null = null;
    let nthChild: number | null = null;
    let nthOfType: number | null = null;
    for (const match of (colon === -1 ? '' : part.slice(colon + 1)).matchAll(/([a-zA-Z_-][\w-]*)="((?:\\"|[^"])*)"/g)) {
      const [, key, value] = match as unknown as [string, string, string];
      const unescaped = value.replace(/\\"/g, '"');
      if (key === 'text') text = unescaped;
      else if (key === 'nth-child') nthChild = Number(unescaped);
      else if (key === 'nth-of-type') nthOfType = Number(unescaped);
      else if (key.startsWith('attr__')) attributes[key] = unescaped;
    }
    return {
      text,
      tag_name: tag,
      attr_class: classes.length ? classes : null,
      href: attributes.attr__href ?? null,
      attr_id: attributes.attr__id ?? null,
      nth_child: nthChild,
      nth_of_type: nthOfType,
      attributes,
      order,
    };
  });
}

const ELEMENT_EVENT_NAMES = new Set<string>(['$autocapture', '$rageclick', '$dead_click']);

function ingest(store: HeatmapStore, payload: unknown, receivedAt: Date): { heatmapRows: number; elementEvents: number } {
  let heatmapRows = 0;
  let elementEvents = 0;
  for (const event of eventsOf(payload)) {
    if (!event || typeof event !== 'object') continue;
    heatmapRows += store.addCapturedInteractions(heatmapInteractionsFromEvent(event, receivedAt));
    const name = event.event;
    const properties = event.properties ?? {};
    const distinctId = event.distinct_id ?? properties.distinct_id;
    if (typeof name === 'string' && ELEMENT_EVENT_NAMES.has(name) && isNonBlankString(distinctId)) {
      const time = typeof event.timestamp === 'string' ? new Date(event.timestamp) : receivedAt;
      elementEvents += store.addElementEvents([
        {
          event: name as ElementEventName,
          timestamp: Number.isNaN(time.getTime()) ? receivedAt : time,
          distinct_id: distinctId,
          current_url: typeof properties.$current_url === 'string' ? properties.$current_url : '',
          ...(typeof properties.$viewport_width === 'number' ? { viewport_width: properties.$viewport_width } : {}),
          elements: elementsFromProperties(properties),
        },
      ]);
    }
  }
  return { heatmapRows, elementEvents };
}

// ---------------------------------------------------------------------------------------------
// The server

const INGESTION_PATHS = [/^\/e\/?$/, /^\/i\/v0\/e\/?$/, /^\/batch\/?$/, /^\/capture\/?$/, /^\/track\/?$/, /^\/engage\/?$/];
const HARMLESS_PATHS = [/^\/flags\/?$/, /^\/decide\/?$/, /^\/array\//, /^\/s\/?$/, /^\/i\/v0\//];

function isCorsPath(path: string): boolean {
  return path.startsWith('/api/') || INGESTION_PATHS.some((re) => re.test(path)) || HARMLESS_PATHS.some((re) => re.test(path)) || path.startsWith('/static/');
}

function savedHeatmapJson(store: HeatmapStore, saved: SavedHeatmap, now: Date) {
  const status = store.savedHeatmapStatus(saved, now);
  return {
    id: saved.id,
    short_id: saved.short_id,
    name: saved.name,
    url: saved.url,
    data_url: saved.url,
    target_widths: saved.target_widths,
    type: saved.type,
    status,
    has_content: status === 'completed',
    snapshots: status === 'completed' ? saved.target_widths.map((width) => ({ width, has_content: true })) : [],
    deleted: false,
    created_by: null,
    created_at: formatDrfDateTime(saved.created_at),
    updated_at: formatDrfDateTime(saved.created_at),
    exception: null,
  };
}

export async function startPostHogServer(options: PostHogServerOptions = {}): Promise<PostHogTestServer> {
  const host = options.host ?? '127.0.0.1';
  const projects = options.projects ?? DEFAULT_PROJECTS;
  const keys: Record<string, readonly string[]> = { ...DEFAULT_KEYS, ...options.keys };
  const store = options.store ?? new HeatmapStore();
  const requestLog: LoggedRequest[] = [];
  const hangingResponses = new Set<ServerResponse>();
  const logEntries = new WeakMap<IncomingMessage, LoggedRequest>();
  let failure: { mode: FailureMode; retryAfterSeconds: number; remaining: number; options: FailureOptions } | null = null;

  const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

  const corsHeaders = (request: IncomingMessage): Record<string, string> => {
    const origin = header(request, 'origin');
    return {
      // Echo the origin so credentialed requests (posthog-js XHR) pass too.
      'Access-Control-Allow-Origin': origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': header(request, 'access-control-request-headers') ?? 'Authorization, Content-Type',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
  };

  /** Applies the configured failure to an /api/ request; returns true when it answered (or hung). */
  const applyFailure = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (!failure) return false;
    const { mode, retryAfterSeconds, options: failureOptions } = failure;
    if (failureOptions.onlyPaths) {
      const below = /^\/api\/(?:projects|environments)\/[^/]+(\/.*)?$/.exec(new URL(request.url ?? '/', 'http://posthog.invalid').pathname)?.[1] ?? '/';
      if (!failureOptions.onlyPaths.test(below)) return false;
    }
    const { detail } = failureOptions;
    failure.remaining -= 1;
    if (failure.remaining <= 0) failure = null;
    const fail = (error: HttpError) => sendJson(response, error.status, error.body, error.headers);
    switch (mode) {
      case 'invalid-key':
        fail(errors.invalidKey());
        break;
      case 'missing-scope':
        fail(errors.missingScope('heatmap:read'));
        break;
      case 'no-project-access':
        fail(errors.noProjectAccess(String(projects[0]?.id ?? 1)));
        break;
      case 'personal-keys-unsupported':
        fail(errors.personalKeysUnsupported());
        break;
      case 'bad-filter':
        fail(new HttpError(400, new ValidationError('date_from', 'invalid_input', detail ?? 'Error parsing provided date_from: bogus').toBody()));
        break;
      case 'quota':
        fail(errors.quota());
        break;
      case 'rate-limited':
        fail(errors.throttled(retryAfterSeconds));
        break;
      case 'server-error':
        fail(errors.serverError());
        break;
      case 'query-timeout':
        fail(errors.queryTimeout());
        break;
      case 'hang':
        // Never answered; close() ends it.
        hangingResponses.add(response);
        break;
      case 'not-json':
        // What a proxy or a login redirect target might return instead of the API.
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><html><head><title>PostHog</title></head><body><h1>Log in to PostHog</h1></body></html>');
        break;
      case 'bad-schema':
        // Valid JSON of the wrong shape: what a changed or foreign API would send.
        sendJson(response, 200, { results: [{ count: 'many', pointer_y: null, x: 0.5 }], fold: 'n/a', has_more: 'maybe' });
        break;
      case 'redirect':
        response.writeHead(302, { Location: `${failureOptions.redirectTo ?? 'http://127.0.0.3'}${request.url ?? '/'}` });
        response.end();
        break;
      case 'huge-spots':
        void writeHugeSpots(response, failureOptions.spots ?? 1_000_001);
        break;
      case 'huge-bytes':
        void writeHugeBytes(response, failureOptions.bytes ?? 200 * 1024 * 1024);
        break;
    }
    return true;
  };

  const authenticate = (request: IncomingMessage): readonly string[] => {
    const authorization = header(request, 'authorization');
    if (!authorization) throw errors.notAuthenticated();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw errors.invalidKey();
    const scopes = keys[match[1]!];
    if (!scopes) throw errors.invalidKey();
    return scopes;
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const method = request.method ?? 'GET';
    const scopes = authenticate(request);
    const match = /^\/api\/(?:projects|environments)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!match) throw errors.notFound();
    const projectIdText = match[1]!;
    const project = projects.find((candidate) => String(candidate.id) === projectIdText);
    if (!project) throw errors.noProjectAccess(projectIdText);
    const rest = (match[2] ?? '/').replace(/\/+$/, '') || '/';
    const requireScope = (scope: string) => {
      if (!scopesAllow(scopes, scope)) throw errors.missingScope(scope);
    };
    const now = new Date();

    if (rest === '/') {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      requireScope('project:read');
      sendJson(response, 200, {
        id: project.id,
        uuid: `0190aaaa-0000-7000-8000-${String(project.id).padStart(12, '0')}`,
        name: project.name,
        api_token: `phc_heatlens_project_${project.id}`,
        timezone: 'UTC',
        organization: '0190aaaa-0000-7000-8000-000000000000',
        access_control: false,
        is_demo: false,
      });
      return;
    }
    if (rest === '/heatmaps') {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      requireScope('heatmap:read');
      const query = parseHeatmapListQuery(url.searchParams, now);
      sendJson(response, 200, queryHeatmap(store.rows, query), { 'Cache-Control': 'max-age=30', Vary: 'Accept, Accept-Encoding, Query-String' });
      return;
    }
    if (rest === '/heatmaps/events') {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      requireScope('heatmap:read');
      sendJson(response, 200, queryHeatmapEvents(store.rows, parseHeatmapEventsQuery(url.searchParams, now)));
      return;
    }
    if (rest === '/elements/stats') {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      requireScope('element:read');
      const publicUrl = new URL(url.pathname + url.search, `http://${header(request, 'host') ?? 'localhost'}`);
      sendJson(response, 200, queryElementStats(store.elementEvents, url.searchParams, now, publicUrl));
      return;
    }
    if (rest === '/saved') {
      if (method === 'GET') {
        requireScope('heatmap:read');
        const results = [...store.savedHeatmaps.values()].filter((saved) => saved.project_id === project.id).map((saved) => savedHeatmapJson(store, saved, now));
        sendJson(response, 200, { count: results.length, next: null, previous: null, results });
        return;
      }
      if (method !== 'POST') throw errors.methodNotAllowed(method);
      requireScope('heatmap:write');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse((await readBody(request)).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        throw new HttpError(400, { type: 'validation_error', code: 'parse_error', detail: 'JSON parse error', attr: null });
      }
      const targetUrl = body.url;
      if (typeof targetUrl !== 'string' || !targetUrl.trim()) throw new ValidationError('url', 'required', 'This field is required.');
      if (targetUrl.includes('*')) throw new ValidationError('url', 'invalid_input', 'URL must not contain wildcards');
      const widths = Array.isArray(body.widths) && body.widths.length ? body.widths.map(Number).filter((width) => Number.isInteger(width) && width > 0) : [1024];
      const saved = store.createSavedHeatmap({
        projectId: project.id,
        name: typeof body.name === 'string' ? body.name : targetUrl,
        url: targetUrl,
        widths,
        type: typeof body.type === 'string' ? body.type : 'screenshot',
        now,
      });
      sendJson(response, 201, savedHeatmapJson(store, saved, now));
      return;
    }
    if (rest === '/query') {
      if (method !== 'POST') throw errors.methodNotAllowed(method);
      requireScope('query:read');
      let body: unknown;
      try {
        body = JSON.parse((await readBody(request)).toString('utf8') || '{}');
      } catch {
        throw new HttpError(400, { type: 'validation_error', code: 'parse_error', detail: 'JSON parse error', attr: null });
      }
      const entry = logEntries.get(request);
      if (entry) entry.body = body;
      sendJson(response, 200, runHogQLQuery(body, { rows: store.rows, segments: store.segments }, now));
      return;
    }
    const lists = { '/cohorts': ['cohort:read', listCohorts], '/feature_flags': ['feature_flag:read', listFeatureFlags], '/property_definitions': ['property_definition:read', listPropertyDefinitions] } as const;
    if (rest in lists) {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      const [scope, list] = lists[rest as keyof typeof lists];
      requireScope(scope);
      const publicUrl = new URL(url.pathname + url.search, `http://${header(request, 'host') ?? 'localhost'}`);
      sendJson(response, 200, list(store.segments, url.searchParams, publicUrl));
      return;
    }
    if (rest === '/annotations') {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      requireScope('annotation:read');
      const publicUrl = new URL(url.pathname + url.search, `http://${header(request, 'host') ?? 'localhost'}`);
      sendJson(response, 200, listAnnotations(store.annotations, url.searchParams, publicUrl));
      return;
    }
    const savedMatch = /^\/saved\/([^/]+)$/.exec(rest);
    if (savedMatch) {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      requireScope('heatmap:read');
      const saved = store.savedHeatmaps.get(savedMatch[1]!);
      if (!saved || saved.project_id !== project.id) throw errors.notFound();
      sendJson(response, 200, savedHeatmapJson(store, saved, now));
      return;
    }
    throw errors.notFound();
  };

  const serveStatic = (response: ServerResponse, path: string) => {
    // posthog-js lazily loads extension bundles from {api_host}/static/; serve them when installed.
    const distDir = join(PROJECT_ROOT, 'node_modules', 'posthog-js', 'dist');
    const file = normalize(join(distDir, path.slice('/static/'.length)));
    if (file.startsWith(distDir) && existsSync(file) && file.endsWith('.js')) {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      response.end(readFileSync(file));
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('Not found');
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://posthog.invalid');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (isCorsPath(path)) for (const [name, value] of Object.entries(corsHeaders(request))) response.setHeader(name, value);
    if (method === 'OPTIONS') {
      response.writeHead(204);
      response.end();
      return;
    }

    if (path.startsWith('/api/')) {
      if (options.latencyMs) await new Promise((resolveDelay) => setTimeout(resolveDelay, options.latencyMs));
      if (applyFailure(request, response)) return;
      try {
        await handleApi(request, response, url);
      } catch (error) {
        if (error instanceof HttpError) sendJson(response, error.status, error.body, error.headers);
        else if (error instanceof ValidationError) sendJson(response, 400, error.toBody());
        else sendJson(response, 500, errors.serverError().body);
      }
      return;
    }

    if (INGESTION_PATHS.some((re) => re.test(path))) {
      if (method !== 'POST' && method !== 'GET') throw errors.methodNotAllowed(method);
      let payload: unknown;
      try {
        const body = await readBody(request);
        // GET /e/?data=... is the image-pixel fallback.
        const fromQuery = url.searchParams.get('data');
        payload = fromQuery && body.length === 0 ? decodeCapturePayload(Buffer.from(`data=${encodeURIComponent(fromQuery)}`), 'base64') : decodeCapturePayload(body, url.searchParams.get('compression'));
      } catch {
        sendJson(response, 400, { type: 'validation_error', code: 'invalid_payload', detail: 'Malformed request data', attr: null });
        return;
      }
      ingest(store, payload, new Date());
      sendJson(response, 200, { status: 1 });
      return;
    }

    if (path.startsWith('/static/')) {
      serveStatic(response, path);
      return;
    }
    if (HARMLESS_PATHS.some((re) => re.test(path))) {
      await readBody(request).catch(() => Buffer.alloc(0));
      if (path.endsWith('.js')) {
        response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
        response.end('/* no remote config */\n');
      } else {
        sendJson(response, 200, {});
      }
      return;
    }
    sendJson(response, 404, errors.notFound().body);
  };

  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://posthog.invalid');
    const entry: LoggedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: queryRecord(url.searchParams),
      authorization: header(request, 'authorization'),
      host: header(request, 'host'),
      origin: header(request, 'origin'),
      userAgent: header(request, 'user-agent'),
      status: 0,
      at: Date.now(),
    };
    requestLog.push(entry);
    logEntries.set(request, entry);
    response.on('finish', () => {
      entry.finishedAt = Date.now();
      entry.status = response.statusCode;
    });
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return;
      if (error instanceof HttpError) sendJson(response, error.status, error.body, error.headers);
      else sendJson(response, 500, errors.serverError().body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const url = await listenForUrl(server, host, options.port ?? 0);

  return {
    url,
    store,
    requestLog,
    clearLog() {
      requestLog.length = 0;
    },
    setFailure(mode, failureOptions = {}) {
      failure = mode
        ? {
            mode,
            retryAfterSeconds: failureOptions.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
            remaining: failureOptions.times ?? Number.POSITIVE_INFINITY,
            options: failureOptions,
          }
        : null;
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const response of hangingResponses) response.destroy();
        hangingResponses.clear();
        server.close(() => resolveClose());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
