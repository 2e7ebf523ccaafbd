/** Structured fields of a log line (an `err` field carries an Error). */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where the library reports what a host operator should know: a failing search or
 * provider, an embedder mismatch at start-up, retries. pino's logger (Fastify's own)
 * satisfies it as is, so a host routes these lines into its own logs. Visitor message
 * text is never put in fields above `debug`.
 */
export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}
