import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { Storage } from '../../src/ports/repositories.js';
import type { AtomicWriteFileSystem } from './atomic-file.js';
import { createChangeNotifications, type ChangeNotifications } from './change-notifications.js';
import { configureConnection } from './connection-functions.js';
import { lockedExecutor, type StoreCore } from './executor.js';
import { FilePersistence } from './file-persistence.js';
import { KnowledgeIndexes } from './knowledge-indexes.js';
import { findMigrationsFolder } from './migrations-folder.js';
import { Mutex } from './mutex.js';
import { createRepositories } from './repositories.js';
import { createSchemaManager } from './schema-manager.js';
import { SqlDatabase } from './sql-database.js';
import { createUnitOfWork } from './unit-of-work.js';

export interface SqlJsStorageOptions {
  /** Database file to load (when it exists) and to keep written out; null or absent for memory only. */
  readonly file?: string | null;
  /** Where the numbered `.sql` files are; found by walking up from this module when absent. */
  readonly migrationsFolder?: string;
  /** How long committed writes may gather before one file write (default 20 ms); `close()` always flushes. */
  readonly persistDebounceMs?: number;
  /** For tests that simulate a failing disk. */
  readonly fileSystem?: AtomicWriteFileSystem;
}

export interface SqlJsStorage extends Storage {
  /** Resolves when every write committed so far is in the file (a no-op without one). */
  flush(): Promise<void>;
}

let sqlJs: Promise<SqlJsStatic> | undefined;

/** The wasm module is loaded once per process and shared by every store. */
const loadSqlJs = (): Promise<SqlJsStatic> => {
  if (!sqlJs) {
    const wasmFolder = dirname(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
    sqlJs = initSqlJs({ locateFile: (name: string) => `${wasmFolder}/${name}` });
    sqlJs.catch(() => {
      sqlJs = undefined;
    });
  }
  return sqlJs;
};

/**
 * A Storage on sql.js (SQLite compiled to WebAssembly), in memory and optionally kept in
 * a file. Open it, then call `schema.createTables()` before use.
 */
export const createSqlJsStorage = async (options: SqlJsStorageOptions = {}): Promise<SqlJsStorage> => {
  const SQL = await loadSqlJs();
  const file = options.file ?? null;
  const db = new SqlDatabase(new SQL.Database(file !== null && existsSync(file) ? readFileSync(file) : undefined));
  let changes: ChangeNotifications;
  try {
    // sql.js opens anything lazily; read once so a corrupt file fails here, not on first use
    db.all('SELECT count(*) AS tables FROM sqlite_master');
    configureConnection(db);
    changes = createChangeNotifications(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const mutex = new Mutex();
  const indexes = new KnowledgeIndexes();
  let persistence: FilePersistence | undefined;
  const core: StoreCore = {
    db,
    indexes,
    mutex,
    closed: false,
    onCommittedWrite: () => {
      persistence?.changed();
      changes.committed();
    },
  };
  if (file !== null) {
    persistence = new FilePersistence(
      file,
      () => mutex.run(() => db.export()),
      options.persistDebounceMs ?? 20,
      options.fileSystem,
    );
  }
  indexes.rebuild(db);

  const migrationsFolder = () => options.migrationsFolder ?? findMigrationsFolder();
  let closing: Promise<void> | undefined;

  return {
    kind: 'sqljs',
    repositories: createRepositories(lockedExecutor(core), indexes),
    unitOfWork: createUnitOfWork(core, (executor) => createRepositories(executor, indexes)),
    schema: createSchemaManager(core, migrationsFolder),
    events: changes.events,
    flush: async () => {
      await persistence?.flush();
    },
    close: () => {
      closing ??= (async () => {
        // queued behind every call already waiting for the lock; later calls see `closed`
        await mutex.run(() => {
          core.closed = true;
        });
        try {
          await persistence?.flush();
        } finally {
          await mutex.run(() => db.close());
        }
      })();
      return closing;
    },
  };
};
