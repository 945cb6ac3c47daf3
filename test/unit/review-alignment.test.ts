import { describe, expect, it } from 'vitest';
import { ALIGNMENT_CHUNK_SPOTS, ALIGNMENT_PADDING_PX, describeAlignment, describeElsewhere, describeNotFound, measureAlignment, measureAlignmentSteps, type AlignmentElement, type AlignmentSpots } from '../../lib/review/alignment';

const WIDTH = 1000;

/** Spots as the overlay holds them, from px positions on a 1000 px window. */
function spots(points: Array<{ x: number; y: number; count: number; fixed?: boolean }>): AlignmentSpots {
  return {
    relativeX: Float64Array.from(points.map((point) => point.x / WIDTH)),
    y: Float64Array.from(points.map((point) => point.y)),
    count: Float64Array.from(points.map((point) => point.count)),
    fixed: Uint8Array.from(points.map((point) => (point.fixed ? 1 : 0))),
  };
}

const button: AlignmentElement = { label: 'Get started', selector: '#get-started', autocaptureClicks: 40, box: { x: 100, y: 300, width: 200, height: 56 }, fixed: false };
const guide: AlignmentElement = { label: 'Read the guide', selector: '#read-guide', autocaptureClicks: 20, box: { x: 100, y: 700, width: 200, height: 32 }, fixed: false };
const none = { elements: 0, autocaptureClicks: 0 };

describe('measureAlignment', () => {
  it('is 100% when every element holds at least its autocaptured clicks, extra heat earning nothing', () => {
    const measure = measureAlignment([button, guide], spots([
      { x: 200, y: 320, count: 55 },
      { x: 150, y: 704, count: 20 },
    ]), WIDTH, none);
    expect(measure.share).toBe(1);
    expect(measure.onElement).toBe(60);
    expect(measure.autocaptureClicks).toBe(60);
    expect(measure.elsewhere).toEqual([]);
    expect(measure.elements.map((element) => element.heatInside)).toEqual([55, 20]);
  });

  it('counts min(autocapture, heat inside) over the autocapture total and names an element holding under half its clicks', () => {
    // The guide's clicks mostly landed 120 px above it (a bar was inserted later): 6 of 20 on it.
    const measure = measureAlignment([button, guide], spots([
      { x: 200, y: 320, count: 40 },
      { x: 150, y: 704, count: 6 },
      { x: 150, y: 592, count: 14 },
    ]), WIDTH, none);
    expect(measure.onElement).toBe(46);
    expect(measure.share).toBeCloseTo(46 / 60, 10);
    expect(measure.elsewhere.map((element) => element.label)).toEqual(['Read the guide']);
    expect(describeAlignment(measure)).toBe('Heat matches the page: 77% of autocaptured clicks fall on their element (46 of 60, 2 elements).');
    expect(describeElsewhere(measure.elsewhere[0]!)).toBe('“Read the guide”: 6 of its 20 autocaptured clicks are on it; the rest of its heat is elsewhere.');
  });

  it('an element holding exactly half its clicks is not elsewhere', () => {
    const measure = measureAlignment([guide], spots([{ x: 150, y: 704, count: 10 }]), WIDTH, none);
    expect(measure.share).toBe(0.5);
    expect(measure.elsewhere).toEqual([]);
  });

  it('pads each box by the data’s 16 px resolution, and no further', () => {
    const edge = ALIGNMENT_PADDING_PX;
    const measure = measureAlignment([button], spots([
      { x: 100 - edge, y: 300 - edge, count: 1 },
      { x: 300 + edge, y: 356 + edge, count: 2 },
      { x: 100 - edge - 1, y: 320, count: 4 },
      { x: 200, y: 356 + edge + 1, count: 8 },
    ]), WIDTH, none);
    expect(measure.elements[0]!.heatInside).toBe(3);
  });

  it('places x as a share of the window now, and keeps fixed spots (viewport px) apart from document spots', () => {
    const nav: AlignmentElement = { label: 'Pricing', selector: '#nav-pricing', autocaptureClicks: 10, box: { x: 500, y: 10, width: 80, height: 28 }, fixed: true };
    const measure = measureAlignment([nav], spots([
      { x: 540, y: 20, count: 3 },
      { x: 540, y: 20, count: 7, fixed: true },
    ]), WIDTH, none);
    expect(measure.elements[0]!.heatInside).toBe(7);
    // The same spots on a window twice as wide put the nav's clicks at x = 1080: off its box.
    const wide = measureAlignment([nav], spots([{ x: 540, y: 20, count: 7, fixed: true }]), WIDTH * 2, none);
    expect(wide.elements[0]!.heatInside).toBe(0);
  });

  it('measures nothing it could not: elements not on the page are counted and said, not in the share', () => {
    const measure = measureAlignment([button], spots([{ x: 200, y: 320, count: 40 }]), WIDTH, { elements: 2, autocaptureClicks: 9 });
    expect(measure.share).toBe(1);
    expect(measure.autocaptureClicks).toBe(40);
    expect(describeNotFound(measure.notFound)).toBe('2 autocaptured elements (9 clicks) are not on the page now, so they are not measured.');
    expect(describeNotFound(none)).toBeNull();
    const nothingFound = measureAlignment([], spots([{ x: 200, y: 320, count: 40 }]), WIDTH, { elements: 1, autocaptureClicks: 5 });
    expect(nothingFound.share).toBeNull();
    expect(describeAlignment(nothingFound)).toMatch(/not measured: none of the elements autocapture counted is on the page now/);
    expect(describeAlignment(measureAlignment([], spots([]), WIDTH, none))).toMatch(/autocapture counted no clicks/);
  });

  it('agrees with a direct count over random boxes and spots', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const points = Array.from({ length: 400 }, () => ({ x: Math.round(random() * WIDTH), y: Math.round(random() * 2000), count: 1 + Math.floor(random() * 5), fixed: random() < 0.2 }));
    const elements: AlignmentElement[] = Array.from({ length: 30 }, (_, index) => ({
      label: `e${index}`,
      selector: `#e${index}`,
      autocaptureClicks: 1 + Math.floor(random() * 30),
      box: { x: random() * 900, y: random() * 1900, width: 20 + random() * 200, height: 20 + random() * 100 },
      fixed: random() < 0.2,
    }));
    const measure = measureAlignment(elements, spots(points), WIDTH, none);
    let expectedOn = 0;
    let expectedTotal = 0;
    for (const element of elements) {
      const p = ALIGNMENT_PADDING_PX;
      const inside = points
        .filter((point) => point.fixed === element.fixed && point.x >= element.box.x - p && point.x <= element.box.x + element.box.width + p && point.y >= element.box.y - p && point.y <= element.box.y + element.box.height + p)
        .reduce((sum, point) => sum + point.count, 0);
      expectedOn += Math.min(inside, element.autocaptureClicks);
      expectedTotal += element.autocaptureClicks;
    }
    expect(measure.onElement).toBe(expectedOn);
    expect(measure.autocaptureClicks).toBe(expectedTotal);
  });
});

describe('measureAlignmentSteps (the review on the page’s main thread)', () => {
  it('yields every ALIGNMENT_CHUNK_SPOTS spots, with the same measure as in one go', () => {
    const count = 6 * ALIGNMENT_CHUNK_SPOTS;
    const spots: AlignmentSpots = {
      relativeX: Float64Array.from({ length: count }, (_, i) => ((i * 37) % 101) / 100),
      y: Float64Array.from({ length: count }, (_, i) => ((i * 7919) % 2500) * 16),
      count: Float64Array.from({ length: count }, (_, i) => 1 + (i % 3)),
      fixed: Uint8Array.from({ length: count }, (_, i) => (i % 50 === 0 ? 1 : 0)),
    };
    const elements: AlignmentElement[] = Array.from({ length: 20 }, (_, i) => ({
      label: `e${i}`,
      selector: `#e${i}`,
      autocaptureClicks: 50 + i,
      box: { x: (i * 61) % 1200, y: (i * 1999) % 40_000, width: 120, height: 40 },
      fixed: i % 5 === 0,
    }));
    const steps = measureAlignmentSteps(elements, spots, 1280, { elements: 0, autocaptureClicks: 0 });
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    // Reading the spots and filing them in rows: each at least once per chunk.
    expect(yields).toBeGreaterThanOrEqual(2 * (count / ALIGNMENT_CHUNK_SPOTS - 1));
    expect(step.value).toEqual(measureAlignment(elements, spots, 1280, { elements: 0, autocaptureClicks: 0 }));
    // And the heat inside each box is the direct count.
    for (const element of step.value.elements) {
      const source = elements.find((candidate) => candidate.selector === element.selector)!;
      const { box } = source;
      let inside = 0;
      for (let i = 0; i < count; i++) {
        const x = spots.relativeX[i]! * 1280;
        const y = spots.y[i]!;
        if ((spots.fixed[i] === 1) !== source.fixed) continue;
        if (x >= box.x - ALIGNMENT_PADDING_PX && x <= box.x + box.width + ALIGNMENT_PADDING_PX && y >= box.y - ALIGNMENT_PADDING_PX && y <= box.y + box.height + ALIGNMENT_PADDING_PX) inside += spots.count[i]!;
      }
      expect(element.heatInside).toBe(inside);
    }
  });
});
