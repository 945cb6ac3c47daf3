import { browser } from 'wxt/browser';
import { createPostHogClient, type PostHogClient } from '../posthog/client';
import { HostPermissionError, NotConfiguredError, InvalidSettingsError } from '../posthog/errors';
import { hostPermissionPattern, isCloudHost, normalizePostHogHost } from '../posthog/hosts';
import type { PublicConnection } from '../messaging/protocol';
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
  await assertHostPermission(connection.host);
  const client = createPostHogClient({ host: connection.host, projectId: connection.projectId, apiKey: connection.apiKey });
  return { client, connection };
}

/**
 * Checks the connection against PostHog before anything is stored, so a typo never replaces a
 * working setup. An empty key field means "keep the key I saved before".
 */
export async function saveConnection(input: { host: string; projectId: number; apiKey: string }): Promise<{ projectName: string | null; connection: PublicConnection }> {
  const host = normalizePostHogHost(input.host);
  if (!host.ok) throw new InvalidSettingsError(host.reason);
  const saved = await settingsStore.getConnection();
  const apiKey = input.apiKey.trim() || saved.apiKey;
  if (!apiKey) throw new InvalidSettingsError('Enter a personal API key (PostHog → Settings → Personal API keys).');
  await assertHostPermission(host.origin);
  const client = createPostHogClient({ host: host.origin, projectId: input.projectId, apiKey });
  const { projectName } = await client.checkConnection();
  const connection: Connection = { host: host.origin, projectId: input.projectId, apiKey, projectName };
  await settingsStore.setConnection(connection);
  return { projectName, connection: toPublicConnection(connection) };
}
