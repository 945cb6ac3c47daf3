import { browser } from 'wxt/browser';
import { createPostHogClient, type PostHogClient } from '../posthog/client';
import { HostPermissionError, NotConfiguredError, InvalidSettingsError } from '../posthog/errors';
import { hostPermissionPattern, isCloudHost, normalizePostHogHost } from '../posthog/hosts';
import type { PublicConnection } from '../messaging/protocol';
import { keyForHost, plainHttpRefusal, sendsKeyInClear } from '../posthog/key-binding';
import { settingsStore, type Connection } from './store';

export function toPublicConnection(connection: Connection): PublicConnection {
  return {
    host: connection.host,
    projectId: connection.projectId,
    projectName: connection.projectName,
    hasApiKey: connection.apiKey.length > 0,
    apiKeyHint: connection.apiKey.slice(-4),
  };
}

/** A cache key for one host + project + key, without putting the key itself in the key. */
export function connectionCacheKey(connection: Connection): string {
  let hash = 0;
  for (const char of connection.apiKey) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return `${connection.host}|${connection.projectId}|${hash}`;
}

async function assertHostPermission(origin: string): Promise<void> {
  if (isCloudHost(origin)) return;
  // The same pattern the popup asked for: Firefox has no per-port patterns (see hostPermissionPattern).
  const granted = await browser.permissions.contains({ origins: [hostPermissionPattern(origin, { omitPort: import.meta.env.FIREFOX })] });
  if (!granted) throw new HostPermissionError(origin);
}

/** The client for the saved connection, or a clear error telling the user what to set up. */
export async function clientForSavedConnection(): Promise<{ client: PostHogClient; connection: Connection }> {
  const connection = await settingsStore.getConnection();
  if (!connection.apiKey || connection.projectId === null) throw new NotConfiguredError();
  // A connection saved before plain http needed a confirmation (or edited in storage) has none.
  if (sendsKeyInClear(connection.host) && !connection.plainHttpConfirmed) throw new InvalidSettingsError(plainHttpRefusal(connection.host));
  await assertHostPermission(connection.host);
  const client = createPostHogClient({ host: connection.host, projectId: connection.projectId, apiKey: connection.apiKey });
  return { client, connection };
}

/**
 * Checks the connection against PostHog before anything is stored, so a typo never replaces a
 * working setup. An empty key field means "keep the key I saved before", for the same host only: a
 * host change needs that host's key (key-binding.ts). Plain http to a host other than this machine
 * needs `plainHttpConfirmed`, the popup's worded confirmation.
 */
export async function saveConnection(input: { host: string; projectId: number; apiKey: string; plainHttpConfirmed?: boolean }): Promise<{ projectName: string | null; connection: PublicConnection }> {
  const host = normalizePostHogHost(input.host);
  if (!host.ok) throw new InvalidSettingsError(host.reason);
  const plainHttpConfirmed = sendsKeyInClear(host.origin) && input.plainHttpConfirmed === true;
  if (sendsKeyInClear(host.origin) && !plainHttpConfirmed) throw new InvalidSettingsError(plainHttpRefusal(host.origin));
  const saved = await settingsStore.getConnection();
  const key = keyForHost(saved, host.origin, input.apiKey);
  if (!key.ok) throw new InvalidSettingsError(key.reason);
  const { apiKey } = key;
  await assertHostPermission(host.origin);
  const client = createPostHogClient({ host: host.origin, projectId: input.projectId, apiKey });
  const { projectName } = await client.checkConnection();
  const connection: Connection = { host: host.origin, projectId: input.projectId, apiKey, projectName, plainHttpConfirmed };
  await settingsStore.setConnection(connection);
  return { projectName, connection: toPublicConnection(connection) };
}
