// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CLOUD_HOSTS, hostPermissionPattern, isCloudHost, normalizePostHogHost } from '../../lib/posthog/hosts';

function originOf(input: string): string {
  const result = normalizePostHogHost(input);
  if (!result.ok) throw new Error(`refused ${input}: ${result.reason}`);
  return result.origin;
}

describe('normalizePostHogHost', () => {
  it('accepts the cloud hosts as they are', () => {
    expect(normalizePostHogHost(CLOUD_HOSTS.us)).toEqual({ ok: true, origin: 'https://us.posthog.com' });
    expect(normalizePostHogHost(CLOUD_HOSTS.eu)).toEqual({ ok: true, origin: 'https://eu.posthog.com' });
  });

  it('trims, adds https://, strips the path, query, hash and trailing slash', () => {
    expect(originOf('  us.posthog.com  ')).toBe('https://us.posthog.com');
    expect(originOf('https://eu.posthog.com/')).toBe('https://eu.posthog.com');
    expect(originOf('https://us.posthog.com/project/123/heatmaps?x=1#y')).toBe('https://us.posthog.com');
    expect(originOf('HTTPS://US.PostHog.com')).toBe('https://us.posthog.com');
    expect(originOf('posthog.example.com:8443/')).toBe('https://posthog.example.com:8443');
  });

  it('notes when it dropped part of what was typed', () => {
    const result = normalizePostHogHost('https://us.posthog.com/project/123');
    expect(result).toMatchObject({ ok: true, note: expect.stringContaining('https://us.posthog.com') });
  });

  it('keeps self-hosted origins, with http and ports', () => {
    expect(originOf('http://localhost:8000')).toBe('http://localhost:8000');
    expect(originOf('https://posthog.example.com')).toBe('https://posthog.example.com');
    expect(originOf('http://10.0.0.5:8000/')).toBe('http://10.0.0.5:8000');
  });

  it('assumes http:// for a scheme-less server on this machine', () => {
    expect(originOf('localhost:8000')).toBe('http://localhost:8000');
    expect(originOf('127.0.0.1:8010')).toBe('http://127.0.0.1:8010');
  });

  it('maps the legacy app.posthog.com to US Cloud, with a note', () => {
    const result = normalizePostHogHost('https://app.posthog.com/');
    expect(result).toMatchObject({ ok: true, origin: CLOUD_HOSTS.us });
    expect(result.ok && result.note).toMatch(/old address/);
  });

  it.each(['us.i.posthog.com', 'https://eu.i.posthog.com', 'https://us-assets.i.posthog.com/static'])(
    'refuses the ingestion host %s and names the app host instead',
    (input) => {
      const result = normalizePostHogHost(input);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.refusal).toBe('ingestion-host');
      expect(result.reason).toMatch(/ingestion/);
      expect(result.reason).toContain(input.includes('eu.') ? CLOUD_HOSTS.eu : CLOUD_HOSTS.us);
    },
  );

  it('refuses other schemes, non-addresses, credentials, the website and empty input, in plain words', () => {
    const cases: Array<[string, string]> = [
      ['ftp://posthog.example.com', 'scheme'],
      ['javascript:alert(1)', 'not-a-url'],
      ['https://', 'not-a-url'],
      ['https://user:pass@posthog.example.com', 'credentials'],
      ['posthog.com', 'website'],
      ['   ', 'empty'],
    ];
    for (const [input, refusal] of cases) {
      const result = normalizePostHogHost(input);
      expect(result, input).toMatchObject({ ok: false, refusal });
      expect(result.ok || result.reason.length > 20).toBe(true);
    }
  });
});

describe('isCloudHost', () => {
  it('knows the two clouds in any spelling', () => {
    expect(isCloudHost('https://us.posthog.com')).toBe(true);
    expect(isCloudHost('eu.posthog.com/')).toBe(true);
    expect(isCloudHost('http://localhost:8000')).toBe(false);
    expect(isCloudHost('https://us.i.posthog.com')).toBe(false);
  });
});

describe('hostPermissionPattern', () => {
  it('gives a match pattern for the origin', () => {
    expect(hostPermissionPattern('http://localhost:8000')).toBe('http://localhost:8000/*');
    expect(hostPermissionPattern('https://posthog.example.com/')).toBe('https://posthog.example.com/*');
    expect(hostPermissionPattern('https://eu.posthog.com')).toBe('https://eu.posthog.com/*');
  });

  it('can leave the port out (Firefox refuses ports in match patterns)', () => {
    expect(hostPermissionPattern('http://localhost:8000', { omitPort: true })).toBe('http://localhost/*');
  });

  it('throws for a refused host', () => {
    expect(() => hostPermissionPattern('https://us.i.posthog.com')).toThrow(/ingestion/);
  });
});
