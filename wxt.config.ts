import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fieldWorkerSourcePlugin } from './lib/render/field-worker-build';
import type { Plugin } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * Heatlens renders text from PostHog and from pages as text, never as HTML, and uses no
 * `dangerouslySetInnerHTML`. Preact's renderer still carries the one `innerHTML =` that prop would
 * reach; this removes it at build time (AMO's linter rightly flags it), so an HTML string could not be
 * rendered even by mistake. The build fails if Preact's code changes shape, rather than silently
 * keeping the assignment.
 */
function noHtmlStrings(): Plugin {
  const assignment = /(\w+)\.innerHTML=(\w+)\.__html/g;
  return {
    name: 'heatlens:no-html-strings',
    enforce: 'post',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs/.test(id)) return null;
      if (!assignment.test(code)) throw new Error('heatlens:no-html-strings: Preact no longer has the expected innerHTML assignment; review this plugin.');
      return { code: code.replace(assignment, '(()=>{throw new Error("Heatlens never renders HTML strings")})()'), map: null };
    },
  };
}

/**
 * WXT's content-script context announces each start with `window.postMessage({ type:
 * "<extension id>:content:wxt:content-script-started", … }, "*")`: every page (and every frame's
 * listener) learns that Heatlens is installed and its id. The same announcement also goes out as a
 * DOM event on `document`, which the content script's previous copy (after an update) still hears
 * and which a page only sees if it already knows the id, so the postMessage is removed here (issue 17,
 * test/e2e/hostile-page.test.ts). The build fails if WXT's code changes shape.
 */
function noStartupPostMessage(): Plugin {
  const announcement = /window\.postMessage\(\{\s*type: ContentScriptContext\.SCRIPT_STARTED_MESSAGE_TYPE,[^}]*\}, "\*"\);/;
  return {
    name: 'heatlens:no-startup-postmessage',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]wxt[\\/]dist[\\/]utils[\\/]content-script-context\.mjs$/.test(id)) return null;
      if (!announcement.test(code)) throw new Error('heatlens:no-startup-postmessage: WXT no longer posts the expected start-up message; review this plugin.');
      return { code: code.replace(announcement, ''), map: null };
    },
  };
}

/**
 * WXT's content-script wrapper imports `wxt/browser`, which the polyfill module makes all of
 * webextension-polyfill, for one read of `browser.runtime.id`. For the wrapper's two modules (they run
 * only in content scripts) `wxt/browser` is lib/protocol/content-runtime.ts instead, which keeps
 * content.js within its budget (scripts/check-size.ts). Everything else (background, popup, review.js)
 * keeps the polyfill. The build fails if WXT stops importing `wxt/browser` there.
 */
function contentScriptRuntime(): Plugin {
  const wrapperModule = /[\\/]node_modules[\\/]wxt[\\/]dist[\\/]utils[\\/](content-script-context|internal[\\/]custom-events)\.mjs$/;
  const runtimeModule = fileURLToPath(new URL('./lib/protocol/content-runtime.ts', import.meta.url));
  return {
    name: 'heatlens:content-script-runtime',
    enforce: 'pre',
    transform(code, id) {
      if (wrapperModule.test(id) && !code.includes('from "wxt/browser"')) {
        throw new Error('heatlens:content-script-runtime: the WXT content-script wrapper no longer imports wxt/browser; review this plugin.');
      }
      return null;
    },
    resolveId(source, importer) {
      if (!importer || !wrapperModule.test(importer)) return null;
      // The polyfill module's alias may already have rewritten the name.
      return source === 'wxt/browser' || source === '@wxt-dev/webextension-polyfill/browser' ? runtimeModule : null;
    },
  };
}

// The PostHog cloud app hosts are reached without asking; any self-hosted origin is requested
// at Save as an optional permission, so the extension never holds standing access to every site.
const cloudHosts = ['https://us.posthog.com/*', 'https://eu.posthog.com/*'];

/**
 * The overlay's stylesheets are template literals (`xxxCss = \`…\``) written readably; in the build
 * their comments and layout whitespace go, since the content script has a 30 KB budget (scripts/check-size.ts).
 * Only spaces that carry no meaning are removed: never the one before a `:` (`.a :hover` ≠ `.a:hover`).
 */
function compactCss(): Plugin {
  const literal = /(Css\s*=\s*`)([^`$]*)(`)/g;
  const minify = (css: string) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'heatlens:compact-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/](components|lib)[\\/][^?]*\.tsx?$/.test(id) || !code.includes('Css')) return null;
      const compacted = code.replace(literal, (_match, open: string, css: string, close: string) => open + minify(css) + close);
      return compacted === code ? null : { code: compacted, map: null };
    },
  };
}

/**
 * A test-only variant whose manifest *requires* `tabCapture`, which the released build asks for in a
 * click in the popup, because headless Chromium cannot answer a permission prompt (test/e2e/full-page.test.ts
 * loads it; nothing else does): HEATLENS_E2E_GRANT=tabCapture → .output/chrome-mv3-tabCapture-granted,
 * "Full page image" by the tab's video (lib/full-page/tab-capture.ts), the path the released build takes
 * once the user has allowed it. Same code, only the manifest differs. (No build holds `debugger`: Chromium
 * does not allow it as an optional permission, and required it would be standing access to every site.)
 */
const grantedForTests = process.env.HEATLENS_E2E_GRANT === 'tabCapture' ? ('tabCapture' as const) : null;
if (process.env.HEATLENS_E2E_GRANT && !grantedForTests) throw new Error(`HEATLENS_E2E_GRANT must be tabCapture, not ${process.env.HEATLENS_E2E_GRANT}`);

export default defineConfig({
  ...(grantedForTests ? { outDirTemplate: `chrome-mv3-${grantedForTests}-granted` } : {}),
  modules: ['@wxt-dev/webextension-polyfill'],
  // The renderer's and the page review's workers are bundled into strings at build time (lib/render/field-worker-build.ts).
  vite: () => ({ plugins: [compactCss(), preact(), noHtmlStrings(), noStartupPostMessage(), contentScriptRuntime(), fieldWorkerSourcePlugin()] }),
  manifest: ({ browser }) => ({
    name: 'Heatlens',
    description: 'Paints PostHog heatmaps on the live page you are browsing.',
    // activeTab: the page is reached only when the user clicks the toolbar button or presses the shortcut.
    // scripting: inject the overlay on demand and register it for sites the user chose to "always show".
    // storage: settings and the API key stay in extension storage.
    // offscreen (Chrome only, no install warning): the hidden document that reads a tab's video for
    // "Full page image" (lib/full-page/tab-capture.ts).
    permissions: [
      'activeTab',
      'scripting',
      'storage',
      ...(browser === 'firefox' ? [] : (['offscreen'] as const)),
      ...(grantedForTests && browser !== 'firefox' ? [grantedForTests] : []),
    ],
    // Optional, each asked for in a click on one of Heatlens's pages:
    // - tabs: only when Heatlens runs in a tab of its own (the popup opened as a tab, the options page)
    //   and must show which other tab "Show heatmap" is for.
    // - tabCapture (Chrome): "Full page image" takes the video of the tab the user invoked Heatlens on
    //   while the page scrolls. Chrome words it as "Read and change all your data on all websites", so
    //   it is asked for when first needed ("Allow full-page images" in the popup,
    //   lib/full-page/capture-permission.ts), not at install (test/e2e/security.test.ts).
    optional_permissions: ['tabs', ...(browser === 'firefox' || grantedForTests === 'tabCapture' ? [] : (['tabCapture'] as const))],
    host_permissions: cloudHosts,
    ...(browser === 'firefox'
      ? {}
      : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    commands: {
      'toggle-heatmap': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Show or hide the heatmap on this tab',
      },
      'cycle-compare-view': {
        suggested_key: { default: 'Alt+Shift+D' },
        description: 'Compare: show range A, range B or the difference B − A',
      },
    },
    action: { default_title: 'Heatlens' },
    // The sessions frame (entrypoints/sessions), framed by the overlay inside inspected pages: the
    // one Heatlens page a site can embed. It shows nothing but the list the background keeps for that
    // tab (lib/background/sessions-lists.ts), and nothing of it is readable by the embedding page.
    // Chrome: `use_dynamic_url` lets only the extension's own frames load it, so a page cannot fetch
    // chrome-extension://<id>/sessions.html to learn that Heatlens is installed.
    web_accessible_resources:
      browser === 'firefox' ? (['sessions.html'] as never) : [{ resources: ['sessions.html'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              // Fixed, so tests (and users' policies) can address the add-on and its moz-extension:// uuid.
              id: 'heatlens@heatlens.dev',
              // Firefox's built-in consent (140+, Android 142+). The URL of the page the user asks
              // about is sent to the PostHog host the user configured: that is browsing activity.
              // Nothing goes to Heatlens's authors.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['browsingActivity'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
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
