/**
 * Dependencies a user can trust: every installed package runs on the Node versions this
 * package promises (no EBADENGINE on `npm install`), and what a user installs is under a
 * permissive licence an MIT package can carry. scripts/package-smoke.ts checks the same
 * on the tree a shop gets from the tarball.
 */
import { resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import {
  engineProblems,
  installedPackages,
  isPermissive,
  licenseProblems,
  readPackageJson,
  type InstalledPackage,
} from '../../scripts/dependency-audit.js';

const root = resolve(import.meta.dirname, '../..');
const own = readPackageJson(root);
const installed = installedPackages(root);
const production = installed.filter((p) => !p.dev);
const development = installed.filter((p) => p.dev);

const fake = (name: string, engines: string | undefined, license = 'MIT'): InstalledPackage => ({
  path: `node_modules/${name}`,
  name,
  version: '1.0.0',
  dev: false,
  engines,
  license,
});

describe('the installed dependency tree', () => {
  it('is read from disk, production and development apart', () => {
    expect(production.map((p) => p.name)).toEqual(expect.arrayContaining(['fastify', 'slonik', 'sql.js', 'fp-ts']));
    expect(development.map((p) => p.name)).toEqual(expect.arrayContaining(['vitest', 'typescript']));
    expect(production.some((p) => p.name === 'vitest')).toBe(false);
  });

  it(`every production package accepts all of the Node versions package.json promises (${own.engines?.node})`, () => {
    expect(own.engines?.node).toBe('>=20');
    expect(engineProblems(production, own.engines?.node ?? '')).toEqual([]);
  });

  it('every development package accepts all of the Node versions devEngines names for contributors', () => {
    const contributors = own.devEngines?.runtime?.version;
    expect(contributors).toBeDefined();
    expect(engineProblems(development, contributors ?? '')).toEqual([]);
    // the contributors' range still has Node 20 in it: it is no way around the promise
    expect(semver.intersects(contributors ?? '', '^20')).toBe(true);
  });

  it('production packages are under permissive licences', () => {
    expect(licenseProblems(production, root)).toEqual([]);
  });

  // @fastify/cookie 11.1.0 and light-my-request 6.6.0 are pinned for this (ADR 0010): a newer
  // release of either brings cookie 2, which needs Node 22
  it('no package pulls a second copy of the cookie parser that needs Node 22', () => {
    expect(installed.filter((p) => p.name === 'cookie' && !p.path.includes('express')).map((p) => p.version)).toEqual([
      '1.1.1',
    ]);
  });
});

describe('the checks themselves', () => {
  it('flag a package that needs a newer Node than promised (cookie 2 needs Node 22)', () => {
    expect(engineProblems([fake('cookie', '>=22'), fake('eslint', '^20.19.0 || ^22.13.0 || >=24')], '>=20')).toEqual([
      'cookie@1.0.0 (node_modules/cookie) needs node ">=22", not all of ">=20"',
      'eslint@1.0.0 (node_modules/eslint) needs node "^20.19.0 || ^22.13.0 || >=24", not all of ">=20"',
    ]);
    expect(engineProblems([fake('old', '>=14'), fake('none', undefined), fake('bad', 'not a range')], '>=20')).toEqual([
      'bad@1.0.0 (node_modules/bad) needs node "not a range", not all of ">=20"',
    ]);
  });

  it('flag copyleft and unknown licences (ua-parser-js 2 is AGPL-3.0)', () => {
    expect(isPermissive('AGPL-3.0-or-later')).toBe(false);
    expect(isPermissive('GPL-2.0 OR LGPL-3.0')).toBe(false);
    expect(isPermissive('(MIT OR CC0-1.0)')).toBe(true);
    expect(isPermissive('MIT AND GPL-3.0')).toBe(false);
    expect(licenseProblems([fake('ua-parser-js', undefined, 'AGPL-3.0-or-later')], root)).toEqual([
      'ua-parser-js@1.0.0 (node_modules/ua-parser-js) is under AGPL-3.0-or-later',
    ]);
  });
});
