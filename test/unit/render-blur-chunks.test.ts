import { describe, expect, it } from 'vitest';
import { BLUR_CHUNK_CELLS, blurGrid, boxWidthsForGaussian, horizontalBoxPass, verticalBoxPass } from '@/lib/render/blur';

describe('blurGridSteps on grids taller than one slice', () => {
  it('gives exactly the result of whole-grid passes', () => {
    const columns = 37;
    const rows = Math.ceil((3 * BLUR_CHUNK_CELLS) / columns) + 11; // several slices, a ragged last one
    const values = new Float32Array(columns * rows);
    for (let index = 0; index < 400; index++) values[(index * 7919) % values.length] = 1 + (index % 5);
    const reference = values.slice();
    const other = new Float32Array(values.length);
    const accumulator = new Float64Array(columns);
    for (const width of boxWidthsForGaussian(2.5).filter((candidate) => candidate > 1)) {
      const half = (width - 1) / 2;
      horizontalBoxPass(reference, other, columns, rows, half);
      verticalBoxPass(other, reference, columns, rows, half, accumulator);
    }
    blurGrid(values, columns, rows, 2.5);
    let differing = 0;
    for (let index = 0; index < values.length; index++) if (values[index] !== reference[index]) differing++;
    expect(differing).toBe(0);
  });
});
