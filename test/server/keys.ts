// Personal API keys the local PostHog test server accepts by default, each named for what it may do.
// Scopes follow PostHog's rules: `*` grants everything, `<object>:write` includes `<object>:read`,
// and a key with an empty scope list is a legacy key that may do everything.

/** Every scope: the key the demo and most tests use. */
export const DEMO_KEY_ALL_SCOPES = 'phx_heatlens_demo_all';
/** Only `heatmap:read`: the key a careful user creates for Heatlens; cannot read the project's name. */
export const KEY_HEATMAP_ONLY = 'phx_heatlens_heatmap_only';
/** Can read the project but not heatmaps: every heatmap request answers 403 missing scope. */
export const KEY_NO_HEATMAP = 'phx_heatlens_no_heatmap';
/** Heatmaps and project, but no `element:read`: element stats answer 403 missing scope. */
export const KEY_NO_ELEMENTS = 'phx_heatlens_no_elements';

/** Heatmaps, elements and project, but no `query:read`: segments (HogQL) answer 403 missing scope. */
export const KEY_NO_QUERY = 'phx_heatlens_no_query';

/** Everything a heatmap user needs, with HogQL, but no `annotation:read`: annotations answer 403 missing scope. */
export const KEY_NO_ANNOTATIONS = 'phx_heatlens_no_annotations';

export const DEFAULT_KEYS: Readonly<Record<string, readonly string[]>> = {
  [DEMO_KEY_ALL_SCOPES]: ['*'],
  [KEY_HEATMAP_ONLY]: ['heatmap:read'],
  [KEY_NO_HEATMAP]: ['project:read'],
  [KEY_NO_ELEMENTS]: ['heatmap:read', 'project:read'],
  [KEY_NO_ANNOTATIONS]: ['heatmap:read', 'project:read', 'element:read', 'query:read'],
  [KEY_NO_QUERY]: ['heatmap:read', 'project:read', 'element:read', 'cohort:read', 'feature_flag:read', 'property_definition:read'],
};

/** Whether a key holding `scopes` may perform an action that needs `required` (e.g. `heatmap:read`). */
export function scopesAllow(scopes: readonly string[], required: string): boolean {
  if (scopes.length === 0 || scopes.includes('*') || scopes.includes(required)) return true;
  const [object, action] = required.split(':');
  return action === 'read' && scopes.includes(`${object}:write`);
}
