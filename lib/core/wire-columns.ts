/**
 * Spot columns on the wire between the background and a content script.
 *
 * Extension messages are serialised as JSON: 100k spots in four arrays are 400k numbers that the
 * content script's side turns back into JavaScript values in one task on the host page's main thread
 * (~100 ms measured with 100k spots, a long task on every paint). The same columns as base64 text of
 * their bytes are four strings, which cross as a copy, and decoding them is a few native calls and
 * one loop per column. Each column takes the narrowest type that carries every value exactly
 * (PostHog's y are whole pixels and counts whole numbers: 8, 16 or 32-bit integers; relative x are
 * hundredths: 16-bit integers of hundredths), else Float64: a busy page's answer crosses at about a
 * quarter of its Float64 size, and nothing downstream changes. `encodeSpotColumns` runs on every reply
 * the background sends, `decodeSpotColumns` on every reply read, before the reply is validated as usual.
 */

export const COLUMNS_ENCODING = 'heatlens-columns-v2';

/** How a number column is stored: unsigned integers, signed 16-bit hundredths, or Float64. */
type NumberColumnType = 'u8' | 'u16' | 'u32' | 'c16' | 'f64';
const BYTES_PER_VALUE: Record<NumberColumnType, number> = { u8: 1, u16: 2, u32: 4, c16: 2, f64: 8 };

interface PlainColumns {
  relativeX: number[];
  y: number[];
  count: number[];
  fixed: boolean[];
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

/** Below this many spots the plain arrays are cheaper than encoding. */
const MIN_ENCODED_SPOTS = 1024;

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

function isPlainColumns(value: Record<string, unknown>): value is Record<string, unknown> & PlainColumns {
  const { relativeX, y, count, fixed } = value;
  return (
    Array.isArray(relativeX) &&
    Array.isArray(y) &&
    Array.isArray(count) &&
    Array.isArray(fixed) &&
    relativeX.length >= MIN_ENCODED_SPOTS &&
    y.length === relativeX.length &&
    count.length === relativeX.length &&
    fixed.length === relativeX.length &&
    Object.keys(value).length === 4
  );
}

/** The narrowest type that gives back every value exactly (-0, NaN and ±Infinity only in Float64). */
export function narrowestColumnType(values: readonly number[]): NumberColumnType {
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

function encodeNumbers(values: number[]): string | null {
  for (let index = 0; index < values.length; index++) {
    // Anything but a number stays as it was, for the receiving side's validation to refuse.
    if (typeof values[index] !== 'number') return null;
  }
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

function encodeColumns(columns: PlainColumns): EncodedColumns | PlainColumns {
  const fixed = new Uint8Array(columns.fixed.length);
  for (let index = 0; index < fixed.length; index++) {
    const value = columns.fixed[index];
    if (typeof value !== 'boolean') return columns;
    fixed[index] = value ? 1 : 0;
  }
  const relativeX = encodeNumbers(columns.relativeX);
  const y = relativeX === null ? null : encodeNumbers(columns.y);
  const count = y === null ? null : encodeNumbers(columns.count);
  if (relativeX === null || y === null || count === null) return columns;
  return { encoding: COLUMNS_ENCODING, length: fixed.length, relativeX, y, count, fixed: bytesToBase64(fixed) };
}

function decodeNumbers(text: unknown, length: number): number[] | null {
  if (typeof text !== 'string') return null;
  const colon = text.indexOf(':');
  const type = text.slice(0, colon) as NumberColumnType;
  if (colon < 0 || !Object.hasOwn(BYTES_PER_VALUE, type)) return null;
  const bytes = base64ToBytes(text.slice(colon + 1));
  if (bytes.length !== length * BYTES_PER_VALUE[type]) return null;
  // fromBase64/atob give a fresh buffer, aligned for any of these views.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const values = new Array<number>(length);
  if (type === 'c16') {
    const column = new Int16Array(buffer);
    for (let index = 0; index < length; index++) values[index] = column[index]! / 100;
    return values;
  }
  const column = type === 'u8' ? new Uint8Array(buffer) : type === 'u16' ? new Uint16Array(buffer) : type === 'u32' ? new Uint32Array(buffer) : new Float64Array(buffer);
  for (let index = 0; index < length; index++) values[index] = column[index]!;
  return values;
}

function decodeColumns(value: Record<string, unknown>): PlainColumns | null {
  const length = value.length;
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) return null;
  const relativeX = decodeNumbers(value.relativeX, length);
  const y = decodeNumbers(value.y, length);
  const count = decodeNumbers(value.count, length);
  if (!relativeX || !y || !count || typeof value.fixed !== 'string') return null;
  const fixedBytes = base64ToBytes(value.fixed);
  if (fixedBytes.length !== length) return null;
  const fixed = new Array<boolean>(length);
  for (let index = 0; index < length; index++) {
    const byte = fixedBytes[index];
    if (byte !== 0 && byte !== 1) return null;
    fixed[index] = byte === 1;
  }
  return { relativeX, y, count, fixed };
}

/**
 * Copies `value` with every large spot-column object (exactly relativeX/y/count/fixed) replaced by its
 * encoded form. Arrays of numbers are not walked element by element, so this costs the encoding only.
 */
export function encodeSpotColumns(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || typeof value[0] !== 'object' || value[0] === null) return value;
    return value.map(encodeSpotColumns);
  }
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (isPlainColumns(record)) return encodeColumns(record);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) copy[key] = encodeSpotColumns(record[key]);
  return copy;
}

/**
 * The inverse, on the receiving side, before validation. An encoded object that does not decode
 * (wrong lengths, bad base64, a fixed byte other than 0/1) is left as it is, and validation refuses it.
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
