/**
 * Calls `onChange` when the page's URL changes without a page load: pushState, replaceState,
 * back/forward and hash changes. A content script lives in an isolated world and cannot wrap the
 * page's `history.pushState`, so it listens to the Navigation API where the browser has it, to
 * popstate/hashchange, and keeps a cheap poll of `location.href` as the fallback that catches
 * everything else.
 */
export function watchUrlChanges(onChange: (href: string) => void, signal: AbortSignal, pollMs = 400): void {
  let lastHref = location.href;
  const check = () => {
    if (location.href === lastHref) return;
    lastHref = location.href;
    onChange(lastHref);
  };
  window.addEventListener('popstate', check, { signal });
  window.addEventListener('hashchange', check, { signal });
  const navigation = (window as { navigation?: EventTarget }).navigation;
  // `navigatesuccess` fires after the URL has been committed.
  navigation?.addEventListener('navigatesuccess', check, { signal });
  const timer = setInterval(check, pollMs);
  signal.addEventListener('abort', () => clearInterval(timer));
}
