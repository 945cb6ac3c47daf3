import { describe, expect, it } from 'vitest';
import { foldLine } from '@/lib/layers/fold';
import { scrollDepthBands, scrollDepthMarkers, scrollDepthProfile } from '@/lib/layers/scroll-depth';

// 20 visitors: 5 stopped at 800 px, 9 at 1600, 4 at 2400, 2 at 3200 (cumulative counts as PostHog sends).
const response = {
  results: [
    { scroll_depth_bucket: 800, bucket_count: 5, cumulative_count: 20 },
    { scroll_depth_bucket: 1600, bucket_count: 9, cumulative_count: 15 },
    { scroll_depth_bucket: 2400, bucket_count: 4, cumulative_count: 6 },
    { scroll_depth_bucket: 3200, bucket_count: 2, cumulative_count: 2 },
  ],
};

describe('scroll depth', () => {
  it('reads shares from cumulative counts', () => {
    const profile = scrollDepthProfile(response)!;
    expect(profile.visitors).toBe(20);
    expect(profile.shareAt(500)).toBe(1);
    expect(profile.shareAt(1000)).toBe(0.75);
    expect(profile.shareAt(2000)).toBe(0.3);
    expect(profile.shareAt(3000)).toBe(0.1);
    expect(profile.shareAt(5000)).toBe(0);
  });

  it('puts the 100/75/50/25% lines at the deepest pixel each share reached', () => {
    const markers = scrollDepthMarkers(scrollDepthProfile(response)!);
    // 75% and 50% end at the same depth: one line, whose label names both (issue 20: two labels at one
    // depth covered each other).
    expect(markers.map((marker) => [marker.share, marker.y])).toEqual([
      [1, 800],
      [0.75, 1600],
      [0.25, 2400],
    ]);
    expect(markers.map((marker) => marker.label)).toEqual([
      '100% of visitors scrolled this far',
      '75% of visitors scrolled this far (also the 50% line)',
      '25% of visitors scrolled this far',
    ]);
  });

  it('one line for 100% and 75% when every visitor reached the depth where fewer than 75% stopped going on', () => {
    const markers = scrollDepthMarkers(
      scrollDepthProfile({
        results: [
          { scroll_depth_bucket: 800, bucket_count: 4, cumulative_count: 10 },
          { scroll_depth_bucket: 900, bucket_count: 6, cumulative_count: 6 },
        ],
      })!,
    );
    expect(markers.map((marker) => [marker.y, marker.label])).toEqual([
      [800, '100% of visitors scrolled this far (also the 75% line)'],
      [900, '50% of visitors scrolled this far (also the 25% line)'],
    ]);
  });

  it('shades bands down to the document end', () => {
    const bands = scrollDepthBands(scrollDepthProfile(response)!, 4000);
    expect(bands[0]).toEqual({ top: 0, bottom: 800, share: 1 });
    expect(bands.at(-1)!.bottom).toBe(4000);
  });

  it('sorts unsorted buckets and refuses empty data', () => {
    const shuffled = { results: [...response.results].reverse() };
    expect(scrollDepthProfile(shuffled)!.shareAt(1000)).toBe(0.75);
    expect(scrollDepthProfile({ results: [] })).toBeNull();
    expect(scrollDepthProfile({ results: [{ scroll_depth_bucket: 100, bucket_count: 0, cumulative_count: 0 }] })).toBeNull();
  });
});

describe('foldLine', () => {
  it('labels the fold with the share of clicks below it', () => {
    expect(foldLine({ total_count: 30, below_fold_count: 10, pct_below_fold: 35.2, median_viewport_height: 640 })).toEqual({
      y: 640,
      label: '35% of clicks land below the fold at ~640px',
    });
  });
  it('names the layer whose share it is: rage clicks are not "clicks" (issue 20)', () => {
    expect(foldLine({ total_count: 12, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: 800 }, 'rage clicks')!.label).toBe('0% of rage clicks land below the fold at ~800px');
  });
  it('draws nothing without a median viewport', () => {
    expect(foldLine({ total_count: 0, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: null })).toBeNull();
  });
});
