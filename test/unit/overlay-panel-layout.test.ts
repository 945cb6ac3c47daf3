import { describe, expect, it } from 'vitest';
import {
  clearPanelHeight,
  cornerDocks,
  dockAwayFrom,
  dockClearOf,
  dockInDirection,
  dockOrigin,
  dockPositions,
  dockRect,
  leastHeatDock,
  nearestDock,
  overlapArea,
  shouldMoveOffHeat,
  type Rect,
} from '@/lib/core/dock';
import { panelLayoutSchema } from '@/lib/settings/store';

const viewport = { width: 1440, height: 900 };
const panel = { width: 340, height: 40 };

describe('dockOrigin', () => {
  it('puts each dock inside the viewport, a margin from its edges', () => {
    expect(dockOrigin('top-left', panel, viewport)).toEqual({ x: 12, y: 12 });
    expect(dockOrigin('bottom-right', panel, viewport)).toEqual({ x: 1440 - 340 - 12, y: 900 - 40 - 12 });
    expect(dockOrigin('top', panel, viewport)).toEqual({ x: (1440 - 340) / 2, y: 12 });
    expect(dockOrigin('left', panel, viewport)).toEqual({ x: 12, y: (900 - 40) / 2 });
  });

  it('keeps a panel wider than a phone at the margin instead of off-screen', () => {
    const phone = { width: 300, height: 844 };
    for (const dock of dockPositions) {
      const origin = dockOrigin(dock, { width: 340, height: 40 }, phone);
      expect(origin.x).toBeGreaterThanOrEqual(0);
      expect(origin.y).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('nearestDock', () => {
  it('maps the viewport in thirds to the eight docks', () => {
    expect(nearestDock({ x: 50, y: 50 }, viewport)).toBe('top-left');
    expect(nearestDock({ x: 720, y: 50 }, viewport)).toBe('top');
    expect(nearestDock({ x: 1400, y: 880 }, viewport)).toBe('bottom-right');
    expect(nearestDock({ x: 50, y: 450 }, viewport)).toBe('left');
  });
  it('sends a drop in the very centre to the nearest edge', () => {
    expect(nearestDock({ x: 720, y: 320 }, viewport)).toBe('top');
    expect(nearestDock({ x: 700, y: 580 }, viewport)).toBe('bottom');
    expect(nearestDock({ x: 500, y: 700 }, { width: 1440, height: 1400 })).toBe('left');
  });
});

describe('dockInDirection', () => {
  it('walks along the edges and skips the centre', () => {
    expect(dockInDirection('bottom-right', 'up')).toBe('right');
    expect(dockInDirection('right', 'up')).toBe('top-right');
    expect(dockInDirection('top', 'down')).toBe('bottom');
    expect(dockInDirection('left', 'right')).toBe('right');
    expect(dockInDirection('top-left', 'left')).toBe('top-left');
  });
});

describe('leastHeatDock', () => {
  it('picks the corner whose rectangle has the least heat, bottom-right on a tie', () => {
    const heatAt = (hot: Rect) => (rect: Rect) => overlapArea(rect, hot);
    expect(leastHeatDock(cornerDocks, panel, viewport, () => 0)).toBe('bottom-right');
    expect(leastHeatDock(cornerDocks, panel, viewport, heatAt({ x: 1200, y: 840, width: 100, height: 60 }))).toBe('bottom-left');
  });
});

describe('shouldMoveOffHeat', () => {
  it('moves only for clearly more heat than the best corner, above a floor', () => {
    expect(shouldMoveOffHeat(100, 10, 50)).toBe(true);
    expect(shouldMoveOffHeat(100, 60, 50)).toBe(false);
    expect(shouldMoveOffHeat(40, 0, 50)).toBe(false);
  });
});

describe('dockAwayFrom', () => {
  it('prefers a dock that does not overlap the element, the farthest one', () => {
    const element = { x: 40, y: 400, width: 300, height: 60 };
    const dock = dockAwayFrom(element, dockPositions, { width: 380, height: 500 }, viewport);
    expect(dock.endsWith('right')).toBe(true);
  });
});

describe('panelLayoutSchema', () => {
  it('keeps what is readable and falls back field by field', () => {
    expect(panelLayoutSchema.parse({ detailsOpen: true, reviewOpen: 'yes', docks: { 'https://a.example': 'top-left' } })).toEqual({
      detailsOpen: true,
      reviewOpen: false,
      docks: { 'https://a.example': 'top-left' },
    });
    expect(panelLayoutSchema.parse({ docks: { 'https://a.example': 'middle' } }).docks).toEqual({});
  });
});

describe('clearPanelHeight (issue 20 item 13: the opened panel never on the finding\'s element)', () => {
  const open = { width: 320, height: 620 };
  it('leaves the panel its height when some dock is clear of the element', () => {
    // Top-right "Get started" at 1440 × 900: the left docks are clear.
    expect(clearPanelHeight({ x: 1184, y: 12, width: 136, height: 40 }, dockPositions, open, viewport, 140)).toBeNull();
  });
  it('on a phone-wide window, where every dock overlaps the element, fits the panel in the larger room above or below it', () => {
    const phone = { width: 390, height: 844 };
    const element = { x: 254, y: 8, width: 120, height: 40 };
    const tall = { width: 320, height: 830 };
    const height = clearPanelHeight(element, dockPositions, tall, phone, 140)!;
    expect(height).toBe(844 - 48 - 24);
    // At that height a bottom dock is clear of the element.
    const bottom = dockRect('bottom-right', { width: 320, height }, phone);
    expect(overlapArea(bottom, element)).toBe(0);
    // An element in the middle: the larger side wins, and never below the least readable height.
    expect(clearPanelHeight({ x: 0, y: 300, width: 390, height: 100 }, dockPositions, tall, phone, 140)).toBe(844 - 400 - 24);
    expect(clearPanelHeight({ x: 0, y: 100, width: 390, height: 700 }, dockPositions, tall, phone, 140)).toBe(140);
  });
});

describe('dockClearOf (issue 20 item 13)', () => {
  const open = { width: 320, height: 420 };
  const element = { x: 1288, y: 12, width: 136, height: 40 };
  it('moves the panel off the element to the nearest clear dock when no heat is anywhere else', () => {
    expect(dockClearOf(element, 'top-right', dockPositions, open, viewport, () => 0)).toBe('right');
  });
  it('never onto other heat: a clear dock with heat under it loses to a cold one', () => {
    const heatAt = { x: 1300, y: 400 };
    const heatUnder = (rect: Rect) => (heatAt.x >= rect.x && heatAt.x < rect.x + rect.width && heatAt.y >= rect.y && heatAt.y < rect.y + rect.height ? 1 : 0);
    const dock = dockClearOf(element, 'top-right', dockPositions, open, viewport, heatUnder);
    expect(dock).not.toBe('right');
    expect(heatUnder(dockRect(dock, open, viewport))).toBe(0);
    expect(overlapArea(dockRect(dock, open, viewport), element)).toBe(0);
  });
  it('with no dock clear, takes the farthest', () => {
    const phone = { width: 390, height: 844 };
    expect(dockClearOf({ x: 254, y: 8, width: 120, height: 40 }, 'top-right', dockPositions, { width: 320, height: 830 }, phone, () => 0)).toBe(
      dockAwayFrom({ x: 254, y: 8, width: 120, height: 40 }, dockPositions, { width: 320, height: 830 }, phone),
    );
  });
});
