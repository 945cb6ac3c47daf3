import type { PanelLayoutForPage } from '../messaging/protocol';
import { toSerializedError } from '../protocol/content-transport';
import type { MountedReview, ReviewModule } from './review-module';
import type { ReviewSummary } from '../views/overlay';
import type { OverlaySession } from './session';
import type { HeatmapPayload } from '../messaging/protocol';
import type { Preferences } from '../settings/store';

export interface ReviewHostOptions {
  loadReviewModule?(): Promise<ReviewModule>;
  saveLayout(change: Partial<PanelLayoutForPage>): void;
  /** The review's state changed: the panel renders its summary again. */
  onChange(): void;
  /** The page and data painted now, if any: a review opened after the paint runs on them. */
  painted(): { pageUrl: string; payload: HeatmapPayload; preferences: Preferences } | null;
}

/**
 * The page review in the overlay's panel, loaded on demand: closed until the user opens it (its
 * script is injected then). `summary` is what the bar shows.
 */
export class ReviewHost {
  private mounted: MountedReview | null = null;
  summary: ReviewSummary = closedSummary();
  /** Counts openings, so that a slow load for an opening the user already undid is dropped. */
  private opening = 0;

  constructor(private readonly options: ReviewHostOptions) {}

  get available(): boolean {
    return this.options.loadReviewModule !== undefined;
  }

  /** A new session: nothing mounted, closed. */
  reset(): void {
    this.mounted?.unmount();
    this.mounted = null;
    this.summary = closedSummary();
  }

  /** The data changed: forget the page's review (it runs again on the next paint). */
  forgetPage(): void {
    this.mounted?.reset();
  }

  /** Runs the open review on what was just painted. */
  run(pageUrl: string, payload: HeatmapPayload, preferences: Preferences): void {
    if (this.mounted) void this.mounted.run(pageUrl, payload, preferences);
  }

  toggle(session: OverlaySession): void {
    if (this.summary.open) {
      this.close(session);
      this.options.saveLayout({ reviewOpen: false });
    } else {
      this.options.saveLayout({ reviewOpen: true });
      void this.open(session);
    }
  }

  /** Loads the review's script the first time, mounts the review in the panel and runs it on the painted data. */
  async open(session: OverlaySession): Promise<void> {
    const loadReviewModule = this.options.loadReviewModule;
    if (!loadReviewModule || this.summary.open) return;
    const opening = ++this.opening;
    this.summary = { open: true, kind: 'loading', findings: 0 };
    this.options.onChange();
    const current = () => this.opening === opening && this.summary.open && !session.abort.signal.aborted;
    try {
      const module = await loadReviewModule();
      if (!current()) return;
      this.mounted = module.mountReview({
        session,
        onSummary: (summary) => {
          if (!this.summary.open) return;
          this.summary = { open: true, ...summary };
          this.options.onChange();
        },
      });
      // A review opened after the paint runs on what is painted (nothing while loading or empty).
      const painted = this.options.painted();
      if (painted) void this.mounted.run(painted.pageUrl, painted.payload, painted.preferences);
    } catch (error) {
      if (this.opening !== opening || session.abort.signal.aborted) return;
      const serialized = toSerializedError(error);
      this.summary = { open: true, kind: 'error', findings: 0 };
      session.frame.reviewSlot.textContent = '';
      const message = document.createElement('p');
      message.className = 'error';
      message.textContent = `The page review could not start: ${serialized.message}`;
      session.frame.reviewSlot.append(message);
      this.options.onChange();
    }
  }

  close(session: OverlaySession | null): void {
    this.mounted?.unmount();
    this.mounted = null;
    this.summary = closedSummary();
    this.opening++;
    if (session) session.frame.reviewSlot.textContent = '';
    this.options.onChange();
  }
}

function closedSummary(): ReviewSummary {
  return { open: false, kind: 'off', findings: 0 };
}
