import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CompareForm } from '@/components/CompareForm';
import { DataSourceForm } from '@/components/DataSourceForm';
import { FiltersForm } from '@/components/FiltersForm';
import { OverlayToggle } from '@/components/OverlayToggle';
import { SettingsForm, type ConnectionInput, type SaveResult } from '@/components/SettingsForm';
import { MessageError, type OverlayState, type PublicConnection } from '@/lib/messages';
import { hostPermissionPattern, isCloudHost, normalizePostHogHost } from '@/lib/posthog/hosts';
import type { Preferences } from '@/lib/settings';
import { askBackground } from '@/lib/transport';
import { suggestUrlPattern } from '@/lib/url-pattern';

function messageOf(error: unknown): string {
  if (error instanceof MessageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Asks for a host permission; must run inside the click that caused it (a user gesture). */
async function requestOrigin(origin: string): Promise<boolean> {
  const pattern = hostPermissionPattern(origin);
  if (await browser.permissions.contains({ origins: [pattern] })) return true;
  return browser.permissions.request({ origins: [pattern] });
}

export function App() {
  const [connection, setConnection] = useState<PublicConnection | null>(null);
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);
  const [tabUrl, setTabUrl] = useState<string | null>(null);
  const [overlay, setOverlay] = useState<OverlayState | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        const settings = await askBackground('settings.get', {});
        setConnection(settings.connection);
        setPreferences(settings.preferences);
        const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
        if (tab?.id !== undefined) {
          setTabId(tab.id);
          setTabUrl(tab.url ?? null);
          setOverlay(await askBackground('overlay.getState', { tabId: tab.id }));
        }
      } catch (error) {
        setMessage(messageOf(error));
      }
    })();
  }, []);

  const save = async (input: ConnectionInput): Promise<SaveResult> => {
    const host = normalizePostHogHost(input.host);
    if (!host.ok) return { ok: false, message: host.reason };
    if (!isCloudHost(host.origin) && !(await requestOrigin(host.origin))) {
      return { ok: false, message: `Heatlens needs permission to reach ${host.origin}. Save again and choose Allow.` };
    }
    try {
      const result = await askBackground('connection.save', { ...input, host: host.origin });
      setConnection(result.connection);
      return {
        ok: true,
        message: result.projectName
          ? `Connected to project “${result.projectName}”.`
          : 'Connected. (The project name needs the project:read scope; heatmaps work without it.)',
      };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  };

  const run = async (action: () => Promise<OverlayState>) => {
    setBusy(true);
    setMessage(null);
    try {
      setOverlay(await action());
    } catch (error) {
      setMessage(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  /** Filters apply at once: the background saves them and repaints every visible overlay. */
  const changePreferences = async (next: Preferences) => {
    setPreferences(next);
    try {
      await askBackground('preferences.save', { preferences: next });
    } catch (error) {
      setMessage(messageOf(error));
    }
  };

  const toggle = () => tabId !== null && run(() => askBackground('overlay.toggle', { tabId }));
  const setAlwaysOn = (enabled: boolean) =>
    tabId !== null &&
    overlay?.origin &&
    run(async () => {
      if (enabled && !(await requestOrigin(overlay.origin!))) throw new Error(`Permission for ${overlay.origin} was not granted.`);
      return askBackground('overlay.setAlwaysOn', { tabId, enabled });
    });

  return (
    <main>
      <h1>
        Heatlens {connection?.projectName && <small>{connection.projectName}</small>}
      </h1>
      <OverlayToggle state={overlay} busy={busy} message={message} onToggle={toggle} onAlwaysOnChange={setAlwaysOn} />
      {preferences && (
        <details open>
          <summary>Layers and filters</summary>
          <FiltersForm preferences={preferences} tabUrl={tabUrl} suggestedPattern={tabUrl ? suggestUrlPattern(tabUrl) : null} onChange={changePreferences} />
        </details>
      )}
      {preferences && (
        <details open={preferences.compare.enabled}>
          <summary>Compare</summary>
          <CompareForm preferences={preferences} onChange={changePreferences} />
        </details>
      )}
      {preferences && overlay?.origin && (
        <details open={preferences.dataSources.some((mapping) => mapping.fromOrigin === overlay.origin)}>
          <summary>Staging and local builds</summary>
          <DataSourceForm tabOrigin={overlay.origin} dataSources={preferences.dataSources} onChange={(dataSources) => changePreferences({ ...preferences, dataSources })} />
        </details>
      )}
      {connection && (
        <details open={!connection.hasApiKey || connection.projectId === null}>
          <summary>PostHog connection</summary>
          <SettingsForm connection={connection} onSave={save} />
        </details>
      )}
    </main>
  );
}
