import type { Handlers } from '../messaging/protocol';
import type { Sender } from '../messaging/sender';
import type { QueryCache } from '../heatmaps/service';
import { clientForSavedConnection, connectionCacheKey } from '../settings/connection';
import { loadAnnotations } from './load';
import type { annotationsMessages } from './messages';

export interface AnnotationsServices {
  cache: QueryCache;
}

/** Annotations for the compare picker's split points and near-live's "since a release". */
export function annotationsHandlers({ cache }: AnnotationsServices): Handlers<typeof annotationsMessages, Sender> {
  return {
    'annotations.list': async (range) => {
      const { client, connection } = await clientForSavedConnection();
      return loadAnnotations({ client, cache, connectionKey: connectionCacheKey(connection) }, range);
    },
  };
}
