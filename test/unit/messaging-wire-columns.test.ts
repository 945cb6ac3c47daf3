import { describe, expect, it } from 'vitest';
import { heatmapPayloadSchema, makeEnvelope, readReply, backgroundProtocol, dispatchMessage } from '../../lib/messaging/protocol';
import { COLUMNS_ENCODING, decodeSpotColumns, encodeSpotColumns } from '../../lib/messaging/wire-columns';
import { seededRandom } from '../seeded-random';

function columns(length: number, seed = 1) {
  const random = seededRandom(seed);
  return {
    relativeX: Array.from({ length }, () => Math.round(random() * 100) / 100),
    y: Array.from({ length }, () => Math.floor(random() * 2500) * 16),
    count: Array.from({ length }, () => 1 + Math.floor(random() * 9)),
    fixed: Array.from({ length }, () => random() < 0.1),
  };
}

const payload = (spots: ReturnType<typeof columns>) => ({
  dataUrl: 'https://example.com/',
  summary: { dateFrom: '-7d', dateTo: null, viewportWidthMin: 1296, viewportWidthMax: 1584, aggregation: 'total_count', urlPattern: null },
  layers: [{ id: 'click', spots, fold: { total_count: 1, below_fold_count: 0, pct_below_fold: 0, median_viewport_height: 900 }, totalCount: 1 }],
  scrollDepth: null,
  elsewhere: null,
  fetchedAt: 1,
});

describe('spot columns on the wire', () => {
  it('travel as base64 text and come back exactly, including awkward numbers', () => {
    const spots = columns(5000);
    spots.relativeX[0] = -0.01;
    spots.relativeX[1] = 1.0300000000000002;
    spots.y[2] = 1e300;
    spots.count[3] = 0;
    const encoded = encodeSpotColumns(payload(spots)) as { layers: { spots: { encoding: string; relativeX: unknown } }[] };
    expect(encoded.layers[0]!.spots.encoding).toBe(COLUMNS_ENCODING);
    expect(typeof encoded.layers[0]!.spots.relativeX).toBe('string');
    // What extension messaging does to a message: JSON.
    const received = JSON.parse(JSON.stringify(encoded));
    expect(decodeSpotColumns(received)).toEqual(payload(spots));
  });

  it('leaves small and malformed columns as arrays, for validation to judge', () => {
    const small = payload(columns(10));
    expect(encodeSpotColumns(small)).toEqual(small);
    const wrong = columns(5000) as unknown as { count: unknown[] };
    wrong.count[7] = '3';
    const encoded = encodeSpotColumns(payload(wrong as never)) as ReturnType<typeof payload>;
    expect(encoded.layers[0]!.spots.count[7]).toBe('3');
    expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(encoded)).success).toBe(false);
  });

  it('refuses a tampered encoding instead of decoding garbage', () => {
    const encoded = JSON.parse(JSON.stringify(encodeSpotColumns(payload(columns(5000))))) as { layers: { spots: Record<string, unknown> }[] };
    encoded.layers[0]!.spots.length = 4999;
    expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(encoded)).success).toBe(false);
    encoded.layers[0]!.spots.length = 5000;
    encoded.layers[0]!.spots.fixed = btoa('\u0002'.repeat(5000));
    expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(encoded)).success).toBe(false);
  });

  it('is applied by the protocol itself: a reply the background sends is read back as arrays', async () => {
    const spots = columns(3000);
    const handlers = { 'heatmap.load': async () => payload(spots) } as never;
    const raw = await dispatchMessage(backgroundProtocol, handlers, makeEnvelope('heatmap.load', { pageUrl: 'https://example.com/', viewportWidth: 1440, viewportHeight: 900 }), undefined, () => ({ kind: 'unknown', message: 'x', retryable: false }));
    expect(typeof (raw as { value: { layers: { spots: { relativeX: unknown } }[] } }).value.layers[0]!.spots.relativeX).toBe('string');
    const value = readReply(backgroundProtocol, 'heatmap.load', JSON.parse(JSON.stringify(raw)));
    expect(value.layers[0]!.spots).toEqual(spots);
  });
});
