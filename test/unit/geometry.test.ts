import { describe, expect, it } from 'vitest';
import { pagePositionToViewport, pointToPagePosition, stripPostHogFragment, viewportWidthRange } from '@/lib/core/geometry';

describe('pointToPagePosition', () => {
  it('scales relative x by the current viewport width and keeps document y', () => {
    expect(pointToPagePosition({ pointer_relative_x: 0.42, pointer_y: 816, pointer_target_fixed: false }, 1000)).toEqual({ x: 420, y: 816, fixed: false });
    expect(pointToPagePosition({ pointer_relative_x: 0.42, pointer_y: 816, pointer_target_fixed: false }, 1440).x).toBeCloseTo(604.8);
  });

  it('marks fixed-target spots so they stay in viewport coordinates', () => {
    const position = pointToPagePosition({ pointer_relative_x: 0.5, pointer_y: 32, pointer_target_fixed: true }, 1280);
    expect(position).toEqual({ x: 640, y: 32, fixed: true });
    expect(pagePositionToViewport(position, 0, 2000)).toEqual({ x: 640, y: 32 });
  });

  it('moves document spots by the scroll offset', () => {
    const position = pointToPagePosition({ pointer_relative_x: 0.25, pointer_y: 1200, pointer_target_fixed: false }, 800);
    expect(pagePositionToViewport(position, 0, 1000)).toEqual({ x: 200, y: 200 });
  });
});

describe('viewportWidthRange', () => {
  it('spans ±N% around the window width', () => {
    expect(viewportWidthRange(1280, 10)).toEqual({ min: 1152, max: 1408 });
    expect(viewportWidthRange(1000, 0)).toEqual({ min: 1000, max: 1000 });
  });
  it('keeps exact products exact (1440 ± 10% is 1296–1584, not 1585 from 1584.0000000000002)', () => {
    expect(1440 * 1.1).toBeGreaterThan(1584);
    expect(viewportWidthRange(1440, 10)).toEqual({ min: 1296, max: 1584 });
    expect(viewportWidthRange(390, 10)).toEqual({ min: 351, max: 429 });
    // A product that is not whole still rounds outwards.
    expect(viewportWidthRange(1001, 10)).toEqual({ min: 900, max: 1102 });
  });
  it('treats a negative tolerance as none', () => {
    expect(viewportWidthRange(1000, -5)).toEqual({ min: 1000, max: 1000 });
  });
});

describe('stripPostHogFragment', () => {
  it('removes the toolbar fragment and the empty #', () => {
    expect(stripPostHogFragment('https://example.com/pricing#__posthog=%7B%22action%22%3A%22ph_authorize%22%7D')).toBe('https://example.com/pricing');
  });
  it('keeps other fragment parameters and ordinary anchors', () => {
    expect(stripPostHogFragment('https://example.com/a#tab=2&__posthog=abc')).toBe('https://example.com/a#tab=2');
    expect(stripPostHogFragment('https://example.com/a#faq')).toBe('https://example.com/a#faq');
  });
  it('keeps the query string', () => {
    expect(stripPostHogFragment('https://example.com/a?x=1#__posthog=1')).toBe('https://example.com/a?x=1');
  });
  it('returns unparseable input unchanged', () => {
    expect(stripPostHogFragment('not a url')).toBe('not a url');
  });
});
