/**
 * The library's tables (docs/schema.md), children before parents so foreign keys never
 * block a drop or a delete. One list for both storage adapters and the test harness:
 * a new table is added here once.
 */
export const LIBRARY_TABLES = [
  'helpful_votes',
  'knowledge_counters',
  'contact_requests',
  'messages',
  'sessions',
  'operator_sessions',
  'operator_presence',
  'operators',
  'visitors',
  'users',
  'knowledge_base',
  'chat_widget',
  'context',
  'unanswered_questions',
] as const;

/** Where each adapter records its applied migrations; dropped last. */
export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Tables the PostgreSQL migrations create for the reference host rather than the
 * library (the rate-limit counters several hosts share); they have no `id` column, and
 * sql.js, one process by nature, has none of them. Dropped with the library's tables.
 */
export const POSTGRES_HOST_TABLES = ['rate_limit_hits'] as const;
