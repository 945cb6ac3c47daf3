/** Every layer the overlay can show, in the order the popup lists them (no zod: the content script reads it). */
export const layerIds = ['click', 'rageclick', 'deadclick', 'mousemove', 'scrolldepth', 'fold'] as const;
export type LayerId = (typeof layerIds)[number];
