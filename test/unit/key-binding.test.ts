import { describe, expect, it } from 'vitest';
import { isLoopbackHostname, keyForHost, plainHttpRefusal, sendsKeyInClear } from '../../lib/posthog/key-binding';

describe('keyForHost: the saved key never follows a host change', () => {
  const saved = { host: 'https://us.posthog.com', apiKey: 'phx_saved' };

  it('keeps the saved key for the same origin when the field is empty', () => {
    expect(keyForHost(saved, 'https://us.posthog.com', '  ')).toEqual({ ok: true, apiKey: 'phx_saved' });
  });

  it('asks for the key of another origin instead of sending the saved one', () => {
    const answer = keyForHost(saved, 'https://posthog.example.com', '');
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.reason).toBe(
      'The saved key belongs to https://us.posthog.com; Heatlens never sends it to another host. Enter the personal API key for https://posthog.example.com.',
    );
  });

  it('uses a typed key for any origin, trimmed', () => {
    expect(keyForHost(saved, 'https://eu.posthog.com', ' phx_new ')).toEqual({ ok: true, apiKey: 'phx_new' });
  });

  it('without any key asks for one', () => {
    expect(keyForHost({ host: 'https://us.posthog.com', apiKey: '' }, 'https://us.posthog.com', '').ok).toBe(false);
  });
});

describe('plain http', () => {
  it.each(['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'LOCALHOST'])('%s is this machine', (host) => {
    expect(isLoopbackHostname(host)).toBe(true);
    expect(sendsKeyInClear(`http://${host}:8000`)).toBe(false);
  });

  it.each(['posthog.example.com', '10.0.0.5', '128.0.0.1', 'localhost.example.com', '[::2]'])('http://%s sends the key in clear', (host) => {
    expect(sendsKeyInClear(`http://${host}`)).toBe(true);
  });

  it('https never sends the key in clear', () => {
    expect(sendsKeyInClear('https://posthog.example.com')).toBe(false);
  });

  it('the refusal says the key travels unencrypted and names the confirmation', () => {
    expect(plainHttpRefusal('http://posthog.lan')).toMatch(/http:\/\/posthog\.lan is plain http: your personal API key would travel unencrypted.*tick “Send my key to http:\/\/posthog\.lan unencrypted \(plain http\)”/);
  });
});
