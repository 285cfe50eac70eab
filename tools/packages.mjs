// The libraries as installable npm packages (README, "Installable packages").
//
//   node tools/packages.mjs build   tsc per library (libs/<lib>/tsconfig.package.json) into
//                                   dist/packages/<lib>/lib, beside its package.json and README,
//                                   then checks each manifest against what the build imports
//   node tools/packages.mjs pack    build, then `npm pack` each into dist/packages/*.tgz
//
// The packages are named like the path aliases (@app/<lib>), so the compiled `require` calls and
// declarations need no rewriting: what resolves to libs/<lib>/src in the monorepo resolves to the
// installed package anywhere else.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'packages');
/**
 * Lower layers first: tsconfig.packages.json maps each sibling import to the declarations
 * built before it, so a library builds only after the ones it imports.
 */
const LIBS = [
  'ohlc-core',
  'market-hours',
  'market-data',
  'ohlc-cache',
  'ohlc-query',
  'candle-data',
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
function importedPackages(lib) {
  const specifiers = /(?:require\(|import\(|from |import )(["'])([^"'.][^"']*)\1/g;
  const names = new Set();
  for (const built of filesUnder(join(OUT, lib, 'lib'))) {
    if (!built.endsWith('.js')) continue;
    const stem = relative(join(OUT, lib, 'lib'), built).replace(/\.js$/, '');
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
 * root package.json installs and tests, and its siblings at its own version (they are released
 * together); every export points at a built file.
 */
function checkManifest(lib, rootManifest) {
  const dir = join(OUT, lib);
  const manifest = readJson(join(dir, 'package.json'));
  const declared = { ...manifest.dependencies, ...manifest.peerDependencies };
  const used = importedPackages(lib);
  const problems = [];
  for (const name of used) {
    if (!(name in declared)) problems.push(`imports ${name}, which it does not declare`);
  }
  for (const [name, range] of Object.entries(declared)) {
    if (!used.has(name)) problems.push(`declares ${name}, which it never imports`);
    const expected = name.startsWith(SCOPE) ? manifest.version : rootManifest.dependencies[name];
    if (range !== expected) problems.push(`wants ${name}@${range}, the repository has ${expected}`);
  }
  const targets = Object.values(manifest.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
  for (const target of [manifest.main, manifest.types, ...targets]) {
    if (!existsSync(join(dir, target))) problems.push(`points at ${target}, which was not built`);
  }
  if (problems.length > 0) {
    throw new Error(`${manifest.name}:\n  ${problems.join('\n  ')}`);
  }
}

function build() {
  rmSync(OUT, { recursive: true, force: true });
  // One tsc in build mode: the projects share parsed declarations, three times faster than six runs.
  const configs = LIBS.map((lib) =>
    relative(ROOT, join(ROOT, 'libs', lib, 'tsconfig.package.json')),
  );
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', ...configs]);
  const rootManifest = readJson(join(ROOT, 'package.json'));
  for (const lib of LIBS) {
    const dir = join(OUT, lib);
    // Build mode's bookkeeping, not part of the package.
    rmSync(join(dir, 'tsconfig.package.tsbuildinfo'), { force: true });
    for (const file of ['package.json', 'README.md']) {
      cpSync(join(ROOT, 'libs', lib, file), join(dir, file));
    }
    checkManifest(lib, rootManifest);
  }
  console.log(`built ${LIBS.length} packages in ${relative(ROOT, OUT)}/`);
}

function pack() {
  build();
  run('npm', [
    'pack',
    '--pack-destination',
    OUT,
    '--loglevel',
    'warn',
    ...LIBS.map((lib) => join(OUT, lib)),
  ]);
}

const commands = { build, pack };
const command = commands[process.argv[2]];
if (!command) {
  console.error(`usage: node tools/packages.mjs ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
command();
