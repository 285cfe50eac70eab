// The libraries as installable npm packages (README, "Installable packages").
//
//   node tools/packages.mjs build [--out <dir>]   tsc per library (libs/<lib>/tsconfig.package.json)
//                                                into <dir>/<lib>/lib beside its package.json and
//                                                README, then checks each manifest against what the
//                                                build imports; <dir> is dist/packages by default
//   node tools/packages.mjs pack [--out <dir>]    build, then `npm pack` each into <dir>/*.tgz
//
// The packages are named like the path aliases (@app/<lib>), so the compiled `require` calls and
// declarations need no rewriting: what resolves to libs/<lib>/src in the monorepo resolves to the
// installed package anywhere else.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Lower layers first: each library compiles against the declarations of the ones it imports,
 * built before it.
 */
const LIBS = [
  'ohlc-core',
  'market-hours',
  'market-data',
  'ohlc-cache',
  'shared-state',
  'ohlc-query',
  'candle-data',
  'live-candles',
];
const SCOPE = '@app/';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
  }
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/**
 * Packages the built files load or name in their declarations (`import("x").T` included), and
 * those their sources import for types only: the code is written against their API.
 */
function importedPackages(lib, libDir) {
  const specifiers = /(?:require\(|import\(|from |import )(["'])([^"'.][^"']*)\1/g;
  const names = new Set();
  for (const built of filesUnder(libDir)) {
    if (!built.endsWith('.js')) continue;
    const stem = relative(libDir, built).replace(/\.js$/, '');
    const sources = [
      built,
      `${built.slice(0, -3)}.d.ts`,
      join(ROOT, 'libs', lib, 'src', `${stem}.ts`),
    ];
    for (const file of sources.filter((source) => existsSync(source))) {
      for (const [, , specifier] of readFileSync(file, 'utf8').matchAll(specifiers)) {
        if (!isBuiltin(specifier)) names.add(packageOf(specifier));
      }
    }
  }
  return names;
}

/**
 * A manifest declares exactly the packages its build imports (peer or not), at the range the
 * root package.json installs and tests, and its siblings at its own version, the repository's
 * (they are released together); every export points at a built file.
 */
function checkManifest(lib, dir, rootManifest) {
  const manifest = readJson(join(dir, 'package.json'));
  const declared = { ...manifest.dependencies, ...manifest.peerDependencies };
  const used = importedPackages(lib, join(dir, 'lib'));
  const problems = [];
  if (manifest.version !== rootManifest.version) {
    problems.push(`is version ${manifest.version}, the repository ${rootManifest.version}`);
  }
  for (const name of used) {
    if (!(name in declared)) problems.push(`imports ${name}, which it does not declare`);
  }
  for (const [name, range] of Object.entries(declared)) {
    if (!used.has(name)) problems.push(`declares ${name}, which it never imports`);
    const expected = name.startsWith(SCOPE) ? manifest.version : rootManifest.dependencies[name];
    if (range !== expected) problems.push(`wants ${name}@${range}, the repository has ${expected}`);
  }
  for (const target of [manifest.main, manifest.types, ...exportTargets(manifest)]) {
    if (!existsSync(join(dir, target))) problems.push(`points at ${target}, which was not built`);
  }
  if (problems.length > 0) {
    throw new Error(`${manifest.name}:\n  ${problems.join('\n  ')}`);
  }
}

function exportTargets(manifest) {
  return Object.values(manifest.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
}

/**
 * The import paths of the libraries' entry points (`@app/<lib>`, `@app/<lib>/testing`, as their
 * manifests export them) mapped to the declarations built under `out`, for the libraries after.
 */
function builtEntryPoints(out) {
  const paths = {};
  for (const lib of LIBS) {
    const { name, exports } = readJson(join(ROOT, 'libs', lib, 'package.json'));
    for (const [subpath, target] of Object.entries(exports)) {
      if (typeof target === 'object') {
        paths[`${name}${subpath.slice(1)}`] = [join(out, lib, target.types)];
      }
    }
  }
  return paths;
}

/**
 * One tsconfig per library, extending the library's own with where this build puts it. One tsc
 * in build mode compiles them in order: the projects share parsed declarations, three times
 * faster than six runs.
 */
function compile(stage) {
  const paths = builtEntryPoints(stage);
  const configs = LIBS.map((lib) => {
    const config = join(stage, `${lib}.tsconfig.json`);
    const options = {
      extends: join(ROOT, 'libs', lib, 'tsconfig.package.json'),
      compilerOptions: {
        outDir: join(stage, lib, 'lib'),
        tsBuildInfoFile: join(stage, `${lib}.tsbuildinfo`),
        paths,
      },
    };
    writeFileSync(config, `${JSON.stringify(options, null, 2)}\n`);
    return config;
  });
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', ...configs]);
}

/** Removes what an earlier build left in `out`, and nothing else there. */
function clean(out) {
  for (const lib of LIBS) rmSync(join(out, lib), { recursive: true, force: true });
  if (!existsSync(out)) return;
  for (const file of readdirSync(out)) {
    if (/^app-[a-z-]+-\d.*\.tgz$/.test(file)) rmSync(join(out, file));
  }
}

/**
 * Builds in a temporary folder beside a link to this repository's node_modules, where the
 * declarations built for one library find what they import (Nest, ...) when the next one
 * compiles against them, and nothing else (`nest build` empties dist/) can remove them
 * meanwhile; `out` gets the packages once they are built and checked.
 */
function build(out) {
  const stage = mkdtempSync(join(tmpdir(), 'ohlc-packages-build-'));
  const modules = join(stage, 'node_modules');
  try {
    symlinkSync(join(ROOT, 'node_modules'), modules, 'junction');
    compile(stage);
    const rootManifest = readJson(join(ROOT, 'package.json'));
    for (const lib of LIBS) {
      for (const file of ['package.json', 'README.md']) {
        cpSync(join(ROOT, 'libs', lib, file), join(stage, lib, file));
      }
      checkManifest(lib, join(stage, lib), rootManifest);
    }
    clean(out);
    for (const lib of LIBS) cpSync(join(stage, lib), join(out, lib), { recursive: true });
  } finally {
    rmSync(modules, { force: true });
    rmSync(stage, { recursive: true, force: true });
  }
  console.log(`built ${LIBS.length} packages in ${relative(process.cwd(), out) || '.'}`);
}

function pack(out) {
  build(out);
  const dirs = LIBS.map((lib) => join(out, lib));
  run('npm', ['pack', '--pack-destination', out, '--loglevel', 'warn', ...dirs]);
}

const commands = { build, pack };
const [name, ...args] = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const out = resolve(
  outFlag >= 0 && args[outFlag + 1] ? args[outFlag + 1] : join(ROOT, 'dist', 'packages'),
);
if (!commands[name] || (outFlag >= 0 && !args[outFlag + 1])) {
  console.error(`usage: node tools/packages.mjs ${Object.keys(commands).join('|')} [--out <dir>]`);
  process.exit(2);
}
commands[name](out);
