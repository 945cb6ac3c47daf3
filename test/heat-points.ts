import type { HeatPoint, HeatPoints } from '../lib/render/types';

/** A layer's points as HeatPoint objects whichever form they are in, for assertions. */
export function unpackPoints(points: HeatPoints): HeatPoint[] {
  if (!(points instanceof Float64Array)) return [...points];
  const unpacked: HeatPoint[] = [];
  for (let index = 0; index + 2 < points.length; index += 3) unpacked.push({ x: points[index]!, y: points[index + 1]!, weight: points[index + 2]! });
  return unpacked;
}
