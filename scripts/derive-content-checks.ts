/**
 * Writes lib/protocol/content-checks.generated.ts: the overlay's script's checks of every reply it
 * reads and every request the background sends it, derived from the messages' zod schemas (the
 * content script carries no zod: see lib/protocol/content-protocol.ts). Run after changing a schema:
 *
 *   npm run derive:content-checks
 *
 * test/unit/content-checks-derived.test.ts fails when the file is not what this writes today.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contentProtocol, fixedColumnSchema, numberColumnSchema, packedSpotsSchema } from '../lib/messaging/protocol';
import { backgroundProtocol } from '../lib/protocol/background';
import { contentAsks, type ContentAsks } from '../lib/protocol/content-asks';
import { overlayPreferencesSchema } from '../lib/settings/preferences';
import { ContentChecksWriter, type ZodLike } from '../lib/protocol/derive-checks';

export const GENERATED_PATH = resolve(import.meta.dirname, '../lib/protocol/content-checks.generated.ts');

export function contentChecksSource(): string {
  const writer = new ContentChecksWriter(
    new Map<ZodLike, string>([
      [numberColumnSchema as unknown as ZodLike, 'numberColumn'],
      [fixedColumnSchema as unknown as ZodLike, 'fixedColumn'],
      [packedSpotsSchema as unknown as ZodLike, 'packedSpots'],
    ]),
  );
  /** Replies the overlay checks against part of their schema, and why (see each schema's comment). */
  const narrower: Partial<Record<ContentAsks, ZodLike>> = { 'preferences.get': overlayPreferencesSchema as unknown as ZodLike };
  const replies = contentAsks.map((type) => [type, narrower[type] ?? (backgroundProtocol[type].response as unknown as ZodLike)] as const);
  const requests = Object.entries(contentProtocol).map(([type, message]) => [type, message.request as unknown as ZodLike] as const);
  for (const [, schema] of [...replies, ...requests]) writer.count(schema);
  const written = (entries: ReadonlyArray<readonly [string, ZodLike]>) => entries.map(([type, schema]) => `  '${type}': ${writer.write(schema)},`).join('\n');
  const replyLines = written(replies);
  const requestLines = written(requests);
  return [
    '// Written by `npm run derive:content-checks` (scripts/derive-content-checks.ts) from the zod schemas of',
    "// the messages (lib/protocol/background.ts, lib/messaging/protocol.ts). Do not edit: a unit test fails when",
    '// this file is not what the schemas give (test/unit/content-checks-derived.test.ts).',
    "import { a, b, fixedColumn, l, n, nl, numberColumn, o, op, packedSpots, s, so, text, u, type Check } from '../messaging/checks';",
    '',
    ...writer.declarations(),
    '',
    '/** The replies the overlay\'s script reads, by message. */',
    'export const replyChecks = {',
    replyLines,
    '} satisfies Record<string, Check>;',
    '',
    '/** The requests the background sends the overlay\'s script, by message. */',
    'export const requestChecks = {',
    requestLines,
    '} satisfies Record<string, Check>;',
    '',
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(GENERATED_PATH, contentChecksSource());
  console.log(`wrote ${GENERATED_PATH}`);
}
