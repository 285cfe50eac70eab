import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

type Dependencies = Readonly<Record<string, string>>;

/** One entry of package-lock.json's `packages`, keyed by where it is installed. */
interface LockEntry {
  readonly version: string;
  readonly dependencies?: Dependencies;
  readonly optionalDependencies?: Dependencies;
  readonly peerDependencies?: Dependencies;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly inBundle?: boolean;
  readonly [field: string]: unknown;
}

/** The package.json of the app to install. */
export interface AppManifest {
  readonly name: string;
  readonly version: string;
  /** Registry ranges, and `file:<path>.tgz` for local tarballs (paths relative to the app). */
  readonly dependencies: Dependencies;
  readonly devDependencies?: Dependencies;
}

/**
 * Installs an app in `appDir` (outside this repository) with `npm ci`, bounded by `timeoutMs`,
 * without the registry.
 *
 * Every package the app needs besides its local tarballs is one this repository has installed:
 * the repository's package-lock.json says which version sits where, and its node_modules holds
 * each one as npm unpacked it. Each of those is packed again from there into
 * `<appDir>/vendor/*.tar` (its own files, not the dependencies nested in it), and the app gets a
 * lockfile of its own: the part of the repository's tree it needs (same versions, same nesting),
 * every package resolved to its tarball and checked by the tarball's integrity. `npm ci --offline` with an empty cache of
 * the app's own then installs exactly that and has nothing to ask a registry (the registry is
 * set to a closed port as well, so a request would fail rather than leave the machine).
 * Afterwards the app has its own node_modules and shares nothing with the repository's.
 */
export function installOffline(
  appDir: string,
  manifest: AppManifest,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): void {
  const repoLock = (
    JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    }
  ).packages;
  const packages: Record<string, unknown> = {
    '': {
      name: manifest.name,
      version: manifest.version,
      dependencies: manifest.dependencies,
      devDependencies: manifest.devDependencies,
    },
  };
  // Each: a package's location ('' for the app) and the name of one it needs.
  const pending: { from: string; name: string }[] = [];
  const needs = (from: string, entry: LockEntry) =>
    pending.push(...requiredDependencies(entry).map((name) => ({ from, name })));
  for (const [name, spec] of Object.entries({
    ...manifest.dependencies,
    ...manifest.devDependencies,
  })) {
    if (spec.startsWith('file:')) {
      const entry = localTarball(appDir, spec);
      packages[`node_modules/${name}`] = entry;
      // Installed at the top level, it finds what it needs there too.
      needs('', entry);
    } else {
      pending.push({ from: '', name });
    }
  }

  const vendor = join(appDir, 'vendor');
  mkdirSync(vendor);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { from, name } = next;
    if (from === '' && packages[`node_modules/${name}`]) continue;
    const location = installedLocation(repoLock, from, name);
    if (!location)
      throw new Error(`${name} (needed by ${from || 'the app'}) is not installed here`);
    if (packages[location]) continue;
    const entry = repoLock[location];
    if (entry.inBundle) throw new Error(`${location} is bundled in its parent: not supported`);
    const file = `${location.replace(/^node_modules\//, '').replace(/\//g, '+')}.tar`;
    packFromNodeModules(location, join(vendor, file));
    packages[location] = {
      ...withoutFlags(entry),
      resolved: `file:vendor/${file}`,
      integrity: integrityOf(join(vendor, file)),
    };
    needs(location, entry);
  }

  const { name, version, dependencies, devDependencies } = manifest;
  writeFileSync(
    join(appDir, 'package.json'),
    `${JSON.stringify({ name, version, private: true, dependencies, devDependencies }, null, 2)}\n`,
  );
  writeFileSync(
    join(appDir, 'package-lock.json'),
    `${JSON.stringify({ name, version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  execFileSync(
    'npm',
    [
      'ci',
      '--offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--no-update-notifier',
      '--loglevel=error',
      `--cache=${join(appDir, '.npm-cache')}`,
      `--userconfig=${join(appDir, '.npmrc')}`,
      '--registry=http://127.0.0.1:9/',
    ],
    { cwd: appDir, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs },
  );
}

/** Where node would find `name` required from the package at `from` ('' for the top level). */
function installedLocation(lock: Record<string, LockEntry>, from: string, name: string) {
  for (let base = from; ;) {
    const location = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock[location] && existsSync(join(ROOT, location))) return location;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

/** What a package cannot do without: its dependencies and non-optional peers. */
function requiredDependencies(entry: LockEntry): string[] {
  const optionalPeer = (name: string) => entry.peerDependenciesMeta?.[name]?.optional === true;
  return [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeer(name)),
  ];
}

/** The repository's own flags (dev, peer, ...) say nothing about the app's tree: npm works them out. */
function withoutFlags(entry: LockEntry): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...entry };
  for (const flag of ['dev', 'devOptional', 'optional', 'peer', 'resolved', 'integrity']) {
    delete copy[flag];
  }
  return copy;
}

/** A local tarball as a lockfile entry, from the package.json inside it. */
function localTarball(appDir: string, spec: string): LockEntry {
  const path = join(appDir, spec.slice('file:'.length));
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', path, 'package/package.json'], { encoding: 'utf8' }),
  ) as LockEntry;
  const { version, license, engines, dependencies, peerDependencies, peerDependenciesMeta } =
    manifest;
  return {
    version,
    resolved: spec,
    integrity: integrityOf(path),
    license,
    engines,
    dependencies,
    peerDependencies,
    peerDependenciesMeta,
  };
}

/** npm's tarball layout (`package/...`) of an installed package, without node_modules inside it. */
function packFromNodeModules(location: string, tarball: string): void {
  execFileSync('tar', [
    '--create',
    `--file=${tarball}`,
    `--directory=${join(ROOT, location)}`,
    '--anchored',
    '--exclude=./node_modules',
    // Member names only: a symbolic link's target stays as it is.
    '--transform=s,^\\.,package,S',
    '.',
  ]);
}

function integrityOf(path: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(path)).digest('base64')}`;
}
