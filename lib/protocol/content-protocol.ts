import type { ContentProtocol, RequestOf, ResponseOf } from '../messaging/protocol';
import { checker } from '../messaging/checks';
import type { Checker } from '../messaging/envelope';
import type { BackgroundProtocol } from './background';
import type { ContentAsks } from './content-asks';
import { replyChecks, requestChecks } from './content-checks.generated';

export type { ContentAsks } from './content-asks';

/**
 * The content script's half of the protocol, checked without zod: zod would be a quarter of the
 * overlay's script (which must stay under 30 KB gzipped, scripts/check-size.ts). The checks are not
 * written by hand: scripts/derive-content-checks.ts derives them from the messages' zod schemas into
 * content-checks.generated.ts, with the small functions of lib/messaging/checks.ts, and a unit test
 * fails when that file is stale. The types come from the zod schemas too (type-only imports).
 */

export const heatmapPayloadCheck = replyChecks['heatmap.load'];
export const overlayPreferencesCheck = replyChecks['preferences.get'];
export const panelLayoutCheck = replyChecks['panel.getLayout'];

export const contentReplyChecks = Object.fromEntries(Object.entries(replyChecks).map(([type, check]) => [type, { response: checker(check) }])) as {
  [K in ContentAsks]: { response: Checker<ResponseOf<BackgroundProtocol, K>> };
};

/** What the background may ask the content script. */
export const contentRequestChecks = Object.fromEntries(Object.entries(requestChecks).map(([type, check]) => [type, { request: checker(check) }])) as {
  [K in keyof ContentProtocol]: { request: Checker<RequestOf<ContentProtocol, K>> };
};
