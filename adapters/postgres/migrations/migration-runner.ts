import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql, type CommonQueryMethods, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { MigrationChecksumMismatchError, MigrationFailedError } from './migration-errors.js';
import { splitSqlStatements } from './split-sql-statements.js';

export interface MigrationFile {
  /** File name, e.g. `0002_core_tables.sql`; the order of application is by name. */
  readonly name: string;
  readonly sql: string;
  /** sha256 of the file's bytes, hex. */
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: ReadonlyArray<string>;
  readonly alreadyApplied: ReadonlyArray<string>;
}

/**
 * One key for every runner on a server, whatever its schema: `CREATE EXTENSION` is
 * server-wide, so runners migrating different schemas must also take turns.
 */
const MIGRATION_LOCK_KEY = 7_368_201_004;

const MIGRATION_FILE_RE = /^\d+_[\w-]+\.sql$/;

/** `migrations/postgres` from the source tree, or from beside `dist/` after a build. */
export const defaultMigrationsDirectory = (): string => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../../../migrations/postgres'),
    path.resolve(here, '../../../../migrations/postgres'),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
};

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const loadMigrationFiles = async (directory = defaultMigrationsDirectory()): Promise<MigrationFile[]> => {
  const names = (await readdir(directory)).filter((name) => MIGRATION_FILE_RE.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(path.join(directory, name), 'utf8');
      return { name, sql: text, checksum: sha256(text) };
    }),
  );
};

/**
 * Migration files are trusted code shipped with the library, never user input, so they
 * are the one place that runs SQL text as is.
 */
const rawStatement = (statement: string) => {
  // slonik accepts only real template objects: frozen, with a frozen `raw`
  const template = Object.freeze(Object.assign([statement], { raw: Object.freeze([statement]) }));
  return sql.unsafe(template);
};

const AppliedRow = z.object({ checksum: z.string() });

const RecordedRow = z.object({ name: z.string(), checksum: z.string() });

/**
 * Which shipped migration files are not applied yet and which applied ones have changed
 * since, read in one statement without a lock (a readiness probe must not queue behind a
 * migration). A schema that was never migrated has every file pending.
 */
export const migrationStatus = async (
  pool: CommonQueryMethods,
  options: { readonly files?: ReadonlyArray<MigrationFile>; readonly directory?: string } = {},
): Promise<{ pending: string[]; changed: string[] }> => {
  const files = options.files ?? (await loadMigrationFiles(options.directory));
  const exists = await pool.oneFirst(
    sql.type(z.object({ present: z.boolean() }))`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  const recorded = exists
    ? new Map(
        (await pool.any(sql.type(RecordedRow)`SELECT name, checksum FROM schema_migrations`)).map((row) => {
          const { name, checksum } = RecordedRow.parse(row);
          return [name, checksum] as const;
        }),
      )
    : new Map<string, string>();
  return {
    pending: files.filter((f) => !recorded.has(f.name)).map((f) => f.name),
    changed: files.filter((f) => recorded.has(f.name) && recorded.get(f.name) !== f.checksum).map((f) => f.name),
  };
};

const ensureMigrationsTable = async (connection: CommonQueryMethods) => {
  await connection.query(sql.unsafe`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name       text        CONSTRAINT schema_migrations_pkey PRIMARY KEY,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )
  `);
};

/**
 * Applies every file not yet recorded in `schema_migrations`, in name order, each in its
 * own transaction together with its record. A transaction-scoped advisory lock makes
 * concurrent runners take turns; whoever comes second finds the file recorded and skips
 * it. A recorded file whose checksum differs stops the run before anything after it.
 */
export const runMigrations = async (
  pool: DatabasePool,
  options: { readonly files?: ReadonlyArray<MigrationFile>; readonly directory?: string } = {},
): Promise<MigrationReport> => {
  const files = options.files ?? (await loadMigrationFiles(options.directory));
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const file of files) {
    // retry limit 0: a failed migration must surface, not be re-run by slonik
    const outcome = await pool.transaction(async (transaction) => {
      await transaction.query(sql.unsafe`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}::bigint)`);
      // index builds on a large table may outlast the pool's statement timeout
      await transaction.query(sql.unsafe`SET LOCAL statement_timeout = 0`);
      await ensureMigrationsTable(transaction);
      const recorded = await transaction.maybeOne(
        sql.type(AppliedRow)`SELECT checksum FROM schema_migrations WHERE name = ${file.name}`,
      );
      if (recorded !== null) {
        const { checksum } = AppliedRow.parse(recorded);
        if (checksum !== file.checksum) throw new MigrationChecksumMismatchError(file.name, checksum, file.checksum);
        return 'already-applied' as const;
      }
      try {
        for (const statement of splitSqlStatements(file.sql)) await transaction.query(rawStatement(statement));
      } catch (error) {
        throw new MigrationFailedError(file.name, error);
      }
      await transaction.query(
        sql.unsafe`INSERT INTO schema_migrations (name, checksum) VALUES (${file.name}, ${file.checksum})`,
      );
      return 'applied' as const;
    }, 0);
    (outcome === 'applied' ? applied : alreadyApplied).push(file.name);
  }
  return { applied, alreadyApplied };
};
