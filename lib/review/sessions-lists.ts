import type { SpotSession } from '../messaging/schemas';

export interface SessionsList {
  sessions: SpotSession[];
  totalCount: number;
  hasMore: boolean;
}

/**
 * The sessions behind an inspected spot (visitors' distinct ids, often e-mail addresses, and replay
 * links) are never handed to the page's content script: text inside the overlay's closed shadow root
 * can still be read by the page with `window.find()` (issue 17). The background keeps each list here
 * under a random id; the overlay frames the extension's own sessions page with that id, and that page
 * (in the same tab) asks for the list. A list is kept for ten minutes, at most a few at a time.
 */
export class SessionsLists {
  private readonly lists = new Map<string, { tabId: number; list: SessionsList; expires: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly keepMs = 10 * 60_000,
    private readonly maxLists = 16,
  ) {}

  put(tabId: number, list: SessionsList): string {
    this.prune();
    const listId = crypto.randomUUID();
    this.lists.set(listId, { tabId, list, expires: this.now() + this.keepMs });
    while (this.lists.size > this.maxLists) this.lists.delete(this.lists.keys().next().value!);
    return listId;
  }

  /** The list, only for a frame in the tab it was made for; null when unknown, expired or another tab's. */
  get(listId: string, tabId: number | undefined): SessionsList | null {
    this.prune();
    const entry = this.lists.get(listId);
    return entry && entry.tabId === tabId ? entry.list : null;
  }

  private prune(): void {
    const now = this.now();
    for (const [listId, entry] of this.lists) if (entry.expires <= now) this.lists.delete(listId);
  }
}
