// The PostHog API layer: one import for the background worker and the UI.
export * from './schemas';
export * from './errors';
export * from './hosts';
export * from './query';
export * from './client';
