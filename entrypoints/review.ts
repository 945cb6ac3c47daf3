import { reviewModule } from '@/lib/overlay/review-mount';
import { handOverReviewModule } from '@/lib/overlay/review-handover';

/**
 * The page review, injected by the background into a tab the first time its user opens the review
 * (message `review.inject`), so the overlay's own script stays small. It only hands its module to the
 * overlay's script, which runs in the same isolated world (lib/overlay/review-module.ts).
 */
export default defineUnlistedScript(() => {
  handOverReviewModule(reviewModule);
});
