/**
 * What an installed dependency tree promises: the Node versions every package accepts
 * (`engines.node`) and the licence it is under. Read from the folder npm installed (its
 * `node_modules/.package-lock.json` and each package's own package.json), so it checks
 * what is on disk, in this repository (test/package/dependencies.test.ts) and in a
 * shop's project that installed the tarball (scripts/package-smoke.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

export interface InstalledPackage {
  /** Where it is, relative to the project: `node_modules/a/node_modules/b`. */
  readonly path: string;
  readonly name: string;
  readonly version: string;
  /** Installed only for the project's devDependencies (never reaches a user of the package). */
  readonly dev: boolean;
  readonly engines: string | undefined;
  readonly license: string | undefined;
}

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly engines?: { readonly node?: string };
  readonly license?: string | { readonly type?: string };
  readonly devEngines?: { readonly runtime?: { readonly name?: string; readonly version?: string } };
}

export const readPackageJson = (dir: string): PackageJson =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/**
 * Every package npm installed under `projectDir`. Optional packages for other platforms
 * are listed in the lock but not on disk, and are left out.
 */
export const installedPackages = (projectDir: string): InstalledPackage[] => {
  const lock = JSON.parse(readFileSync(join(projectDir, 'node_modules', '.package-lock.json'), 'utf8')) as {
    readonly packages: Readonly<Record<string, { readonly dev?: boolean; readonly link?: boolean }>>;
  };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.link)
    .filter(([path]) => existsSync(join(projectDir, path, 'package.json')))
    .map(([path, entry]) => {
      const pkg = readPackageJson(join(projectDir, path));
      return {
        path,
        name: pkg.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
        version: pkg.version ?? '?',
        dev: entry.dev === true,
        engines: pkg.engines?.node,
        license: typeof pkg.license === 'string' ? pkg.license : pkg.license?.type,
      };
    });
};

/**
 * The packages whose `engines.node` does not cover all of `range` (the project's own
 * promise): on a Node in `range` but outside theirs, npm warns EBADENGINE and the package
 * may not run. A package without `engines` promises nothing and is not counted.
 */
export const engineProblems = (packages: ReadonlyArray<InstalledPackage>, range: string): string[] =>
  packages.flatMap((p) => {
    if (p.engines === undefined) return [];
    let covered: boolean;
    try {
      covered = semver.subset(range, p.engines);
    } catch {
      covered = false;
    }
    return covered ? [] : [`${p.name}@${p.version} (${p.path}) needs node "${p.engines}", not all of "${range}"`];
  });

/** Licences that let an MIT package ship the dependency without terms of its own. */
const PERMISSIVE = new Set([
  '0BSD',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'ISC',
  'MIT',
  'Python-2.0',
  'Unlicense',
]);

/**
 * Packages whose package.json names no licence, with the one their LICENSE file grants
 * (read by hand; the audit checks that the file is there).
 */
const LICENSE_FROM_FILE: Readonly<Record<string, string>> = {
  'get-stack-trace': 'BSD-3-Clause',
};

/** An SPDX expression is permissive when some alternative of OR is, all parts of AND are. */
export const isPermissive = (expression: string): boolean => {
  const bare = expression.replace(/[()]/g, '').trim();
  if (bare.includes(' OR ')) return bare.split(' OR ').some(isPermissive);
  if (bare.includes(' AND ')) return bare.split(' AND ').every(isPermissive);
  return PERMISSIVE.has(bare);
};

/** The packages whose licence is missing or not in the permissive list. */
export const licenseProblems = (packages: ReadonlyArray<InstalledPackage>, projectDir: string): string[] =>
  packages.flatMap((p) => {
    const known = LICENSE_FROM_FILE[p.name];
    const license = p.license ?? (known && existsSync(join(projectDir, p.path, 'LICENSE')) ? known : undefined);
    if (license === undefined) return [`${p.name}@${p.version} (${p.path}) names no licence`];
    return isPermissive(license) ? [] : [`${p.name}@${p.version} (${p.path}) is under ${license}`];
  });
