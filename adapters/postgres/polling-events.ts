import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { createInProcessEvents } from '../events/in-process-events.js';
import type { PostgresEvents } from './listen-events.js';

export interface PollingEventsOptions {
  /** Default 250 ms. */
  readonly intervalMs?: number;
  /** How long an id below the newest one seen is waited for (a transaction not yet committed); default 60 s. */
  readonly gapTimeoutMs?: number;
}

const StoredRow = z.object({ id: z.number().int(), session_id: z.number().int() });
const NewestRow = z.object({ newest: z.number().int() });

/**
 * Change notifications by polling, where LISTEN is not available: a pooler in
 * transaction mode (PgBouncer) or PGlite, whose socket server takes one connection at a
 * time. Every interval it reads the messages stored after the newest id it has seen.
 * Ids are taken when a row is inserted and become visible when its transaction commits,
 * so a lower id can appear after a higher one: ids skipped below the newest are kept as
 * gaps and read again until they appear or time out (a rolled-back insert never does).
 * One query per interval per process, on the storage's own pool.
 */
export const createPollingEvents = (pool: CommonQueryMethods, options: PollingEventsOptions = {}): PostgresEvents => {
  const bus = createInProcessEvents();
  const intervalMs = options.intervalMs ?? 250;
  const gapTimeoutMs = options.gapTimeoutMs ?? 60_000;
  let newest: number | null = null;
  /** id -> when it was first missed */
  const gaps = new Map<number, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let started = false;
  let healthy = false;

  const poll = async (): Promise<void> => {
    if (newest === null) {
      newest = (await pool.one(sql.type(NewestRow)`SELECT coalesce(max(id), 0)::int AS newest FROM messages`)).newest;
      bus.publish({ kind: 'resync' });
      return;
    }
    const waiting = [...gaps.keys()];
    const rows = await pool.any(
      sql.type(StoredRow)`
        SELECT id::int, session_id::int FROM messages
        WHERE id > ${newest} OR id = ANY(${sql.array(waiting, 'int8')})
        ORDER BY id LIMIT 5000`,
    );
    const now = Date.now();
    const changed = new Set<number>();
    for (const row of rows) {
      gaps.delete(row.id);
      if (row.id > newest) {
        for (let missing = newest + 1; missing < row.id && gaps.size < 10_000; missing++) gaps.set(missing, now);
        newest = row.id;
      }
      changed.add(row.session_id);
    }
    for (const [id, since] of gaps) if (now - since > gapTimeoutMs) gaps.delete(id);
    for (const sessionId of changed) bus.publish({ kind: 'session', sessionId });
  };

  const loop = async () => {
    timer = null;
    if (closed) return;
    try {
      await poll();
      healthy = true;
    } catch {
      // the database is away: once it is back, the first poll starts afresh and followers re-read everything
      healthy = false;
      newest = null;
      gaps.clear();
    }
    if (!closed) {
      timer = setTimeout(() => void loop(), intervalMs);
      timer.unref();
    }
  };

  return {
    subscribe: (listener) => {
      const stop = bus.subscribe(listener);
      if (!started && !closed) {
        started = true;
        void loop();
      }
      return stop;
    },
    listening: () => healthy,
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      return Promise.resolve();
    },
  };
};
