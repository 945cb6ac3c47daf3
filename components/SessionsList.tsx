import type { SpotSession } from '@/lib/messaging/schemas';

/**
 * The visitors and replay links behind an inspected spot, in the extension's sessions frame
 * (entrypoints/sessions). Everything from PostHog is rendered as text; links open in a new tab.
 */
export function SessionsList(props: { sessions: SpotSession[]; totalCount: number; hasMore: boolean }) {
  if (props.sessions.length === 0) return <p>No sessions were recorded at this spot.</p>;
  return (
    <ul class="session-list">
      {props.sessions.map((session) => (
        <li key={session.sessionId} data-session-id={session.sessionId}>
          <a href={session.replayUrl} target="_blank" rel="noopener noreferrer">
            {formatTime(session.timestamp)}
          </a>{' '}
          <span class="person">{session.distinctId}</span>
          {session.interactions > 1 ? ` · ${session.interactions} clicks` : ''}
        </li>
      ))}
    </ul>
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export const sessionsListCss = `
body { margin: 0; padding: 4px 6px; font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1f27; background: #fff; }
.session-list { margin: 0; padding-left: 16px; }
a { color: #1d4aff; }
.person { font-family: ui-monospace, "Liberation Mono", monospace; font-size: 11px; color: #555; }
.error { color: #b00020; }
`;
