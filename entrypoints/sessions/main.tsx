import { render } from 'preact';
import { SessionsList, sessionsListCss } from '@/components/SessionsList';
import { askBackground } from '@/lib/protocol/ask';

/**
 * The sessions behind an inspected spot, framed inside the overlay's panel. An extension page, so the
 * inspected site can neither script it nor search its text with `window.find()` (issue 17); its list
 * comes from the background by the id in the URL's fragment (lib/background/sessions-lists.ts), and
 * the background gives it only to this page framed in the tab the list was made for.
 */
const style = document.createElement('style');
style.textContent = sessionsListCss;
document.head.append(style);
const listId = decodeURIComponent(location.hash.slice(1));
const root = document.body;

render(<p class="loading">Loading the sessions…</p>, root);
askBackground('sessions.list', { listId }).then(
  (list) => render(<SessionsList {...list} />, root),
  (error: unknown) => render(<p class="error">{error instanceof Error ? error.message : String(error)}</p>, root),
);
