import { isSpotFixedColumn, isSpotNumberColumn } from '../core/wire-columns';
import type { Checker, CheckResult } from './envelope';

/**
 * A few validators in zod's image, for the one place zod does not go: the content script, which runs
 * on every page the user inspects and must stay under 30 KB gzipped (zod was 7.8 KB of it). They check what the content script reads from its messages, as strictly as the zod schemas in
 * lib/messaging/protocol.ts do; test/unit/messaging-content-checks.test.ts holds them to that: every value zod
 * produces passes, and whatever they accept zod accepts unchanged.
 */

/** Returns the first problem, as a path and a reason, or null when the value fits. */
export type Check = (value: unknown, path: string) => string | null;

export function checker<T>(check: Check): Checker<T> {
  return {
    safeParse(value: unknown): CheckResult<T> {
      const problem = check(value, '');
      return problem === null ? { success: true, data: value as T } : { success: false, error: { issues: [{ message: problem }] } };
    },
  };
}

const at = (path: string, reason: string) => `${path || 'value'}: ${reason}`;

export const string: Check = (value, path) => (typeof value === 'string' ? null : at(path, 'expected a string'));
export const boolean: Check = (value, path) => (typeof value === 'boolean' ? null : at(path, 'expected a boolean'));
/**
 * A finite number within optional bounds (zod's number rejects Infinity and NaN too). `exclusive`:
 * 1 when `min` itself is refused (zod's positive), 2 when `max` is, 3 both.
 */
export const number =
  (min = -Infinity, max = Infinity, integer: boolean | 0 | 1 = false, exclusive = 0): Check =>
  (value, path) =>
    typeof value !== 'number' || !Number.isFinite(value)
      ? at(path, 'expected a number')
      : value < min || value > max || (exclusive & 1 && value === min) || (exclusive & 2 && value === max)
        ? at(path, `expected a number from ${min} to ${max}`)
        : integer && !Number.isSafeInteger(value)
          ? at(path, 'expected an integer')
          : null;
/** A string of `min` to `max` characters, starting with `prefix` when given. */
export const text =
  (min: number, max: number, prefix?: string): Check =>
  (value, path) =>
    typeof value !== 'string'
      ? at(path, 'expected a string')
      : value.length < min || value.length > max
        ? at(path, `expected ${min} to ${max} characters`)
        : prefix !== undefined && !value.startsWith(prefix)
          ? at(path, `expected a string starting with ${prefix}`)
          : null;
export const literal =
  (...allowed: readonly unknown[]): Check =>
  (value, path) =>
    allowed.includes(value) ? null : at(path, `expected one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`);
export const nullable =
  (inner: Check): Check =>
  (value, path) =>
    value === null ? null : inner(value, path);
export const optional =
  (inner: Check): Check =>
  (value, path) =>
    value === undefined ? null : inner(value, path);
export const array =
  (item: Check, min = 0, max = Infinity): Check =>
  (value, path) => {
    if (!Array.isArray(value)) return at(path, 'expected an array');
    if (value.length < min || value.length > max) return at(path, `expected ${min} to ${max} items`);
    for (let index = 0; index < value.length; index++) {
      const problem = item(value[index], `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  };
/** An object with these fields (others are allowed and left alone). */
export const object =
  (fields: Record<string, Check>): Check =>
  (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return at(path, 'expected an object');
    for (const [key, check] of Object.entries(fields)) {
      const problem = check((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
    return null;
  };
/** An object with exactly these fields (zod's strictObject). */
export const strictObject =
  (fields: Record<string, Check>): Check =>
  (value, path) =>
    object(fields)(value, path) ?? (Object.keys(value as object).every((key) => key in fields) ? null : at(path, 'unexpected field'));
/** The first of several shapes that fits (zod's union). */
export const union =
  (...options: Check[]): Check =>
  (value, path) => {
    let first: string | null = null;
    for (const option of options) {
      const problem = option(value, path);
      if (problem === null) return null;
      first ??= problem;
    }
    return first;
  };
export const refine =
  (inner: Check, test: (value: never) => boolean, reason: string): Check =>
  (value, path) =>
    inner(value, path) ?? (test(value as never) ? null : at(path, reason));

/** The column schemas' own predicates (lib/core/wire-columns.ts): one tight loop, no copy. */
export const numberColumn: Check = (value, path) => (isSpotNumberColumn(value) ? null : at(path, 'expected a column of finite numbers'));
export const fixedColumn: Check = (value, path) => (isSpotFixedColumn(value) ? null : at(path, 'expected a column of 0 and 1'));

/** Spots in columns whose lengths agree (the zod schema's refinement, lib/messaging/schemas.ts). */
export const packedSpots: Check = refine(
  object({ relativeX: numberColumn, y: numberColumn, count: numberColumn, fixed: fixedColumn }),
  (spots: { relativeX: ArrayLike<unknown>; y: ArrayLike<unknown>; count: ArrayLike<unknown>; fixed: ArrayLike<unknown> }) =>
    spots.y.length === spots.relativeX.length && spots.count.length === spots.relativeX.length && spots.fixed.length === spots.relativeX.length,
  'columns differ in length',
);

// The short names the derived checks are written with (lib/protocol/content-checks.generated.ts).
export { array as a, boolean as b, literal as l, nullable as nl, number as n, object as o, optional as op, string as s, strictObject as so, union as u };
