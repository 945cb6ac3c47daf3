/**
 * Writes a zod schema as the content script's checks (lib/messaging/checks.ts): the same rules, as
 * calls to a few small functions, so the overlay's script needs no zod (see content-protocol.ts).
 * Run at development time by scripts/derive-content-checks.ts; a unit test fails when the written
 * file differs from what the schemas give today.
 *
 * Only what the protocol uses is understood; anything else throws, so a schema can never lose a rule
 * on its way to the content script without the derivation saying so.
 */

// zod's definitions (`schema._zod.def`), as far as they are read here.
interface ZodDefinition {
  type: string;
  checks?: Array<{ _zod: { def: Record<string, unknown> & { check: string } } }>;
  format?: string;
  shape?: Record<string, ZodLike>;
  catchall?: ZodLike;
  element?: ZodLike;
  innerType?: ZodLike;
  entries?: Record<string, unknown>;
  values?: unknown[];
  options?: ZodLike[];
}
export interface ZodLike {
  _zod: { def: ZodDefinition };
}

/** Schemas written by hand in lib/messaging/checks.ts (custom checks and refinements), by identity. */
export type KnownChecks = Map<ZodLike, string>;

export class ContentChecksWriter {
  /** Shared parts, written once as constants and referred to by name. */
  private readonly constants = new Map<ZodLike, { name: string; code: string }>();
  private readonly uses = new Map<ZodLike, number>();

  constructor(private readonly known: KnownChecks) {}

  /** Counts how often each part is used, so parts used twice or more become constants. */
  count(schema: ZodLike): void {
    const seen = (this.uses.get(schema) ?? 0) + 1;
    this.uses.set(schema, seen);
    if (seen > 1 || this.known.has(schema)) return;
    for (const child of children(schema)) this.count(child);
  }

  write(schema: ZodLike): string {
    const known = this.known.get(schema);
    if (known) return known;
    const constant = this.constants.get(schema);
    if (constant) return constant.name;
    const code = this.writeDefinition(schema._zod.def);
    if ((this.uses.get(schema) ?? 0) > 1 && code.length > 12) {
      const name = `c${this.constants.size}`;
      this.constants.set(schema, { name, code });
      return name;
    }
    return code;
  }

  /** The constants written so far, in the order they can be declared. */
  declarations(): string[] {
    return [...this.constants.values()].map(({ name, code }) => `const ${name} = ${code};`);
  }

  private writeDefinition(def: ZodDefinition): string {
    const checks = (def.checks ?? []).map((check) => check._zod.def);
    const unsupported = checks.filter((check) => !['greater_than', 'less_than', 'min_length', 'max_length', 'string_format'].includes(check.check));
    if (unsupported.length) throw new Error(`derive-checks: unsupported check ${unsupported.map((check) => check.check).join(', ')} on ${def.type}`);
    switch (def.type) {
      case 'string': {
        const max = checks.find((check) => check.check === 'max_length')?.maximum as number | undefined;
        const min = checks.find((check) => check.check === 'min_length')?.minimum as number | undefined;
        const format = checks.find((check) => check.check === 'string_format');
        if (format && format.format !== 'starts_with') throw new Error(`derive-checks: unsupported string format ${String(format.format)}`);
        if (max === undefined && min === undefined && !format) return 's';
        return `text(${min ?? 0}, ${max ?? 'Infinity'}${format ? `, ${JSON.stringify(format.prefix)}` : ''})`;
      }
      case 'boolean':
        return 'b';
      case 'number': {
        let min = -Infinity;
        let max = Infinity;
        let exclusive = 0;
        for (const check of checks) {
          const value = check.value as number;
          if (check.check === 'greater_than') {
            min = value;
            if (!check.inclusive) exclusive |= 1;
          } else if (check.check === 'less_than') {
            max = value;
            if (!check.inclusive) exclusive |= 2;
          } else throw new Error(`derive-checks: unsupported number check ${check.check}`);
        }
        const integer = def.format === 'safeint' || def.format === 'int32';
        if (def.format && !integer) throw new Error(`derive-checks: unsupported number format ${def.format}`);
        if (min === -Infinity && max === Infinity && !integer) return 'n()';
        return `n(${num(min)}, ${num(max)}, ${integer ? 1 : 0}${exclusive ? `, ${exclusive}` : ''})`;
      }
      case 'literal':
        return `l(${def.values!.map((value) => JSON.stringify(value)).join(', ')})`;
      case 'enum':
        return `l(${Object.values(def.entries!).map((value) => JSON.stringify(value)).join(', ')})`;
      case 'nullable':
        return `nl(${this.write(def.innerType!)})`;
      case 'optional':
        return `op(${this.write(def.innerType!)})`;
      // The content script checks what the background already parsed: a default or catch has done its
      // work there, and the value is of the inner type.
      case 'default':
      case 'prefault':
      case 'catch':
        return this.write(def.innerType!);
      case 'array': {
        const min = checks.find((check) => check.check === 'min_length')?.minimum as number | undefined;
        const max = checks.find((check) => check.check === 'max_length')?.maximum as number | undefined;
        return `a(${this.write(def.element!)}${min !== undefined || max !== undefined ? `, ${min ?? 0}, ${max ?? 'Infinity'}` : ''})`;
      }
      case 'union':
        return `u(${def.options!.map((option) => this.write(option)).join(', ')})`;
      case 'object': {
        const strict = def.catchall?._zod.def.type === 'never';
        // A loose object (catchall unknown) lets other fields through, as `o` does.
        if (def.catchall && !strict && def.catchall._zod.def.type !== 'unknown') throw new Error(`derive-checks: unsupported object catchall ${def.catchall._zod.def.type}`);
        const fields = Object.entries(def.shape!).map(([key, value]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${this.write(value)}`);
        return fields.length ? `${strict ? 'so' : 'o'}({ ${fields.join(', ')} })` : `${strict ? 'so' : 'o'}({})`;
      }
      default:
        throw new Error(`derive-checks: unsupported schema type ${def.type} (add it here, or a hand-written check in lib/messaging/checks.ts)`);
    }
  }
}

function children(schema: ZodLike): ZodLike[] {
  const def = schema._zod.def;
  return [...Object.values(def.shape ?? {}), ...(def.element ? [def.element] : []), ...(def.innerType ? [def.innerType] : []), ...(def.options ?? [])];
}

function num(value: number): string {
  return value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : String(value);
}
