/**
 * How often near-live asks PostHog again, and when (issue 19, item 5).
 *
 * PostHog allows a personal key 120 HogQL queries an hour, for every tab and feature together, and
 * Heatlens gives each tab at most 40 of them (lib/segments/query-budget.ts), which segments also
 * spend from. One refresh every two minutes is 30 an hour: a quarter of the key's budget, and 10 of
 * the tab's 40 stay free for a segment's loads. A shorter interval would show little more: posthog-js
 * sends heatmap points in batches about every 5 s and ingestion adds its own delay, so "live" is a
 * minute or two behind whatever the interval (shared/posthog-api.md "Time resolution").
 */
export const NEAR_LIVE_REFRESH_SECONDS = 120;
/** The queries an hour near-live sends while its tab is visible: 3600 / 120 = 30. */
export const NEAR_LIVE_QUERIES_PER_HOUR = 3600 / NEAR_LIVE_REFRESH_SECONDS;

export type ScheduleStep = 'refresh' | 'wait';

/**
 * The refresh timer as data: the page ticks it once a second with the time and whether the tab is
 * visible. A hidden tab never refreshes; once visible again, an overdue refresh happens at once.
 */
export class RefreshSchedule {
  private dueAt: number;
  private inFlight = false;

  constructor(
    private readonly intervalMs: number,
    now: number,
  ) {
    this.dueAt = now + intervalMs;
  }

  /** 'refresh' when a refresh is due now (and marks one in flight until `refreshed`). */
  tick(now: number, visible: boolean): ScheduleStep {
    if (!visible || this.inFlight || now < this.dueAt) return 'wait';
    this.inFlight = true;
    return 'refresh';
  }

  /** A refresh ended: the next is one interval away, or later when the answer asked to wait longer. */
  refreshed(now: number, waitSeconds = 0): void {
    this.inFlight = false;
    this.dueAt = now + Math.max(this.intervalMs, waitSeconds * 1000);
  }

  get refreshing(): boolean {
    return this.inFlight;
  }

  /** Whole seconds until the next refresh (0 when due). */
  secondsLeft(now: number): number {
    return Math.max(0, Math.ceil((this.dueAt - now) / 1000));
  }
}

/** `1:05`, `0:09`: the countdown as the bar shows it. */
export function countdownText(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
