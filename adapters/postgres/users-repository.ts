import * as E from 'fp-ts/lib/Either.js';
import { sql } from 'slonik';
import { duplicateEmail, duplicateUsername } from '../../src/domain/errors.js';
import type { Users } from '../../src/ports/users.js';
import { toUser, USER_COLUMNS, UserRow } from './row-schemas.js';
import { parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';

export const createUsersRepository = (target: QueryTarget): Users => {
  const { connection } = target;
  return {
    // Uniqueness is decided by the indexes (users_username_key, users_email_lower_key).
    create: (user, now) =>
      storageTask(
        target,
        async () => {
          const row = await connection.one(sql.type(UserRow)`
            INSERT INTO users (username, email, phone, created_at)
            VALUES (${user.username}, ${user.email}, ${user.phone}, ${timestamptz(now)})
            RETURNING ${USER_COLUMNS}`);
          return E.right(toUser(parseRow(UserRow, row)));
        },
        {
          users_username_key: () => duplicateUsername(user.username),
          users_email_lower_key: () => duplicateEmail(user.email ?? ''),
        },
      ),

    findById: (id) =>
      storageValue(target, async () => {
        const rows = parseRows(
          UserRow,
          await connection.any(sql.type(UserRow)`
          SELECT ${USER_COLUMNS} FROM users WHERE id = ${id}`),
        );
        return rows[0] ? toUser(rows[0]) : null;
      }),
  };
};
