import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KeyVault } from '@/lib/settings/key-vault';
import { settingsStore, useKeyVault } from '@/lib/settings/store';

// Firefox's storage.local is readable by content scripts (issue 17, item 10): with a key vault, the
// key is kept there and storage.local holds the connection without it.

function memoryVault(): KeyVault & { value: string } {
  const vault = {
    value: '',
    async get() {
      return vault.value;
    },
    async set(apiKey: string) {
      vault.value = apiKey;
    },
  };
  return vault;
}

const connection = { host: 'https://eu.posthog.com', projectId: 12, apiKey: 'phx_secret', projectName: 'Shop', plainHttpConfirmed: false };

describe('settingsStore with a key vault', () => {
  let vault: ReturnType<typeof memoryVault>;
  beforeEach(() => {
    fakeBrowser.reset();
    vault = memoryVault();
    useKeyVault(vault);
  });
  afterEach(() => useKeyVault(null));

  it('keeps the key in the vault and nowhere in storage.local', async () => {
    await settingsStore.setConnection(connection);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('phx_secret');
    expect(vault.value).toBe('phx_secret');
    expect(await settingsStore.getConnection()).toEqual(connection);
  });

  it('moves a key found in storage.local (saved by an older version) into the vault', async () => {
    await fakeBrowser.storage.local.set({ 'heatlens.connection': connection });
    expect(await settingsStore.getConnection()).toEqual(connection);
    expect(vault.value).toBe('phx_secret');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('phx_secret');
    expect(await settingsStore.getConnection()).toEqual(connection);
  });
});
