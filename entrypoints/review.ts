import { browser } from 'wxt/browser';
import { CompareMoves, compareMovesCss } from '@/components/CompareMoves';
import { FindingsPanel, findingsPanelCss } from '@/components/FindingsPanel';
import { LegendDetails, legendDetailsCss } from '@/components/LegendDetails';
import { askBackground } from '@/lib/protocol/ask';
import { reviewModuleWith } from '@/lib/overlay/review-script';
import { handOverReviewModule } from '@/lib/overlay/review-handover';

/**
 * The page review, injected by the background into a tab the first time its user opens the review
 * (message `review.inject`), so the overlay's own script stays small. It only hands its module to the
 * overlay's script, which runs in the same isolated world (lib/overlay/review-module.ts).
 */
export default defineUnlistedScript(() => {
  handOverReviewModule(reviewModuleWith({
    LegendDetails,
    FindingsPanel,
    CompareMoves,
    reviewCss: findingsPanelCss + compareMovesCss,
    legendDetailsCss,
  }, {
    loadReviewData: (request) => askBackground('review.load', request),
    loadSessions: (request) => askBackground('review.sessions', request),
    saveHeatmap: (request) => askBackground('review.saveHeatmap', request),
    savedStatus: (shortId) => askBackground('review.savedStatus', { shortId }),
    readAsRecorded: async () => (await askBackground('preferences.get', {})).layoutChange.asRecorded,
    showAsRecorded: (asRecorded) => askBackground('layoutChange.showAsRecorded', { asRecorded }),
    // The visitors behind a spot are shown by this extension page, framed in the panel (lib/review/sessions-lists.ts).
    sessionsFrameUrl: (listId) => `${browser.runtime.getURL('/sessions.html')}#${encodeURIComponent(listId)}`,
  }));
});
