import type { Handlers } from '../messaging/protocol';
import { assertExtensionPage, type Sender } from '../messaging/sender';
import type { QueryCache } from '../heatmaps/service';
import { clientForSavedConnection, connectionCacheKey } from '../settings/connection';
import type { segmentsMessages } from './messages';
import { loadSegmentOptions } from './options';

export interface SegmentsServices {
  extensionOrigin: string;
  cache: QueryCache;
}

/** What the popup's segment picker can offer: cohorts, flags with variants, person properties. */
export function segmentsHandlers({ extensionOrigin, cache }: SegmentsServices): Handlers<typeof segmentsMessages, Sender> {
  return {
    'segments.options': async (_payload, sender) => {
      assertExtensionPage(sender, extensionOrigin);
      const { client, connection } = await clientForSavedConnection();
      return loadSegmentOptions({ client, cache, connectionKey: connectionCacheKey(connection) });
    },
  };
}
