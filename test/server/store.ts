// In-memory stand-in for the tables PostHog keeps behind its heatmap endpoints:
// the raw `heatmaps` table (one row per captured interaction, coordinates at 1/16 resolution),
// autocapture element events (for `/elements/stats/`), and saved heatmaps (screenshots).
// Persons, cohorts, flags and their events for segments live in `segments` (segment-data.ts).

import { SegmentData } from './segment-data';

export { HEATMAP_TYPES, SCALE_FACTOR, type HeatmapRow, type HeatmapType } from './heatmap-row';
import { SCALE_FACTOR, type HeatmapRow, type HeatmapType } from './heatmap-row';

/** A row as callers hand it over: already scaled, timestamp as Date or ISO string. */
export type HeatmapRowInput = Omit<HeatmapRow, 'timestamp' | 'scale_factor' | 'is_test_account'> & {
  timestamp: Date | string;
  scale_factor?: typeof SCALE_FACTOR;
  is_test_account?: boolean;
};

/** One interaction as posthog-js reports it: CSS px, before the server scales it. */
export interface CapturedInteraction {
  session_id: string;
  distinct_id: string;
  timestamp: Date | string;
  /** clientX + scrollX, or clientX alone when the target is fixed/sticky. */
  x: number;
  /** clientY + scrollY, or clientY alone when the target is fixed/sticky; max scrollY for scrolldepth. */
  y: number;
  target_fixed: boolean;
  type: HeatmapType | (string & {});
  /** window.innerWidth and window.innerHeight. */
  viewport_width: number;
  viewport_height: number;
  current_url: string;
  is_test_account?: boolean;
}

/**
 * What PostHog ingestion does to a captured interaction: divide x, y and the viewport by 16 and round
 * (JavaScript Math.round, since ingestion runs in Node). Returns null when ingestion would drop it:
 * the viewport sizes must be positive numbers.
 */
export function scaleCapturedInteraction(captured: CapturedInteraction): HeatmapRowInput | null {
  const { viewport_width: width, viewport_height: height } = captured;
  if (!(typeof width === 'number' && width > 0 && typeof height === 'number' && height > 0)) return null;
  if (!Number.isFinite(captured.x) || !Number.isFinite(captured.y)) return null;
  return {
    session_id: captured.session_id,
    distinct_id: captured.distinct_id,
    timestamp: captured.timestamp,
    x: Math.round(captured.x / SCALE_FACTOR),
    y: Math.round(captured.y / SCALE_FACTOR),
    scale_factor: SCALE_FACTOR,
    viewport_width: Math.round(width / SCALE_FACTOR),
    viewport_height: Math.round(height / SCALE_FACTOR),
    pointer_target_fixed: captured.target_fixed,
    current_url: captured.current_url,
    type: captured.type,
    is_test_account: captured.is_test_account ?? false,
  };
}

export type ElementEventName = '$autocapture' | '$rageclick' | '$dead_click';

/** One element of an autocapture chain, shaped as `/elements/stats/` returns it. */
export interface ElementDescription {
  text: string | null;
  tag_name: string;
  attr_class: string[] | null;
  href: string | null;
  attr_id: string | null;
  nth_child: number | null;
  nth_of_type: number | null;
  attributes: Record<string, string>;
  order: number;
}

/** An autocapture-family event: `elements[0]` is the clicked element, the rest its ancestors. */
export interface ElementEvent {
  event: ElementEventName;
  timestamp: Date;
  distinct_id: string;
  current_url: string;
  /** posthog-js's `$viewport_width` (window.innerWidth, CSS px), when the event carried one. */
  viewport_width?: number;
  elements: ElementDescription[];
  is_test_account: boolean;
}

export type ElementEventInput = Omit<ElementEvent, 'timestamp' | 'is_test_account'> & {
  timestamp: Date | string;
  is_test_account?: boolean;
};

/** A PostHog annotation as `/annotations/` returns it (deploys, releases: markers of a change). */
export interface AnnotationRecord {
  id: number;
  content: string;
  date_marker: Date;
  creation_type: 'USR' | 'GIT';
  scope: 'project' | 'organization' | 'dashboard' | 'dashboard_item' | 'recording';
  deleted: boolean;
  created_at: Date;
}

export type AnnotationInput = Pick<AnnotationRecord, 'content'> & Partial<Omit<AnnotationRecord, 'id' | 'content' | 'date_marker'>> & { date_marker: Date | string };

export type SavedHeatmapStatus = 'processing' | 'completed' | 'failed';

export interface SavedHeatmap {
  id: number;
  short_id: string;
  project_id: number;
  name: string;
  url: string;
  target_widths: number[];
  type: string;
  created_at: Date;
}

function toDate(value: Date | string): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Invalid timestamp: ${String(value)}`);
  return date;
}

export class HeatmapStore {
  readonly rows: HeatmapRow[] = [];
  readonly elementEvents: ElementEvent[] = [];
  readonly savedHeatmaps = new Map<string, SavedHeatmap>();
  readonly annotations: AnnotationRecord[] = [];
  readonly segments = new SegmentData();
  /** How long a saved heatmap stays `processing` before polling shows `completed`. */
  savedHeatmapRenderMs = 1000;
  private nextSavedHeatmapId = 1;

  addRows(inputs: Iterable<HeatmapRowInput>): number {
    let added = 0;
    for (const input of inputs) {
      this.rows.push({
        ...input,
        timestamp: toDate(input.timestamp),
        scale_factor: SCALE_FACTOR,
        is_test_account: input.is_test_account ?? false,
      });
      added++;
    }
    return added;
  }

  /** Ingests px-valued interactions the way PostHog does; returns how many were kept. */
  addCapturedInteractions(captured: Iterable<CapturedInteraction>): number {
    const rows: HeatmapRowInput[] = [];
    for (const interaction of captured) {
      const row = scaleCapturedInteraction(interaction);
      if (row) rows.push(row);
    }
    return this.addRows(rows);
  }

  addElementEvents(inputs: Iterable<ElementEventInput>): number {
    let added = 0;
    for (const input of inputs) {
      this.elementEvents.push({ ...input, timestamp: toDate(input.timestamp), is_test_account: input.is_test_account ?? false });
      added++;
    }
    return added;
  }

  addAnnotation(input: AnnotationInput): AnnotationRecord {
    const date = toDate(input.date_marker);
    const record: AnnotationRecord = {
      id: this.annotations.length + 1,
      content: input.content,
      date_marker: date,
      creation_type: input.creation_type ?? 'USR',
      scope: input.scope ?? 'project',
      deleted: input.deleted ?? false,
      created_at: input.created_at ?? date,
    };
    this.annotations.push(record);
    return record;
  }

  createSavedHeatmap(input: { projectId: number; name: string; url: string; widths: number[]; type: string; now?: Date }): SavedHeatmap {
    const id = this.nextSavedHeatmapId++;
    const saved: SavedHeatmap = {
      id,
      short_id: `shm${id.toString(36).padStart(5, '0')}`,
      project_id: input.projectId,
      name: input.name,
      url: input.url,
      target_widths: input.widths,
      type: input.type,
      created_at: input.now ?? new Date(),
    };
    this.savedHeatmaps.set(saved.short_id, saved);
    return saved;
  }

  /** A saved heatmap "renders" in the background: it is complete once savedHeatmapRenderMs have passed. */
  savedHeatmapStatus(saved: SavedHeatmap, now: Date = new Date()): SavedHeatmapStatus {
    return now.getTime() - saved.created_at.getTime() >= this.savedHeatmapRenderMs ? 'completed' : 'processing';
  }

  clear(): void {
    this.rows.length = 0;
    this.elementEvents.length = 0;
    this.savedHeatmaps.clear();
    this.annotations.length = 0;
    this.segments.clear();
  }
}
