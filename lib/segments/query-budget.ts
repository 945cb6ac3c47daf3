/**
 * How many HogQL queries one tab may send (issue 17, item 6). PostHog allows a personal key 120
 * queries an hour on the query endpoint, for every tab and the popup together. A page that changes
 * its address over and over (40 pushState calls in 21 s sent 80 queries with a person segment on)
 * must not spend that budget: each tab gets at most HOGQL_QUERIES_PER_TAB_PER_MINUTE in any minute
 * and HOGQL_QUERIES_PER_TAB_PER_HOUR in any hour. Answers from the background's cache cost nothing.
 * A person changing the settings in Heatlens's own pages (a segment, a filter) starts every tab's
 * count afresh (`reset`): that is a click no page can make, and each such change needs new queries.
 */

/**
 * Two segmented page views a minute (spots + summary each; the scroll-depth layer adds one): enough
 * for a person reading a single-page app with a segment on, and a storm is stopped after the first.
 */
export const HOGQL_QUERIES_PER_TAB_PER_MINUTE = 4;
/**
 * A third of PostHog's 120 an hour, so even a tab left storming for an hour leaves two thirds of the
 * key's budget to the user's other tabs and to PostHog itself.
 */
export const HOGQL_QUERIES_PER_TAB_PER_HOUR = 40;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type BudgetAnswer = { ok: true } | { ok: false; waitSeconds: number };

export interface QueryBudget {
  /** Takes one query for `tabId` now, or says how long until one is free. */
  take(tabId: number): BudgetAnswer;
  /** A closed tab's history is dropped. */
  forget(tabId: number): void;
  /** The user changed the settings in an extension page: every tab starts afresh. */
  reset(): void;
}

export function createQueryBudget(options: { perMinute?: number; perHour?: number; now?: () => number } = {}): QueryBudget {
  const perMinute = options.perMinute ?? HOGQL_QUERIES_PER_TAB_PER_MINUTE;
  const perHour = options.perHour ?? HOGQL_QUERIES_PER_TAB_PER_HOUR;
  const now = options.now ?? Date.now;
  /** Times of the queries each tab sent in the last hour, oldest first. */
  const sent = new Map<number, number[]>();

  return {
    take(tabId) {
      const at = now();
      const times = (sent.get(tabId) ?? []).filter((time) => time > at - HOUR);
      const lastMinute = times.filter((time) => time > at - MINUTE);
      let freeAt = at;
      if (lastMinute.length >= perMinute) freeAt = Math.max(freeAt, lastMinute[lastMinute.length - perMinute]! + MINUTE);
      if (times.length >= perHour) freeAt = Math.max(freeAt, times[times.length - perHour]! + HOUR);
      if (freeAt > at) {
        sent.set(tabId, times);
        return { ok: false, waitSeconds: Math.max(1, Math.ceil((freeAt - at) / 1000)) };
      }
      times.push(at);
      sent.set(tabId, times);
      return { ok: true };
    },
    forget(tabId) {
      sent.delete(tabId);
    },
    reset() {
      sent.clear();
    },
  };
}
