import type {
  ConversationChange,
  ConversationEvents,
  ConversationListener,
} from '../../src/ports/conversation-events.js';

/** An in-process bus: the storage adapter publishes, subscribers in this process receive. */
export interface InProcessEvents extends ConversationEvents {
  /** Delivers `change` to every subscriber on a later turn of the event loop, never inside the publisher's call. */
  publish(change: ConversationChange): void;
  /** How many subscribers are attached (for tests and metrics). */
  readonly subscriberCount: () => number;
}

/**
 * The bus of a single-process store (sql.js). Delivery is deferred with setImmediate so
 * a listener never runs inside the storage's lock or a caller's transaction, and one
 * listener that throws does not keep the others from theirs.
 */
export const createInProcessEvents = (): InProcessEvents => {
  const listeners = new Set<ConversationListener>();
  return {
    subscribe: (listener) => {
      // a wrapper per subscription, so subscribing one function twice gives two deliveries
      const own: ConversationListener = (change) => listener(change);
      listeners.add(own);
      return () => {
        listeners.delete(own);
      };
    },
    publish: (change) => {
      if (listeners.size === 0) return;
      const targets = [...listeners];
      setImmediate(() => {
        for (const listener of targets) {
          if (!listeners.has(listener)) continue;
          try {
            listener(change);
          } catch {
            // a follower's bug must not silence the others
          }
        }
      });
    },
    subscriberCount: () => listeners.size,
  };
};
