import type { FoldLine } from './fold';
import type { ScrollDepthBand, ScrollDepthMarker } from './scroll-depth';

/** The fold line and scroll-depth guides as drawn over the page (components/Guides.tsx) and in a full-page image. */
export interface GuidesProps {
  documentHeight: number;
  fold: FoldLine | null;
  scroll: { markers: ScrollDepthMarker[]; bands: ScrollDepthBand[]; opacity: number } | null;
}
