export {
  createPostgresPool,
  createPostgresStorage,
  postgresStorageOnPool,
  type PostgresStorageOptions,
} from './create-postgres-storage.js';
export { PostgresUnavailableError } from './storage-errors.js';
export {
  runMigrations,
  loadMigrationFiles,
  type MigrationFile,
  type MigrationReport,
} from './migrations/migration-runner.js';
export { MigrationChecksumMismatchError, MigrationFailedError } from './migrations/migration-errors.js';
