import type { PaletteName } from './types';

/**
 * 256-entry RGBA lookup tables (index 0 = empty, 255 = hottest).
 *
 * Alpha ramps up with intensity so faint areas stay translucent over the page and the page remains
 * readable; index 0 is always fully transparent so empty cells paint nothing. Colours are straight
 * (not premultiplied) RGBA, which is what ImageData expects.
 */

/** [position 0..1, red, green, blue, alpha 0..1] */
type ColourStop = readonly [number, number, number, number, number];

const PALETTE_STOPS: Record<PaletteName, readonly ColourStop[]> = {
  // Cyan and green sit between blue and yellow: interpolating blue straight to yellow passes through grey.
  heat: [
    [0, 0, 40, 255, 0],
    [0.12, 0, 60, 255, 0.35],
    [0.35, 0, 200, 255, 0.55],
    [0.55, 40, 220, 60, 0.7],
    [0.72, 255, 235, 0, 0.8],
    [0.86, 255, 140, 0, 0.86],
    [1, 255, 0, 0, 0.92],
  ],
  // Violet → magenta → hot pink: no stop shares a hue with 'heat', so rage spots read over clicks.
  rage: [
    [0, 90, 0, 160, 0],
    [0.15, 110, 30, 200, 0.4],
    [0.5, 190, 0, 220, 0.7],
    [0.8, 240, 0, 200, 0.85],
    [1, 255, 40, 150, 0.95],
  ],
  dead: [
    [0, 140, 140, 140, 0],
    [0.2, 140, 145, 145, 0.35],
    [0.6, 70, 150, 145, 0.65],
    [1, 0, 150, 136, 0.88],
  ],
  move: [
    [0, 70, 130, 180, 0],
    [0.2, 90, 150, 200, 0.3],
    [0.6, 70, 180, 140, 0.55],
    [1, 46, 204, 113, 0.75],
  ],
};

export const PALETTE_NAMES: readonly PaletteName[] = ['heat', 'rage', 'dead', 'move'];

const lookupCache = new Map<PaletteName, Uint8ClampedArray<ArrayBuffer>>();

function buildLookup(stops: readonly ColourStop[]): Uint8ClampedArray<ArrayBuffer> {
  const table = new Uint8ClampedArray(256 * 4);
  for (let index = 0; index < 256; index++) {
    const position = index / 255;
    let upperIndex = stops.findIndex((stop) => stop[0] >= position);
    if (upperIndex < 0) upperIndex = stops.length - 1;
    const upper = stops[upperIndex]!;
    const lower = stops[Math.max(0, upperIndex - 1)]!;
    const span = upper[0] - lower[0];
    const mix = span > 0 ? (position - lower[0]) / span : 1;
    for (let channel = 1; channel <= 4; channel++) {
      const value = lower[channel]! + (upper[channel]! - lower[channel]!) * mix;
      table[index * 4 + channel - 1] = channel === 4 ? Math.round(value * 255) : Math.round(value);
    }
  }
  table.fill(0, 0, 4); // empty cells must stay invisible whatever the stops say
  return table;
}

/** The palette's 256×RGBA table (shared, do not mutate). Unknown names fall back to 'heat'. */
export function paletteLookup(name: PaletteName): Uint8ClampedArray<ArrayBuffer> {
  const known: PaletteName = name in PALETTE_STOPS ? name : 'heat';
  let table = lookupCache.get(known);
  if (!table) {
    table = buildLookup(PALETTE_STOPS[known]);
    lookupCache.set(known, table);
  }
  return table;
}

/** CSS linear-gradient (cold → hot, left → right) of a palette, for legends. */
export function paletteCssGradient(name: PaletteName): string {
  const known: PaletteName = name in PALETTE_STOPS ? name : 'heat';
  const stops = PALETTE_STOPS[known].map(
    ([position, red, green, blue, alpha]) => `rgba(${red}, ${green}, ${blue}, ${alpha}) ${Math.round(position * 100)}%`,
  );
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** A palette's stops as [position 0..1, CSS colour], cold → hot, for legends drawn on a canvas. */
export function paletteColourStops(name: PaletteName): Array<[number, string]> {
  const known: PaletteName = name in PALETTE_STOPS ? name : 'heat';
  return PALETTE_STOPS[known].map(([position, red, green, blue, alpha]) => [position, `rgba(${red}, ${green}, ${blue}, ${alpha})`]);
}

/** The colour a palette paints its hottest spots with (opaque), for a marker that names that count. */
export function paletteHottestCss(name: PaletteName): string {
  const known: PaletteName = name in PALETTE_STOPS ? name : 'heat';
  const [, red, green, blue] = PALETTE_STOPS[known].at(-1)!;
  return `rgb(${red}, ${green}, ${blue})`;
}
