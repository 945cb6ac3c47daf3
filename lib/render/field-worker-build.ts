/**
 * Build-time only (Node): turns lib/render/field-worker.ts into the classic-script text the painter
 * starts from a Blob URL, whenever a bundler meets `import source from './field-worker?worker-source'`.
 * The page review's worker (lib/review/review-worker.ts, `?worker-source` in lib/review/review-analyst.ts)
 * is built the same way.
 * Used by WXT's Vite build (wxt.config.ts), vitest (vitest.config.ts) and the benchmark's esbuild
 * bundle (scripts/bench-render.ts), so no generated file is committed and none can go stale.
 *
 * Why text and not Vite's `?worker`: a content script cannot start a Worker from a chrome-extension://
 * or moz-extension:// URL (it runs in the page's origin), so the only way is a Blob URL made from the
 * worker's code. Vite's `?worker&inline` would do that too, but embeds the code base64-encoded (a
 * third larger, and base64 gzips poorly) and starts the worker itself, falling back to a data: URL,
 * where the painter needs to see a refusal and paint on the main thread instead.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export const WORKER_SOURCE_QUERY = '?worker-source';
const directory = path.dirname(fileURLToPath(import.meta.url));
const WORKER_ENTRY = path.join(directory, 'field-worker.ts');

/** Bundles and minifies the worker entry into one classic script (an IIFE). */
export async function bundleFieldWorker(entry = WORKER_ENTRY): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the field worker');
  return { code: output.text, inputs: Object.keys(result.metafile.inputs).map((input) => path.resolve(input)) };
}

function workerEntryOf(id: string, importer: string | undefined): string | null {
  if (!id.endsWith(WORKER_SOURCE_QUERY)) return null;
  const bare = id.slice(0, -WORKER_SOURCE_QUERY.length);
  const resolved = path.resolve(importer ? path.dirname(importer) : process.cwd(), bare);
  return resolved.endsWith('.ts') ? resolved : `${resolved}.ts`;
}

/** Vite (and so WXT and vitest): `import source from './field-worker?worker-source'` is the bundled text. */
export function fieldWorkerSourcePlugin(): VitePlugin {
  const prefix = '\0heatlens-worker-source:';
  return {
    name: 'heatlens-field-worker-source',
    enforce: 'pre',
    resolveId(id, importer) {
      const entry = workerEntryOf(id, importer);
      return entry ? `${prefix}${entry}` : null;
    },
    async load(id) {
      if (!id.startsWith(prefix)) return null;
      const { code, inputs } = await bundleFieldWorker(id.slice(prefix.length));
      // Rebuilt in watch mode (wxt dev, vitest --watch) when anything the worker imports changes.
      for (const input of inputs) this.addWatchFile(input);
      return `export default ${JSON.stringify(code)};`;
    },
  };
}

/** The same for esbuild bundles (the benchmark page's harness). */
export function fieldWorkerSourceEsbuildPlugin(): EsbuildPlugin {
  return {
    name: 'heatlens-field-worker-source',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\?worker-source$/ }, (args) => ({ path: workerEntryOf(args.path, args.importer)!, namespace: 'heatlens-worker-source' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'heatlens-worker-source' }, async (args) => ({
        contents: `export default ${JSON.stringify((await bundleFieldWorker(args.path)).code)};`,
        loader: 'js',
      }));
    },
  };
}
