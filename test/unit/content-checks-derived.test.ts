import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checker } from '@/lib/messaging/checks';
import { ContentChecksWriter, type ZodLike } from '@/lib/protocol/derive-checks';
import { contentChecksSource, GENERATED_PATH } from '../../scripts/derive-content-checks';
import * as checks from '@/lib/messaging/checks';

const asZod = (schema: unknown) => schema as ZodLike;

/** Evaluates derived code with the checks' short names in scope, the way the generated file uses them. */
function derivedCheck(schema: unknown): checks.Check {
  const writer = new ContentChecksWriter(new Map());
  writer.count(asZod(schema));
  const code = writer.write(asZod(schema));
  const names = Object.keys(checks);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...names, `${writer.declarations().join('\n')}\nreturn ${code};`)(...names.map((name) => (checks as Record<string, unknown>)[name])) as checks.Check;
}

describe('the content script checks derived from the zod schemas', () => {
  it('are what the schemas give today (run `npm run derive:content-checks` after changing a schema)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(contentChecksSource());
  });

  it('keep every rule of numbers, strings, arrays and objects: what zod refuses, the derived check refuses', () => {
    const cases: Array<[unknown, unknown[], unknown[]]> = [
      [z.number().check(z.positive()), [0.5, 3], [0, -1, Infinity, '1']],
      [z.int().check(z.gte(1), z.lte(3)), [1, 3], [0, 4, 1.5]],
      [z.string().check(z.maxLength(3), z.startsWith('d')), ['d', 'dat'], ['data', 'x', 3]],
      [z.array(z.boolean()).check(z.minLength(1), z.maxLength(2)), [[true], [true, false]], [[], [true, true, true], [1]]],
      [z.strictObject({ a: z.optional(z.nullable(z.enum(['x', 'y']))) }), [{}, { a: null }, { a: 'y' }], [{ a: 'z' }, { b: 1 }, null, []]],
      [z.object({ a: z.literal(true) }), [{ a: true, extra: 1 }], [{ a: false }, {}]],
      [z.union([z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b'), n: z.number() })]), [{ kind: 'a' }, { kind: 'b', n: 1 }], [{ kind: 'b' }, { kind: 'c' }]],
    ];
    for (const [schema, accepted, refused] of cases) {
      const check = checker(derivedCheck(schema));
      for (const value of accepted) {
        expect((schema as z.ZodMiniType).safeParse(value).success, JSON.stringify(value)).toBe(true);
        expect(check.safeParse(value).success, JSON.stringify(value)).toBe(true);
      }
      for (const value of refused) {
        expect((schema as z.ZodMiniType).safeParse(value).success, JSON.stringify(value)).toBe(false);
        expect(check.safeParse(value).success, JSON.stringify(value)).toBe(false);
      }
    }
  });

  it('refuses a schema it cannot write, instead of dropping its rule', () => {
    expect(() => derivedCheck(z.date())).toThrow(/unsupported schema type date/);
    expect(() => derivedCheck(z.string().check(z.regex(/^a/)))).toThrow(/unsupported string format/);
    expect(() => derivedCheck(z.custom<string>(() => true))).toThrow(/unsupported schema type custom/);
  });
});
