// Who is behind the heatmap rows, for segments (issue 9): persons with properties, cohorts, feature
// flags with variants, and the events that carry `$feature/<key>` per session. Generated from the
// heatmap rows themselves so the two always agree: every row's distinct_id belongs to exactly one
// person, every session has one `$pageview` event saying which flag variants it saw. A segment's
// rows are therefore always a subset of the rows the plain heatmaps endpoint counts.
//
// The pricing experiment is made to differ for the demo: sessions that clicked "Choose Pro" were
// mostly shown `control`, so `test` clicks it far less. Assignment is biased rather than rows being
// removed, so every other test's numbers (which read the same rows) stay as they were.

import { demoLayout } from '../site/layout';
import { seededRandom } from '../seeded-random';
import type { HeatmapRow } from './heatmap-row';

export interface Person {
  /** PostHog person id (a UUID in PostHog). */
  id: string;
  distinctIds: string[];
  properties: Record<string, string | number | boolean>;
}

export interface Cohort {
  id: number;
  name: string;
  isStatic: boolean;
  /** Person ids in the cohort (a calculated cohort's result). */
  members: Set<string>;
}

export interface FeatureFlag {
  id: number;
  key: string;
  name: string;
  /** Multivariate variants; an empty list is a boolean flag (`true` / `false`). */
  variants: Array<{ key: string; name: string; rollout_percentage: number }>;
}

/** An analytics event (only what HogQL segment subqueries read). */
export interface AnalyticsEvent {
  event: string;
  distinctId: string;
  sessionId: string;
  timestamp: Date;
  properties: Record<string, string | number | boolean>;
}

export class SegmentData {
  readonly persons: Person[] = [];
  readonly cohorts: Cohort[] = [];
  readonly featureFlags: FeatureFlag[] = [];
  readonly events: AnalyticsEvent[] = [];
  private byDistinctId = new Map<string, Person>();

  load(data: { persons?: Person[]; cohorts?: Cohort[]; featureFlags?: FeatureFlag[]; events?: AnalyticsEvent[] }): void {
    for (const person of data.persons ?? []) {
      this.persons.push(person);
      for (const distinctId of person.distinctIds) this.byDistinctId.set(distinctId, person);
    }
    this.cohorts.push(...(data.cohorts ?? []));
    this.featureFlags.push(...(data.featureFlags ?? []));
    this.events.push(...(data.events ?? []));
  }

  personOf(distinctId: string): Person | undefined {
    return this.byDistinctId.get(distinctId);
  }

  /** Person property names seen, most common first (what `property_definitions?type=person` lists). */
  personPropertyNames(): string[] {
    const counts = new Map<string, number>();
    for (const person of this.persons) for (const key of Object.keys(person.properties)) counts.set(key, (counts.get(key) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  }

  clear(): void {
    this.persons.length = 0;
    this.cohorts.length = 0;
    this.featureFlags.length = 0;
    this.events.length = 0;
    this.byDistinctId.clear();
  }
}

export const PRICING_FLAG = 'pricing-test';
export const NAV_FLAG = 'new-nav';
export const PAYING_COHORT_ID = 2;
export const NEWSLETTER_COHORT_ID = 3;
export const UTM_SOURCES = ['google', 'newsletter', 'twitter', 'direct'] as const;

/** Whether a stored click row lies on the "Choose Pro" button of its visitor's layout. */
function isChooseProClick(row: HeatmapRow): boolean {
  if (row.type !== 'click' || row.pointer_target_fixed) return false;
  const width = row.viewport_width * row.scale_factor;
  const rect = demoLayout(width).pricingPro;
  const x = row.x * row.scale_factor;
  const y = row.y * row.scale_factor;
  const margin = 16;
  return x >= rect.x - margin && x <= rect.x + rect.width + margin && y >= rect.y - margin && y <= rect.y + rect.height + margin;
}

/** Persons, cohorts, flags and `$feature/…` events consistent with `rows` (see the file comment). */
export function generateSegmentData(rows: readonly HeatmapRow[], seed = 9): Parameters<SegmentData['load']>[0] {
  const random = seededRandom(seed);
  const sessions = new Map<string, { distinctId: string; first: Date; clickedPro: boolean }>();
  const distinctIds: string[] = [];
  for (const row of rows) {
    if (!row.session_id || row.session_id === 'undefined') continue;
    let session = sessions.get(row.session_id);
    if (!session) {
      session = { distinctId: row.distinct_id, first: row.timestamp, clickedPro: false };
      sessions.set(row.session_id, session);
    }
    if (row.timestamp < session.first) session.first = row.timestamp;
    if (isChooseProClick(row)) session.clickedPro = true;
  }
  const seen = new Set<string>();
  for (const row of rows) if (!seen.has(row.distinct_id)) (seen.add(row.distinct_id), distinctIds.push(row.distinct_id));

  const persons: Person[] = distinctIds.map((distinctId, index) => {
    const plan = random() < 0.3 ? 'paid' : 'free';
    const source = UTM_SOURCES[Math.floor(random() * UTM_SOURCES.length)]!;
    return {
      id: `0190bbbb-0000-7000-8000-${String(index).padStart(12, '0')}`,
      distinctIds: [distinctId],
      properties: { plan, $initial_utm_source: source, email: `${distinctId}@example.com` },
    };
  });
  const personByDistinctId = new Map(persons.map((person) => [person.distinctIds[0]!, person]));

  const cohorts: Cohort[] = [
    { id: PAYING_COHORT_ID, name: 'Paying customers', isStatic: false, members: new Set(persons.filter((p) => p.properties.plan === 'paid').map((p) => p.id)) },
    {
      id: NEWSLETTER_COHORT_ID,
      name: 'Newsletter readers',
      isStatic: true,
      members: new Set(persons.filter((p) => p.properties.$initial_utm_source === 'newsletter').map((p) => p.id)),
    },
  ];
  const featureFlags: FeatureFlag[] = [
    {
      id: 11,
      key: PRICING_FLAG,
      name: 'Pricing page experiment',
      variants: [
        { key: 'control', name: 'Current pricing', rollout_percentage: 50 },
        { key: 'test', name: 'New pricing', rollout_percentage: 50 },
      ],
    },
    { id: 12, key: NAV_FLAG, name: 'New navigation', variants: [] },
  ];

  const events: AnalyticsEvent[] = [];
  for (const [sessionId, session] of sessions) {
    // Sessions that clicked "Choose Pro" saw `control` 85% of the time: `test` clicks it far less.
    const variant = random() < (session.clickedPro ? 0.85 : 0.5) ? 'control' : 'test';
    const person = personByDistinctId.get(session.distinctId);
    events.push({
      event: '$pageview',
      distinctId: session.distinctId,
      sessionId,
      timestamp: session.first,
      properties: {
        [`$feature/${PRICING_FLAG}`]: variant,
        [`$feature/${NAV_FLAG}`]: random() < 0.5,
        ...(person ? { plan: person.properties.plan! } : {}),
      },
    });
  }
  return { persons, cohorts, featureFlags, events };
}
