import { askBackground } from '@/lib/protocol/ask';
import { runNearLiveOnce } from '@/lib/near-live/page';

/**
 * Near-live's page side (issue 19, item 5): the refresh timer, the countdown, the new-click markers.
 * Injected by the background when the overlay loads near-live heat (lib/near-live/settings.ts), so
 * the overlay's own script (content.js, with its 30 KB budget) carries none of it.
 */
export default defineUnlistedScript(() => {
  void runNearLiveOnce({
    start: (page) => askBackground('nearLive.start', page),
    refresh: (page) => askBackground('nearLive.refresh', page),
  });
});
