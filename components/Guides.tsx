import type { GuidesProps } from '@/lib/views/overlay';


/**
 * Lines and bands in document coordinates. The parent moves this whole layer with the page's scroll
 * (one transform), so nothing here re-renders while scrolling.
 */
export function Guides(props: GuidesProps) {
  return (
    <div class="guides-track" style={{ height: `${props.documentHeight}px` }}>
      {props.scroll?.bands.map((band) => (
        <div
          key={`band-${band.top}`}
          class="scroll-band"
          data-share={band.share}
          style={{ top: `${band.top}px`, height: `${band.bottom - band.top}px`, background: bandColour(band.share, props.scroll!.opacity) }}
        />
      ))}
      {props.scroll?.markers.map((marker) => (
        <div key={`marker-${marker.share}`} class="guide-line scroll-marker" data-share={marker.share} style={{ top: `${marker.y}px` }}>
          <span>{marker.label}</span>
        </div>
      ))}
      {props.fold && (
        <div class="guide-line fold-line" style={{ top: `${props.fold.y}px` }}>
          <span>{props.fold.label}</span>
        </div>
      )}
    </div>
  );
}

/** Fewer visitors, darker shade: the page fades out where people stop reading. */
function bandColour(share: number, opacity: number): string {
  const alpha = Math.max(0, Math.min(0.6, (1 - share) * 0.6)) * opacity;
  return `rgba(20, 24, 40, ${alpha.toFixed(3)})`;
}

export const guidesCss = `
.guides { position: fixed; inset: 0; overflow: hidden; pointer-events: none; z-index: 1; }
.guides-track { position: absolute; left: 0; top: 0; width: 100%; will-change: transform; }
.scroll-band { position: absolute; left: 0; width: 100%; }
.guide-line { position: absolute; left: 0; width: 100%; height: 0; border-top: 2px dashed #1d4aff; }
.guide-line span {
  position: absolute; left: 8px; top: 2px; padding: 2px 6px; border-radius: 4px;
  font: 600 12px/1.3 system-ui, "Liberation Sans", sans-serif; color: #fff; background: #1d4aff; white-space: nowrap;
}
.fold-line { border-top-color: #f54e00; }
.fold-line span { background: #f54e00; left: auto; right: 8px; }
.hover-line { position: fixed; left: 0; width: 100%; height: 0; border-top: 1px solid #111; pointer-events: none; z-index: 1; display: none; }
.hover-line span {
  position: absolute; right: 330px; top: -22px; padding: 2px 6px; border-radius: 4px;
  font: 600 12px/1.3 system-ui, "Liberation Sans", sans-serif; color: #fff; background: #111; white-space: nowrap;
}
`;
