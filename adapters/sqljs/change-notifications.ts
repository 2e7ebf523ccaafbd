import type { ConversationEvents } from '../../src/ports/conversation-events.js';
import { createInProcessEvents } from '../events/in-process-events.js';
import type { SqlDatabase } from './sql-database.js';

/** The SQL function the `messages` trigger calls (migrations/sqlite/006_change_notifications.sql). */
export const MESSAGE_STORED_FUNCTION = 'wa_message_stored';

export interface ChangeNotifications {
  readonly events: ConversationEvents;
  /** Publishes what the writes committed since the last call stored. */
  committed(): void;
}

/**
 * The sql.js store's in-process bus. The trigger reports each stored message while the
 * write runs; the sessions it names are published only after that write (or its
 * transaction) commits, so no follower reads a message that a rollback then removes. A
 * rolled-back write can leave a session in the set, published with the next commit:
 * a follower that re-reads finds nothing new, which costs a read and nothing else.
 */
export const createChangeNotifications = (db: SqlDatabase): ChangeNotifications => {
  const bus = createInProcessEvents();
  const pending = new Set<number>();
  db.defineNotifier(MESSAGE_STORED_FUNCTION, (sessionId) => {
    pending.add(sessionId);
  });
  return {
    events: bus,
    committed: () => {
      if (pending.size === 0) return;
      const sessions = [...pending];
      pending.clear();
      for (const sessionId of sessions) bus.publish({ kind: 'session', sessionId });
    },
  };
};
