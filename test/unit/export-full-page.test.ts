import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { captionHeight } from '../../lib/full-page/capture-image';
import { backgroundProtocol } from '../../lib/protocol/background';
import {
  CANVAS_MAX_AREA,
  CANVAS_MAX_SIDE,
  LEGEND_ROW_HEIGHT,
  STRIP_MAX_PIXELS,
  captureStrips,
  fullPageCaptionHeight,
  fullPagePlan,
  legendLine,
  scaledDownNote,
} from '../../lib/full-page/full-page';
import { PROPERTY_TEST_TIMEOUT_MS } from './fast-check-setup';

// Property runs take the time their work takes: no load-dependent timeout (test/unit/fast-check-setup.ts).
vi.setConfig({ testTimeout: PROPERTY_TEST_TIMEOUT_MS });

const caption = { lines: 4, legendRows: 1 };
const captionCss = captionHeight(4) + LEGEND_ROW_HEIGHT;

describe('fullPagePlan', () => {
  it('a 12,000 px page at pixel ratio 2 is drawn at ratio 2: 24,000 px of page, then the caption', () => {
    const plan = fullPagePlan({ documentWidth: 1440, documentHeight: 12_000, devicePixelRatio: 2 }, caption);
    expect(plan.scaledDown).toBe(false);
    expect(plan.scale).toBe(2);
    expect(plan.width).toBe(2880);
    expect(plan.pageHeight).toBe(24_000);
    expect(plan.captionTop).toBe(24_000);
    expect(plan.height).toBe(24_000 + captionCss * 2);
  });

  it('a 40,000 px page at ratio 1 is scaled down until its longest side fits, and says so', () => {
    const page = { documentWidth: 1440, documentHeight: 40_000, devicePixelRatio: 1 };
    const plan = fullPagePlan(page, caption);
    expect(plan.scaledDown).toBe(true);
    // 32,767 / (40,000 + caption) = 0.817…, rounded down to a thousandth.
    expect(plan.scale).toBe(Math.floor((CANVAS_MAX_SIDE / (40_000 + captionCss)) * 1000) / 1000);
    expect(plan.height).toBeLessThanOrEqual(CANVAS_MAX_SIDE);
    expect(plan.pageHeight).toBe(Math.ceil(40_000 * plan.scale - 1e-6));
    expect(scaledDownNote(plan, page)).toBe(
      `Scaled to ${Math.round(plan.scale * 1000) / 10}% of the screen's pixels: the page (1440×40000 CSS px at pixel ratio 1) is past the browser's largest image (32,767 px a side, 268 million pixels).`,
    );
    expect(scaledDownNote(fullPagePlan({ ...page, documentHeight: 12_000 }, caption), page)).toBeNull();
  });

  it('a wide and tall page is limited by the canvas area, not only by its sides', () => {
    const plan = fullPagePlan({ documentWidth: 12_000, documentHeight: 30_000, devicePixelRatio: 1 }, caption);
    expect(plan.scaledDown).toBe(true);
    expect(plan.width * plan.height).toBeLessThanOrEqual(CANVAS_MAX_AREA);
    // Area-bound: sqrt(268M / (12,000 × 30,114)) ≈ 0.862, well under what the sides alone allow (1).
    expect(plan.scale).toBeLessThan(0.87);
    expect(plan.scale).toBeGreaterThan(0.85);
  });

  it('never exceeds the canvas limits, never upscales past the pixel ratio, and covers the page in strips without gaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        fc.constantFrom(1, 1.25, 1.5, 2, 3),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 4 }),
        (documentWidth, documentHeight, devicePixelRatio, lines, legendRows) => {
          const plan = fullPagePlan({ documentWidth, documentHeight, devicePixelRatio }, { lines, legendRows });
          expect(plan.width).toBeLessThanOrEqual(CANVAS_MAX_SIDE);
          expect(plan.height).toBeLessThanOrEqual(CANVAS_MAX_SIDE);
          expect(plan.width * plan.height).toBeLessThanOrEqual(CANVAS_MAX_AREA);
          expect(plan.width).toBeGreaterThan(0);
          expect(plan.scale).toBeGreaterThan(0);
          expect(plan.scale).toBeLessThanOrEqual(devicePixelRatio);
          expect(plan.scaledDown).toBe(plan.scale < devicePixelRatio);
          expect(plan.height - plan.pageHeight).toBeGreaterThanOrEqual(Math.floor(fullPageCaptionHeight(lines, legendRows) * plan.scale));
          // The strips: consecutive, covering 0..cssHeight and 0..pageHeight, each within the strip limit.
          let y = 0;
          let row = 0;
          for (const strip of plan.strips) {
            expect(strip.y).toBe(y);
            expect(strip.destinationY).toBe(row);
            expect(strip.destinationHeight).toBeLessThanOrEqual(STRIP_MAX_PIXELS + 1);
            y += strip.height;
            row += strip.destinationHeight;
          }
          expect(y).toBe(plan.cssHeight);
          expect(Math.abs(row - plan.pageHeight)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('treats a missing or broken size or ratio as 1 rather than drawing nothing', () => {
    const plan = fullPagePlan({ documentWidth: Number.NaN, documentHeight: 0, devicePixelRatio: -2 }, { lines: 0, legendRows: 0 });
    expect(plan).toMatchObject({ scale: 1, cssWidth: 1, cssHeight: 1, width: 1, pageHeight: 1 });
    expect(plan.strips).toEqual([{ y: 0, height: 1, destinationY: 0, destinationHeight: 1 }]);
  });
});

describe('captureStrips', () => {
  it('cuts 14,000 CSS px at ratio 2 into bands of 4,096 CSS px (8,192 image px), the last one shorter', () => {
    expect(captureStrips(14_000, 2)).toEqual([
      { y: 0, height: 4096, destinationY: 0, destinationHeight: 8192 },
      { y: 4096, height: 4096, destinationY: 8192, destinationHeight: 8192 },
      { y: 8192, height: 4096, destinationY: 16_384, destinationHeight: 8192 },
      { y: 12_288, height: 1712, destinationY: 24_576, destinationHeight: 3424 },
    ]);
  });

  it('a page shorter than one strip is one capture', () => {
    expect(captureStrips(900, 1)).toEqual([{ y: 0, height: 900, destinationY: 0, destinationHeight: 900 }]);
  });
});

describe('legendLine', () => {
  it('says what the hottest colour stands for and the total, in the layer’s unit', () => {
    expect(legendLine({ label: 'Clicks', unit: 'clicks', hottestCount: 34.6, totalCount: 12_345 })).toBe('Clicks: hottest colour ≈ 35 clicks · 12,345 in total');
  });
});

describe('the export.captureFullPage request schema', () => {
  const request = {
    caption: ['Heatlens · https://example.com/'],
    legend: [{ id: 'click', label: 'Clicks', unit: 'clicks', hottestCount: 35, totalCount: 120 }],
    page: { documentWidth: 1440, documentHeight: 14_000, devicePixelRatio: 2 },
    fields: [{ dataUrl: 'data:image/png;base64,AA==', opacity: 0.8, fixed: false, cellSize: 6, originY: 0, columns: 240, rows: 2334 }],
    guides: { fold: { y: 900, label: 'Fold at ~900px' }, markers: [], bands: [], bandOpacity: 0 },
    diffLegend: null,
  };
  const schema = backgroundProtocol['export.captureFullPage'].request;

  it('takes what the overlay sends', () => {
    expect(schema.safeParse(request).success).toBe(true);
  });

  it('refuses a field that is not a PNG data URL, an unknown layer, and a page of no size', () => {
    expect(schema.safeParse({ ...request, fields: [{ ...request.fields[0], dataUrl: 'https://evil.example/x.png' }] }).success).toBe(false);
    expect(schema.safeParse({ ...request, legend: [{ ...request.legend[0], id: 'scroll' }] }).success).toBe(false);
    expect(schema.safeParse({ ...request, page: { ...request.page, documentHeight: 0 } }).success).toBe(false);
    expect(schema.safeParse({ ...request, fields: [{ ...request.fields[0], opacity: 2 }] }).success).toBe(false);
  });
});
