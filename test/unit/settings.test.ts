import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultConnection, defaultPreferences, parseConnection, parsePreferences, settingsStore } from '@/lib/settings/store';

describe('settings parsing', () => {
  it('gives defaults for nothing stored', () => {
    expect(parseConnection(undefined)).toEqual(defaultConnection);
    expect(parsePreferences(null)).toEqual(defaultPreferences);
    expect(defaultPreferences.filters.dateFrom).toBe('-7d');
    expect(defaultPreferences.filters.viewport).toEqual({ mode: 'match', tolerancePct: 10 });
    expect(defaultPreferences.layers.click.enabled).toBe(true);
  });

  it('keeps the good fields of a partly corrupt value', () => {
    const connection = parseConnection({ host: 'http://localhost:8000', projectId: 'seven', apiKey: 'phx_abc', projectName: 5 });
    expect(connection).toEqual({ host: 'http://localhost:8000', projectId: null, apiKey: 'phx_abc', projectName: null, plainHttpConfirmed: false });

    const preferences = parsePreferences({
      filters: { dateFrom: '-30d', viewport: { mode: 'nonsense' }, aggregation: 'unique_visitors' },
      layers: { click: { enabled: 'yes' }, rageclick: { enabled: true, opacity: 0.5, radius: 20 } },
    });
    expect(preferences.filters.dateFrom).toBe('-30d');
    expect(preferences.filters.aggregation).toBe('unique_visitors');
    expect(preferences.filters.viewport).toEqual(defaultPreferences.filters.viewport);
    expect(preferences.layers.click).toEqual(defaultPreferences.layers.click);
    expect(preferences.layers.rageclick).toEqual({ enabled: true, opacity: 0.5, radius: 20 });
  });

  it('survives values of the wrong type entirely', () => {
    expect(parseConnection('garbage')).toEqual(defaultConnection);
    expect(parsePreferences([1, 2, 3])).toEqual(defaultPreferences);
    expect(parsePreferences(42)).toEqual(defaultPreferences);
  });
});

describe('settingsStore', () => {
  beforeEach(() => fakeBrowser.reset());

  it('round-trips the connection through extension storage', async () => {
    await settingsStore.setConnection({ host: 'https://eu.posthog.com', projectId: 12, apiKey: 'phx_key', projectName: 'Shop', plainHttpConfirmed: false });
    expect(await settingsStore.getConnection()).toEqual({ host: 'https://eu.posthog.com', projectId: 12, apiKey: 'phx_key', projectName: 'Shop', plainHttpConfirmed: false });
  });

  it('reads a corrupt stored value as defaults without throwing', async () => {
    await fakeBrowser.storage.local.set({ 'heatlens.preferences': { filters: 'oops', layers: null }, 'heatlens.connection': 17 });
    expect(await settingsStore.getPreferences()).toEqual(defaultPreferences);
    expect(await settingsStore.getConnection()).toEqual(defaultConnection);
  });
});

describe('layer preferences', () => {
  it('keeps every default layer valid, so enabling a guide layer sticks', () => {
    for (const [id, layer] of Object.entries(defaultPreferences.layers)) {
      const enabled = parsePreferences({ ...defaultPreferences, layers: { ...defaultPreferences.layers, [id]: { ...layer, enabled: true } } });
      expect(enabled.layers[id as keyof typeof defaultPreferences.layers].enabled, id).toBe(true);
    }
  });
});
