/** Every layer the overlay can show, in the order the popup lists them (no zod: the content script reads it). */
export const layerIds = ['click', 'rageclick', 'deadclick', 'mousemove', 'scrolldepth', 'fold'] as const;
export type LayerId = (typeof layerIds)[number];

/** The layers drawn as heat from PostHog's spots (the others are guides). */
export const clickLikeLayerIds = ['click', 'rageclick', 'deadclick', 'mousemove'] as const;
export type ClickLikeLayerId = (typeof clickLikeLayerIds)[number];
