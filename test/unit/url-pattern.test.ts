import { describe, expect, it } from 'vitest';
import { suggestUrlPattern, wildcardMatches, wildcardToPostHogPattern } from '@/lib/core/url-pattern';

describe('suggestUrlPattern', () => {
  it('replaces numeric ids', () => {
    expect(suggestUrlPattern('https://shop.example.com/product/123/reviews')).toBe('https://shop.example.com/product/*/reviews');
  });
  it('replaces UUIDs and long generated segments, drops query and hash', () => {
    expect(suggestUrlPattern('https://example.com/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301?tab=1#x')).toBe('https://example.com/orders/*');
    expect(suggestUrlPattern('https://example.com/blog/how-we-rebuilt-our-checkout-in-a-week')).toBe('https://example.com/blog/*');
    expect(suggestUrlPattern('https://example.com/u/a8Bx92kLq/settings')).toBe('https://example.com/u/*/settings');
  });
  it('leaves ordinary routes alone', () => {
    expect(suggestUrlPattern('https://example.com/pricing')).toBeNull();
    expect(suggestUrlPattern('https://example.com/')).toBeNull();
    expect(suggestUrlPattern('not a url')).toBeNull();
  });
});

describe('wildcardToPostHogPattern', () => {
  it('escapes regex characters and keeps * for PostHog', () => {
    expect(wildcardToPostHogPattern('https://example.com/product/*/reviews')).toBe('https://example\\.com/product/*/reviews');
    expect(wildcardToPostHogPattern('https://example.com/a?b=(1)')).toBe('https://example\\.com/a\\?b=\\(1\\)');
  });
  it('matches as PostHog would: * is one or more characters', () => {
    expect(wildcardMatches('https://example.com/product/*/reviews', 'https://example.com/product/42/reviews')).toBe(true);
    expect(wildcardMatches('https://example.com/product/*/reviews', 'https://example.com/product//reviews')).toBe(false);
    expect(wildcardMatches('https://example.com/product/*/reviews', 'https://exampleXcom/product/1/reviews')).toBe(false);
  });
});
