import type { HeatmapPayload } from '../messaging/protocol';
import type { Preferences } from '../settings/store';

/**
 * What the overlay painted when the user hid it, kept for a while so that showing it again on the same
 * page paints at once, before the background has answered (a warm or stale toggle costs the worker's
 * start-up and a cache read otherwise). It is shown as "cached · refreshing" and replaced by whatever
 * the background answers, so nothing stale is ever passed off as fresh.
 */
export interface KeptHeatEntry<Fields> {
  payload: HeatmapPayload;
  /** The painter's computed fields (lib/render/painter.ts), so showing again does not recompute them; null when too large to keep. */
  fields: Fields | null;
  preferences: Preferences;
  pageUrl: string;
  viewportWidth: number;
  viewportHeight: number;
}

/** Five minutes: long enough for "hide, look at the page, show again", short enough not to hold megabytes for nothing. */
export const KEEP_HEAT_MS = 5 * 60_000;

export class KeptHeat<Fields> {
  private entry: (KeptHeatEntry<Fields> & { until: number }) | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Frees fields nobody will adopt (their images hold pixels outside the JS heap). */
    private readonly release: (fields: Fields) => void,
    private readonly now: () => number = Date.now,
    private readonly keepMs = KEEP_HEAT_MS,
  ) {}

  keep(entry: KeptHeatEntry<Fields>): void {
    this.drop();
    this.entry = { ...entry, until: this.now() + this.keepMs };
    clearTimeout(this.timer);
    // Released on time even if the overlay is never shown again on this page.
    this.timer = setTimeout(() => this.drop(), this.keepMs);
  }

  drop(): void {
    if (this.entry?.fields) this.release(this.entry.fields);
    this.entry = null;
    clearTimeout(this.timer);
  }

  /**
   * The kept heat when it still describes what would be asked for now: the same page, viewport and
   * preferences (filters, layers, comparison, segment). Taken once: a second show asks the background.
   */
  take(current: { pageUrl: string; viewportWidth: number; viewportHeight: number; preferences: Preferences }): { payload: HeatmapPayload; fields: Fields | null } | null {
    const entry = this.entry;
    const usable =
      entry !== null &&
      entry.until > this.now() &&
      entry.pageUrl === current.pageUrl &&
      entry.viewportWidth === current.viewportWidth &&
      entry.viewportHeight === current.viewportHeight &&
      samePreferences(entry.preferences, current.preferences);
    if (!usable) {
      this.drop();
      return null;
    }
    this.entry = null;
    clearTimeout(this.timer);
    return { payload: { ...entry.payload, cache: 'revalidating' }, fields: entry.fields };
  }

  get holding(): boolean {
    return this.entry !== null;
  }
}

/**
 * Preferences are plain JSON, parsed by the background's schema (its key order) on every read, so two
 * reads of equal preferences serialise alike.
 */
export function samePreferences(a: Preferences, b: Preferences): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
