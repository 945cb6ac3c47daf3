import type { PanelLayoutForPage } from '../messaging/protocol';
import { settingsStore } from './store';

/**
 * The in-page panel's remembered layout: which parts the user leaves open (on every site) and where
 * they docked it (per origin). Writes are read-modify-write on one storage item, so they run one at a
 * time: a quick "open the review, then Escape" must not end up stored as open.
 */
export class PanelLayouts {
  private writes: Promise<unknown> = Promise.resolve();

  async forOrigin(origin: string | null): Promise<PanelLayoutForPage> {
    const layout = await settingsStore.getPanelLayout();
    return { detailsOpen: layout.detailsOpen, reviewOpen: layout.reviewOpen, dock: (origin && layout.docks[origin]) || null };
  }

  save(origin: string | null, change: Partial<PanelLayoutForPage>): Promise<void> {
    const write = this.writes.then(async () => {
      const layout = await settingsStore.getPanelLayout();
      const docks = { ...layout.docks };
      if (origin && change.dock !== undefined) {
        if (change.dock === null) delete docks[origin];
        else docks[origin] = change.dock;
      }
      await settingsStore.setPanelLayout({
        detailsOpen: change.detailsOpen ?? layout.detailsOpen,
        reviewOpen: change.reviewOpen ?? layout.reviewOpen,
        docks,
      });
    });
    this.writes = write.catch(() => undefined);
    return write;
  }
}
