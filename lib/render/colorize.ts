/**
 * Density → RGBA through a palette lookup table.
 *
 * Intensity t = value / scaleMax (clipped at 1) goes through a gamma curve before indexing the
 * palette: heat data is heavy-tailed, and with a linear map a spot with 1/300 of the hottest count
 * would be invisible; t^0.6 keeps it faintly visible while leaving the far tails of the blur
 * kernel (below 1/4096 of the scale) fully transparent, so spots never show square kernel edges.
 */
export const INTENSITY_GAMMA = 0.6;

const INTENSITY_STEPS = 4096;

/** Quantised intensity → palette index, so the per-cell work is a multiply and two lookups. */
const intensityToIndex: Uint8Array = (() => {
  const table = new Uint8Array(INTENSITY_STEPS + 1);
  for (let step = 1; step <= INTENSITY_STEPS; step++) {
    table[step] = Math.min(255, Math.max(1, Math.round(255 * Math.pow(step / INTENSITY_STEPS, INTENSITY_GAMMA))));
  }
  return table;
})();

/** Palette index (0..255) a value maps to; 0 means transparent. Exposed for tests and legends. */
export function paletteIndexFor(value: number, scaleMax: number): number {
  if (!(scaleMax > 0) || !(value > 0)) return 0;
  const step = value >= scaleMax ? INTENSITY_STEPS : Math.floor((value / scaleMax) * INTENSITY_STEPS);
  return intensityToIndex[step]!;
}

/**
 * Writes RGBA for cells [start, end) of `values` into `output` (4 bytes per cell). `output` may be
 * `values`' own bytes (colouring in place): each cell is read before its pixel is written.
 * Copies 32-bit words from a Uint32 view of the palette: byte order is preserved whatever the
 * platform endianness because both views share the same byte layout.
 */
export function colorizeCells(
  values: Float32Array,
  scaleMax: number,
  palette: Uint8ClampedArray,
  output: Uint8ClampedArray,
  start = 0,
  end = values.length,
): void {
  const paletteWords = new Uint32Array(palette.buffer, palette.byteOffset, 256);
  const outputWords = new Uint32Array(output.buffer, output.byteOffset, output.length >> 2);
  const last = Math.min(end, values.length, outputWords.length);
  if (!(scaleMax > 0)) {
    outputWords.fill(paletteWords[0]!, Math.max(0, start), last);
    return;
  }
  const stepsPerValue = INTENSITY_STEPS / scaleMax;
  for (let cell = Math.max(0, start); cell < last; cell++) {
    const value = values[cell]!;
    // NaN fails `value > 0` and becomes step 0 (transparent).
    const step = value >= scaleMax ? INTENSITY_STEPS : value > 0 ? Math.floor(value * stepsPerValue) : 0;
    outputWords[cell] = paletteWords[intensityToIndex[step]!]!;
  }
}

/** Colours a whole grid into a new RGBA buffer. */
export function colorizeGrid(values: Float32Array, scaleMax: number, palette: Uint8ClampedArray): Uint8ClampedArray<ArrayBuffer> {
  const output = new Uint8ClampedArray(values.length * 4);
  colorizeCells(values, scaleMax, palette, output);
  return output;
}
