/**
 * The popup's "Full page image" section (Chrome): the optional tab-capture permission, asked for in
 * this click (lib/full-page/capture-permission.ts). Opened by itself when the page's panel was just
 * refused for want of it.
 */
export function CapturePermission(props: { granted: boolean; asked: boolean; message: string | null; onAllow: () => void; /** Null where the permission cannot be withdrawn (a build that requires it). */ onWithdraw: (() => void) | null }) {
  return (
    <details open={props.asked && !props.granted} class="capture-permission">
      <summary>Full page image</summary>
      {props.granted ? (
        <p class="hint">
          Allowed: Heatlens may capture the tab you show it on while the page scrolls for a full-page image.{' '}
          {props.onWithdraw && (
            <button type="button" class="link" onClick={props.onWithdraw}>
              Withdraw
            </button>
          )}
        </p>
      ) : (
        <>
          <p class="hint">
            To save the whole page as an image, Chrome must let Heatlens capture the tab you show it on. Chrome asks once, and names it “Read and change all your data on all websites”;
            Heatlens only takes that tab’s picture, when you click Full page image.
          </p>
          <button type="button" onClick={props.onAllow}>
            Allow full-page images
          </button>
        </>
      )}
      {props.message && (
        <p class="hint" role="status">
          {props.message}
        </p>
      )}
    </details>
  );
}
