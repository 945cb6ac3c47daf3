import { describe, expect, it } from 'vitest';
import { fromRecord, toRecord } from '../../lib/heatmaps/answer-store';

describe('persisted answers', () => {
  it('store spots as columns and give back the same answer', () => {
    const answer = {
      results: [
        { count: 3, pointer_y: 816, pointer_relative_x: 0.42, pointer_target_fixed: false },
        { count: 1, pointer_y: 16, pointer_relative_x: -0.01, pointer_target_fixed: true, added_later: 'x' },
      ],
      fold: { total_count: 4, below_fold_count: 3, pct_below_fold: 75, median_viewport_height: 900 },
      has_more: false,
    };
    const record = toRecord('host|1|2|click', { answer, freshUntil: 30_000, keepUntil: 630_000 }, 1);
    expect(record.columns?.relativeX).toBeInstanceOf(Float64Array);
    expect((record.answer as { results: unknown[] }).results).toEqual([]);
    // IndexedDB stores a structured clone.
    expect(fromRecord(structuredClone(record))).toEqual({ answer, freshUntil: 30_000, keepUntil: 630_000 });
  });

  it('store anything else as it is', () => {
    const answer = { results: [{ scroll_depth_bucket: 100, bucket_count: 4, cumulative_count: 4 }] };
    expect(fromRecord(structuredClone(toRecord('k', { answer, freshUntil: 1, keepUntil: 2 }, 0))).answer).toEqual(answer);
  });
});
