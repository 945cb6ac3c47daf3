import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  MARKER_BAND,
  MARKER_CELLS,
  MARKER_MAX_CODE,
  captureFrameSize,
  decodeMarker,
  markerCells,
  markerCode,
  markerSamplePoints,
  pinnedTreatment,
  scrollStrips,
  stitchDraws,
} from '../../lib/full-page/scroll-capture';
import { PROPERTY_TEST_TIMEOUT_MS } from './fast-check-setup';

// Property runs take the time their work takes: no load-dependent timeout (test/unit/fast-check-setup.ts).
vi.setConfig({ testTimeout: PROPERTY_TEST_TIMEOUT_MS });

describe('scrollStrips', () => {
  it('a 12,000 px page in an 814 px window: strips cover every row once, none keeps its marker band', () => {
    const strips = scrollStrips(12_000, 814);
    expect(strips[0]).toEqual({ scrollY: 0, marker: 'bottom', top: 0, bottom: 814 - MARKER_BAND });
    expect(strips.at(-1)!.bottom).toBe(12_000);
    expect(strips.at(-1)!.scrollY).toBe(12_000 - 814);
    // 806 new rows per strip: 15 strips for 12,000 px.
    expect(strips).toHaveLength(Math.ceil((12_000 - 806) / 806) + 1);
  });

  it('holds for any page and window: contiguous kept rows, within the viewport, clear of the marker band, scroll within range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: MARKER_BAND * 3, max: 3000 }), (height, viewport) => {
        const strips = scrollStrips(height, viewport);
        let covered = 0;
        for (const strip of strips) {
          expect(strip.top).toBe(covered);
          expect(strip.bottom).toBeGreaterThan(strip.top);
          expect(strip.scrollY).toBeGreaterThanOrEqual(0);
          expect(strip.scrollY).toBeLessThanOrEqual(Math.max(0, height - viewport));
          // Kept rows are inside what the window shows at that scroll.
          expect(strip.top).toBeGreaterThanOrEqual(strip.scrollY);
          expect(strip.bottom).toBeLessThanOrEqual(strip.scrollY + viewport);
          // ...and never in the marker's band.
          const band = strip.marker === 'top' ? [strip.scrollY, strip.scrollY + MARKER_BAND] : [strip.scrollY + viewport - MARKER_BAND, strip.scrollY + viewport];
          expect(strip.bottom <= band[0]! || strip.top >= band[1]!).toBe(true);
          covered = strip.bottom;
        }
        expect(covered).toBe(height);
        expect(strips[0]!.scrollY).toBe(0);
      }),
    );
  });

  it('a page shorter than the window takes scroll 0 twice when the bottom band holds page rows', () => {
    expect(scrollStrips(500, 800)).toEqual([{ scrollY: 0, marker: 'bottom', top: 0, bottom: 500 }]);
    expect(scrollStrips(798, 800)).toEqual([
      { scrollY: 0, marker: 'bottom', top: 0, bottom: 792 },
      { scrollY: 0, marker: 'top', top: 792, bottom: 798 },
    ]);
  });

  it('refuses a window too short to hold a marker band and new rows', () => {
    expect(() => scrollStrips(5000, 20)).toThrow(RangeError);
  });
});

describe('the sync marker', () => {
  it('every strip of a capture has its own code, never 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (salt) => {
        const codes = Array.from({ length: 200 }, (_, index) => markerCode(index, salt));
        expect(new Set(codes).size).toBe(200);
        for (const code of codes) expect(code >= 1 && code <= MARKER_MAX_CODE).toBe(true);
      }),
    );
  });

  it('decodes what it encodes, also with the softness of a video frame', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MARKER_MAX_CODE }), fc.array(fc.integer({ min: -40, max: 40 }), { minLength: MARKER_CELLS, maxLength: MARKER_CELLS }), (code, noise) => {
        const luma = markerCells(code).map((white, cell) => Math.min(255, Math.max(0, (white ? 235 : 16) + noise[cell]!)));
        expect(decodeMarker(luma)).toBe(code);
      }),
    );
  });

  it('page content is not a marker: grey cells, wrong framing, all black or the wrong length read as none', () => {
    const cells = markerCells(1234).map((white) => (white ? 255 : 0));
    expect(decodeMarker(cells)).toBe(1234);
    expect(decodeMarker(cells.map((value, index) => (index === 5 ? 128 : value)))).toBeNull();
    expect(decodeMarker([0, 255, ...cells.slice(2)])).toBeNull();
    expect(decodeMarker(new Array(MARKER_CELLS).fill(0))).toBeNull();
    expect(decodeMarker(new Array(MARKER_CELLS).fill(255))).toBeNull();
    expect(decodeMarker(cells.slice(1))).toBeNull();
  });

  it('is sampled at the middle of its cells, in the top band or above the bottom of what the page shows, at the pixel ratio', () => {
    expect(markerSamplePoints('top', 800, 1).slice(0, 2)).toEqual([
      { x: 4, y: 4 },
      { x: 12, y: 4 },
    ]);
    expect(markerSamplePoints('bottom', 800, 2)[0]).toEqual({ x: 8, y: (800 - 8 + 4) * 2 });
    expect(markerSamplePoints('bottom', 800, 1)).toHaveLength(MARKER_CELLS);
  });
});

describe('pinned elements', () => {
  it('fixed shows once (first strip), sticky stays in its place, the rest is left alone', () => {
    expect(pinnedTreatment('fixed')).toBe('hide-after-first');
    expect(pinnedTreatment('sticky')).toBe('unstick');
    expect(pinnedTreatment('-webkit-sticky')).toBe('unstick');
    expect(pinnedTreatment('absolute')).toBeNull();
    expect(pinnedTreatment('static')).toBeNull();
  });
});

describe('stitchDraws', () => {
  it('fills output rows without gap or overlap from the pieces that cover them, at the image scale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 20_000 }),
        fc.integer({ min: 30, max: 1500 }),
        fc.constantFrom(1, 1.25, 2),
        fc.constantFrom(1, 0.5, 2, 0.817),
        fc.integer({ min: 1, max: 8192 }),
        (height, viewport, ratio, scale, stripPixels) => {
          const pieces = scrollStrips(height, viewport);
          const stripCss = Math.max(1, Math.floor(stripPixels / scale));
          for (let y = 0; y < height; y += stripCss) {
            const rows = Math.min(stripCss, height - y);
            const draws = stitchDraws(pieces, y, rows, scale, ratio);
            let next = 0;
            for (const draw of draws) {
              expect(draw.destinationY).toBe(next);
              expect(draw.sourceY).toBeGreaterThanOrEqual(0);
              const piece = pieces[draw.piece]!;
              expect(draw.sourceY + draw.sourceHeight).toBeLessThanOrEqual(Math.round((piece.bottom - piece.top) * ratio));
              next = draw.destinationY + draw.destinationHeight;
            }
            expect(next).toBe(Math.round(rows * scale));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a band across two pieces takes each piece’s own rows', () => {
    const pieces = [
      { top: 0, bottom: 792 },
      { top: 792, bottom: 1584 },
    ];
    expect(stitchDraws(pieces, 700, 200, 2, 2)).toEqual([
      { piece: 0, sourceY: 1400, sourceHeight: 184, destinationY: 0, destinationHeight: 184 },
      { piece: 1, sourceY: 0, sourceHeight: 216, destinationY: 184, destinationHeight: 216 },
    ]);
  });
});

describe('captureFrameSize', () => {
  it('asks for the window at the device pixel ratio when both sides are even', () => {
    expect(captureFrameSize({ width: 1440, height: 814, devicePixelRatio: 2 })).toEqual({ width: 2880, height: 1628, multiple: 1 });
    expect(captureFrameSize({ width: 390, height: 844, devicePixelRatio: 1 })).toEqual({ width: 390, height: 844, multiple: 1 });
  });

  it('at twice that when a side is odd, so the YUV 4:2:0 video is never squeezed by a row', () => {
    expect(captureFrameSize({ width: 1440, height: 813, devicePixelRatio: 1 })).toEqual({ width: 2880, height: 1626, multiple: 2 });
    expect(captureFrameSize({ width: 1441, height: 800, devicePixelRatio: 1.25 })).toEqual({ width: 3602, height: 2000, multiple: 2 });
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 4000 }), fc.integer({ min: 200, max: 3000 }), fc.constantFrom(1, 1.5, 2, 3), (width, height, ratio) => {
        const size = captureFrameSize({ width, height, devicePixelRatio: ratio });
        expect(size.width % 2).toBe(0);
        expect(size.height % 2).toBe(0);
        expect(size.width).toBe(Math.round(width * ratio) * size.multiple);
      }),
    );
  });
});
