/**
 * Chromium only: "Full page image" captures beyond the viewport through the optional `debugger`
 * permission, which only an extension page can ask for, inside a click (the overlay cannot).
 */
export function FullPagePermission(props: { granted: boolean | null; message: string | null; onAllow: () => void }) {
  return (
    <div class="full-page-permission">
      <p>
        “Full page image” in the heatmap panel’s Export saves the whole page height without scrolling it. In Chrome it needs the
        permission to use the page debugger, only while it captures.
      </p>
      {props.granted ? (
        <p class="status" role="status">Full-page images are allowed.</p>
      ) : (
        <button type="button" onClick={props.onAllow} disabled={props.granted === null}>
          Allow full-page images
        </button>
      )}
      {props.message && <p role="alert">{props.message}</p>}
    </div>
  );
}
