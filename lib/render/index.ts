/** Heat renderer: binned density → separable blur → robust normalisation → palette, painted per scroll. */
export type { HeatLayerInput, HeatPoint, HeatScene, PaletteName } from './types';
export { DEFAULT_RADIUS } from './types';
export { HeatPainter, visibleSlice, pointsFingerprint, WORKER_HANDSHAKE_MS, type HeatPainterOptions, type SliceRects } from './painter';
export {
  computeHeatField,
  heatFieldSteps,
  sigmaForRadius,
  cellSizeForRadius,
  CELLS_PER_RADIUS,
  MAX_CELL_SIZE,
  type HeatField,
  type HeatFieldOptions,
} from './field';
export {
  BIN_CHUNK_POINTS,
  binPoints,
  binPackedPoints,
  packPoints,
  createDensityGrid,
  gridGeometry,
  DEFAULT_CELL_SIZE,
  MAX_GRID_CELLS,
  MAX_GRID_DIMENSION,
  type DensityGrid,
  type GridGeometry,
  type PackedPoints,
} from './density';
export { blurGrid, blurGridSteps, boxWidthsForGaussian, blurPeakForUnitImpulse, createBlurScratch, type BlurScratch } from './blur';
export { scaleMaximum, legendMaximumCount, SCALE_QUANTILE } from './normalize';
export { paletteLookup, paletteCssGradient, PALETTE_NAMES } from './palette';
export { colorizeGrid, colorizeCells, paletteIndexFor, INTENSITY_GAMMA } from './colorize';
export { runSliced, runToCompletion, yieldToEventLoop, type SliceOptions } from '../core/schedule';
