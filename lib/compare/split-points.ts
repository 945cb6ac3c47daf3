/**
 * "Before / after a change" (issue 19, item 4): the days Compare offers to split the date range at,
 * from the layout change Heatlens detected (lib/layout-change) and PostHog's annotations in the range
 * (deploys, releases). Choosing one is the `split` preset with that day: A = the range's start to the
 * day before, B = that day to the range's end (resolveComparison in ranges.ts).
 */

import { resolveDay } from './ranges';

const DAY_MS = 86_400_000;

export type SplitPointSource = 'detected' | 'annotation';

export interface SplitPoint {
  /** The first day of side B (YYYY-MM-DD, UTC as PostHog files it). */
  day: string;
  /** What happened that day, detected change first, then annotations in date order. */
  labels: string[];
  sources: SplitPointSource[];
}

export interface SplitPointInputs {
  /** The filters' range as the popup holds it (YYYY-MM-DD or PostHog's relative values; null: today). */
  range: { dateFrom: string; dateTo: string | null };
  now: number;
  /** Annotations as annotations.list gives them (`date` an ISO datetime). */
  annotations: ReadonlyArray<{ content: string; date: string }>;
  /** The detected layout change's first day and how to name it; null when none was found or looked for. */
  detected: { day: string; label: string } | null;
}

export interface SplitPointList {
  points: SplitPoint[];
  /** Annotations of the range that cannot split it (on its first day, so A would be empty), by name. */
  outside: string[];
}

/**
 * The split points of a range, oldest first, one per day. A day splits the range when it falls after
 * the range's first day and on or before its last (A and B each hold at least one day); anything
 * else is left out, annotations so left out listed in `outside` so the picker can say why.
 */
export function splitPoints(inputs: SplitPointInputs): SplitPointList {
  const from = resolveDay(inputs.range.dateFrom, inputs.now);
  const to = resolveDay(inputs.range.dateTo, inputs.now);
  if (from === null || to === null) return { points: [], outside: inputs.annotations.map((annotation) => annotation.content) };
  const splits = (day: string) => {
    const time = Date.parse(`${day}T00:00:00Z`);
    return Number.isFinite(time) && time > from && time <= Math.max(from, to);
  };
  const byDay = new Map<string, SplitPoint>();
  const add = (day: string, label: string, source: SplitPointSource) => {
    const point = byDay.get(day) ?? { day, labels: [], sources: [] };
    point.labels.push(label);
    if (!point.sources.includes(source)) point.sources.push(source);
    byDay.set(day, point);
  };
  if (inputs.detected && splits(inputs.detected.day)) add(inputs.detected.day, inputs.detected.label, 'detected');
  const outside: string[] = [];
  const annotations = [...inputs.annotations].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const annotation of annotations) {
    const day = annotation.date.slice(0, 10);
    if (splits(day)) add(day, `annotation: ${annotation.content}`, 'annotation');
    else outside.push(annotation.content);
  }
  return { points: [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1)), outside };
}

/** The filters' range as concrete days, for asking annotations.list; null when a bound is unreadable. */
export function rangeDays(range: { dateFrom: string; dateTo: string | null }, now: number): { dateFrom: string; dateTo: string } | null {
  const from = resolveDay(range.dateFrom, now);
  const to = resolveDay(range.dateTo, now);
  if (from === null || to === null) return null;
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  return { dateFrom: day(from), dateTo: day(Math.max(from, to)) };
}

/** "A 2026-11-23 → 2026-11-29 · B 2026-11-30 → 2026-12-06": what choosing a split point compares. */
export function describeSplit(range: { dateFrom: string; dateTo: string | null }, day: string, now: number): string | null {
  const days = rangeDays(range, now);
  if (!days) return null;
  const split = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(split)) return null;
  const before = new Date(split - DAY_MS).toISOString().slice(0, 10);
  const side = (from: string, to: string) => (from === to ? from : `${from} → ${to}`);
  return `A ${side(days.dateFrom, before)} · B ${side(day, days.dateTo)}`;
}

/** What the compare picker shows for "before / after a change" (components/CompareForm.tsx). */
export interface SplitPickerView {
  /** Still asking PostHog for annotations (and the layout-change look). */
  loading: boolean;
  points: SplitPoint[];
  /** Annotations of the range that cannot split it (see splitPoints). */
  outside: string[];
  /** Why PostHog's annotations are not listed (e.g. the key lacks annotation:read); null when they are. */
  annotationsNote: string | null;
  /** What the layout-change look said when it offers no day (none found, not checked); null otherwise. */
  detectionNote: string | null;
}

/** What the layout-change look gave the picker: a day to offer, or a note saying why there is none. */
export type DetectedSplit = { kind: 'day'; day: string; label: string } | { kind: 'none'; note: string };

/** The picker's view from annotations.list's answer and the layout-change look. */
export function splitPickerView(
  range: SplitPointInputs['range'],
  now: number,
  annotations: { available: true; items: ReadonlyArray<{ content: string; date: string }> } | { available: false; message: string },
  detected: DetectedSplit | null,
): SplitPickerView {
  const list = splitPoints({
    range,
    now,
    annotations: annotations.available ? annotations.items : [],
    detected: detected?.kind === 'day' ? { day: detected.day, label: detected.label } : null,
  });
  return {
    loading: false,
    ...list,
    annotationsNote: annotations.available ? null : annotations.message,
    detectionNote: detected?.kind === 'none' ? detected.note : null,
  };
}

/**
 * The layout-change look's answer (layoutChange.detect, lib/layout-change/messages.ts) as the picker
 * takes it: its day when it found a change, else its own words for why there is none.
 */
export function detectedSplit(
  look: { status: 'changed'; day: string } | { status: 'unchanged'; words: string } | { status: 'not-checked'; reason: string },
): DetectedSplit {
  switch (look.status) {
    case 'changed':
      return { kind: 'day', day: look.day, label: 'layout change detected' };
    case 'unchanged':
      return { kind: 'none', note: look.words };
    case 'not-checked':
      return { kind: 'none', note: `No layout change looked for: ${look.reason}` };
  }
}
