import type { LogFields, Logger } from '../../src/ports/logger.js';

const describe = (fields: LogFields): string => {
  const err = fields.err;
  const cause = err instanceof Error ? err.message : typeof err === 'string' ? err : null;
  const rest = Object.entries(fields).filter(([key]) => key !== 'err');
  const parts = rest.map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [...parts, ...(cause === null ? [] : [`cause: ${cause}`])].join(' ');
};

/**
 * The library's default logger: warnings and errors on stderr, one line each, nothing
 * below. A host with its own logger (pino, Fastify's) passes that instead.
 */
export const consoleLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (fields, message) =>
    console.warn(`web-assistant: ${message}${Object.keys(fields).length ? ` (${describe(fields)})` : ''}`),
  error: (fields, message) =>
    console.error(`web-assistant: ${message}${Object.keys(fields).length ? ` (${describe(fields)})` : ''}`),
};

/** Drops every line (tests, or a host that wants none). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
