import pg from 'pg';
import type { ConversationEvents, ConversationListener } from '../../src/ports/conversation-events.js';
import { createInProcessEvents } from '../events/in-process-events.js';

/** The channel the `messages` trigger notifies on (migrations/postgres/0008); the payload is `<schema> <session id>`. */
export const NOTIFICATION_CHANNEL = 'web_assistant';

export interface ListenEventsOptions {
  /** The pool's connection URI (with its search_path startup option), for a connection of its own. */
  readonly connectionUri: string;
  /** First wait before reconnecting after the connection is lost, doubled up to `maxReconnectDelayMs` (default 100 ms). */
  readonly reconnectDelayMs?: number;
  /** Default 5,000 ms. */
  readonly maxReconnectDelayMs?: number;
}

export interface PostgresEvents extends ConversationEvents {
  /** Stops listening and ends the connection. */
  close(): Promise<void>;
  /** Whether the LISTEN connection is up (health checks, tests). */
  readonly listening: () => boolean;
}

/**
 * Change notifications by PostgreSQL's LISTEN/NOTIFY, so every host on the database sees
 * every host's writes. A trigger on `messages` sends `pg_notify` in the writing
 * transaction, delivered at commit. LISTEN needs a connection that stays open, so this
 * uses a `pg` client of its own (slonik's pool hands connections back); it connects on
 * the first subscription, reconnects with backoff when the connection is lost, and
 * delivers a `resync` each time it is listening again, since notifications sent while it
 * was away are gone (followers re-read the storage, which is the truth).
 */
export const createListenEvents = (options: ListenEventsOptions): PostgresEvents => {
  const bus = createInProcessEvents();
  const firstDelay = options.reconnectDelayMs ?? 100;
  const maxDelay = options.maxReconnectDelayMs ?? 5_000;
  let client: pg.Client | null = null;
  let schema: string | null = null;
  let started = false;
  let closed = false;
  let up = false;
  let delay = firstDelay;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== NOTIFICATION_CHANNEL || message.payload === undefined) return;
    const space = message.payload.lastIndexOf(' ');
    if (message.payload.slice(0, space) !== schema) return;
    const sessionId = Number(message.payload.slice(space + 1));
    if (Number.isSafeInteger(sessionId)) bus.publish({ kind: 'session', sessionId });
  };

  const scheduleReconnect = () => {
    up = false;
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, maxDelay);
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString: options.connectionUri, connectionTimeoutMillis: 5_000 });
    client = next;
    // a lost connection is reported here, not thrown into the host
    next.on('error', () => {
      if (client === next) scheduleReconnect();
    });
    next.on('end', () => {
      if (client === next) scheduleReconnect();
    });
    next.on('notification', onNotification);
    try {
      await next.connect();
      schema ??=
        (await next.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema ?? 'public';
      await next.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
      if (closed) {
        await next.end().catch(() => undefined);
        return;
      }
      up = true;
      delay = firstDelay;
      // whatever was written while no one listened is found by re-reading
      bus.publish({ kind: 'resync' });
    } catch {
      await next.end().catch(() => undefined);
      if (client === next) scheduleReconnect();
    }
  };

  return {
    subscribe: (listener: ConversationListener) => {
      const stop = bus.subscribe(listener);
      if (!started && !closed) {
        started = true;
        void connect();
      }
      return stop;
    },
    listening: () => up,
    close: async () => {
      closed = true;
      up = false;
      if (timer) clearTimeout(timer);
      timer = null;
      const last = client;
      client = null;
      await last?.end().catch(() => undefined);
    },
  };
};
