import { CompareMoves, compareMovesCss } from '@/components/CompareMoves';
import { FindingsPanel, findingsPanelCss } from '@/components/FindingsPanel';
import { LegendDetails, legendDetailsCss } from '@/components/LegendDetails';
import { askBackground } from '@/lib/protocol/ask';
import { reviewModuleWith } from '@/lib/overlay/review-script';

/**
 * The page review, injected by the background into a tab the first time its user opens the review
 * (message `review.inject`), so the overlay's own script stays small. It only hands its module to the
 * overlay's script, which runs in the same isolated world (lib/overlay/review-module.ts).
 */
export default defineUnlistedScript(() => {
  globalThis.__heatlensReviewModule = reviewModuleWith({
    LegendDetails,
    FindingsPanel,
    CompareMoves,
    reviewCss: findingsPanelCss + compareMovesCss,
    legendDetailsCss,
  }, {
    loadAssessData: (request) => askBackground('assess.load', request),
    loadSessions: (request) => askBackground('assess.sessions', request),
    saveHeatmap: (request) => askBackground('assess.saveHeatmap', request),
    savedStatus: (shortId) => askBackground('assess.savedStatus', { shortId }),
  });
});
