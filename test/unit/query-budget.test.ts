import { describe, expect, it } from 'vitest';
import { createQueryBudget, HOGQL_QUERIES_PER_TAB_PER_HOUR, HOGQL_QUERIES_PER_TAB_PER_MINUTE } from '../../lib/segments/query-budget';

describe('HogQL query budget per tab (issue 17, item 6)', () => {
  it('keeps far inside PostHog’s 120 an hour for a key', () => {
    expect(HOGQL_QUERIES_PER_TAB_PER_HOUR).toBeLessThanOrEqual(40);
    expect(HOGQL_QUERIES_PER_TAB_PER_MINUTE * 60).toBeGreaterThan(HOGQL_QUERIES_PER_TAB_PER_HOUR);
  });

  it('gives a tab its per-minute number, then says how long until the oldest leaves the minute', () => {
    let now = 1_000_000;
    const budget = createQueryBudget({ perMinute: 4, perHour: 40, now: () => now });
    for (let index = 0; index < 4; index++) {
      expect(budget.take(7)).toEqual({ ok: true });
      now += 5_000;
    }
    expect(budget.take(7)).toEqual({ ok: false, waitSeconds: 40 });
    // Another tab has its own.
    expect(budget.take(8)).toEqual({ ok: true });
    now += 40_000;
    expect(budget.take(7)).toEqual({ ok: true });
  });

  it('a storm of asks sends no more, however fast, and refused asks cost nothing', () => {
    let now = 0;
    const budget = createQueryBudget({ perMinute: 4, perHour: 40, now: () => now });
    let sent = 0;
    for (let index = 0; index < 80; index++) {
      if (budget.take(1).ok) sent++;
      now += 250;
    }
    expect(sent).toBe(4);
  });

  it('holds the hourly number across minutes', () => {
    let now = 0;
    const budget = createQueryBudget({ perMinute: 4, perHour: 10, now: () => now });
    let sent = 0;
    for (let minute = 0; minute < 60; minute++) {
      for (let ask = 0; ask < 4; ask++) if (budget.take(1).ok) sent++;
      now += 60_000;
    }
    expect(sent).toBe(10);
    budget.forget(1);
    expect(budget.take(1).ok).toBe(true);
  });
});

describe('the user’s own settings change', () => {
  it('starts every tab afresh', () => {
    const now = 0;
    const budget = createQueryBudget({ perMinute: 2, perHour: 40, now: () => now });
    expect(budget.take(1).ok && budget.take(1).ok).toBe(true);
    expect(budget.take(1).ok).toBe(false);
    budget.reset();
    expect(budget.take(1).ok).toBe(true);
  });
});
