import { describe, expect, it, vi } from 'vitest';
import { backgroundProtocol } from '@/lib/protocol/background';
import { dispatchMessage, makeEnvelope, MessageError, readReply, type Handlers } from '@/lib/messaging/protocol';
import { InvalidKeyError, serializePostHogError } from '@/lib/posthog/errors';
import { defaultPreferences } from '@/lib/settings/store';

type Context = { tab?: number };

/** Handlers for the messages under test; any other message fails loudly. */
function handlers(overrides: Partial<Handlers<typeof backgroundProtocol, Context>> = {}): Handlers<typeof backgroundProtocol, Context> {
  const fail = async () => {
    throw new Error('not under test');
  };
  const defaults: Partial<Handlers<typeof backgroundProtocol, Context>> = {
    'preferences.get': async () => defaultPreferences,
    'overlay.getState': async ({ tabId }) => ({ visible: tabId === 1, alwaysOn: false, origin: null }),
  };
  const chosen = { ...defaults, ...overrides } as Record<string, unknown>;
  return new Proxy(chosen, { get: (target, key: string) => target[key] ?? fail }) as Handlers<typeof backgroundProtocol, Context>;
}

describe('dispatchMessage', () => {
  it('answers a valid message with the handler value', async () => {
    const reply = await dispatchMessage(backgroundProtocol, handlers(), makeEnvelope('overlay.getState', { tabId: 1 }), {}, serializePostHogError);
    expect(reply).toEqual({ ok: true, value: { visible: true, alwaysOn: false, origin: null } });
    expect(readReply(backgroundProtocol, 'overlay.getState', reply)).toEqual({ visible: true, alwaysOn: false, origin: null });
  });

  it('ignores messages that are not Heatlens envelopes, so other listeners may answer', async () => {
    expect(await dispatchMessage(backgroundProtocol, handlers(), { type: 'overlay.getState' }, {}, serializePostHogError)).toBeUndefined();
    expect(await dispatchMessage(backgroundProtocol, handlers(), makeEnvelope('no.such.message', {}), {}, serializePostHogError)).toBeUndefined();
    expect(await dispatchMessage(backgroundProtocol, handlers(), 'hello', {}, serializePostHogError)).toBeUndefined();
  });

  it('refuses a malformed payload without calling the handler', async () => {
    const getState = vi.fn();
    const reply = await dispatchMessage(backgroundProtocol, handlers({ 'overlay.getState': getState }), makeEnvelope('overlay.getState', { tabId: 'one' }), {}, serializePostHogError);
    expect(getState).not.toHaveBeenCalled();
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });

  it('carries a typed PostHog error across as plain data', async () => {
    const reply = await dispatchMessage(
      backgroundProtocol,
      handlers({
        'heatmap.load': async () => {
          throw new InvalidKeyError();
        },
      }),
      makeEnvelope('heatmap.load', { pageUrl: 'https://example.com/', viewportWidth: 1280, viewportHeight: 800 }),
      {},
      serializePostHogError,
    );
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
    expect(() => readReply(backgroundProtocol, 'heatmap.load', reply)).toThrow(MessageError);
    try {
      readReply(backgroundProtocol, 'heatmap.load', reply);
    } catch (error) {
      expect((error as MessageError).error.kind).toBe('invalid-key');
    }
  });

  it('rejects a reply whose value does not match the protocol', () => {
    expect(() => readReply(backgroundProtocol, 'overlay.getState', { ok: true, value: { visible: 'yes' } })).toThrow(/malformed/);
    expect(() => readReply(backgroundProtocol, 'overlay.getState', undefined)).toThrow(/unreadable/);
  });
});
