import type { SqlDatabase } from './sql-database.js';

/** SQL name of a Unicode-aware lower() (SQLite's own folds ASCII only). */
export const UNICODE_LOWER = 'wa_unicode_lower';

/** Settings SQLite keeps per connection, applied right after opening. */
export const configureConnection = (db: SqlDatabase): void => {
  // SQLite leaves foreign keys off unless asked, on every connection
  db.exec('PRAGMA foreign_keys = ON');
  db.defineTextFunction(UNICODE_LOWER, (value) => (value === null ? null : value.toLowerCase()));
};
