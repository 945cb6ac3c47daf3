/**
 * For the panel's buttons that spend the user's key, write to PostHog, download or capture: the
 * handler runs only for an event the browser made from the user's own input. A page script can
 * dispatch clicks at elements it reaches (`element.click()` is `isTrusted: false`), and the overlay
 * must not become a way for the page to drive Heatlens (issue 17, test/e2e/hostile-page.test.ts).
 * A scripted click simply does nothing.
 */
export function onTrustedInput<E extends Event>(action: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) action(event);
  };
}
