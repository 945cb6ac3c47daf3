/**
 * Turning whatever the user pasted into the origin of a PostHog app (the API lives there).
 */

export const CLOUD_HOSTS = {
  us: 'https://us.posthog.com',
  eu: 'https://eu.posthog.com',
} as const;
export type CloudRegion = keyof typeof CLOUD_HOSTS;

export type NormalizedHost =
  | {
      ok: true;
      origin: string;
      /** Set when the input was rewritten to something else than a trimmed form of itself. */
      note?: string;
    }
  | {
      ok: false;
      reason: string;
      /** Why the host was refused: lets callers pick a typed error without parsing `reason`. */
      refusal: 'empty' | 'not-a-url' | 'scheme' | 'credentials' | 'ingestion-host' | 'website';
    };

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$)/i;

export function normalizePostHogHost(input: string): NormalizedHost {
  const trimmed = input.trim();
  if (trimmed === '') {
    return { ok: false, refusal: 'empty', reason: 'Enter your PostHog address, e.g. https://us.posthog.com.' };
  }

  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return {
      ok: false,
      refusal: 'scheme',
      reason: `"${scheme}://" is not a web address. PostHog is reached over https:// (or http:// for a local server).`,
    };
  }
  // Without a scheme: https, except for a server on this machine, which almost never has TLS
  // (PostHog's local development server listens on http://localhost:8000).
  const withScheme = scheme !== undefined ? trimmed : `${LOOPBACK.test(trimmed) ? 'http' : 'https'}://${trimmed}`;

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return {
      ok: false,
      refusal: 'not-a-url',
      reason: `"${trimmed}" is not a web address. Enter your PostHog address, e.g. https://us.posthog.com.`,
    };
  }
  if (url.hostname === '') {
    return { ok: false, refusal: 'not-a-url', reason: `"${trimmed}" has no host name.` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      refusal: 'credentials',
      reason: 'Leave the user name and password out of the address; Heatlens signs in with your personal API key.',
    };
  }

  const hostname = url.hostname.toLowerCase();
  if (hostname === 'i.posthog.com' || hostname.endsWith('.i.posthog.com')) {
    const region: CloudRegion = hostname.startsWith('eu') ? 'eu' : 'us';
    return {
      ok: false,
      refusal: 'ingestion-host',
      reason:
        `${hostname} is PostHog's ingestion address: it only receives events and cannot answer heatmap ` +
        `queries. Use ${CLOUD_HOSTS[region]}, the address you see in your browser when you use PostHog.`,
    };
  }
  if (hostname === 'posthog.com' || hostname === 'www.posthog.com') {
    return {
      ok: false,
      refusal: 'website',
      reason:
        `posthog.com is PostHog's website, not the app. Use ${CLOUD_HOSTS.us} or ${CLOUD_HOSTS.eu}, ` +
        'whichever you see in your browser when you use PostHog.',
    };
  }
  // app.posthog.com is the legacy name of the US cloud; it only redirects now, and a redirect to
  // another origin drops the Authorization header, so talk to the US cloud directly.
  if (hostname === 'app.posthog.com') {
    return {
      ok: true,
      origin: CLOUD_HOSTS.us,
      note: 'app.posthog.com is the old address of PostHog US Cloud; Heatlens uses https://us.posthog.com.',
    };
  }

  // `URL.origin` drops the path, query, hash and a default port, and lowercases the host.
  const origin = url.origin;
  if (origin !== withScheme.replace(/\/+$/, '')) {
    return { ok: true, origin, note: `Heatlens uses ${origin}; the rest of the address is not needed.` };
  }
  return { ok: true, origin };
}

export function isCloudHost(origin: string): boolean {
  const normalized = normalizePostHogHost(origin);
  return normalized.ok && (normalized.origin === CLOUD_HOSTS.us || normalized.origin === CLOUD_HOSTS.eu);
}

/**
 * The match pattern for `permissions.request({origins: [...]})`, e.g. `http://localhost:8000/*`.
 * Chrome honours a port in the pattern; Firefox refuses patterns with a port (its bugs 1362809 and
 * 1468162), so Firefox builds pass `omitPort: true` and get `http://localhost/*` (every port).
 * Throws on a host normalizePostHogHost refuses (a programming error: callers normalise first).
 */
export function hostPermissionPattern(origin: string, options: { omitPort?: boolean } = {}): string {
  const normalized = normalizePostHogHost(origin);
  if (!normalized.ok) throw new Error(`Not a PostHog host: ${normalized.reason}`);
  const url = new URL(normalized.origin);
  const host = options.omitPort ? url.hostname : url.host;
  return `${url.protocol}//${host}/*`;
}
