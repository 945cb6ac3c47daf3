/**
 * Heatlens's import rules, checked in `npm test` (`npm run check:imports`). docs/architecture.md says
 * what each folder is for; these rules keep the layers as drawn there:
 *
 *   entrypoints  → components, lib          (wiring only)
 *   components   → lib (never lib/overlay)  (views take props)
 *   lib/overlay  → lib/protocol, the features, render, layers, messaging, settings, core
 *   lib/protocol → the features' messages, messaging (the protocol assembled; the content side's checks)
 *   features     → posthog, render, layers, messaging, settings, core   (payload, segments, compare,
 *                  review, export, full-page, tabs)
 *   lib/posthog  → core                     (the PostHog client knows nothing of messages)
 *   lib/render   → core
 *   lib/core     → nothing
 */
const features = '(payload|segments|compare|review|export|full-page|tabs|views|settings)';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles, at any distance.', from: {}, to: { circular: true } },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      comment: 'lib/core is what every layer shares; it imports no other folder of the project.',
      from: { path: '^lib/core/' },
      to: { path: '^(lib/(?!core/)|components/|entrypoints/)' },
    },
    {
      name: 'lib-not-views',
      severity: 'error',
      comment: 'lib/ runs without a browser UI: it never imports the Preact views nor the entrypoints (views are handed in by the entrypoints).',
      from: { path: '^lib/' },
      to: { path: '^(components|entrypoints)/' },
    },
    {
      name: 'views-take-props',
      severity: 'error',
      comment: 'A view takes props; it does not reach into the overlay or the background.',
      from: { path: '^components/' },
      to: { path: '^(lib/overlay/|entrypoints/)' },
    },
    {
      name: 'posthog-client-knows-no-messages',
      severity: 'error',
      comment: 'The PostHog client is a client of an HTTP API: it knows nothing of messages, settings, features or rendering.',
      from: { path: '^lib/posthog/' },
      to: { path: '^lib/(?!posthog/|core/)' },
    },
    {
      name: 'render-is-a-painter',
      severity: 'error',
      comment: 'The renderer paints what it is given: it imports only lib/core.',
      from: { path: '^lib/render/' },
      to: { path: '^lib/(?!render/|core/)' },
    },
    {
      name: 'protocol-and-storage-not-ui',
      severity: 'error',
      comment: 'Message schemas and stored settings describe data; they never import the overlay or a view.',
      from: { path: '^lib/(messaging|settings)/' },
      to: { path: '^(lib/overlay/|components/)' },
    },
    {
      name: 'features-not-overlay',
      severity: 'error',
      comment: 'A feature folder does not depend on the overlay that hosts it (the overlay composes features, not the reverse).',
      from: { path: `^lib/${features}/` },
      to: { path: '^lib/overlay/' },
    },
    {
      name: 'analysis-not-renderer',
      severity: 'error',
      comment: "The review's analysis is pure: it does not import the renderer (shared scheduling lives in lib/core).",
      from: { path: '^lib/review/(analyst|cluster|compare|cta|describe|element-stats|report|rules|index)' },
      to: { path: '^lib/render/' },
    },
    {
      name: 'features-not-protocol-assembly',
      severity: 'error',
      comment: 'lib/protocol assembles every feature\'s messages: a feature (or messaging) importing it would tie every feature to every other.',
      from: { path: `^lib/(${features.slice(1, -1)}|messaging|posthog|render|layers|core)/` },
      to: { path: '^lib/protocol/' },
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      comment: 'Released code never imports test code or scripts.',
      from: { path: '^(lib|components|entrypoints)/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.output|\\.wxt)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.d.ts'] },
  },
};
