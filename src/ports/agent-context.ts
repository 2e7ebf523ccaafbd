import type { ContextEntry } from '../domain/entities/context-entry.js';
import type { StorageTask } from './storage-result.js';

/** The `context` collection: the AI agent's key-value settings. */
export interface AgentContext {
  /** Inserts or replaces the value (and category) of `key` atomically; `created_at` is kept on update. */
  set(key: string, value: string, category: string | null, now: Date): StorageTask<ContextEntry>;
  /** The entry of `key` with its category and timestamps, or null when the key is not set. */
  get(key: string): StorageTask<ContextEntry | null>;
  /** Entries by key, optionally of one category. */
  list(category: string | null): StorageTask<ReadonlyArray<ContextEntry>>;
}
