import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OverlayToggle } from '@/components/OverlayToggle';
import { SettingsForm, type ConnectionInput, type SaveResult } from '@/components/SettingsForm';
import { MessageError, type OverlayState, type PublicConnection } from '@/lib/messages';
import { hostPermissionPattern, isCloudHost, normalizePostHogHost } from '@/lib/posthog/hosts';
import type { Preferences } from '@/lib/settings';
import { askBackground } from '@/lib/transport';

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
  const [, setPreferences] = useState<Preferences | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);
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
      {connection && (
        <details open={!connection.hasApiKey || connection.projectId === null}>
          <summary>PostHog connection</summary>
          <SettingsForm connection={connection} onSave={save} />
        </details>
      )}
    </main>
  );
}
