import { render } from 'preact';
import * as exportTools from '../export/tools';
import { mainThreadFields } from '../render/main-thread-fields';
import { comparisonMovesOnPage, type ComparisonMoves } from '../review/moves';
import { detectScrollRoot } from '../core/scroll-root';
import { PageReview, reviewCss, type ReviewDependencies } from '../review/page-review';
import { ReviewAnalysts } from '../review/review-analyst';
import { yieldToEventLoop } from '../core/schedule';
import type { DetailsRequest, MountedReview, ReviewModule, ReviewMountOptions } from './review-module';
import { ExportHost } from './export-host';
import { PanelClearance } from './panel-clearance';
import type { LegendDetailsProps, ReviewViews } from '../views/review';

/**
 * The review script's side of the handover (see review-module.ts): a PageReview whose findings render
 * into the panel's review slot with this script's own Preact, and whose badges go to the layer
 * container the overlay gave it.
 */
function mountReview(views: ReviewViews, reviewDependencies: ReviewDependencies, options: ReviewMountOptions): MountedReview {
  const { CompareMoves, FindingsPanel } = views;
  const { session } = options;
  const root = session.mount.root;
  const slot = session.frame.reviewSlot;
  const signal = session.abort.signal;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(reviewCss + views.reviewCss);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];

  const container = document.createElement('div');
  session.reviewLayer.append(container);
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  signal.addEventListener('abort', onAbort);

  // The opened panel stays off the element the findings are about (the first, or the one selected).
  const clearance = new PanelClearance(session.frame, abort.signal);
  let keptClearOf: { finding: string; selected: boolean } | null = null;

  /** Compare's "what moved" for the painted comparison: null without one. */
  let moves: ComparisonMoves | 'loading' | null = null;
  let runs = 0;

  const rerender = () => {
    if (abort.signal.aborted) return;
    const state = review.current;
    options.onSummary({ kind: state.kind, findings: state.findings.length });
    const first = state.kind === 'ready' ? state.findings.find((finding) => safeQuery(finding.target?.selector)) : undefined;
    if (!keptClearOf?.selected && keptClearOf?.finding !== first?.id) {
      keptClearOf = first ? { finding: first.id, selected: false } : null;
      clearance.keepClearOf(first ? safeQuery(first.target?.selector) : null);
    }
    render(
      <>
        <CompareMoves moves={moves} />
        <FindingsPanel
        state={state}
        onSelect={(finding) => {
          if (!review.highlight(finding)) return;
          const element = safeQuery(finding.target?.selector);
          // The element was scrolled into view and outlined: the panel keeps off it while it is there.
          if (!element) return;
          keptClearOf = { finding: finding.id, selected: true };
          clearance.keepClearOf(element);
        }}
        onCopy={() => void review.copyReport()}
        onToggleInspect={() => review.setInspect(!review.inspecting)}
        onSave={() => void review.saveToPostHog()}
        />
      </>,
      slot,
    );
  };
  // The review's worker lives while the review is open; each run has its own session on it.
  const analysts = new ReviewAnalysts();
  const review: PageReview = new PageReview(container, abort.signal, reviewDependencies, rerender, analysts);

  return {
    run(pageUrl, painted, preferences) {
      const run = ++runs;
      let movesRead: Promise<ComparisonMoves | null> | undefined;
      if (painted.comparison) {
        moves = 'loading';
        // The elements under each side's spots, on the live page, counted once per load (lib/review/moves).
        const root = detectScrollRoot();
        const view = { width: window.innerWidth, height: window.innerHeight, scrollX: root.scrollX(), scrollY: root.scrollY() };
        movesRead = comparisonMovesOnPage(document, painted.comparison, preferences, view, yieldToEventLoop).catch(() => null);
        void movesRead.then((read) => {
          if (run !== runs) return;
          moves = read;
          rerender();
        });
      } else {
        moves = null;
      }
      return review.run(pageUrl, painted, movesRead);
    },
    reset() {
      review.reset();
      keptClearOf = null;
      clearance.keepClearOf(null);
    },
    unmount() {
      review.reset();
      clearance.release();
      abort.abort();
      analysts.terminate();
      signal.removeEventListener('abort', onAbort);
      render(null, slot);
      container.remove();
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((candidate) => candidate !== sheet);
    },
  };
}


function safeQuery(selector: string | undefined): Element | null {
  if (!selector) return null;
  try {
    return document.querySelector(selector);
  } catch {
    return null;
  }
}

/** The details' stylesheet, adopted once per overlay (shadow root). */
const detailsSheets = new WeakMap<ShadowRoot, CSSStyleSheet>();

/** Export's host for each overlay (shadow root), made the first time its legend details open. */
const exportHosts = new WeakMap<ShadowRoot, ExportHost>();

/** The "as recorded" switch's calls to the background (issue 19): read the saved choice, change it. */
export interface AsRecordedCalls {
  readAsRecorded(): Promise<boolean>;
  showAsRecorded(asRecorded: boolean): Promise<unknown>;
}

/** The saved "as recorded" choice, read once when the details first show a change; null until known. */
let asRecorded: boolean | null = null;
let asRecordedRead = false;

function renderDetails(views: ReviewViews, calls: AsRecordedCalls, root: ShadowRoot, slot: HTMLElement, details: DetailsRequest | null): void {
  const { LegendDetails } = views;
  if (details && !detailsSheets.has(root)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(views.legendDetailsCss);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    detailsSheets.set(root, sheet);
  }
  if (!details) {
    render(null, slot);
    return;
  }
  let host = exportHosts.get(root);
  if (!host && details.export) exportHosts.set(root, (host = new ExportHost(details.export)));
  const notice = details.payload.layoutChange;
  if (notice?.day && !asRecordedRead) {
    asRecordedRead = true;
    void calls.readAsRecorded().then(
      (value) => {
        asRecorded = value;
        if (slot.isConnected) renderDetails(views, calls, root, slot, details);
      },
      () => (asRecordedRead = false),
    );
  }
  const props: LegendDetailsProps = {
    ...details,
    layoutChange: notice
      ? {
          day: notice.day,
          words: notice.words,
          asRecorded,
          onAsRecordedChange: (value) => {
            asRecorded = value;
            // The background saves it and every overlay loads again, painting the earlier clicks the chosen way.
            void calls.showAsRecorded(value);
          },
        }
      : null,
    export: host
      ? {
          state: host.state,
          onSaveImage: () => void host.run((exporter) => exporter.saveImage()),
          onSaveFullPage: () => void host.run((exporter) => exporter.saveFullPage()),
          onDownload: (format) => void host.run((exporter) => exporter.downloadData(format)),
        }
      : null,
  };
  render(<LegendDetails {...props} />, slot);
}

/**
 * The on-demand script's module, rendering with the views entrypoints/review.ts hands in and asking
 * the background through `calls` (that script has zod and the polyfill; content.js has neither).
 */
export function reviewModuleWith(views: ReviewViews, calls: ReviewDependencies & AsRecordedCalls): ReviewModule {
  return {
    mountReview: (options) => mountReview(views, calls, options),
    renderDetails: (root, slot, props) => renderDetails(views, calls, root, slot, props),
    exportTools,
    mainThreadFields,
  };
}
