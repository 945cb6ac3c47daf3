/**
 * Spot columns on the wire between the background and a content script.
 *
 * Extension messages are serialised as JSON: 100k spots in four arrays are 400k numbers that the
 * content script's side turns back into JavaScript values in one task on the host page's main thread
 * (~100 ms measured with 100k spots, a long task on every paint). The same columns as base64 text of
 * their IEEE-754 bytes are four strings, which cross as a copy, and decoding them is a few native
 * calls and one loop per column. Values are carried exactly (Float64), so nothing downstream changes:
 * `encodeSpotColumns` runs on every reply the background sends, `decodeSpotColumns` on every reply
 * read, before the reply is validated as usual.
 */

export const COLUMNS_ENCODING = 'heatlens-columns-f64-base64';

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

function encodeNumbers(values: number[]): string | null {
  const column = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    // Anything but a number stays as it was, for the receiving side's validation to refuse.
    if (typeof value !== 'number') return null;
    column[index] = value;
  }
  return bytesToBase64(new Uint8Array(column.buffer));
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
  const bytes = base64ToBytes(text);
  if (bytes.length !== length * 8) return null;
  // fromBase64/atob give a fresh, aligned buffer.
  const column = new Float64Array(bytes.buffer, bytes.byteOffset, length);
  const values = new Array<number>(length);
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
