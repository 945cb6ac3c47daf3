import { useState } from 'preact/hooks';
import { CLOUD_HOSTS, normalizePostHogHost } from '@/lib/posthog/hosts';
import { plainHttpWarning, sendsKeyInClear } from '@/lib/posthog/key-binding';
import type { PublicConnection } from '@/lib/messaging/protocol';

export interface ConnectionInput {
  host: string;
  projectId: number;
  apiKey: string;
  /** Ticked "Send my key to … unencrypted (plain http)": only asked for http:// to a host not on this machine. */
  plainHttpConfirmed: boolean;
}

export type SaveResult = { ok: true; message: string } | { ok: false; message: string };

/** PostHog connection settings. Saving is the parent's job (it talks to the background). */
export function SettingsForm(props: { connection: PublicConnection; onSave: (input: ConnectionInput) => Promise<SaveResult> }) {
  const { connection } = props;
  const [host, setHost] = useState(connection.host);
  const [projectId, setProjectId] = useState(connection.projectId?.toString() ?? '');
  const [apiKey, setApiKey] = useState('');
  const [showKey, setShowKey] = useState(false);
  const [plainHttpConfirmed, setPlainHttpConfirmed] = useState(false);
  const typed = normalizePostHogHost(host);
  const typedOrigin = typed.ok ? typed.origin : null;
  /** The saved key belongs to the saved host; another host needs its own key. */
  const keyFollows = connection.hasApiKey && (typedOrigin === null || typedOrigin === connection.host);
  const inClear = typedOrigin !== null && sendsKeyInClear(typedOrigin);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SaveResult | null>(null);
  /** Counts finished saves, so the UI (and its tests) can tell a new answer from the last one. */
  const [saves, setSaves] = useState(0);

  const submit = async (event: Event) => {
    event.preventDefault();
    const id = Number(projectId.trim());
    if (!Number.isInteger(id) || id <= 0) {
      setResult({ ok: false, message: 'Project ID is a number: find it in PostHog under Settings → Project.' });
      return;
    }
    if (!apiKey.trim() && !connection.hasApiKey) {
      setResult({ ok: false, message: 'Enter a personal API key (PostHog → Settings → Personal API keys).' });
      return;
    }
    setSaving(true);
    setResult(null);
    try {
      const outcome = await props.onSave({ host: host.trim(), projectId: id, apiKey: apiKey.trim(), plainHttpConfirmed: inClear && plainHttpConfirmed });
      setResult(outcome);
      // Keep a refused key in the field so the user can correct it; clear a saved one.
      if (outcome.ok) setApiKey('');
    } finally {
      setSaving(false);
      setSaves((count) => count + 1);
    }
  };

  return (
    <form class="settings" onSubmit={submit} data-saves={saves}>
      <label for="heatlens-host">PostHog host</label>
      <input id="heatlens-host" name="host" type="text" inputMode="url" autoComplete="off" spellcheck={false} value={host} onInput={(e) => setHost(e.currentTarget.value)} />
      <div class="choices" role="group" aria-label="PostHog Cloud">
        <button type="button" onClick={() => setHost(CLOUD_HOSTS.us)}>US Cloud</button>
        <button type="button" onClick={() => setHost(CLOUD_HOSTS.eu)}>EU Cloud</button>
      </div>

      <label for="heatlens-project">Project ID</label>
      <input id="heatlens-project" name="projectId" type="text" inputMode="numeric" autoComplete="off" value={projectId} onInput={(e) => setProjectId(e.currentTarget.value)} />

      <label for="heatlens-key">Personal API key</label>
      <div class="key">
        <input
          id="heatlens-key"
          name="apiKey"
          // Preact's typings want a literal `type`; the toggle needs both.
          {...({ type: showKey ? 'text' : 'password' } as { type: 'text' })}
          autoComplete="off"
          spellcheck={false}
          placeholder={keyFollows ? `saved key …${connection.apiKeyHint} (leave empty to keep)` : 'phx_…'}
          value={apiKey}
          onInput={(e) => setApiKey(e.currentTarget.value)}
        />
        <button type="button" aria-pressed={showKey} onClick={() => setShowKey(!showKey)}>
          {showKey ? 'Hide' : 'Show'}
        </button>
      </div>
      <p class="hint">
        Needs the heatmap:read scope. The key stays in the extension and is sent only to the host it was saved for.
        {connection.hasApiKey && !keyFollows && typedOrigin && ` The saved key …${connection.apiKeyHint} belongs to ${connection.host}: enter the key for ${typedOrigin}.`}
      </p>
      {inClear && typedOrigin && (
        <div class="plain-http" role="group" aria-label="Unencrypted connection">
          <p class="hint warning">{plainHttpWarning(typedOrigin)}</p>
          <label>
            <input type="checkbox" checked={plainHttpConfirmed} onChange={(e) => setPlainHttpConfirmed(e.currentTarget.checked)} />
            {` Send my key to ${typedOrigin} unencrypted (plain http)`}
          </label>
        </div>
      )}

      <button type="submit" class="primary" disabled={saving}>
        {saving ? 'Checking…' : 'Save'}
      </button>
      {result && (
        <p class={result.ok ? 'result ok' : 'result error'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      )}
    </form>
  );
}
