/** Structured fields of a log line (an `err` field carries an Error). */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where the library reports what a host operator should know: a failing search or
 * provider, an embedder mismatch at start-up, retries. pino's logger (Fastify's own)
 * satisfies it as is, so a host routes these lines into its own logs. Visitor message
 * text is never put in fields above `debug`.
 */
export interface Logger {
  /** Detail for developers (may carry visitor text). */
  debug(fields: LogFields, message: string): void;
  /** Something worth knowing that needs no action. */
  info(fields: LogFields, message: string): void;
  /** Something failed and was recovered from (a search, a provider call); the chat went on. */
  warn(fields: LogFields, message: string): void;
  /** Something failed and was not recovered from. */
  error(fields: LogFields, message: string): void;
}
