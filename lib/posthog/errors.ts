
/**
 * Every way a PostHog call can fail, each with a message a user can act on. The background worker
 * makes the calls; the errors reach the content script as plain JSON (see serializePostHogError),
 * so everything the UI needs lives in plain fields, never in the prototype.
 */

export const postHogErrorKinds = [
  'invalid-key',
  'missing-scope',
  'no-project-access',
  'personal-keys-unsupported',
  'bad-request',
  'quota-exceeded',
  'rate-limited',
  'server-error',
  'query-timeout',
  'request-timeout',
  'offline',
  'not-found',
  'host-permission',
  'schema',
  'ingestion-host',
  'invalid-host',
  'not-configured',
  'invalid-settings',
  'redirected',
  'answer-too-large',
  'query-paced',
] as const;
export type PostHogErrorKind = (typeof postHogErrorKinds)[number];

const API_KEYS_PLACE = 'PostHog → Settings → Personal API keys';

export abstract class PostHogError extends Error {
  abstract readonly kind: PostHogErrorKind;
  abstract readonly retryable: boolean;
  /** HTTP status, when PostHog answered at all. */
  readonly status?: number;

  constructor(message: string, status?: number) {
    super(message);
    this.name = new.target.name;
    if (status !== undefined) this.status = status;
  }
}

export class InvalidKeyError extends PostHogError {
  readonly kind = 'invalid-key';
  readonly retryable = false;
  constructor() {
    super(
      'PostHog does not accept this personal API key. Check that you pasted the whole key (it starts ' +
        `with phx_; a project key starting with phc_ will not work) and that it still exists in ${API_KEYS_PLACE}.`,
      401,
    );
  }
}

export class MissingScopeError extends PostHogError {
  readonly kind = 'missing-scope';
  readonly retryable = false;
  /** The scope PostHog asked for, e.g. `heatmap:read`; null when the detail did not name one. */
  readonly scope: string | null;
  constructor(scope: string | null) {
    super(
      scope
        ? `This personal API key lacks the '${scope}' scope. Add it to the key in ${API_KEYS_PLACE}, then try again.`
        : `This personal API key lacks a scope this feature needs. Check the key's scopes in ${API_KEYS_PLACE} ` +
            "(heatmaps need 'heatmap:read').",
      403,
    );
    this.scope = scope;
  }
}

export class NoProjectAccessError extends PostHogError {
  readonly kind = 'no-project-access';
  readonly retryable = false;
  readonly projectId: number;
  constructor(projectId: number) {
    super(
      `This personal API key has no access to project ${projectId}. Check the project id (PostHog → ` +
        `Settings → Project), or allow the key that project in ${API_KEYS_PLACE}.`,
      403,
    );
    this.projectId = projectId;
  }
}

export class PersonalKeysUnsupportedError extends PostHogError {
  readonly kind = 'personal-keys-unsupported';
  readonly retryable = false;
  constructor() {
    super(
      'This PostHog server does not accept personal API keys for heatmaps: it is an older self-hosted ' +
        'version. Upgrade PostHog to a current release to use Heatlens with it.',
      403,
    );
  }
}

/** Readable names for the request fields PostHog can complain about. */
const ATTR_LABELS: Record<string, string> = {
  date_from: 'start date',
  date_to: 'end date',
  url_pattern: 'URL pattern',
  url_exact: 'page URL',
  viewport_width_min: 'minimum viewport width',
  viewport_width_max: 'maximum viewport width',
  aggregation: 'aggregation',
  type: 'heatmap type',
  points: 'selected spots',
  url: 'page URL',
};

export class BadRequestError extends PostHogError {
  readonly kind = 'bad-request';
  readonly retryable = false;
  /** The request field PostHog refused, e.g. `date_from`. */
  readonly attr: string | null;
  readonly detail: string | null;
  /** `status` is 400 unless PostHog refused with another 4xx that has no error of its own. */
  constructor(detail: string | null, attr: string | null, status = 400) {
    const field = attr ? ` Check the ${ATTR_LABELS[attr] ?? attr} setting.` : ' Check the heatmap filters.';
    const what = detail ? `: ${trimDetail(detail)}.` : status === 400 ? '.' : ` (HTTP ${status}).`;
    super(`PostHog refused the request${what}${field}`, status);
    this.attr = attr;
    this.detail = detail;
  }
}

export class QuotaExceededError extends PostHogError {
  readonly kind = 'quota-exceeded';
  readonly retryable = false;
  constructor() {
    super(
      'Your PostHog organization is over its usage quota, so PostHog refuses the query. Raise the ' +
        'billing limit in PostHog → Organization settings → Billing, or wait for the next billing period.',
      402,
    );
  }
}

export class RateLimitedError extends PostHogError {
  readonly kind = 'rate-limited';
  readonly retryable = true;
  /** Seconds until PostHog will answer again; null when it did not say. */
  readonly retryAfterSeconds: number | null;
  constructor(retryAfterSeconds: number | null) {
    super(
      'PostHog is limiting how often this API key may ask (heatmaps: 240 requests a minute, 1,200 an ' +
        `hour). ${retryAfterSeconds !== null ? `Try again in ${retryAfterSeconds} s.` : 'Try again in a minute.'}`,
      429,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The query endpoint's own limit (HogQL: 120 queries an hour per personal key), said as such. */
export class QueryRateLimitedError extends RateLimitedError {
  constructor(retryAfterSeconds: number | null) {
    super(retryAfterSeconds);
    this.message =
      'PostHog is limiting how many segment queries this API key may run (HogQL: 120 an hour). ' +
      (retryAfterSeconds !== null ? `Try again in ${retryAfterSeconds} s.` : 'Try again in a few minutes.');
  }
}

export class ServerError extends PostHogError {
  readonly kind = 'server-error';
  readonly retryable = true;
  declare readonly status: number;
  constructor(status: number) {
    super(
      `PostHog had an internal problem (HTTP ${status}). This is usually brief: try again in a minute. If it ` +
        'persists, check status.posthog.com (or your self-hosted server).',
      status,
    );
  }
}

export class QueryTimeoutError extends PostHogError {
  readonly kind = 'query-timeout';
  readonly retryable = true;
  constructor() {
    super(
      'PostHog took too long to run the heatmap query (HTTP 504). Try a shorter date range or a more ' +
        'specific URL, then try again.',
      504,
    );
  }
}

export class RequestTimeoutError extends PostHogError {
  readonly kind = 'request-timeout';
  readonly retryable = true;
  readonly timeoutMs: number;
  constructor(host: string, timeoutMs: number) {
    super(
      `PostHog at ${host} did not answer within ${Math.round(timeoutMs / 1000)} s. Check your connection ` +
        'and try again; a shorter date range also helps.',
    );
    this.timeoutMs = timeoutMs;
  }
}

export class OfflineError extends PostHogError {
  readonly kind = 'offline';
  readonly retryable = true;
  constructor(host: string) {
    super(
      `Could not reach PostHog at ${host}. Check that you are online and that the host address is right ` +
        '(for a self-hosted PostHog, that the server is running).',
    );
  }
}

export class NotFoundError extends PostHogError {
  readonly kind = 'not-found';
  readonly retryable = false;
  constructor(host: string, projectId: number) {
    super(
      `${host} has no PostHog project ${projectId} here (HTTP 404). Check the project id and that the host ` +
        'is your PostHog address (https://us.posthog.com, https://eu.posthog.com or your own server).',
      404,
    );
  }
}

export class HostPermissionError extends PostHogError {
  readonly kind = 'host-permission';
  readonly retryable = false;
  /** The origin the extension needs permission for, e.g. `http://localhost:8000`. */
  readonly origin: string;
  constructor(origin: string) {
    super(
      `Heatlens is not allowed to contact ${origin}. Open the Heatlens popup, and under PostHog connection press Save to grant ` +
        'access to your PostHog server.',
    );
    this.origin = origin;
  }
}

export class SchemaError extends PostHogError {
  readonly kind = 'schema';
  readonly retryable = false;
  /** Path of the first offending field, e.g. `results[3].pointer_y`; null when the body was not JSON. */
  readonly field: string | null;
  constructor(field: string | null, problem: string, status?: number) {
    super(
      field !== null
        ? `PostHog answered in an unexpected shape (at ${field}: ${problem}). Your PostHog version may not ` +
            'match this Heatlens version; update whichever is older.'
        : `PostHog's answer could not be read (${problem}). Check that the host is the PostHog app address, ` +
            'not a proxy or a login page.',
      status,
    );
    this.field = field;
  }
}

export class IngestionHostError extends PostHogError {
  readonly kind = 'ingestion-host';
  readonly retryable = false;
  readonly host: string;
  constructor(host: string, message: string) {
    super(message);
    this.host = host;
  }
}

/** The host setting is not a usable PostHog address (bad scheme, not a URL, …). */
export class InvalidHostError extends PostHogError {
  readonly kind = 'invalid-host';
  readonly retryable = false;
  readonly host: string;
  constructor(host: string, message: string) {
    super(message);
    this.host = host;
  }
}

/**
 * The host answered with a redirect to another origin. The browser drops the key on the way (a
 * cross-origin redirect loses `Authorization`), so whatever the other origin says is not the user's
 * PostHog data and is never shown as such.
 */
export class RedirectedError extends PostHogError {
  readonly kind = 'redirected';
  readonly retryable = false;
  /** The origin the host sent Heatlens to. */
  readonly origin: string;
  constructor(host: string, to: string) {
    super(
      `PostHog at ${host} sent Heatlens on to ${to} (a redirect to another address). Heatlens reads answers only ` +
        `from the host you set, so nothing from ${to} is shown. If your PostHog moved, enter its new address in the ` +
        'Heatlens popup under PostHog connection.',
    );
    this.origin = to;
  }
}

/** Byte and spot caps of one answer, said in the message so the user knows what was refused. */
export class AnswerTooLargeError extends PostHogError {
  readonly kind = 'answer-too-large';
  readonly retryable = false;
  constructor(host: string, cap: { bytes: number } | { spots: number }) {
    super(
      'bytes' in cap
        ? `PostHog at ${host} sent an answer larger than ${Math.round(cap.bytes / (1024 * 1024))} MB, Heatlens's cap for one answer, ` +
            'so Heatlens stopped reading it. Try a shorter date range or a more specific URL.'
        : `PostHog at ${host} sent an answer with more than ${cap.spots.toLocaleString('en-US')} spots, Heatlens's cap for one ` +
            'answer, so Heatlens stopped reading it. Try a shorter date range or a more specific URL.',
    );
  }
}

/**
 * Heatlens itself holds back a tab's segment queries (lib/segments/query-budget.ts): PostHog was not
 * asked, and the overlay waits `retryAfterSeconds`, then loads the page's address as it is then.
 */
export class QueryPacedError extends PostHogError {
  readonly kind = 'query-paced';
  readonly retryable = true;
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, limits: { perMinute: number; perHour: number }) {
    super(
      `Heatlens waits ${retryAfterSeconds} s before its next segment query for this tab: it sends at most ${limits.perMinute} a ` +
        `minute and ${limits.perHour} an hour per tab, so a page that keeps changing its address cannot use up the 120 an hour ` +
        'PostHog allows your key.',
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No API key or project id saved yet: nothing to ask PostHog with. */
export class NotConfiguredError extends PostHogError {
  readonly kind = 'not-configured';
  readonly retryable = false;
  constructor() {
    super(
      'Heatlens is not connected to PostHog yet. Open the Heatlens settings and enter your PostHog address, ' +
        `project id and a personal API key (create one in ${API_KEYS_PLACE}).`,
    );
  }
}

/** Settings the user typed cannot work; `message` is the specific reason. */
export class InvalidSettingsError extends PostHogError {
  readonly kind = 'invalid-settings';
  readonly retryable = false;
  constructor(reason: string) {
    super(reason);
  }
}

/**
 * A failure inside Heatlens or the browser (a page the browser will not let extensions touch, a
 * message from the wrong sender...), not PostHog's. Its message is shown as is and never names
 * PostHog: blaming PostHog for a local problem sends the user looking in the wrong place.
 */
export class LocalError extends Error {
  readonly kind = 'local';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

function trimDetail(detail: string): string {
  const oneLine = detail.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}…` : oneLine;
}

// ---------------------------------------------------------------------------------------------
// Crossing the message boundary

/**
 * An error as it crosses the message boundary: plain fields only (the zod schema that checks it on
 * arrival is `serializedPostHogErrorSchema` in lib/messaging/protocol.ts; this module stays free of zod, since the
 * content script shows errors too).
 */
export interface SerializedPostHogError {
  /**
   * A PostHogErrorKind, `aborted` (the caller cancelled), `local` (a LocalError: Heatlens or the
   * browser refused, PostHog was not involved) or `unknown` (an unexpected error of any origin).
   */
  kind: PostHogErrorKind | 'aborted' | 'local' | 'unknown';
  message: string;
  retryable: boolean;
  status?: number;
  scope?: string;
  attr?: string;
  retryAfterSeconds?: number;
  field?: string;
  projectId?: number;
  origin?: string;
}

/** Plain JSON for `runtime.sendMessage`; never throws, never leaks a stack or an API key. */
export function serializePostHogError(error: unknown): SerializedPostHogError {
  if (error instanceof PostHogError) {
    const out: SerializedPostHogError = { kind: error.kind, message: error.message, retryable: error.retryable };
    if (error.status !== undefined) out.status = error.status;
    if (error instanceof MissingScopeError && error.scope !== null) out.scope = error.scope;
    if (error instanceof BadRequestError && error.attr !== null) out.attr = error.attr;
    if (error instanceof RateLimitedError && error.retryAfterSeconds !== null) {
      out.retryAfterSeconds = error.retryAfterSeconds;
    }
    if (error instanceof QueryPacedError) out.retryAfterSeconds = error.retryAfterSeconds;
    if (error instanceof SchemaError && error.field !== null) out.field = error.field;
    if (error instanceof NoProjectAccessError) out.projectId = error.projectId;
    if (error instanceof HostPermissionError || error instanceof RedirectedError) out.origin = error.origin;
    return out;
  }
  if (error instanceof LocalError) {
    return { kind: 'local', message: error.message, retryable: false };
  }
  if (isAbortError(error)) {
    return { kind: 'aborted', message: 'The request was cancelled.', retryable: false };
  }
  // An unexpected error's own message may hold anything (URLs, internals): show a safe one. Where it
  // came from is not known, so it must not claim PostHog was involved.
  return {
    kind: 'unknown',
    message: 'Something unexpected went wrong inside Heatlens. Try again; if it keeps happening, reload the extension.',
    retryable: false,
  };
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error as { name: unknown }).name === 'AbortError'
  );
}
