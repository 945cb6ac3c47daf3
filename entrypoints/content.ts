import { browser } from 'wxt/browser';
import { contentProtocol, dispatchMessage, type Handlers } from '@/lib/messages';
import { OverlayController } from '@/lib/overlay/controller';
import { serializePostHogError } from '@/lib/posthog/errors';
import { askBackground } from '@/lib/transport';

declare global {
  // Set in the content script's isolated world, which page scripts cannot see.
  var __heatlensInjected: boolean | undefined;
}

export default defineContentScript({
  // Never injected by the manifest: the background runs it on demand (activeTab) or on the sites
  // the user chose, so Heatlens holds no standing access to every page.
  registration: 'runtime',
  main() {
    if (globalThis.__heatlensInjected) return;
    globalThis.__heatlensInjected = true;

    const overlay = new OverlayController({
      loadHeatmap: (request) => askBackground('heatmap.load', request),
      getPreferences: () => askBackground('preferences.get', {}),
      switchViewportBand: async (band) => {
        await askBackground('filters.useViewportBand', { band });
      },
      onClosedInPage: () => void askBackground('overlay.closedInPage', {}).catch(() => undefined),
      review: {
        loadAssessData: (request) => askBackground('assess.load', request),
        loadSessions: (request) => askBackground('assess.sessions', request),
        saveHeatmap: (request) => askBackground('assess.saveHeatmap', request),
        savedStatus: (shortId) => askBackground('assess.savedStatus', { shortId }),
      },
      export: { captureVisible: (request) => askBackground('export.captureVisible', request) },
    });

    const handlers: Handlers<typeof contentProtocol, undefined> = {
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
    };

    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      if (sender.id !== browser.runtime.id) return undefined;
      return dispatchMessage(contentProtocol, handlers, message, undefined, serializePostHogError);
    });
  },
});
