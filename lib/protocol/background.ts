import { settingsMessages } from '../settings/messages';
import { tabsMessages } from '../tabs/messages';
import { payloadMessages } from '../payload/messages';
import { segmentsMessages } from '../segments/messages';
import { reviewMessages } from '../review/messages';
import { exportMessages } from '../export/messages';
import { fullPageMessages } from '../full-page/messages';
import { annotationsMessages } from '../annotations/messages';
import { layoutChangeMessages } from '../layout-change/messages';
import { nearLiveMessages } from '../near-live/messages';

/**
 * Every message to the background, assembled from each feature's own messages.ts (their schemas are
 * in the feature; the shared data schemas in lib/messaging/schemas.ts). This folder sits above the
 * features: a feature never imports it, so the protocol's assembly adds no cycle between folders.
 * A feature is removed by removing its folder, its line here and its line in entrypoints/background.ts.
 */
export const backgroundProtocol = {
  ...settingsMessages,
  ...tabsMessages,
  ...payloadMessages,
  ...segmentsMessages,
  ...reviewMessages,
  ...exportMessages,
  ...fullPageMessages,
  ...annotationsMessages,
  ...layoutChangeMessages,
  ...nearLiveMessages,
} as const;
export type BackgroundProtocol = typeof backgroundProtocol;
