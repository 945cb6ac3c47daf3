import { z } from 'zod';
import {
  AnswerTooLargeError,
  BadRequestError,
  HostPermissionError,
  IngestionHostError,
  InvalidHostError,
  InvalidKeyError,
  MissingScopeError,
  NoProjectAccessError,
  NotFoundError,
  OfflineError,
  PersonalKeysUnsupportedError,
  PostHogError,
  QueryRateLimitedError,
  QueryTimeoutError,
  QuotaExceededError,
  RateLimitedError,
  RedirectedError,
  RequestTimeoutError,
  SchemaError,
  ServerError,
} from './errors';
import { isCloudHost, normalizePostHogHost } from './hosts';
import { createStreamedResultsParser, MalformedAnswerError, type StreamedAnswer } from './streamed-results';
import {
  heatmapEventsParams,
  heatmapQueryParams,
  type HeatmapPoint,
  type HeatmapQuery,
  type PageRequest,
} from './query';
import {
  apiErrorBodySchema,
  clickLikeResponseSchema,
  elementStatsResponseSchema,
  foldSchema,
  heatmapEventsResponseSchema,
  projectSchema,
  savedHeatmapSchema,
  scrollDepthResponseSchema,
  spotBatchIssue,
  annotationsResponseSchema,
  cohortsResponseSchema,
  featureFlagsResponseSchema,
  hogqlResponseSchema,
  propertyDefinitionsResponseSchema,
  type Annotation,
  type Cohort,
  type FeatureFlag,
  type HogQLResponse,
  type ClickLikeResponse,
  type ElementStatsResponse,
  type HeatmapEventsResponse,
  type HeatmapSpot,
  type SavedHeatmap,
  type ScrollDepthResponse,
} from './schemas';

/**
 * The PostHog API client. Only the background worker uses it (it alone holds the key); every
 * failure is a PostHogError, which serializePostHogError turns into plain JSON for the content
 * script. A cancelled call (the caller's signal) rejects with the signal's reason, normally a
 * DOMException named AbortError, so callers can tell "cancelled" from "failed".
 *
 * No retries here: the background decides, with retryDelayMs as its policy.
 */

export interface PostHogConnection {
  host: string;
  projectId: number;
  apiKey: string;
}

export interface PostHogClientOptions {
  fetch?: typeof fetch;
  /** Per request, headers and body included. */
  timeoutMs?: number;
  /**
   * At most this many spots are kept (hottest first); more is pointless to draw. One answer holding
   * more is refused as it streams in (AnswerTooLargeError), before it is parsed whole.
   */
  maxSpots?: number;
  /** One answer longer than this many bytes is refused as it streams in (AnswerTooLargeError). */
  maxAnswerBytes?: number;
  /** At most this many requests for one heatmap when a server pages despite `limit=0`. */
  maxPages?: number;
  /**
   * Asked when a self-hosted origin cannot be reached at all, to tell a missing host permission
   * from being offline (the browser reports both as the same TypeError). Typically
   * `(origin) => browser.permissions.contains({origins: [hostPermissionPattern(origin)]})`.
   */
  hasHostPermission?: (origin: string) => Promise<boolean>;
  /**
   * Heatmap spots are read and checked as the answer arrives (default true); false reads the whole
   * answer first, then parses it: the peer `scripts/bench-parse.ts` measures the streaming against.
   */
  streamSpots?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * The body of `POST /query/`: a HogQL query, for `{filters}` the filters it stands for, and the
 * constants its other placeholders name (`values`).
 */
export interface HogQLQueryBody {
  kind: 'HogQLQuery';
  query: string;
  filters?: { filterTestAccounts: boolean };
  values?: Record<string, string>;
}

/** Lists are short; a few pages at most, never forever. */
const MAX_LIST_PAGES = 5;
export const DEFAULT_MAX_SPOTS = 1_000_000;
/**
 * The byte cap of one answer: a spot is 80-100 bytes of JSON as PostHog writes it, so a full
 * DEFAULT_MAX_SPOTS answer fits with room to spare; anything longer is not a heatmap worth drawing
 * (a 10-million-spot answer was read to 431 MB before the timeout cut it, issue 17).
 */
export const DEFAULT_MAX_ANSWER_BYTES = 128 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 25;

export type ElementStatsEvent = '$autocapture' | '$rageclick' | '$dead_click';

export interface ElementStatsQuery {
  dateFrom: string;
  dateTo?: string;
  /** Which events to count; PostHog's default is `$autocapture` alone. */
  include?: readonly ElementStatsEvent[];
  /** Matched against `$current_url` exactly. */
  urlExact?: string;
  /** A plain regular expression on `$current_url` (not the heatmap `*` glob); wins over urlExact. */
  urlPattern?: string;
  limit?: number;
  filterTestAccounts?: boolean;
  /**
   * Only events from windows this wide (CSS px, both ends inclusive), read the way the heatmaps
   * endpoint reads its `viewport_width_min` / `max`: see viewportWidthProperties.
   */
  viewportWidthMin?: number;
  viewportWidthMax?: number;
}

/**
 * The `$viewport_width` event-property filters that select the same visitors as the heatmaps
 * endpoint's `viewport_width_min` / `max`. That endpoint compares the stored width (the window's
 * width / 16, rounded half up by ingestion) with round(bound / 16) (ClickHouse: half to even); an
 * event carries the raw width, so stored ≥ m is raw ≥ 16m − 8 and stored ≤ M is raw < 16M + 8.
 */
export function viewportWidthProperties(min: number | undefined, max: number | undefined): Array<{ key: '$viewport_width'; value: number; operator: 'gte' | 'lt'; type: 'event' }> {
  const filters: Array<{ key: '$viewport_width'; value: number; operator: 'gte' | 'lt'; type: 'event' }> = [];
  if (min !== undefined && Number.isFinite(min)) filters.push({ key: '$viewport_width', value: 16 * roundHalfEven(Math.round(min) / 16) - 8, operator: 'gte', type: 'event' });
  if (max !== undefined && Number.isFinite(max)) filters.push({ key: '$viewport_width', value: 16 * roundHalfEven(Math.round(max) / 16) + 8, operator: 'lt', type: 'event' });
  return filters;
}

function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

export interface SavedHeatmapRequest {
  name: string;
  /** A single page: saved heatmaps take no wildcards. */
  url: string;
  /** Viewport widths to render, CSS px. */
  widths?: readonly number[];
}

export interface ConnectionCheck {
  /** null when the key may not read the project (it lacks `project:read`); that is fine. */
  projectName: string | null;
  /** Clicks recorded in the last 7 days; absent on PostHog versions without the fold summary. */
  spotsLastWeek?: number;
}

export interface PostHogClient {
  /** Every spot of a click-like heatmap. `has_more: true` in the answer means the spots are incomplete. */
  fetchHeatmap(q: HeatmapQuery, signal?: AbortSignal): Promise<ClickLikeResponse>;
  /** Scroll depth buckets, ascending; `q.type` is ignored. */
  fetchScrollDepth(q: HeatmapQuery, signal?: AbortSignal): Promise<ScrollDepthResponse>;
  /** The sessions behind some spots (limit 1..100, default 50). */
  fetchHeatmapEvents(
    q: HeatmapQuery,
    points: readonly HeatmapPoint[],
    page?: PageRequest,
    signal?: AbortSignal,
  ): Promise<HeatmapEventsResponse>;
  fetchElementStats(params: ElementStatsQuery, signal?: AbortSignal): Promise<ElementStatsResponse>;
  /** Proves the host, key and project work for heatmaps (needs only `heatmap:read`). */
  checkConnection(signal?: AbortSignal): Promise<ConnectionCheck>;
  /** Asks PostHog to render a saved heatmap; poll getSavedHeatmap until completed or failed. */
  createSavedHeatmap(request: SavedHeatmapRequest, signal?: AbortSignal): Promise<SavedHeatmap>;
  getSavedHeatmap(shortId: string, signal?: AbortSignal): Promise<SavedHeatmap>;
  /**
   * Runs a HogQL query (`POST /query/`, scope `query:read`, 120 an hour: callers cache). A key
   * without the scope fails with MissingScopeError('query:read'); a refused query with
   * BadRequestError carrying PostHog's detail.
   */
  query(body: HogQLQueryBody, signal?: AbortSignal): Promise<HogQLResponse>;
  /** The project's cohorts (`cohort:read`), deleted ones left out. */
  listCohorts(signal?: AbortSignal): Promise<Cohort[]>;
  /** The project's feature flags (`feature_flag:read`), deleted ones left out. */
  listFeatureFlags(signal?: AbortSignal): Promise<FeatureFlag[]>;
  /** Names of the person properties PostHog has seen (`property_definition:read`). */
  listPersonProperties(signal?: AbortSignal): Promise<string[]>;
  /**
   * The project's annotations that mark site-wide changes (`annotation:read`): project- and
   * organization-scoped, not deleted, with a date; ascending by date.
   */
  listAnnotations(signal?: AbortSignal): Promise<Annotation[]>;
  /** The normalised origin the client talks to ('' when the host was refused). */
  readonly origin: string;
}

interface RequestSpec<S extends z.core.$ZodType> {
  /** Below `/api/projects/:id`, starting with `/`. */
  path: string;
  params?: URLSearchParams;
  method?: 'GET' | 'POST';
  body?: unknown;
  schema: S;
  signal?: AbortSignal;
  /**
   * The answer is `{ results: [spots…], … }`: read its spots as they arrive and check them in batches
   * (streamed-results.ts), so little is left to do once the last byte is in.
   */
  streamSpots?: boolean;
}

// A response schema for the connection check that tells "no fold" apart from "empty fold".
const connectionProbeSchema = clickLikeResponseSchema.extend({ fold: z.optional(foldSchema) });

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

export function createPostHogClient(connection: PostHogConnection, options: PostHogClientOptions = {}): PostHogClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxSpots = Math.max(1, options.maxSpots ?? DEFAULT_MAX_SPOTS);
  const maxPages = Math.max(1, options.maxPages ?? DEFAULT_MAX_PAGES);
  const maxAnswerBytes = Math.max(1, options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES);
  const { projectId } = connection;
  const apiKey = connection.apiKey.trim();
  if (!Number.isSafeInteger(projectId) || projectId <= 0) {
    throw new TypeError(`PostHog project id must be a positive integer, got ${String(projectId)}`);
  }

  const host = normalizePostHogHost(connection.host);
  const origin = host.ok ? host.origin : '';
  // A refused host fails every call the same way, without touching the network.
  const hostError: PostHogError | null = host.ok
    ? null
    : host.refusal === 'ingestion-host'
      ? new IngestionHostError(connection.host, host.reason)
      : new InvalidHostError(connection.host, host.reason);

  async function request<S extends z.core.$ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    if (hostError) throw hostError;
    // A key with a stray character (a pasted non-breaking space, say) would make fetch throw a
    // TypeError that looks like being offline; PostHog would refuse it anyway.
    if (!PRINTABLE_ASCII.test(apiKey)) throw new InvalidKeyError();
    const { signal } = spec;
    signal?.throwIfAborted();

    const query = spec.params?.toString();
    const url = `${origin}/api/projects/${projectId}${spec.path}${query ? `?${query}` : ''}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });

    const failure = async (error: unknown): Promise<unknown> => {
      if (signal?.aborted) return signal.reason;
      if (timedOut) return new RequestTimeoutError(origin, timeoutMs);
      if (error instanceof PostHogError) return error;
      if (error instanceof TypeError || isNetworkError(error)) {
        if (!isCloudHost(origin) && options.hasHostPermission) {
          const allowed = await options.hasHostPermission(origin).catch(() => true);
          if (!allowed) return new HostPermissionError(origin);
        }
        return new OfflineError(origin);
      }
      return error;
    };

    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' };
      if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
      let response: Response;
      let text = '';
      let streamed: StreamedAnswer | null = null;
      try {
        response = await fetchImpl(url, {
          method: spec.method ?? 'GET',
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal: controller.signal,
          // The browser's PostHog session cookie must not stand in for the key: the key's scopes
          // are what the user configured, and a session would also trigger CSRF checks on POST.
          credentials: 'omit',
          // Answers carry `Cache-Control: max-age=30` and no `Vary: Authorization`, so the browser's
          // HTTP cache would hand one key's answer to another (a wrong key would pass the connection
          // check). The background keeps its own cache, keyed by connection.
          cache: 'no-store',
        });
        // A redirect to another origin has lost the key on the way (the browser drops Authorization),
        // so its answer is someone else's: never read it as the user's data.
        if (response.redirected && response.url && new URL(response.url).origin !== origin) {
          void response.body?.cancel().catch(() => undefined);
          throw new RedirectedError(origin, new URL(response.url).origin);
        }
        const caps: AnswerCaps = { origin, bytes: maxAnswerBytes, spots: maxSpots };
        const declared = Number(response.headers.get('Content-Length'));
        if (Number.isFinite(declared) && declared > caps.bytes) {
          void response.body?.cancel().catch(() => undefined);
          throw new AnswerTooLargeError(origin, { bytes: caps.bytes });
        }
        // Still under the timeout: a server that sends headers and then stalls counts as no answer.
        if (spec.streamSpots && options.streamSpots !== false && response.ok && response.body) streamed = await readSpotsAsTheyArrive(response.body, response.status, caps);
        else text = response.body ? await readTextCapped(response.body, caps) : await response.text();
      } catch (error) {
        throw await failure(error);
      }
      if (!response.ok) throw errorFromResponse(response.status, response.headers, text, origin, projectId);
      const parsed = streamed ? schemaOfStreamed(streamed, spec.schema, response.status) : parseBody(text, spec.schema, response.status);
      rememberMaxAge(parsed, response.headers.get('Cache-Control'));
      return parsed;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }

  async function fetchHeatmap(q: HeatmapQuery, signal?: AbortSignal): Promise<ClickLikeResponse> {
    if (q.type === 'scrolldepth') throw new TypeError('fetchHeatmap is for click-like types; use fetchScrollDepth');
    const first = await request({
      path: '/heatmaps/',
      params: heatmapQueryParams(q),
      schema: clickLikeResponseSchema,
      signal,
      streamSpots: true,
    });
    const results: HeatmapSpot[] = [...first.results];
    let hasMore = first.has_more;
    let previous = first.results;
    // `limit=0` means "everything", but a server that ignores it or caps the page still says
    // has_more: follow with offsets, never forever.
    for (let pages = 1; hasMore && results.length < maxSpots && pages < maxPages; pages++) {
      const page = await request({
        path: '/heatmaps/',
        params: heatmapQueryParams(q, { limit: 0, offset: results.length }),
        schema: clickLikeResponseSchema,
        signal,
        streamSpots: true,
      });
      if (page.results.length === 0) {
        // "More" but nothing came: the server's count was off; what we have is all there is.
        hasMore = false;
        break;
      }
      // A server that ignores `offset` repeats itself; stop, and leave has_more set (incomplete).
      if (samePage(page.results, previous)) break;
      results.push(...page.results);
      hasMore = page.has_more;
      previous = page.results;
    }
    if (results.length > maxSpots) {
      results.length = maxSpots;
      hasMore = true;
    }
    return inheritMaxAge({ ...first, results, has_more: hasMore }, first);
  }

  async function fetchScrollDepth(q: HeatmapQuery, signal?: AbortSignal): Promise<ScrollDepthResponse> {
    const response = await request({
      path: '/heatmaps/',
      params: heatmapQueryParams({ ...q, type: 'scrolldepth' }),
      schema: scrollDepthResponseSchema,
      signal,
    });
    // PostHog sorts ascending; the share-reaching maths relies on it, so make sure.
    const results = [...response.results].sort((a, b) => a.scroll_depth_bucket - b.scroll_depth_bucket);
    return inheritMaxAge({ ...response, results }, response);
  }

  function fetchHeatmapEvents(
    q: HeatmapQuery,
    points: readonly HeatmapPoint[],
    page?: PageRequest,
    signal?: AbortSignal,
  ): Promise<HeatmapEventsResponse> {
    return request({
      path: '/heatmaps/events/',
      params: heatmapEventsParams(q, points, page),
      schema: heatmapEventsResponseSchema,
      signal,
    });
  }

  function fetchElementStats(params: ElementStatsQuery, signal?: AbortSignal): Promise<ElementStatsResponse> {
    const search = new URLSearchParams();
    // Newer PostHog reads `include` as a repeated parameter; older ones ignore it.
    for (const event of params.include ?? ['$autocapture']) search.append('include', event);
    search.set('date_from', params.dateFrom);
    if (params.dateTo !== undefined) search.set('date_to', params.dateTo);
    if (params.limit !== undefined && Number.isFinite(params.limit)) {
      search.set('limit', String(Math.max(1, Math.trunc(params.limit))));
    }
    if (params.filterTestAccounts !== undefined) {
      search.set('filter_test_accounts', params.filterTestAccounts ? 'true' : 'false');
    }
    const url = params.urlPattern ?? params.urlExact;
    const properties: unknown[] = [];
    if (url !== undefined) {
      const operator = params.urlPattern !== undefined ? 'regex' : 'exact';
      properties.push({ key: '$current_url', value: url, operator, type: 'event' });
    }
    properties.push(...viewportWidthProperties(params.viewportWidthMin, params.viewportWidthMax));
    if (properties.length > 0) search.set('properties', JSON.stringify(properties));
    // Ask for the `{results, next, previous}` shape where the server supports the choice.
    search.set('paginate_response', 'true');
    return request({ path: '/elements/stats/', params: search, schema: elementStatsResponseSchema, signal });
  }

  async function checkConnection(signal?: AbortSignal): Promise<ConnectionCheck> {
    // The name is a bonus: a heatmap-only key may not read the project, and that is not a failure.
    const projectName = request({ path: '/', schema: projectSchema, signal }).then(
      (project) => project.name,
      () => null,
    );
    const probe = await request({
      path: '/heatmaps/',
      params: heatmapQueryParams(
        { type: 'click', dateFrom: '-7d', aggregation: 'total_count', filterTestAccounts: false },
        { limit: 1, offset: 0 },
      ),
      schema: connectionProbeSchema,
      signal,
    });
    const check: ConnectionCheck = { projectName: await projectName };
    if (probe.fold) check.spotsLastWeek = probe.fold.total_count;
    return check;
  }

  function createSavedHeatmap(saved: SavedHeatmapRequest, signal?: AbortSignal): Promise<SavedHeatmap> {
    if (saved.url.includes('*')) {
      return Promise.reject(
        new BadRequestError('A saved heatmap shows one page, so its URL cannot contain the * wildcard', 'url'),
      );
    }
    return request({
      path: '/saved/',
      method: 'POST',
      body: { name: saved.name, url: saved.url, widths: [...(saved.widths ?? [1440])], type: 'screenshot' },
      schema: savedHeatmapSchema,
      signal,
    });
  }

  function getSavedHeatmap(shortId: string, signal?: AbortSignal): Promise<SavedHeatmap> {
    return request({ path: `/saved/${encodeURIComponent(shortId)}/`, schema: savedHeatmapSchema, signal });
  }

  async function query(body: HogQLQueryBody, signal?: AbortSignal): Promise<HogQLResponse> {
    try {
      return await request({ path: '/query/', method: 'POST', body: { query: body }, schema: hogqlResponseSchema, signal });
    } catch (error) {
      throw error instanceof RateLimitedError ? new QueryRateLimitedError(error.retryAfterSeconds) : error;
    }
  }

  /** Follows `next` by offset on the same path (PostHog's limit/offset pagination). */
  async function listAll<T>(path: string, params: URLSearchParams, schema: z.ZodType<{ results: T[]; next?: string | null }>, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const pageParams = new URLSearchParams(params);
      pageParams.set('limit', '200');
      if (items.length > 0) pageParams.set('offset', String(items.length));
      const answer = await request({ path, params: pageParams, schema, signal });
      items.push(...answer.results);
      if (!answer.next || answer.results.length === 0) break;
    }
    return items;
  }

  async function listCohorts(signal?: AbortSignal): Promise<Cohort[]> {
    const cohorts = await listAll('/cohorts/', new URLSearchParams(), cohortsResponseSchema, signal);
    return cohorts.filter((cohort) => !cohort.deleted);
  }

  async function listFeatureFlags(signal?: AbortSignal): Promise<FeatureFlag[]> {
    const flags = await listAll('/feature_flags/', new URLSearchParams(), featureFlagsResponseSchema, signal);
    return flags.filter((flag) => !flag.deleted);
  }

  async function listPersonProperties(signal?: AbortSignal): Promise<string[]> {
    const definitions = await listAll('/property_definitions/', new URLSearchParams({ type: 'person' }), propertyDefinitionsResponseSchema, signal);
    return definitions.map((definition) => definition.name);
  }

  async function listAnnotations(signal?: AbortSignal): Promise<Annotation[]> {
    const annotations = await listAll('/annotations/', new URLSearchParams(), annotationsResponseSchema, signal);
    return annotations
      .filter((annotation) => !annotation.deleted && annotation.date_marker !== null && (annotation.scope === 'project' || annotation.scope === 'organization'))
      .sort((a, b) => Date.parse(a.date_marker!) - Date.parse(b.date_marker!));
  }

  return {
    query,
    listCohorts,
    listAnnotations,
    listFeatureFlags,
    listPersonProperties,
    fetchHeatmap,
    fetchScrollDepth,
    fetchHeatmapEvents,
    fetchElementStats,
    checkConnection,
    createSavedHeatmap,
    getSavedHeatmap,
    origin,
  };
}

/** Where a session's replay opens in PostHog. */
export function sessionReplayUrl(origin: string, projectId: number, sessionId: string): string {
  return `${origin}/project/${projectId}/replay/${encodeURIComponent(sessionId)}`;
}

// ---------------------------------------------------------------------------------------------
// Retry policy (pure; the background applies it)

export const MAX_RETRIES = 3;
/** Used when PostHog throttles without saying for how long. */
export const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 60;

/**
 * How long to wait before retrying after `attempt` failed (1 for the first attempt), or null for
 * "do not retry". Throttling waits as long as PostHog asked; server errors and query timeouts back
 * off 1 s, 2 s, 4 s; after three retries, or for any other error, null. Accepts a PostHogError or
 * its serialized form (anything with `kind`).
 */
export function retryDelayMs(error: unknown, attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_RETRIES) return null;
  if (typeof error !== 'object' || error === null || !('kind' in error)) return null;
  const { kind } = error as { kind: unknown };
  if (kind === 'rate-limited') {
    const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    const wait = typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_RATE_LIMIT_WAIT_SECONDS;
    return Math.round(wait * 1000);
  }
  if (kind === 'server-error' || kind === 'query-timeout') return 1000 * 2 ** (attempt - 1);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Response handling

/** max-age (seconds) of the answers the client returned, by answer object; see responseMaxAgeSeconds. */
const maxAgeByAnswer = new WeakMap<object, number | null>();

/**
 * How long the server said an answer stays fresh: `max-age` of its Cache-Control, 0 for `no-store`
 * or `no-cache`, null without a header (or for anything not returned by this client).
 */
export function responseMaxAgeSeconds(answer: unknown): number | null {
  return typeof answer === 'object' && answer !== null ? (maxAgeByAnswer.get(answer) ?? null) : null;
}

export function parseMaxAge(cacheControl: string | null): number | null {
  if (cacheControl === null) return null;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const seconds = /(^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl)?.[2];
  return seconds === undefined ? null : Number(seconds);
}

function rememberMaxAge(answer: unknown, cacheControl: string | null): void {
  if (typeof answer === 'object' && answer !== null) maxAgeByAnswer.set(answer, parseMaxAge(cacheControl));
}

function inheritMaxAge<T extends object>(answer: T, from: object): T {
  maxAgeByAnswer.set(answer, maxAgeByAnswer.get(from) ?? null);
  return answer;
}

function isNetworkError(error: unknown): boolean {
  // Some fetch polyfills throw plain Errors for network failures.
  return error instanceof Error && /network|fetch failed|ECONNREFUSED|ENOTFOUND|ECONNRESET/i.test(error.message);
}

function samePage(a: readonly HeatmapSpot[], b: readonly HeatmapSpot[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((spot, i) => {
    const other = b[i]!;
    return (
      spot.count === other.count &&
      spot.pointer_y === other.pointer_y &&
      spot.pointer_relative_x === other.pointer_relative_x &&
      spot.pointer_target_fixed === other.pointer_target_fixed
    );
  });
}

/** The most one answer may hold, checked while it arrives. */
interface AnswerCaps {
  origin: string;
  bytes: number;
  spots: number;
}

/** Hands a body's text to `take` chunk by chunk, refusing the body (and cancelling it) once it passes the byte cap. */
async function readTextChunks(body: ReadableStream<Uint8Array>, caps: AnswerCaps, take: (text: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > caps.bytes) throw new AnswerTooLargeError(caps.origin, { bytes: caps.bytes });
      take(decoder.decode(value, { stream: true }));
    }
    take(decoder.decode());
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/** Reads a whole text answer, stopping (and refusing it) once it passes the byte cap. */
async function readTextCapped(body: ReadableStream<Uint8Array>, caps: AnswerCaps): Promise<string> {
  const parts: string[] = [];
  await readTextChunks(body, caps, (text) => parts.push(text));
  return parts.join('');
}

/**
 * Reads a `{ results: [spots…] }` answer chunk by chunk; a bad spot, or passing the byte or spot cap,
 * stops the reading at once.
 */
async function readSpotsAsTheyArrive(body: ReadableStream<Uint8Array>, status: number, caps: AnswerCaps): Promise<StreamedAnswer> {
  const parser = createStreamedResultsParser((batch, offset) => {
    if (offset + batch.length > caps.spots) throw new AnswerTooLargeError(caps.origin, { spots: caps.spots });
    const issue = spotBatchIssue(batch, offset);
    if (issue) throw new SchemaError(formatPath(issue.path), issue.message, status);
    return batch;
  });
  try {
    await readTextChunks(body, caps, (text) => parser.push(text));
    return parser.finish();
  } catch (error) {
    if (error instanceof MalformedAnswerError) throw new SchemaError(null, error.message, status);
    throw error;
  }
}

/**
 * The schema's check of a streamed answer: everything but the spots (already checked batch by batch)
 * goes through the schema with an empty list, then gets the spots. Without a `results` list, the
 * whole answer goes through the schema, which says what is wrong.
 */
function schemaOfStreamed<S extends z.core.$ZodType>(answer: StreamedAnswer, schema: S, status: number): z.output<S> {
  if (answer.kind === 'text') return parseBody(answer.text, schema, status);
  const checked = checkedBody(answer.rest, schema, status);
  if (answer.resultsSeen) (checked as { results: unknown[] }).results = answer.results;
  return checked;
}

// Any zod schema, classic or mini (the shapes shared with the content script are zod/mini).
function parseBody<S extends z.core.$ZodType>(text: string, schema: S, status: number): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const looksLikeHtml = /^\s*</.test(text);
    throw new SchemaError(null, looksLikeHtml ? 'a web page came back instead of data' : 'the answer is not JSON', status);
  }
  return checkedBody(json, schema, status);
}

function checkedBody<S extends z.core.$ZodType>(json: unknown, schema: S, status: number): z.output<S> {
  const parsed = z.safeParse(schema, json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SchemaError(formatPath(issue?.path ?? []), issue?.message ?? 'invalid value', status);
}

/** `['results', 3, 'pointer_y']` → `results[3].pointer_y`; the empty path is the whole answer. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function errorFromResponse(
  status: number,
  headers: Headers,
  text: string,
  origin: string,
  projectId: number,
): PostHogError {
  const body = readErrorBody(text);
  const detail = body.detail ?? null;
  const code = `${body.type ?? ''} ${body.code ?? ''}`;

  // PostHog has used more than one status for quota refusals; the type says it either way.
  if (status === 402 || /quota_limit_exceeded/.test(code)) return new QuotaExceededError();
  if (status === 401) return new InvalidKeyError();
  if (status === 403) return forbidden(detail, projectId);
  if (status === 404) return new NotFoundError(origin, projectId);
  if (status === 429) return new RateLimitedError(retryAfterSeconds(headers.get('Retry-After'), detail));
  if (status === 504 || (status >= 500 && /timeout|timed out/i.test(`${code} ${detail ?? ''}`))) {
    return new QueryTimeoutError();
  }
  if (status >= 500) return new ServerError(status);
  // 400, and any other refusal (405, 413, …) that has no dedicated error.
  return new BadRequestError(detail, body.attr ?? null, status);
}

function readErrorBody(text: string): z.output<typeof apiErrorBodySchema> {
  try {
    const parsed = apiErrorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // A proxy's HTML error page: the status alone has to do.
  }
  return {};
}

/** The 403 detail is the only thing telling these situations apart. */
function forbidden(detail: string | null, projectId: number): PostHogError {
  const text = detail ?? '';
  if (/does not support personal api key access/i.test(text)) return new PersonalKeysUnsupportedError();
  if (/scope/i.test(text)) {
    const scope = /scope\s+'([^']+)'/i.exec(text)?.[1] ?? /scope\s+"([^"]+)"/i.exec(text)?.[1] ?? null;
    return new MissingScopeError(scope);
  }
  // "API key does not have access to the requested project: ID 2.", "You don't have access to the
  // project.", or a bare permission denial: all mean this key cannot reach this project.
  return new NoProjectAccessError(projectId);
}

/** Seconds from `Retry-After` (seconds or an HTTP date), else from PostHog's detail text. */
export function retryAfterSeconds(header: string | null, detail: string | null, now = Date.now()): number | null {
  if (header !== null) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const fromDetail = detail !== null ? /available in (\d+) seconds?/i.exec(detail)?.[1] : undefined;
  return fromDetail !== undefined ? Number(fromDetail) : null;
}
