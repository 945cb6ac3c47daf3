import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fieldWorkerSourcePlugin } from './lib/render/field-worker-build';

// The PostHog cloud app hosts are reached without asking; any self-hosted origin is requested
// at Save as an optional permission, so the extension never holds standing access to every site.
const cloudHosts = ['https://us.posthog.com/*', 'https://eu.posthog.com/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // The renderer's worker is bundled into a string at build time (lib/render/field-worker-build.ts).
  vite: () => ({ plugins: [preact(), fieldWorkerSourcePlugin()] }),
  manifest: ({ browser }) => ({
    name: 'Heatlens',
    description: 'Paints PostHog heatmaps on the live page you are browsing.',
    // activeTab: the page is reached only when the user clicks the toolbar button or presses the shortcut.
    // scripting: inject the overlay on demand and register it for sites the user chose to "always show".
    // storage: settings and the API key stay in extension storage.
    permissions: ['activeTab', 'scripting', 'storage'],
    host_permissions: cloudHosts,
    ...(browser === 'firefox'
      ? {}
      : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    commands: {
      'toggle-heatmap': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Show or hide the heatmap on this tab',
      },
    },
    action: { default_title: 'Heatlens' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'heatlens@heatlens.dev' } } }
      : {}),
  }),
  hooks: {
    // WXT drops optional_host_permissions for MV2; Firefox keeps optional origins in `optional_permissions`.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.browser === 'firefox') {
        manifest.optional_permissions = [...(manifest.optional_permissions ?? []), 'http://*/*', 'https://*/*'] as never;
      }
    },
  },
});
