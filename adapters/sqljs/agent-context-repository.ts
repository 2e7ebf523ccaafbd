import * as E from 'fp-ts/lib/Either.js';
import type { AgentContext } from '../../src/ports/agent-context.js';
import type { Executor } from './executor.js';
import { sqlDate, toContextEntry } from './row-mappers.js';

export const createAgentContextRepository = (executor: Executor): AgentContext => ({
  set: (key, value, category, now) =>
    executor.write((db) => {
      const row = db.get(
        `INSERT INTO context (key, value, category, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, category = excluded.category, updated_at = excluded.updated_at
         RETURNING *`,
        [key, value, category, sqlDate(now), sqlDate(now)],
      );
      if (!row) throw new Error('context upsert returned no row');
      return E.right(toContextEntry(row));
    }),

  get: (key) =>
    executor.read((db) => {
      const row = db.get('SELECT * FROM context WHERE key = ?', [key]);
      return E.right(row ? toContextEntry(row) : null);
    }),

  list: (category) =>
    executor.read((db) =>
      E.right(
        (category === null
          ? db.all('SELECT * FROM context ORDER BY key')
          : db.all('SELECT * FROM context WHERE category = ? ORDER BY key', [category])
        ).map(toContextEntry),
      ),
    ),
});
