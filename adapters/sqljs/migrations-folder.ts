import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds `migrations/sqlite` by walking up from this file: it is two levels up when run
 * from source (tsx, vitest) and three when compiled to `dist/adapters/sqljs/`.
 */
export const findMigrationsFolder = (start: string = dirname(fileURLToPath(import.meta.url))): string => {
  let folder = start;
  for (;;) {
    const candidate = join(folder, 'migrations', 'sqlite');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no migrations/sqlite folder above ${start}`);
    folder = parent;
  }
};

export interface Migration {
  /** The file name, e.g. `001_initial_schema.sql`; applied in this order. */
  readonly version: string;
  readonly sql: string;
}

export const readMigrations = (folder: string): ReadonlyArray<Migration> =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((version) => ({ version, sql: readFileSync(join(folder, version), 'utf8') }));
