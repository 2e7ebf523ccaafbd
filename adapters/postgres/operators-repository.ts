import * as E from 'fp-ts/lib/Either.js';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Operator } from '../../src/domain/entities/operator.js';
import { duplicateOperatorEmail, operatorNotFound } from '../../src/domain/errors.js';
import type { Operators } from '../../src/ports/operators.js';
import { command, parseRow, parseRows, timestamptz } from './sql-helpers.js';
import { storageTask, storageValue, type QueryTarget } from './storage-task.js';

const OperatorRow = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['operator', 'admin']),
  is_active: z.boolean(),
  created_at: z.date(),
  last_seen_at: z.date().nullable(),
});
const CredentialsRow = OperatorRow.extend({ password_hash: z.string() });
const CountRow = z.object({ count: z.number().int() });

const toOperator = (row: z.infer<typeof OperatorRow>): Operator => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  isActive: row.is_active,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
});

/** The account's columns with its last heartbeat (o = operators, p = operator_presence). */
const COLUMNS = sql.fragment`o.id, o.name, o.email, o.role, o.is_active, o.created_at, p.last_seen_at`;
const FROM = sql.fragment`operators o LEFT JOIN operator_presence p ON p.operator_id = o.id`;

export const createOperatorsRepository = (target: QueryTarget): Operators => {
  const { connection } = target;
  const one = async (condition: ReturnType<typeof sql.fragment>) => {
    const rows = parseRows(
      OperatorRow,
      await connection.any(sql.type(OperatorRow)`SELECT ${COLUMNS} FROM ${FROM} WHERE ${condition}`),
    );
    return rows[0] ? toOperator(rows[0]) : null;
  };
  return {
    create: (operator, now) =>
      storageTask(
        target,
        async () => {
          const row = await connection.one(sql.type(OperatorRow)`
            INSERT INTO operators (name, email, role, password_hash, created_at, updated_at)
            VALUES (${operator.name}, ${operator.email}, ${operator.role}, ${operator.passwordHash},
                    ${timestamptz(now)}, ${timestamptz(now)})
            RETURNING id, name, email, role, is_active, created_at, NULL::timestamptz AS last_seen_at`);
          return E.right(toOperator(parseRow(OperatorRow, row)));
        },
        { operators_email_key: () => duplicateOperatorEmail(operator.email) },
      ),

    findById: (id) => storageValue(target, () => one(sql.fragment`o.id = ${id}`)),

    findCredentials: (email) =>
      storageValue(target, async () => {
        const rows = parseRows(
          CredentialsRow,
          await connection.any(sql.type(CredentialsRow)`
            SELECT ${COLUMNS}, o.password_hash FROM ${FROM} WHERE lower(o.email) = lower(${email})`),
        );
        const row = rows[0];
        return row ? { operator: toOperator(row), passwordHash: row.password_hash } : null;
      }),

    list: () =>
      storageValue(target, async () =>
        parseRows(
          OperatorRow,
          await connection.any(sql.type(OperatorRow)`SELECT ${COLUMNS} FROM ${FROM} ORDER BY o.id`),
        ).map(toOperator),
      ),

    update: (id, patch, now) =>
      storageTask(
        target,
        async () => {
          const sets = [
            ...(patch.name !== undefined ? [sql.fragment`name = ${patch.name}`] : []),
            ...(patch.email !== undefined ? [sql.fragment`email = ${patch.email}`] : []),
            ...(patch.role !== undefined ? [sql.fragment`role = ${patch.role}`] : []),
            ...(patch.isActive !== undefined ? [sql.fragment`is_active = ${patch.isActive}`] : []),
            ...(patch.passwordHash !== undefined ? [sql.fragment`password_hash = ${patch.passwordHash}`] : []),
            sql.fragment`updated_at = ${timestamptz(now)}`,
          ];
          const updated = await connection.maybeOne(sql.type(z.object({ id: z.number().int() }))`
            UPDATE operators SET ${sql.join(sets, sql.fragment`, `)} WHERE id = ${id} RETURNING id`);
          if (updated === null) return E.left(operatorNotFound(id));
          const found = await one(sql.fragment`o.id = ${id}`);
          return found ? E.right(found) : E.left(operatorNotFound(id));
        },
        { operators_email_key: () => duplicateOperatorEmail(patch.email ?? '') },
      ),

    recordPresence: (id, now) =>
      storageValue(target, async () => {
        await connection.query(command`
          INSERT INTO operator_presence (operator_id, last_seen_at) VALUES (${id}, ${timestamptz(now)})
          ON CONFLICT (operator_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`);
      }),

    countOnline: (since) =>
      storageValue(
        target,
        async () =>
          parseRow(
            CountRow,
            await connection.one(sql.type(CountRow)`
            SELECT count(*)::int AS count FROM operator_presence p JOIN operators o ON o.id = p.operator_id
            WHERE o.is_active AND p.last_seen_at >= ${timestamptz(since)}`),
          ).count,
      ),

    startLogin: (tokenHash, operatorId, expiresAt, now) =>
      storageValue(target, async () => {
        await connection.query(command`
          INSERT INTO operator_sessions (token_hash, operator_id, created_at, expires_at)
          VALUES (${tokenHash}, ${operatorId}, ${timestamptz(now)}, ${timestamptz(expiresAt)})`);
      }),

    findLogin: (tokenHash, now) =>
      storageValue(target, () =>
        one(sql.fragment`o.is_active AND o.id = (
          SELECT operator_id FROM operator_sessions WHERE token_hash = ${tokenHash} AND expires_at > ${timestamptz(now)})`),
      ),

    endLogin: (tokenHash) =>
      storageValue(target, async () => {
        await connection.query(command`DELETE FROM operator_sessions WHERE token_hash = ${tokenHash}`);
      }),

    endLoginsOf: (operatorId) =>
      storageValue(target, async () => {
        const result = await connection.query(command`DELETE FROM operator_sessions WHERE operator_id = ${operatorId}`);
        return result.rowCount;
      }),
  };
};
