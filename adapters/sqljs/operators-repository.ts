import * as E from 'fp-ts/lib/Either.js';
import { duplicateOperatorEmail, operatorNotFound } from '../../src/domain/errors.js';
import type { Operators } from '../../src/ports/operators.js';
import { UNICODE_LOWER } from './connection-functions.js';
import type { Executor } from './executor.js';
import { integer, sqlBoolean, sqlDate, toOperator } from './row-mappers.js';
import type { SqlDatabase } from './sql-database.js';

const SELECT = `SELECT o.*, p.last_seen_at FROM operators o LEFT JOIN operator_presence p ON p.operator_id = o.id`;

/** In any letter case, Unicode included (SQLite's lower() folds ASCII only; the table is small). */
const emailTaken = (db: SqlDatabase, email: string, exceptId: number | null): boolean =>
  db.get(`SELECT 1 AS present FROM operators WHERE ${UNICODE_LOWER}(email) = ? AND id IS NOT ?`, [
    email.toLowerCase(),
    exceptId,
  ]) !== undefined;

export const createOperatorsRepository = (executor: Executor): Operators => {
  const byId = (db: SqlDatabase, id: number) => {
    const row = db.get(`${SELECT} WHERE o.id = ?`, [id]);
    return row ? toOperator(row) : null;
  };
  return {
    create: (operator, now) =>
      executor.write((db) => {
        if (emailTaken(db, operator.email, null)) return E.left(duplicateOperatorEmail(operator.email));
        const row = db.get(
          `INSERT INTO operators (name, email, role, password_hash, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
          [operator.name, operator.email, operator.role, operator.passwordHash, sqlDate(now), sqlDate(now)],
        );
        const created = row ? byId(db, integer(row, 'id')) : null;
        if (!created) throw new Error('operator insert returned no row');
        return E.right(created);
      }),

    findById: (id) => executor.read((db) => E.right(byId(db, id))),

    findCredentials: (email) =>
      executor.read((db) => {
        const row = db.get(`${SELECT} WHERE ${UNICODE_LOWER}(o.email) = ?`, [email.toLowerCase()]);
        if (!row) return E.right(null);
        const hash = row['password_hash'];
        return E.right(typeof hash === 'string' ? { operator: toOperator(row), passwordHash: hash } : null);
      }),

    list: () => executor.read((db) => E.right(db.all(`${SELECT} ORDER BY o.id`).map(toOperator))),

    update: (id, patch, now) =>
      executor.write((db) => {
        if (!byId(db, id)) return E.left(operatorNotFound(id));
        if (patch.email !== undefined && emailTaken(db, patch.email, id))
          return E.left(duplicateOperatorEmail(patch.email));
        const sets: string[] = [];
        const values: Array<string | number> = [];
        const set = (column: string, value: string | number) => {
          sets.push(`${column} = ?`);
          values.push(value);
        };
        if (patch.name !== undefined) set('name', patch.name);
        if (patch.email !== undefined) set('email', patch.email);
        if (patch.role !== undefined) set('role', patch.role);
        if (patch.isActive !== undefined) set('is_active', sqlBoolean(patch.isActive));
        if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
        set('updated_at', sqlDate(now));
        db.run(`UPDATE operators SET ${sets.join(', ')} WHERE id = ?`, [...values, id]);
        const updated = byId(db, id);
        return updated ? E.right(updated) : E.left(operatorNotFound(id));
      }),

    recordPresence: (id, now) =>
      executor.write((db) => {
        db.run(
          `INSERT INTO operator_presence (operator_id, last_seen_at) VALUES (?, ?)
           ON CONFLICT (operator_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
          [id, sqlDate(now)],
        );
        return E.right(undefined);
      }),

    countOnline: (since) =>
      executor.read((db) => {
        const row = db.get(
          `SELECT count(*) AS n FROM operator_presence p JOIN operators o ON o.id = p.operator_id
           WHERE o.is_active = 1 AND p.last_seen_at >= ?`,
          [sqlDate(since)],
        );
        return E.right(row ? integer(row, 'n') : 0);
      }),

    startLogin: (tokenHash, operatorId, expiresAt, now) =>
      executor.write((db) => {
        db.run('INSERT INTO operator_sessions (token_hash, operator_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
          tokenHash,
          operatorId,
          sqlDate(now),
          sqlDate(expiresAt),
        ]);
        return E.right(undefined);
      }),

    findLogin: (tokenHash, now) =>
      executor.read((db) => {
        const row = db.get(
          `${SELECT} WHERE o.is_active = 1 AND o.id = (
             SELECT operator_id FROM operator_sessions WHERE token_hash = ? AND expires_at > ?)`,
          [tokenHash, sqlDate(now)],
        );
        return E.right(row ? toOperator(row) : null);
      }),

    endLogin: (tokenHash) =>
      executor.write((db) => {
        db.run('DELETE FROM operator_sessions WHERE token_hash = ?', [tokenHash]);
        return E.right(undefined);
      }),

    endLoginsOf: (operatorId) =>
      executor.write((db) => E.right(db.run('DELETE FROM operator_sessions WHERE operator_id = ?', [operatorId]))),
  };
};
