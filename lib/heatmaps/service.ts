import type { PackedSpots } from '../messaging/protocol';
import { responseMaxAgeSeconds } from '../posthog/client';
import type { HeatmapSpot } from '../posthog/schemas';

/** Freshness when an answer carries no Cache-Control (PostHog sends `max-age=30`). */
export const CACHE_MILLISECONDS = 30_000;
/** How long past its max-age an answer may still be shown at once while a fresh one is fetched. */
export const STALE_KEEP_MILLISECONDS = 10 * 60_000;
/** Spots (plus one per answer) the cache may hold, so a few 500k-spot pages cannot grow it without bound. */
export const CACHE_MAX_WEIGHT = 1_500_000;

/**
 * PostHog's spots as the typed columns every later step reads (the wire, the painter, the review,
 * exports): one pass over the parsed answer, and no other copy of them until the painter's points.
 */
export function packSpots(spots: readonly HeatmapSpot[]): PackedSpots {
  const count = spots.length;
  const packed = { relativeX: new Float64Array(count), y: new Float64Array(count), count: new Float64Array(count), fixed: new Uint8Array(count) };
  for (let index = 0; index < count; index++) {
    const spot = spots[index]!;
    packed.relativeX[index] = spot.pointer_relative_x;
    packed.y[index] = spot.pointer_y;
    packed.count[index] = spot.count;
    packed.fixed[index] = spot.pointer_target_fixed ? 1 : 0;
  }
  return packed;
}

/** Where an answer came from: fetched for this ask, fresh from the cache, or stale from the cache while a fresh one is fetched. */
export type CacheState = 'network' | 'cached' | 'stale';

interface CacheEntry {
  /** The answer (or the request in flight for it). */
  value: Promise<unknown>;
  settled: boolean;
  freshUntil: number;
  keepUntil: number;
  weight: number;
  /** A request replacing this entry's stale answer. */
  revalidation: Promise<unknown> | null;
}

/** A cached answer as persisted between service worker runs. */
export interface PersistedAnswer {
  answer: unknown;
  freshUntil: number;
  keepUntil: number;
}

/** Where QueryCache keeps answers beyond the service worker's life (lib/heatmaps/answer-store.ts). */
export interface AnswerPersistence {
  load(key: string): Promise<PersistedAnswer | null>;
  save(key: string, entry: PersistedAnswer): Promise<void>;
  remove(key: string): Promise<void>;
  clear(): Promise<void>;
}

export interface QueryCacheOptions {
  now?: () => number;
  persistence?: AnswerPersistence;
  /** Freshness the server gave an answer, seconds (null: none said; 0: do not keep). */
  maxAgeSecondsOf?: (answer: unknown) => number | null;
}

function weightOf(answer: unknown): number {
  const results = typeof answer === 'object' && answer !== null ? (answer as { results?: unknown }).results : undefined;
  return 1 + (Array.isArray(results) ? results.length : 0);
}

/**
 * The background's cache of PostHog answers, shared by every tab: one request per distinct query
 * while its answer is fresh (concurrent asks share the request in flight), fresh for the max-age the
 * server's Cache-Control gave it (30 s without one; never kept with no-store), and afterwards kept a
 * while longer so `read(…, { allowStale: true })` can hand it out at once while it is re-fetched
 * (stale-while-revalidate). Failed requests are not kept; a failed revalidation keeps the stale answer.
 */
export class QueryCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly now: () => number;
  private readonly maxAgeSecondsOf: (answer: unknown) => number | null;
  private readonly persistence: AnswerPersistence | null;
  private readonly restoring = new Map<string, Promise<void>>();

  constructor(options: QueryCacheOptions | (() => number) = {}) {
    const resolved: QueryCacheOptions = typeof options === 'function' ? { now: options } : options;
    this.now = resolved.now ?? Date.now;
    this.maxAgeSecondsOf = resolved.maxAgeSecondsOf ?? responseMaxAgeSeconds;
    this.persistence = resolved.persistence ?? null;
  }

  /**
   * `read`, after restoring the key's answer from persistence when memory has none (the service
   * worker was stopped since it was fetched).
   */
  async lookup<T>(key: string, load: () => Promise<T>, options: { allowStale: boolean }): Promise<{ value: Promise<T>; state: CacheState }> {
    if (this.persistence && !this.entries.has(key)) {
      let restoring = this.restoring.get(key);
      if (!restoring) {
        restoring = this.restore(key, this.persistence).finally(() => this.restoring.delete(key));
        this.restoring.set(key, restoring);
      }
      await restoring;
    }
    return this.read(key, load, options);
  }

  private async restore(key: string, persistence: AnswerPersistence): Promise<void> {
    const stored = await persistence.load(key);
    if (!stored || stored.keepUntil <= this.now() || this.entries.has(key)) return;
    this.entries.set(key, { value: Promise.resolve(stored.answer), settled: true, freshUntil: stored.freshUntil, keepUntil: stored.keepUntil, weight: weightOf(stored.answer), revalidation: null });
  }

  /**
   * A fresh answer (cached, shared in flight, or fetched now). `freshMs` overrides the freshness the
   * answer itself would get (HogQL answers carry no max-age and are rationed: they are kept longer).
   */
  get<T>(key: string, load: () => Promise<T>, freshMs?: number): Promise<T> {
    return this.read(key, load, { allowStale: false, freshMs }).value;
  }

  /**
   * With `allowStale`, an answer past its max-age is returned at once (state 'stale') and a fresh one
   * is fetched meanwhile; the next `get` of the key waits for that one.
   */
  read<T>(key: string, load: () => Promise<T>, options: { allowStale: boolean; freshMs?: number }): { value: Promise<T>; state: CacheState } {
    const time = this.now();
    const entry = this.entries.get(key);
    if (entry && entry.keepUntil > time) {
      // Most recently used last, so pruning drops the least recently used first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      if (!entry.settled || entry.freshUntil > time) return { value: entry.value as Promise<T>, state: entry.settled ? 'cached' : 'network' };
      const revalidation = entry.revalidation ?? this.revalidate(key, entry, load, options.freshMs);
      if (options.allowStale) return { value: entry.value as Promise<T>, state: 'stale' };
      return { value: revalidation as Promise<T>, state: 'network' };
    }
    const value = load();
    const fresh: CacheEntry = { value, settled: false, freshUntil: Infinity, keepUntil: Infinity, weight: 1, revalidation: null };
    this.entries.set(key, fresh);
    this.settle(key, fresh, value, options.freshMs);
    return { value, state: 'network' };
  }

  clear(): void {
    this.entries.clear();
    void this.persistence?.clear();
  }

  private revalidate(key: string, entry: CacheEntry, load: () => Promise<unknown>, freshMs?: number): Promise<unknown> {
    const value = load();
    entry.revalidation = value;
    value.then(
      () => {
        if (this.entries.get(key) !== entry) return;
        const replacement: CacheEntry = { value, settled: false, freshUntil: Infinity, keepUntil: Infinity, weight: 1, revalidation: null };
        this.entries.set(key, replacement);
        this.settle(key, replacement, value, freshMs);
      },
      () => {
        if (entry.revalidation === value) entry.revalidation = null;
      },
    );
    return value;
  }

  private settle(key: string, entry: CacheEntry, value: Promise<unknown>, freshMs?: number): void {
    value.then(
      (answer) => {
        if (this.entries.get(key) !== entry) return;
        const maxAgeSeconds = this.maxAgeSecondsOf(answer);
        const maxAgeMs = freshMs ?? (maxAgeSeconds === null ? CACHE_MILLISECONDS : maxAgeSeconds * 1000);
        if (!(maxAgeMs > 0)) {
          this.entries.delete(key);
          void this.persistence?.remove(key);
          return;
        }
        const time = this.now();
        entry.settled = true;
        entry.freshUntil = time + maxAgeMs;
        entry.keepUntil = entry.freshUntil + STALE_KEEP_MILLISECONDS;
        entry.weight = weightOf(answer);
        void this.persistence?.save(key, { answer, freshUntil: entry.freshUntil, keepUntil: entry.keepUntil });
        this.prune(time);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
  }

  private prune(time: number): void {
    let total = 0;
    for (const [key, entry] of this.entries) {
      if (entry.settled && entry.keepUntil <= time) this.entries.delete(key);
      else total += entry.weight;
    }
    // Least recently used first (Map order), never a request still in flight.
    for (const [key, entry] of this.entries) {
      if (total <= CACHE_MAX_WEIGHT) break;
      if (!entry.settled) continue;
      this.entries.delete(key);
      total -= entry.weight;
    }
  }
}
