// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  apiErrorBodySchema,
  clickLikeResponseSchema,
  EMPTY_FOLD,
  elementStatsResponseSchema,
  foldSchema,
  heatmapEventsResponseSchema,
  heatmapSpotSchema,
  heatmapTypeSchema,
  projectSchema,
  savedHeatmapSchema,
  scrollDepthResponseSchema,
} from '../../lib/posthog/schemas';
import { serializePostHogError, MissingScopeError } from '../../lib/posthog/errors';
import { serializedPostHogErrorSchema } from '../../lib/messaging/protocol';

// The examples below are PostHog's own answers, as documented in the API contract.
const clickResponse = {
  results: [{ count: 3, pointer_y: 816, pointer_relative_x: 0.42, pointer_target_fixed: false }],
  fold: { total_count: 3, below_fold_count: 2, pct_below_fold: 66.7, median_viewport_height: 640 },
  has_more: false,
};

describe('heatmapTypeSchema', () => {
  it('accepts the five PostHog types and nothing else', () => {
    for (const type of ['click', 'rageclick', 'deadclick', 'mousemove', 'scrolldepth']) {
      expect(heatmapTypeSchema.parse(type)).toBe(type);
    }
    expect(heatmapTypeSchema.safeParse('Click').success).toBe(false);
    expect(heatmapTypeSchema.safeParse('$autocapture').success).toBe(false);
  });
});

describe('heatmapSpotSchema', () => {
  it('keeps relative x slightly outside 0..1 (the renderer clips)', () => {
    const spot = { count: 1, pointer_y: 0, pointer_relative_x: 1.03, pointer_target_fixed: true };
    expect(heatmapSpotSchema.parse(spot).pointer_relative_x).toBe(1.03);
    expect(heatmapSpotSchema.parse({ ...spot, pointer_relative_x: -0.01 }).pointer_relative_x).toBe(-0.01);
  });

  it('refuses NaN, Infinity, negative counts, strings and missing fields', () => {
    const spot = { count: 1, pointer_y: 16, pointer_relative_x: 0.5, pointer_target_fixed: false };
    expect(heatmapSpotSchema.safeParse({ ...spot, pointer_relative_x: Number.NaN }).success).toBe(false);
    expect(heatmapSpotSchema.safeParse({ ...spot, pointer_y: Number.POSITIVE_INFINITY }).success).toBe(false);
    expect(heatmapSpotSchema.safeParse({ ...spot, count: -1 }).success).toBe(false);
    expect(heatmapSpotSchema.safeParse({ ...spot, pointer_y: '816' }).success).toBe(false);
    expect(heatmapSpotSchema.safeParse({ ...spot, pointer_target_fixed: 0 }).success).toBe(false);
    const { pointer_target_fixed: _dropped, ...withoutFixed } = spot;
    expect(heatmapSpotSchema.safeParse(withoutFixed).success).toBe(false);
  });

  it('tolerates fields PostHog may add later', () => {
    const spot = { count: 1, pointer_y: 16, pointer_relative_x: 0.5, pointer_target_fixed: false, scale: 2 };
    expect(heatmapSpotSchema.parse(spot)).toMatchObject({ count: 1 });
  });
});

describe('clickLikeResponseSchema', () => {
  it('parses the documented answer', () => {
    expect(clickLikeResponseSchema.parse(clickResponse)).toEqual(clickResponse);
  });

  it('parses the documented empty answer', () => {
    const empty = {
      results: [],
      fold: { total_count: 0, below_fold_count: 0, pct_below_fold: 0.0, median_viewport_height: null },
      has_more: false,
    };
    expect(clickLikeResponseSchema.parse(empty)).toEqual(empty);
  });

  it('fills in fold and has_more for older PostHog versions that omit them', () => {
    const parsed = clickLikeResponseSchema.parse({ results: clickResponse.results });
    expect(parsed.fold).toEqual(EMPTY_FOLD);
    expect(parsed.has_more).toBe(false);
  });

  it('refuses a malformed fold (present but wrong is not a version difference)', () => {
    const bad = { ...clickResponse, fold: { ...clickResponse.fold, median_viewport_height: 'x' } };
    expect(clickLikeResponseSchema.safeParse(bad).success).toBe(false);
    expect(foldSchema.safeParse({ ...clickResponse.fold, pct_below_fold: 140 }).success).toBe(false);
  });

  it('names the failing field path in its issues', () => {
    const results = [...Array(3)].map(() => clickResponse.results[0]);
    const bad = { ...clickResponse, results: [...results, { ...clickResponse.results[0], pointer_y: null }] };
    const parsed = clickLikeResponseSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['results', 3, 'pointer_y']);
  });

  it('refuses results that are not an array', () => {
    expect(clickLikeResponseSchema.safeParse({ results: {} }).success).toBe(false);
    expect(clickLikeResponseSchema.safeParse([]).success).toBe(false);
  });
});

describe('scrollDepthResponseSchema', () => {
  it('parses the documented answer', () => {
    const body = {
      results: [
        { scroll_depth_bucket: 800, bucket_count: 5, cumulative_count: 20 },
        { scroll_depth_bucket: 1600, bucket_count: 9, cumulative_count: 15 },
      ],
    };
    expect(scrollDepthResponseSchema.parse(body)).toEqual(body);
    expect(scrollDepthResponseSchema.parse({ results: [] }).results).toEqual([]);
  });

  it('refuses fractional or missing counts', () => {
    expect(
      scrollDepthResponseSchema.safeParse({ results: [{ scroll_depth_bucket: 800, bucket_count: 1.5, cumulative_count: 2 }] })
        .success,
    ).toBe(false);
    expect(scrollDepthResponseSchema.safeParse({ results: [{ scroll_depth_bucket: 800 }] }).success).toBe(false);
  });
});

describe('apiErrorBodySchema', () => {
  it('parses PostHog error bodies, attr null or absent', () => {
    const body = {
      type: 'validation_error',
      code: 'invalid_input',
      detail: 'Error parsing provided date_from: nope',
      attr: 'date_from',
    };
    expect(apiErrorBodySchema.parse(body)).toEqual(body);
    expect(apiErrorBodySchema.parse({ type: 'authentication_error', attr: null }).attr).toBeNull();
    expect(apiErrorBodySchema.parse({})).toEqual({});
  });
});

describe('heatmapEventsResponseSchema', () => {
  it('parses the documented answer', () => {
    const body = {
      results: [
        {
          session_id: '0190-abc',
          distinct_id: 'user-1',
          timestamp: '2026-05-01T10:00:00Z',
          pointer_relative_x: 0.42,
          pointer_y: 816,
          current_url: 'https://site/page',
          type: 'click',
        },
      ],
      total_count: 1,
      has_more: false,
    };
    expect(heatmapEventsResponseSchema.parse(body)).toEqual(body);
  });

  it('refuses an event without a session id', () => {
    const body = { results: [{ distinct_id: 'x' }], total_count: 1, has_more: false };
    expect(heatmapEventsResponseSchema.safeParse(body).success).toBe(false);
  });
});

describe('elementStatsResponseSchema', () => {
  const stat = {
    count: 12,
    hash: 'abc',
    type: '$autocapture',
    elements: [
      {
        text: 'Buy',
        tag_name: 'button',
        attr_class: ['btn', 'primary'],
        href: null,
        attr_id: null,
        nth_child: 1,
        nth_of_type: 1,
        attributes: { 'attr__class': 'btn primary' },
        order: 0,
      },
      { tag_name: 'div', order: 1 },
    ],
  };

  it('parses the paginated shape', () => {
    const parsed = elementStatsResponseSchema.parse({ results: [stat], next: null, previous: null });
    expect(parsed.results[0]?.elements[0]?.text).toBe('Buy');
  });

  it('normalises the bare array older PostHog versions answer with', () => {
    const parsed = elementStatsResponseSchema.parse([{ ...stat, hash: null, type: undefined }]);
    expect(parsed).toMatchObject({ next: null, previous: null });
    expect(parsed.results).toHaveLength(1);
  });

  it('refuses a stat without elements', () => {
    expect(elementStatsResponseSchema.safeParse({ results: [{ count: 1 }] }).success).toBe(false);
  });
});

describe('projectSchema and savedHeatmapSchema', () => {
  it('keeps extra project fields', () => {
    const project = projectSchema.parse({ id: 2, name: 'Shop', timezone: 'UTC' });
    expect(project).toMatchObject({ id: 2, name: 'Shop', timezone: 'UTC' });
    expect(projectSchema.safeParse({ id: '2', name: 'Shop' }).success).toBe(false);
  });

  it('parses a saved heatmap in any state', () => {
    const saved = { short_id: 'aBc123', status: 'processing', name: 'Home', url: 'https://site/', widths: [1440], type: 'screenshot' };
    expect(savedHeatmapSchema.parse(saved)).toEqual(saved);
    expect(savedHeatmapSchema.safeParse({ status: 'completed' }).success).toBe(false);
  });
});

describe('serializedPostHogErrorSchema', () => {
  it('validates what serializePostHogError produces, after a JSON round trip', () => {
    const wire = JSON.parse(JSON.stringify(serializePostHogError(new MissingScopeError('heatmap:read'))));
    expect(serializedPostHogErrorSchema.parse(wire)).toMatchObject({ kind: 'missing-scope', scope: 'heatmap:read' });
    expect(serializedPostHogErrorSchema.safeParse({ kind: 'nope', message: 'x', retryable: false }).success).toBe(false);
  });
});

describe('clickLikeResponseSchema spots (fast path)', () => {
  const valid = { count: 3, pointer_y: 816, pointer_relative_x: 0.42, pointer_target_fixed: false, extra: 'kept' };
  const variants: unknown[] = [
    valid,
    { ...valid, count: 0 },
    { ...valid, count: -1 },
    { ...valid, count: Number.POSITIVE_INFINITY },
    { ...valid, count: Number.NaN },
    { ...valid, pointer_y: '816' },
    { ...valid, pointer_y: Number.NEGATIVE_INFINITY },
    { ...valid, pointer_relative_x: null },
    { ...valid, pointer_target_fixed: 0 },
    { count: 1, pointer_y: 0, pointer_relative_x: 0 },
    [1, 2, 3, 4],
    null,
    'spot',
  ];

  it('accepts and refuses exactly what the per-spot schema does, naming the same field', () => {
    for (const variant of variants) {
      const results = [valid, valid, variant, valid];
      const fast = clickLikeResponseSchema.safeParse({ results });
      const slow = z.array(heatmapSpotSchema).safeParse(results);
      expect(fast.success, JSON.stringify(variant)).toBe(slow.success);
      if (!fast.success) expect(fast.error.issues[0]!.path).toEqual(['results', ...slow.error!.issues[0]!.path]);
    }
  });
});
