/**
 * "Full page image" in the released Chrome build (issue 9): the page is scrolled strip by strip while
 * the tab's own video (chrome.tabCapture, read in an offscreen document) is grabbed, one frame per
 * strip. Pure: the plan of scroll positions and the rows each strip contributes, the sync marker that
 * proves a frame shows the strip it is taken for, how fixed and sticky elements are treated, and where
 * each kept piece lands when the strips are stitched.
 *
 * Why a marker: tab capture delivers a frame when the page's picture changes, some tens of ms after
 * the change, with a timestamp on a clock the page cannot read. So timing cannot prove which scroll
 * position a frame shows. Instead the page paints a small black-and-white code in the same task as the
 * scroll (one rendering update carries both), and only a frame carrying that strip's code is taken.
 * The code sits in a band of rows that another strip covers, so it never reaches the image.
 */

/** Height (and cell width) in CSS px of the sync marker's band. */
export const MARKER_BAND = 8;
/** Cells of the marker: two framing cells (white, black) and the code's bits. */
export const MARKER_BITS = 14;
export const MARKER_CELLS = MARKER_BITS + 2;
/** Codes run 1..MARKER_MAX_CODE (0, all black, is never used: a dark page corner must not match). */
export const MARKER_MAX_CODE = (1 << MARKER_BITS) - 1;

/** One scroll position of the capture and the document rows it contributes. */
export interface ScrollStrip {
  /** The window's scrollY for this strip (CSS px). */
  scrollY: number;
  /** Where the marker is painted in the viewport: in rows another strip covers. */
  marker: 'top' | 'bottom';
  /** Document rows [top, bottom) taken from this strip's frame (CSS px). */
  top: number;
  bottom: number;
}

/**
 * The scroll positions that cover the document 0..documentHeight with a viewport `viewportHeight` tall
 * (both whole CSS px), so that no strip's kept rows include its marker band. The first strip is at
 * scroll 0 with the marker at the bottom (fixed elements are shown there once, as at scroll 0); every
 * later strip has it at the top and starts one band above where the previous strip's rows end. A page
 * no taller than the viewport still takes two frames of scroll 0 (marker at the bottom, then at the
 * top), so a frame with a marker is never the only source of a row.
 */
export function scrollStrips(documentHeight: number, viewportHeight: number, band = MARKER_BAND): ScrollStrip[] {
  const height = Math.max(1, Math.floor(documentHeight));
  const viewport = Math.floor(viewportHeight);
  if (viewport < band * 3) throw new RangeError(`a window ${viewport} px tall is too short to capture the page in strips`);
  const maxScroll = Math.max(0, height - viewport);
  const strips: ScrollStrip[] = [{ scrollY: 0, marker: 'bottom', top: 0, bottom: Math.min(height, viewport - band) }];
  while (strips[strips.length - 1]!.bottom < height) {
    const covered = strips[strips.length - 1]!.bottom;
    // The marker band [scrollY, scrollY + band) must lie in rows already covered.
    const scrollY = Math.min(covered - band, maxScroll);
    strips.push({ scrollY, marker: 'top', top: covered, bottom: Math.min(height, scrollY + viewport) });
  }
  return strips;
}

/**
 * The code the page paints for strip `index` of a capture: distinct for every strip of one capture
 * (a capture of a 40,000 px page in a 300 px window is under 150 strips), never 0, and offset by a
 * per-capture `salt` so a frame left over from another capture cannot match.
 */
export function markerCode(index: number, salt: number): number {
  return 1 + ((index + salt * 151) % MARKER_MAX_CODE);
}

/** The marker's cells, left to right: true is white. Framing white, black, then the code's bits, high first. */
export function markerCells(code: number): boolean[] {
  if (!Number.isInteger(code) || code < 1 || code > MARKER_MAX_CODE) throw new RangeError(`marker code ${code} is out of range`);
  const cells = [true, false];
  for (let bit = MARKER_BITS - 1; bit >= 0; bit--) cells.push(((code >> bit) & 1) === 1);
  return cells;
}

/** Luma (0–255) below this is a black cell, above MARKER_WHITE a white one; between, no marker. */
export const MARKER_BLACK = 70;
export const MARKER_WHITE = 185;

/**
 * Reads a marker from the luma sampled at the centre of each cell (video frames are YUV 4:2:0 and
 * slightly soft, so the middle of an 8 px cell is clean). Null unless every cell is clearly black or
 * white and the framing cells are right: page content under the band never reads as a code.
 */
export function decodeMarker(luma: readonly number[]): number | null {
  if (luma.length !== MARKER_CELLS) return null;
  const bits: boolean[] = [];
  for (const value of luma) {
    if (value <= MARKER_BLACK) bits.push(false);
    else if (value >= MARKER_WHITE) bits.push(true);
    else return null;
  }
  if (!bits[0] || bits[1]) return null;
  let code = 0;
  for (const bit of bits.slice(2)) code = (code << 1) | (bit ? 1 : 0);
  return code === 0 ? null : code;
}

/** ITU-R BT.601 luma of an RGB pixel, as the frame's Y plane holds it. */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/**
 * Where to sample each marker cell in a frame, in frame pixels: the cells are MARKER_BAND CSS px
 * square from the viewport's left edge, in the top band or the bottom band of the `clientHeight` rows
 * the page shows (a horizontal scrollbar, part of the frame, is below them).
 */
export function markerSamplePoints(marker: 'top' | 'bottom', clientHeight: number, devicePixelRatio: number, band = MARKER_BAND): Array<{ x: number; y: number }> {
  const top = marker === 'top' ? 0 : clientHeight - band;
  const y = Math.floor((top + band / 2) * devicePixelRatio);
  return Array.from({ length: MARKER_CELLS }, (_, cell) => ({ x: Math.floor((cell * band + band / 2) * devicePixelRatio), y }));
}

/**
 * How an element that does not scroll with the page is treated while the page scrolls under the
 * capture, so it appears once and where it sits at scroll 0:
 * - `fixed`: shown in the first strip (scroll 0), made transparent for every later one (it would
 *   otherwise repeat in every strip);
 * - `sticky`: pinned to its place in the flow for the whole capture (position: relative takes the same
 *   space, so nothing moves), so it appears once, where the document has it;
 * - anything else: left alone.
 */
export type PinnedTreatment = 'hide-after-first' | 'unstick' | null;

export function pinnedTreatment(position: string): PinnedTreatment {
  if (position === 'fixed') return 'hide-after-first';
  if (position === 'sticky' || position === '-webkit-sticky') return 'unstick';
  return null;
}

/** One kept piece of a frame: document rows [top, bottom) (CSS px), held as a bitmap at the device pixel ratio. */
export interface KeptPiece {
  top: number;
  bottom: number;
}

/** One drawImage: source rows in a piece's bitmap, destination rows in an output strip (pixels). */
export interface PieceDraw {
  piece: number;
  sourceY: number;
  sourceHeight: number;
  destinationY: number;
  destinationHeight: number;
}

/**
 * The draws that fill output rows for document rows [y, y + height) at `scale` image px per CSS px
 * from pieces held at `devicePixelRatio` px per CSS px. Pieces are the strips' kept rows, in document
 * order without gaps; each destination row range follows on from the previous one, rounded once.
 */
export function stitchDraws(pieces: readonly KeptPiece[], y: number, height: number, scale: number, devicePixelRatio: number): PieceDraw[] {
  const draws: PieceDraw[] = [];
  const end = y + height;
  pieces.forEach((piece, index) => {
    const from = Math.max(piece.top, y);
    const to = Math.min(piece.bottom, end);
    if (to <= from) return;
    const destinationY = Math.round((from - y) * scale);
    draws.push({
      piece: index,
      sourceY: Math.round((from - piece.top) * devicePixelRatio),
      sourceHeight: Math.round((to - piece.top) * devicePixelRatio) - Math.round((from - piece.top) * devicePixelRatio),
      destinationY,
      destinationHeight: Math.round((to - y) * scale) - destinationY,
    });
  });
  return draws;
}

/**
 * The frame size to ask the tab capture for, and how many frame pixels it has per device pixel. Chrome's
 * tab video is YUV 4:2:0, so its sides are even: a window of an odd number of device pixels (813 rows)
 * would be squeezed into one row less, blurring every strip. Such a window is captured at twice its
 * device pixels instead (Chrome scales up exactly), and each kept piece is scaled back down 2:1.
 */
export function captureFrameSize(viewport: { width: number; height: number; devicePixelRatio: number }): { width: number; height: number; multiple: 1 | 2 } {
  const width = Math.round(viewport.width * viewport.devicePixelRatio);
  const height = Math.round(viewport.height * viewport.devicePixelRatio);
  const multiple = width % 2 === 0 && height % 2 === 0 ? 1 : 2;
  return { width: width * multiple, height: height * multiple, multiple };
}
