import { describe, expect, it, vi } from 'vitest';
import { heatmapPayloadSchema, makeEnvelope, readReply, dispatchMessage } from '../../lib/messaging/protocol';
import { backgroundProtocol } from '../../lib/protocol/background';
import { COLUMNS_ENCODING, decodeSpotColumns, encodeSpotColumns, narrowestColumnType, type SpotColumns } from '../../lib/core/wire-columns';
import { seededRandom } from '../seeded-random';
import { typedSpots } from '../typed-spots';

function columns(length: number, seed = 1): SpotColumns {
  const random = seededRandom(seed);
  return typedSpots({
    relativeX: Array.from({ length }, () => Math.round(random() * 100) / 100),
    y: Array.from({ length }, () => Math.floor(random() * 2500) * 16),
    count: Array.from({ length }, () => 1 + Math.floor(random() * 9)),
    fixed: Array.from({ length }, () => random() < 0.1),
  });
}

/** The columns' values as plain lists (typed arrays of different types never compare equal). */
const values = (spots: SpotColumns) => ({ relativeX: Array.from(spots.relativeX), y: Array.from(spots.y), count: Array.from(spots.count), fixed: Array.from(spots.fixed) });

/** A payload with its spots' values as plain lists, to compare what was sent with what was read. */
const withValues = (sent: unknown) => {
  const copy = sent as ReturnType<typeof payload>;
  return { ...copy, layers: copy.layers.map((layer) => ({ ...layer, spots: values(layer.spots) })) };
};

const payload = (spots: SpotColumns) => ({
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
    expect(withValues(decodeSpotColumns(received))).toEqual(withValues(payload(spots)));
  });

  it('stores each column in the narrowest type that gives every value back exactly', () => {
    expect(narrowestColumnType([0, 1, 255])).toBe('u8');
    expect(narrowestColumnType([0, 16, 65535])).toBe('u16');
    expect(narrowestColumnType([16, 40_000 * 16])).toBe('u32');
    expect(narrowestColumnType([1, 2 ** 32])).toBe('f64');
    expect(narrowestColumnType([0.07, 0.45, 1, -0.01, 327.67, -327.68])).toBe('c16');
    expect(narrowestColumnType([0.45, 327.68])).toBe('f64');
    expect(narrowestColumnType([0.45, 1.0300000000000002])).toBe('f64');
    expect(narrowestColumnType([0.123])).toBe('f64');
    expect(narrowestColumnType([1, -1])).toBe('c16');
    for (const awkward of [-0, Number.NaN, Number.POSITIVE_INFINITY, 0.5 + Number.EPSILON]) expect(narrowestColumnType([1, awkward])).toBe('f64');
  });

  it('every type comes back exactly, -0 included, and a busy page crosses at under a third of its Float64 size', () => {
    const spots = columns(50_000, 7);
    const types = { relativeX: 'c16', y: 'u16', count: 'u8' };
    const encoded = encodeSpotColumns(payload(spots)) as { layers: { spots: Record<string, string> }[] };
    for (const [key, type] of Object.entries(types)) expect(encoded.layers[0]!.spots[key]!.startsWith(`${type}:`)).toBe(true);
    const bytes = JSON.stringify(encoded).length;
    const float64Bytes = Math.ceil((50_000 * 25) / 3) * 4;
    expect(bytes).toBeLessThan(float64Bytes / 3);
    expect(withValues(decodeSpotColumns(JSON.parse(JSON.stringify(encoded))))).toEqual(withValues(payload(spots)));

    const wide = columns(2000, 9);
    wide.y[0] = 70_000 * 16;
    wide.count[0] = 0.5;
    wide.relativeX[5] = -0;
    const wideEncoded = encodeSpotColumns(payload(wide)) as { layers: { spots: Record<string, string> }[] };
    expect(['relativeX', 'y', 'count'].map((key) => wideEncoded.layers[0]!.spots[key]!.split(':')[0])).toEqual(['f64', 'u32', 'c16']);
    const back = decodeSpotColumns(JSON.parse(JSON.stringify(wideEncoded))) as ReturnType<typeof payload>;
    expect(withValues(back)).toEqual(withValues(payload(wide)));
    expect(Object.is(back.layers[0]!.spots.relativeX[5], -0)).toBe(true);
  });

  it('encodes every message\'s columns, however few, and leaves columns that are not typed arrays for validation to refuse', () => {
    for (const length of [0, 1, 10]) {
      const small = payload(columns(length));
      const encoded = JSON.parse(JSON.stringify(encodeSpotColumns(small))) as { layers: { spots: { encoding: string } }[] };
      expect(encoded.layers[0]!.spots.encoding).toBe(COLUMNS_ENCODING);
      const back = decodeSpotColumns(encoded);
      expect(heatmapPayloadSchema.safeParse(back).success).toBe(true);
      expect(withValues(back)).toEqual(withValues(small));
    }
    const plain = payload({ ...columns(10), count: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as never });
    const encoded = encodeSpotColumns(plain) as ReturnType<typeof payload>;
    expect(encoded.layers[0]!.spots).toEqual(plain.layers[0]!.spots);
    expect('encoding' in encoded.layers[0]!.spots).toBe(false);
    expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(JSON.parse(JSON.stringify(encoded)))).success).toBe(false);
    const notFinite = columns(10);
    (notFinite.count as Float64Array)[3] = Number.NaN;
    expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(JSON.parse(JSON.stringify(encodeSpotColumns(payload(notFinite)))))).success).toBe(false);
    const notZeroOrOne = columns(10);
    notZeroOrOne.fixed[4] = 2;
    expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(JSON.parse(JSON.stringify(encodeSpotColumns(payload(notZeroOrOne)))))).success).toBe(false);
  });

  it('decodes into the narrow typed arrays themselves: views on the decoded bytes, not copies', () => {
    const spots = columns(3000, 4);
    (spots.count as Float64Array)[0] = 0.5; // count as hundredths (c16), which must be divided back
    const encoded = JSON.parse(JSON.stringify(encodeSpotColumns(payload(spots)))) as { layers: { spots: Record<string, string> }[] };
    expect(['relativeX', 'y', 'count'].map((key) => encoded.layers[0]!.spots[key]!.split(':')[0])).toEqual(['c16', 'u16', 'c16']);
    const decodedBytes: Uint8Array[] = [];
    const realAtob = globalThis.atob;
    const recording = vi.spyOn(globalThis, 'atob').mockImplementation((text) => realAtob(text));
    const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64;
    // Record the byte array each column decodes into, whichever decoder the engine has.
    (Uint8Array as unknown as { fromBase64: (text: string) => Uint8Array }).fromBase64 = (text: string) => {
      const binary = realAtob(text);
      const bytes = new Uint8Array(binary.length);
      for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
      decodedBytes.push(bytes);
      return bytes;
    };
    try {
      const back = decodeSpotColumns(encoded) as ReturnType<typeof payload>;
      const read = back.layers[0]!.spots;
      expect(decodedBytes).toHaveLength(4);
      // relativeX and count are hundredths: divided into a Float64Array, the one column computed.
      expect(read.relativeX).toBeInstanceOf(Float64Array);
      expect(read.count).toBeInstanceOf(Float64Array);
      // y (16-bit integers) and fixed (bytes) are views on the very buffers decoding made.
      expect(read.y).toBeInstanceOf(Uint16Array);
      expect(read.y.buffer).toBe(decodedBytes[1]!.buffer);
      expect(read.fixed).toBeInstanceOf(Uint8Array);
      expect(read.fixed).toBe(decodedBytes[3]);
      expect(values(read)).toEqual(values(spots));
      expect(heatmapPayloadSchema.safeParse(back).success).toBe(true);
    } finally {
      recording.mockRestore();
      if (nativeFromBase64 === undefined) delete (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64;
      else (Uint8Array as unknown as { fromBase64: unknown }).fromBase64 = nativeFromBase64;
    }
  });

  it('refuses a tampered encoding instead of decoding garbage', () => {
    const encoded = JSON.parse(JSON.stringify(encodeSpotColumns(payload(columns(5000))))) as { layers: { spots: Record<string, unknown> }[] };
    encoded.layers[0]!.spots.length = 4999;
    expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(encoded)).success).toBe(false);
    encoded.layers[0]!.spots.length = 5000;
    encoded.layers[0]!.spots.fixed = btoa('\u0002'.repeat(5000));
    expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(encoded)).success).toBe(false);
    for (const column of ['x16:AAAA', (encoded.layers[0]!.spots.y as string).replace(/^u16:/, 'u32:'), (encoded.layers[0]!.spots.y as string).replace(/^u16:/, ''), 'constructor:AAAA']) {
      const tampered = JSON.parse(JSON.stringify(encodeSpotColumns(payload(columns(5000))))) as { layers: { spots: Record<string, unknown> }[] };
      tampered.layers[0]!.spots.y = column;
      expect(heatmapPayloadSchema.safeParse(decodeSpotColumns(tampered)).success, column.slice(0, 12)).toBe(false);
    }
  });

  it('is applied by the protocol itself: a reply the background sends is read back as typed columns', async () => {
    const spots = columns(3000);
    const handlers = { 'heatmap.load': async () => payload(spots) } as never;
    const raw = await dispatchMessage(backgroundProtocol, handlers, makeEnvelope('heatmap.load', { pageUrl: 'https://example.com/', viewportWidth: 1440, viewportHeight: 900 }), undefined, () => ({ kind: 'unknown', message: 'x', retryable: false }));
    expect(typeof (raw as { value: { layers: { spots: { relativeX: unknown } }[] } }).value.layers[0]!.spots.relativeX).toBe('string');
    const value = readReply(backgroundProtocol, 'heatmap.load', JSON.parse(JSON.stringify(raw)));
    expect(values(value.layers[0]!.spots)).toEqual(values(spots));
  });
});
