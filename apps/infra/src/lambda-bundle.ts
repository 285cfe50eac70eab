import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { apiProject } from './api-project';
import { nodeLine } from './node-line';

/** Where `npm run build:lambda` puts the function's code, relative to the repository root. */
export const LAMBDA_BUNDLE_DIR = 'dist/lambda';
/** The function's handler setting: `handler` of `index.js` at the bundle's root. */
export const LAMBDA_HANDLER = 'index.handler';

/**
 * Packages whose files are served rather than run: they stay outside the bundle, copied whole
 * beside it so that they find their files where they expect them, and the bundle's own code
 * is never under a directory the app serves.
 */
const SERVED_PACKAGES = ['swagger-ui-dist', 'lightweight-charts'];

/**
 * Packages Nest and its add-ons load only when installed (other platforms, ORMs, template
 * engines): left as they are, so that their guarded `require` fails at run time as it does
 * under `npm ci --omit=dev`.
 */
const uninstalledStayExternal: Plugin = {
  name: 'uninstalled-stay-external',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, ({ path, resolveDir }) => {
      try {
        createRequire(join(resolveDir, 'noop.js')).resolve(path);
        return undefined;
      } catch {
        return { path, external: true };
      }
    });
  },
};

/**
 * The embedded store (dynalite) is never started on Lambda, so it is not shipped: the stub
 * fails loudly should a misconfiguration ever reach it (the handler refuses it first).
 */
const noEmbeddedStore: Plugin = {
  name: 'no-embedded-store',
  setup(bundle) {
    bundle.onResolve({ filter: /^dynalite$/ }, ({ path }) => ({ path, namespace: 'stub' }));
    bundle.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        'module.exports = () => { throw new Error("The embedded store is not part of the ' +
        'Lambda bundle: set L2_BACKEND=dynamodb"); };',
      loader: 'js',
    }));
  },
};

/**
 * Bundles the built handler (`npm run build`: tsc output, with the decorator metadata Nest's
 * injection needs, which esbuild alone cannot emit) with esbuild into one file, and lays out
 * the files the app serves: `outDir/index.js`, `outDir/public/` (the dashboard, found beside
 * the code as in `dist/`) and `outDir/node_modules/<served package>/`. No Docker, no network.
 */
export async function bundleLambda(root: string, outDir: string): Promise<void> {
  const { builtHandler } = apiProject(root);
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: [join(root, builtHandler)],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: `node${nodeLine(root)}`,
    format: 'cjs',
    minify: true,
    // Class names are log contexts (the alarm on replay losses matches one) and Nest tokens.
    keepNames: true,
    legalComments: 'none',
    // ESM-only dependencies (@nestjs/terminus 12) call createRequire(import.meta.url), which a
    // CommonJS bundle has no value for: the bundle's own file URL stands in.
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__bundleUrl' },
    external: SERVED_PACKAGES,
    plugins: [noEmbeddedStore, uninstalledStayExternal],
    logLevel: 'error',
  });
  cpSync(join(root, dirname(builtHandler), 'dashboard/public'), join(outDir, 'public'), {
    recursive: true,
  });
  const fromRoot = createRequire(join(root, 'package.json'));
  for (const name of SERVED_PACKAGES) {
    const target = join(outDir, 'node_modules', name);
    mkdirSync(target, { recursive: true });
    cpSync(dirname(fromRoot.resolve(`${name}/package.json`)), target, {
      recursive: true,
      // Source maps of the browser code are of no use to the function.
      filter: (source) => !source.endsWith('.map'),
    });
  }
}
