/**
 * Spot columns on the wire between the background and a content script.
 *
 * Spots are typed arrays from PostHog's answer to the painter (`packSpots`, lib/heatmaps/service.ts):
 * x, y and count in number columns, fixed as one byte per spot (1 fixed, 0 not). Extension messages
 * are serialised as JSON, where a typed array would arrive as an object of indices, so every message's
 * columns cross as base64 text of their bytes: four strings, copied as they are, decoded with a few
 * native calls. Each column takes the narrowest type that carries every value exactly (PostHog's y
 * are whole pixels and counts whole numbers: 8, 16 or 32-bit integers; relative x are hundredths:
 * 16-bit integers of hundredths), else Float64: a busy page's answer crosses at about a quarter of
 * its Float64 size. Decoding hands back the integer and Float64 columns as views on the decoded bytes
 * (no copy); hundredths are divided back into a Float64Array, the one column that needs arithmetic.
 * `encodeSpotColumns` runs on every reply the background sends, `decodeSpotColumns` on every reply
 * read, before the reply is validated as usual.
 */

export const COLUMNS_ENCODING = 'heatlens-columns-v2';

/** How a number column is stored: unsigned integers, signed 16-bit hundredths, or Float64. */
type NumberColumnType = 'u8' | 'u16' | 'u32' | 'c16' | 'f64';
const BYTES_PER_VALUE: Record<NumberColumnType, number> = { u8: 1, u16: 2, u32: 4, c16: 2, f64: 8 };

/** A column of numbers as it is kept and read: decoding gives back whichever of these carried it. */
export type SpotNumberColumn = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** Spots in columns (one index per spot): 100k objects cost far more to send and check than four arrays. */
export interface SpotColumns {
  relativeX: SpotNumberColumn;
  y: SpotNumberColumn;
  count: SpotNumberColumn;
  /** One byte per spot: 1 when the spot is on a fixed/sticky element (viewport coordinates), else 0. */
  fixed: Uint8Array;
}

interface EncodedColumns {
  encoding: typeof COLUMNS_ENCODING;
  length: number;
  relativeX: string;
  y: string;
  count: string;
  /** One byte per spot: 1 fixed, 0 not. */
  fixed: string;
}

interface Base64Native {
  toBase64?: () => string;
}
interface Base64Constructor {
  fromBase64?: (text: string) => Uint8Array;
}

function bytesToBase64(bytes: Uint8Array): string {
  const native = (bytes as unknown as Base64Native).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  const chunk = 0x8000;
  for (let start = 0; start < bytes.length; start += chunk) binary += String.fromCharCode.apply(null, bytes.subarray(start, start + chunk) as unknown as number[]);
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const native = (Uint8Array as unknown as Base64Constructor).fromBase64;
  if (typeof native === 'function') return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * A column of finite numbers, checked in one tight loop (100k values) and never copied: as strict as
 * `z.array(z.number())` on its values (integer columns cannot hold anything else; a Float64Array may
 * hold NaN or ±Infinity, refused). Columns are made in the realm that reads them (`packSpots` in the
 * background, decoding in the content script), so `instanceof` tells them.
 */
export function isSpotNumberColumn(value: unknown): value is SpotNumberColumn {
  if (!(value instanceof Float64Array)) return value instanceof Uint32Array || value instanceof Uint16Array || value instanceof Uint8Array;
  for (let index = 0; index < value.length; index++) if (!Number.isFinite(value[index])) return false;
  return true;
}

/** A fixed column: a Uint8Array of 0 and 1 only (as strict as `z.array(z.boolean())` was). */
export function isSpotFixedColumn(value: unknown): value is Uint8Array {
  if (!(value instanceof Uint8Array)) return false;
  for (let index = 0; index < value.length; index++) if (value[index]! > 1) return false;
  return true;
}

/** Spot columns as `packSpots` builds them: exactly the four keys, valid columns of one length. */
function isSpotColumns(value: Record<string, unknown>): value is Record<string, unknown> & SpotColumns {
  const { relativeX, y, count, fixed } = value;
  return (
    isSpotNumberColumn(relativeX) &&
    isSpotNumberColumn(y) &&
    isSpotNumberColumn(count) &&
    isSpotFixedColumn(fixed) &&
    y.length === relativeX.length &&
    count.length === relativeX.length &&
    fixed.length === relativeX.length &&
    Object.keys(value).length === 4
  );
}

/** The narrowest type that gives back every value exactly (-0, NaN and ±Infinity only in Float64). */
export function narrowestColumnType(values: ArrayLike<number>): NumberColumnType {
  let integers = true;
  let hundredths = true;
  let max = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (integers && (value !== Math.floor(value) || value < 0 || Object.is(value, -0))) integers = false;
    else if (value > max) max = value;
    if (hundredths) {
      const scaled = Math.round(value * 100);
      if (scaled / 100 !== value || scaled < -32768 || scaled > 32767 || Object.is(value, -0)) hundredths = false;
    }
    if (!integers && !hundredths) return 'f64';
  }
  if (integers) return max <= 0xff ? 'u8' : max <= 0xffff ? 'u16' : max <= 0xffffffff ? 'u32' : 'f64';
  return 'c16';
}

function encodeNumbers(values: ArrayLike<number>): string {
  const type = narrowestColumnType(values);
  const column =
    type === 'u8' ? new Uint8Array(values.length)
    : type === 'u16' ? new Uint16Array(values.length)
    : type === 'u32' ? new Uint32Array(values.length)
    : type === 'c16' ? new Int16Array(values.length)
    : new Float64Array(values.length);
  if (type === 'c16') for (let index = 0; index < values.length; index++) column[index] = Math.round(values[index]! * 100);
  else column.set(values);
  return `${type}:${bytesToBase64(new Uint8Array(column.buffer))}`;
}

function encodeColumns(columns: SpotColumns): EncodedColumns {
  return { encoding: COLUMNS_ENCODING, length: columns.fixed.length, relativeX: encodeNumbers(columns.relativeX), y: encodeNumbers(columns.y), count: encodeNumbers(columns.count), fixed: bytesToBase64(columns.fixed) };
}

function decodeNumbers(text: unknown, length: number): SpotNumberColumn | null {
  if (typeof text !== 'string') return null;
  const colon = text.indexOf(':');
  const type = text.slice(0, colon) as NumberColumnType;
  if (colon < 0 || !Object.hasOwn(BYTES_PER_VALUE, type)) return null;
  const bytes = base64ToBytes(text.slice(colon + 1));
  if (bytes.length !== length * BYTES_PER_VALUE[type]) return null;
  // fromBase64 and the atob loop both give a fresh buffer of exactly these bytes (offset 0, so aligned
  // for any of these views): the column is a view on it, not a copy.
  const buffer = bytes.buffer;
  if (type === 'c16') {
    const hundredths = new Int16Array(buffer);
    const values = new Float64Array(length);
    for (let index = 0; index < length; index++) values[index] = hundredths[index]! / 100;
    return values;
  }
  return type === 'u8' ? new Uint8Array(buffer) : type === 'u16' ? new Uint16Array(buffer) : type === 'u32' ? new Uint32Array(buffer) : new Float64Array(buffer);
}

function decodeColumns(value: Record<string, unknown>): SpotColumns | null {
  const length = value.length;
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) return null;
  const relativeX = decodeNumbers(value.relativeX, length);
  const y = decodeNumbers(value.y, length);
  const count = decodeNumbers(value.count, length);
  if (!relativeX || !y || !count || typeof value.fixed !== 'string') return null;
  // A fixed byte other than 0/1 is left for validation (isSpotFixedColumn) to refuse.
  const fixed = base64ToBytes(value.fixed);
  return fixed.length === length ? { relativeX, y, count, fixed } : null;
}

/**
 * Copies `value` with every spot-column object (exactly relativeX/y/count/fixed, typed arrays of one
 * length) replaced by its encoded form, however few its spots: a typed array would not survive JSON.
 * Arrays of numbers are not walked element by element, so this costs the encoding only. Columns that
 * are not valid typed columns stay as they are, for the receiving side's validation to refuse.
 */
export function encodeSpotColumns(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || typeof value[0] !== 'object' || value[0] === null) return value;
    return value.map(encodeSpotColumns);
  }
  // A typed array elsewhere is not walked index by index (and would not survive JSON either).
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  const record = value as Record<string, unknown>;
  if (isSpotColumns(record)) return encodeColumns(record);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) copy[key] = encodeSpotColumns(record[key]);
  return copy;
}

/**
 * The inverse, on the receiving side, before validation. An encoded object that does not decode
 * (wrong lengths, bad base64) is left as it is, and validation refuses it, as it refuses a fixed byte other than 0/1.
 */
export function decodeSpotColumns(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || typeof value[0] !== 'object' || value[0] === null) return value;
    return value.map(decodeSpotColumns);
  }
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record.encoding === COLUMNS_ENCODING) {
    try {
      return decodeColumns(record) ?? value;
    } catch {
      return value; // invalid base64
    }
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) copy[key] = decodeSpotColumns(record[key]);
  return copy;
}
