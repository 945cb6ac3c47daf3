// First: shadows a `browser` global that the page's markup named (lib/protocol/runtime-global.ts).
import '@/lib/protocol/runtime-global';
import { answerBackground, askBackgroundFromContent as askBackground } from '@/lib/protocol/content-transport';
import { CompareSwitch, compareSwitchCss } from '@/components/CompareSwitch';
import { Guides, guidesCss } from '@/components/Guides';
import { OverlayPanel, overlayPanelCss } from '@/components/OverlayPanel';
import { OverlayController } from '@/lib/overlay/controller';
import { claimOverlayInjection, handedOverReviewModule } from '@/lib/overlay/review-handover';

/**
 * The overlay's script: only the paint path and the compact panel. The page review is its own script
 * (entrypoints/review.ts), injected the first time the user opens it. This file stays under 30 KB
 * gzipped (scripts/check-size.ts, part of `npm test`), so it uses neither zod nor the polyfill
 * (lib/protocol/content-transport.ts says why and how).
 */
export default defineContentScript({
  // Never injected by the manifest: the background runs it on demand (activeTab) or on the sites
  // the user chose, so Heatlens holds no standing access to every page.
  registration: 'runtime',
  main() {
    // Not a string-named global: the page's markup can put named elements on this world's window.
    if (!claimOverlayInjection()) return;

    // The page review and export live in a second script, injected into this tab when first needed.
    const loadReviewModule = async () => {
      if (!handedOverReviewModule()) await askBackground('review.inject', {});
      const module = handedOverReviewModule();
      if (!module) throw new Error('the page review and export could not be loaded on this page');
      return module;
    };

    // The renderer's worker script comes from the background, once per page (see lib/render/painter.ts).
    let workerSource: Promise<string | null> | null = null;
    const loadWorkerSource = () =>
      (workerSource ??= askBackground('render.workerSource', {}).then(
        (reply) => reply.source,
        () => null,
      ));

    const overlay = new OverlayController({
      views: { OverlayPanel, Guides, CompareSwitch, css: guidesCss + overlayPanelCss + compareSwitchCss },
      loadWorkerSource,
      loadMainThreadFields: async () => (await loadReviewModule()).mainThreadFields,
      loadHeatmap: (request) => askBackground('heatmap.load', request),
      getPreferences: () => askBackground('preferences.get', {}),
      switchViewportBand: async (band) => {
        await askBackground('filters.useViewportBand', { band });
      },
      onClosedInPage: () => void askBackground('overlay.closedInPage', {}).catch(() => undefined),
      loadReviewModule,
      panelLayout: {
        get: () => askBackground('panel.getLayout', {}),
        save: (change) => void askBackground('panel.saveLayout', change).catch(() => undefined),
      },
      export: {
        captureVisible: (request) => askBackground('export.captureVisible', request),
        captureFullPage: (request) => askBackground('export.captureFullPage', request),
        finishFullPage: () => askBackground('export.finishFullPage', {}),
        beginFullPage: (request) => askBackground('export.beginFullPage', request),
        expectStrips: (request) => askBackground('export.expectStrips', request),
        awaitStrips: (request) => askBackground('export.awaitStrips', request),
        abortFullPage: () => askBackground('export.abortFullPage', {}),
      },
    });

    answerBackground({
      'overlay.show': async () => {
        overlay.show();
        return { ok: true as const };
      },
      'overlay.hide': async () => {
        overlay.hide();
        return { ok: true as const };
      },
      'overlay.isVisible': async () => ({ visible: overlay.visible }),
      'overlay.refresh': async () => {
        void overlay.load();
        return { ok: true as const };
      },
      // Alt+Shift+D: without a comparison there is nothing to cycle, and nothing happens.
      'overlay.cycleCompareView': async ({ view }) => {
        overlay.cycleCompareView(view);
        return { ok: true as const };
      },
    });
  },
});
