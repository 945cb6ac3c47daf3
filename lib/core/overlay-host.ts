/**
 * Marks the overlay's host, a plain <div> (lib/overlay/mount.ts says why it is not a custom element):
 * the page review looks through it (lib/review/describe.ts), and the tests find it by it.
 */
export const OVERLAY_HOST_ATTRIBUTE = 'data-heatlens-overlay';
