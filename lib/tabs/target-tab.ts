/**
 * Which page "Show heatmap" is for. In the toolbar popup that is the active tab. When Heatlens's
 * page runs in a tab of its own (the popup opened as a tab, as Firefox for Android does or from a
 * bookmark, or the options page) the active tab is Heatlens itself, so the page the user means is the
 * window's most recently active other tab; the user can switch to any other one.
 */

/** The parts of a browser tab this module reads. `url`/`title` are absent without permission to see them. */
export interface TabSummary {
  id?: number;
  url?: string;
  title?: string;
  /** ms since the epoch; Chromium 121+ and Firefox report it. */
  lastAccessed?: number;
  index: number;
}

export interface TargetCandidate {
  tabId: number;
  /** 1-based position in the window's tab strip, how a person counts tabs. */
  position: number;
  /** null when the browser hides it: Heatlens may not see that tab's address yet. */
  url: string | null;
  title: string | null;
  /** Whether Heatlens can paint on it at all, as far as its URL tells (web pages and files). */
  paintable: boolean | null;
}

function paintable(url: string | null): boolean | null {
  if (url === null) return null;
  return /^(https?|file):/i.test(url);
}

/**
 * The other tabs of the window, most recently active first, without Heatlens's own pages. Tabs the
 * browser does not tell the address of stay in the list (they may well be the page the user means).
 */
export function targetCandidates(tabs: readonly TabSummary[], ownTabId: number | null, extensionOrigin: string): TargetCandidate[] {
  return tabs
    .filter((tab): tab is TabSummary & { id: number } => tab.id !== undefined && tab.id !== ownTabId)
    .filter((tab) => !tab.url?.startsWith(extensionOrigin))
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0) || b.index - a.index)
    .map((tab) => ({ tabId: tab.id, position: tab.index + 1, url: tab.url ?? null, title: tab.title ?? null, paintable: paintable(tab.url ?? null) }));
}

/**
 * The default target: the most recently active candidate that is a web page, else one whose address
 * is hidden (it may be one), else none: a `chrome://` page or a new tab is never the page meant.
 */
export function defaultTarget(candidates: readonly TargetCandidate[]): TargetCandidate | null {
  return candidates.find((candidate) => candidate.paintable === true) ?? candidates.find((candidate) => candidate.paintable === null) ?? null;
}

/** How a candidate reads in the page picker: its title and address, or why they are missing. */
export function describeCandidate(candidate: TargetCandidate): string {
  if (candidate.url === null) return `Tab ${candidate.position} of this window (address hidden until you let Heatlens see your tabs)`;
  const title = candidate.title?.trim();
  return title && title !== candidate.url ? `${title} — ${candidate.url}` : candidate.url;
}

/** The origin to ask a host permission for, or null when the address is unknown or not a web page. */
export function candidateOrigin(candidate: Pick<TargetCandidate, 'url'>): string | null {
  if (!candidate.url || !/^https?:/i.test(candidate.url)) return null;
  try {
    return new URL(candidate.url).origin;
  } catch {
    return null;
  }
}
