/**
 * Keeps the background's cached PostHog answers in IndexedDB, so that the stale-while-revalidate of
 * QueryCache survives the service worker being stopped (Chromium stops an idle MV3 worker after
 * ~30 s, exactly when PostHog's max-age runs out, which would otherwise leave nothing to show at once).
 *
 * Spots are stored as typed-array columns (structured clone copies those as bytes; 150k spot objects
 * would take far longer) and rebuilt on read. Only what QueryCache keeps is stored, and it is dropped
 * with it: on expiry of the stale window, when the connection changes (clear), and least recently
 * stored first beyond MAX_STORED_ANSWERS. The keys name host, project and a hash of the key, never the key.
 */
import type { PersistedAnswer, AnswerPersistence } from './service';

const DATABASE = 'heatlens-answers';
const STORE = 'answers';
/** key → { keepUntil, storedAt }: pruning reads this small store, never the answers. */
const META = 'meta';
export const MAX_STORED_ANSWERS = 40;

interface StoredRecord {
  key: string;
  freshUntil: number;
  keepUntil: number;
  storedAt: number;
  /** The answer with its spot list replaced by columns, or as it was. */
  answer: unknown;
  columns: { relativeX: Float64Array; y: Float64Array; count: Float64Array; fixed: Uint8Array; extra: (Record<string, unknown> | null)[] | null } | null;
}

interface Spot {
  count: number;
  pointer_y: number;
  pointer_relative_x: number;
  pointer_target_fixed: boolean;
}

function isSpotList(value: unknown): value is Spot[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null && 'pointer_relative_x' in value[0];
}

/** Answer → record; spots become columns (fields PostHog may add later are kept per spot, when any). */
export function toRecord(key: string, entry: PersistedAnswer, now: number): StoredRecord {
  const answer = entry.answer as { results?: unknown } | null;
  if (!answer || typeof answer !== 'object' || !isSpotList(answer.results)) {
    return { key, freshUntil: entry.freshUntil, keepUntil: entry.keepUntil, storedAt: now, answer: entry.answer, columns: null };
  }
  const spots = answer.results;
  const columns = { relativeX: new Float64Array(spots.length), y: new Float64Array(spots.length), count: new Float64Array(spots.length), fixed: new Uint8Array(spots.length), extra: null as (Record<string, unknown> | null)[] | null };
  spots.forEach((spot, index) => {
    columns.relativeX[index] = spot.pointer_relative_x;
    columns.y[index] = spot.pointer_y;
    columns.count[index] = spot.count;
    columns.fixed[index] = spot.pointer_target_fixed ? 1 : 0;
    const keys = Object.keys(spot);
    if (keys.length > 4) {
      const { count: _count, pointer_y: _y, pointer_relative_x: _x, pointer_target_fixed: _fixed, ...rest } = spot as Spot & Record<string, unknown>;
      columns.extra ??= new Array(spots.length).fill(null);
      columns.extra[index] = rest;
    }
  });
  return { key, freshUntil: entry.freshUntil, keepUntil: entry.keepUntil, storedAt: now, answer: { ...answer, results: [] }, columns };
}

export function fromRecord(record: StoredRecord): PersistedAnswer {
  if (!record.columns) return { answer: record.answer, freshUntil: record.freshUntil, keepUntil: record.keepUntil };
  const { relativeX, y, count, fixed, extra } = record.columns;
  const results = new Array<Spot>(relativeX.length);
  for (let index = 0; index < results.length; index++) {
    const spot: Spot = { count: count[index]!, pointer_y: y[index]!, pointer_relative_x: relativeX[index]!, pointer_target_fixed: fixed[index] === 1 };
    results[index] = extra?.[index] ? { ...extra[index], ...spot } : spot;
  }
  return { answer: { ...(record.answer as object), results }, freshUntil: record.freshUntil, keepUntil: record.keepUntil };
}

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

/** IndexedDB-backed AnswerPersistence; every failure (no IndexedDB, quota, private mode) just means "not stored". */
export class IndexedDbAnswerStore implements AnswerPersistence {
  private database: Promise<IDBDatabase> | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = () => {
        opening.result.createObjectStore(STORE, { keyPath: 'key' });
        opening.result.createObjectStore(META, { keyPath: 'key' });
      };
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    this.database.catch(() => (this.database = null));
    return this.database;
  }

  async load(key: string): Promise<PersistedAnswer | null> {
    try {
      const database = await this.open();
      const record = await request<StoredRecord | undefined>(database.transaction(STORE).objectStore(STORE).get(key));
      if (!record) return null;
      if (record.keepUntil <= this.now()) {
        void this.remove(key);
        return null;
      }
      return fromRecord(record);
    } catch {
      return null;
    }
  }

  async save(key: string, entry: PersistedAnswer): Promise<void> {
    try {
      const database = await this.open();
      const record = toRecord(key, entry, this.now());
      const transaction = database.transaction([STORE, META], 'readwrite');
      transaction.objectStore(STORE).put(record);
      await request(transaction.objectStore(META).put({ key, keepUntil: record.keepUntil, storedAt: record.storedAt }));
      await this.prune(database);
    } catch {
      // Not stored: the in-memory cache still answers while the worker lives.
    }
  }

  async remove(key: string): Promise<void> {
    try {
      const database = await this.open();
      const transaction = database.transaction([STORE, META], 'readwrite');
      transaction.objectStore(STORE).delete(key);
      await request(transaction.objectStore(META).delete(key));
    } catch {
      // nothing to do
    }
  }

  async clear(): Promise<void> {
    try {
      const database = await this.open();
      const transaction = database.transaction([STORE, META], 'readwrite');
      transaction.objectStore(STORE).clear();
      await request(transaction.objectStore(META).clear());
    } catch {
      // nothing to do
    }
  }

  private async prune(database: IDBDatabase): Promise<void> {
    const transaction = database.transaction([STORE, META], 'readwrite');
    const records = await request<{ key: string; keepUntil: number; storedAt: number }[]>(transaction.objectStore(META).getAll());
    const time = this.now();
    const expired = records.filter((record) => record.keepUntil <= time);
    const kept = records.filter((record) => record.keepUntil > time).sort((a, b) => b.storedAt - a.storedAt);
    for (const record of [...expired, ...kept.slice(MAX_STORED_ANSWERS)]) {
      transaction.objectStore(STORE).delete(record.key);
      transaction.objectStore(META).delete(record.key);
    }
  }
}
