import { describe, expect, it } from 'vitest';
import { colorizeGrid, paletteIndexFor } from '../../lib/render/colorize';
import { PALETTE_NAMES, paletteCssGradient, paletteLookup } from '../../lib/render/palette';

const rgba = (table: Uint8ClampedArray, index: number) => Array.from(table.subarray(index * 4, index * 4 + 4));

describe('palettes', () => {
  it.each(PALETTE_NAMES)('%s has 256 entries, transparent at 0, alpha rising', (name) => {
    const table = paletteLookup(name);
    expect(table.length).toBe(1024);
    expect(table[3]).toBe(0);
    for (let index = 1; index < 256; index++) expect(table[index * 4 + 3]!).toBeGreaterThanOrEqual(table[(index - 1) * 4 + 3]!);
    expect(table[255 * 4 + 3]!).toBeGreaterThan(150);
    expect(table[10 * 4 + 3]!).toBeLessThan(table[255 * 4 + 3]!);
    expect(paletteCssGradient(name)).toMatch(/^linear-gradient\(to right, rgba/);
  });

  it('heat is red at the top and blue at the bottom', () => {
    const heat = paletteLookup('heat');
    expect(rgba(heat, 255).slice(0, 3)).toEqual([255, 0, 0]);
    const cold = rgba(heat, 10);
    expect(cold[2]).toBeGreaterThan(200);
    expect(cold[0]).toBeLessThan(30);
  });

  it('rage is not red-hot like heat', () => {
    const [red, green, blue] = rgba(paletteLookup('rage'), 255);
    expect(blue).toBeGreaterThan(100);
    expect(red! + green! + blue!).toBeGreaterThan(300);
  });
});

describe('colorize', () => {
  it('maps zero and NaN to transparent and the scale to hottest', () => {
    const heat = paletteLookup('heat');
    const out = colorizeGrid(new Float32Array([0, NaN, 10, 1e9, 5, 1e-12]), 10, heat);
    expect(out[3]).toBe(0);
    expect(out[7]).toBe(0);
    expect(Array.from(out.subarray(8, 12))).toEqual(rgba(heat, 255));
    expect(Array.from(out.subarray(12, 16))).toEqual(rgba(heat, 255));
    expect(out[19]!).toBeGreaterThan(0);
    expect(out[23]).toBe(0);
  });

  it('keeps small counts faintly visible and orders indices', () => {
    expect(paletteIndexFor(1, 300)).toBeGreaterThan(0);
    expect(paletteIndexFor(1, 300)).toBeLessThan(paletteIndexFor(100, 300));
    expect(paletteIndexFor(300, 300)).toBe(255);
    expect(paletteIndexFor(0, 300)).toBe(0);
    expect(paletteIndexFor(5, 0)).toBe(0);
  });

  it('paints everything transparent when the scale is zero', () => {
    const out = colorizeGrid(new Float32Array([0, 1, 2]), 0, paletteLookup('heat'));
    expect(Array.from(out).every((value) => value === 0)).toBe(true);
  });
});
