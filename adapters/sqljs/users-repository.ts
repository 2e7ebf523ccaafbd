import * as E from 'fp-ts/lib/Either.js';
import { duplicateEmail, duplicateUsername } from '../../src/domain/errors.js';
import type { Users } from '../../src/ports/users.js';
import type { Executor } from './executor.js';
import { sqlDate, toUser } from './row-mappers.js';
import type { SqlDatabase } from './sql-database.js';
import { UNICODE_LOWER } from './connection-functions.js';

// eslint-disable-next-line no-control-regex -- the whole ASCII range, NUL included, is the point
const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/**
 * SQLite's lower() folds ASCII only, so the unique index on lower(email) alone would let
 * "ИВАН@почта.рф" and "иван@почта.рф" both in. ASCII addresses take the index; others
 * are compared with JavaScript's full Unicode lower-casing.
 */
const emailTaken = (db: SqlDatabase, email: string): boolean =>
  isAscii(email)
    ? db.get('SELECT 1 AS present FROM users WHERE lower(email) = lower(?)', [email]) !== undefined
    : db.get(`SELECT 1 AS present FROM users WHERE email IS NOT NULL AND ${UNICODE_LOWER}(email) = ?`, [
        email.toLowerCase(),
      ]) !== undefined;

export const createUsersRepository = (executor: Executor): Users => ({
  // Checked under the store's lock, so the reads and the insert are one serial step;
  // the unique indexes stay as the last line of defence.
  create: (user, now) =>
    executor.write((db) => {
      if (db.get('SELECT 1 AS present FROM users WHERE username = ?', [user.username])) {
        return E.left(duplicateUsername(user.username));
      }
      if (user.email !== null && emailTaken(db, user.email)) return E.left(duplicateEmail(user.email));
      const row = db.get('INSERT INTO users (username, email, phone, created_at) VALUES (?, ?, ?, ?) RETURNING *', [
        user.username,
        user.email,
        user.phone,
        sqlDate(now),
      ]);
      if (!row) throw new Error('user insert returned no row');
      return E.right(toUser(row));
    }),

  findById: (id) =>
    executor.read((db) => {
      const row = db.get('SELECT * FROM users WHERE id = ?', [id]);
      return E.right(row ? toUser(row) : null);
    }),
});
