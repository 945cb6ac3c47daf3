/**
 * Wildcard URLs in PostHog's `url_pattern` syntax: a regex anchored `^…$` in which a `*` that does
 * not follow a `.` stands for one or more characters. Users type ordinary URLs with `*`, so every
 * other regex character must be escaped before it is sent.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
const HEX_ID = /^[0-9a-f]{12,}$/i;
/** Slugs longer than this are usually generated (titles, tokens), not part of the page's route. */
const LONG_SEGMENT = 24;
/** A segment that mixes letters and digits like an id (`a8Bx92kLq`, `order-12345`). */
const MIXED_ID = /^(?=.*\d)[A-Za-z0-9_-]{8,}$/;

function isVariableSegment(segment: string): boolean {
  const decoded = safeDecode(segment);
  return NUMBER.test(decoded) || UUID.test(decoded) || HEX_ID.test(decoded) || MIXED_ID.test(decoded) || decoded.length >= LONG_SEGMENT;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Suggests a wildcard for pages like this one: ids, UUIDs and long segments become `*`, so
 * `/product/123/reviews` becomes `/product/*\/reviews`. Query string and hash are dropped (they
 * vary per visitor); returns null when nothing in the path varies.
 */
export function suggestUrlPattern(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const segments = url.pathname.split('/');
  let changed = false;
  const pattern = segments.map((segment) => {
    if (segment && isVariableSegment(segment)) {
      changed = true;
      return '*';
    }
    return segment;
  });
  if (!changed) return null;
  return `${url.origin}${pattern.join('/')}`;
}

/**
 * Turns a user's wildcard URL into PostHog's `url_pattern`: regex characters are escaped, and each
 * `*` stays a bare `*` (which PostHog reads as "one or more characters").
 */
export function wildcardToPostHogPattern(wildcard: string): string {
  return escapedParts(wildcard).join('*');
}

/** The literal runs between a wildcard's `*`s, with regex characters escaped. */
function escapedParts(wildcard: string): string[] {
  return wildcard.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
}

/** Whether a wildcard URL (as the user typed it) matches a URL, with PostHog's semantics. */
export function wildcardMatches(wildcard: string, href: string): boolean {
  return new RegExp(`^${escapedParts(wildcard).join('.+')}$`).test(href);
}
