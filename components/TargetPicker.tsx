import { describeCandidate, type TargetCandidate } from '@/lib/tabs/target-tab';

/**
 * When Heatlens runs in a tab of its own (popup opened as a tab, options page), which of the window's
 * other tabs "Show heatmap" is for. The toolbar popup does not need it: it acts on the active tab.
 */
export function TargetPicker(props: {
  candidates: readonly TargetCandidate[];
  selected: number | null;
  onSelect: (tabId: number) => void;
  /** Some addresses are hidden until the user lets Heatlens see the window's tabs. */
  onRevealAddresses: (() => void) | null;
}) {
  const hidden = props.candidates.some((candidate) => candidate.url === null);
  return (
    <section class="target" aria-label="Page to annotate">
      {props.candidates.length === 0 ? (
        <p class="hint">Open the page you want the heatmap of in another tab of this window, then come back here.</p>
      ) : (
        <>
          <label for="heatlens-target">Page to annotate</label>
          <select id="heatlens-target" value={props.selected ?? ''} onChange={(e) => props.onSelect(Number(e.currentTarget.value))}>
            {props.selected === null && <option value="">Choose a tab…</option>}
            {props.candidates.map((candidate) => (
              <option key={candidate.tabId} value={candidate.tabId}>
                {describeCandidate(candidate)}
              </option>
            ))}
          </select>
        </>
      )}
      {hidden && props.onRevealAddresses && (
        <p class="hint">
          The browser hides the addresses of tabs Heatlens has no access to.{' '}
          <button type="button" class="link" onClick={props.onRevealAddresses}>
            Let Heatlens see this window’s tabs
          </button>
        </p>
      )}
    </section>
  );
}
