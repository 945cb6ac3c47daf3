import FIELD_WORKER_SOURCE from '../render/field-worker?worker-source';
import { loadComparedPayload, type LoadSide } from '../compare/load';
import { stripPostHogFragment } from '../core/geometry';
import type { Handlers } from '../messaging/protocol';
import { senderTabId, type Sender } from '../messaging/sender';
import { loadSegmentedPayload } from '../segments/options';
import { loadSideLayers } from '../segments/load-side';
import { clientForSavedConnection, connectionCacheKey } from '../settings/connection';
import { settingsStore } from '../settings/store';
import type { payloadMessages } from './messages';
import { dataUrlFor } from './query';
import type { QueryCache } from './service';

export interface PayloadServices {
  cache: QueryCache;
}

/** The heat a tab's overlay paints (plain, a segment, or a comparison) and the renderer's worker script. */
export function payloadHandlers({ cache }: PayloadServices): Handlers<typeof payloadMessages, Sender> {
  return {
    'heatmap.load': async ({ pageUrl, viewportWidth, fresh }, sender) => {
      senderTabId(sender);
      const [{ client, connection }, preferences] = await Promise.all([clientForSavedConnection(), settingsStore.getPreferences()]);
      const options = {
        client,
        cache,
        connectionKey: connectionCacheKey(connection),
        preferences,
        page: { dataUrl: dataUrlFor(stripPostHogFragment(pageUrl), preferences.dataSources), viewportWidth },
        // Cached heat at once, even past its max-age; the overlay then asks again with `fresh`.
        allowStale: fresh !== true,
      };
      // Compare (issue 9): each side is a (range, segment) pair: the plain endpoint for all visitors and
      // devices, HogQL for person properties, cohorts and flag variants.
      const loadSide: LoadSide = (range, segment) => loadSideLayers({ ...options, range, segment });
      return preferences.compare.enabled ? loadComparedPayload(options, loadSide) : loadSegmentedPayload(options);
    },
    'render.workerSource': async (_payload, sender) => {
      senderTabId(sender);
      return { source: FIELD_WORKER_SOURCE };
    },
  };
}
