import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogFields, Logger } from '../../src/ports/logger.js';

/**
 * Where secrets could show up in a log line, censored by pino before the line is written:
 * request and response headers (a logged `req.headers`), and fields any code might put
 * in a line, at the top or one level down (`{ config: { apiKey } }`). The request
 * serializer below logs no headers at all; this is the second line of defence.
 */
export const REDACTED_PATHS: ReadonlyArray<string> = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-visitor-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-visitor-token"]',
  ...[
    'authorization',
    'cookie',
    'apiKey',
    'api_key',
    'password',
    'token',
    'visitorToken',
    'visitor_token',
    'adminToken',
    'secret',
    'identitySecret',
    'visitorTokenSecret',
    'connectionString',
  ].flatMap((key) => [key, `*.${key}`]),
];

export type LogFormat = 'json' | 'pretty';

export interface HostLoggerOptions {
  /** pino level: `fatal`, `error`, `warn`, `info` (default), `debug`, `trace` or `silent`. */
  readonly level?: string;
  /** `json` (one object per line) or `pretty` (coloured, for a terminal). */
  readonly format?: LogFormat;
  /** Where lines go (stdout by default). */
  readonly destination?: DestinationStream;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** The level from LOG_LEVEL; an unknown name is an error naming the allowed ones. */
export const logLevelFrom = (raw: string | undefined): string => {
  const level = raw?.trim().toLowerCase() || 'info';
  if (!LEVELS.has(level)) throw new Error(`LOG_LEVEL must be one of ${[...LEVELS].join(', ')}, got "${raw}"`);
  return level;
};

/**
 * The format from LOG_FORMAT; without it, readable in a terminal (stdout is a TTY,
 * outside production) and JSON everywhere else (files, containers, log collectors).
 */
export const logFormatFrom = (raw: string | undefined, env: { tty: boolean; production: boolean }): LogFormat => {
  const format = raw?.trim().toLowerCase();
  if (format === 'json' || format === 'pretty') return format;
  if (format !== undefined && format !== '') throw new Error(`LOG_FORMAT must be json or pretty, got "${raw}"`);
  return env.tty && !env.production ? 'pretty' : 'json';
};

/**
 * A request as a log line shows it: method, path and route, never the query string (the
 * FAQ search's `q` is a visitor's text) nor headers (tokens, cookies).
 */
const requestFields = (req: FastifyRequest | Record<string, unknown>): unknown => {
  // something else logged under `req` (a plain object) is left to the redaction below
  if (typeof req.url !== 'string' || typeof req.method !== 'string') return req;
  const request = req as FastifyRequest;
  return {
    method: request.method,
    url: request.url.split('?', 1)[0],
    route: request.routeOptions?.url,
    remoteAddress: request.ip,
  };
};

/**
 * pino-pretty is a development dependency: an installed package without it logs JSON,
 * which is what a server should log anyway.
 */
const prettyStream = async (destination: DestinationStream | undefined): Promise<DestinationStream | null> => {
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({
      colorize: destination === undefined && process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      ...(destination ? { destination } : {}),
    });
  } catch {
    return null;
  }
};

/** The host's pino logger (Fastify's own logger, given to it as `loggerInstance`). */
export const createHostLogger = async (options: HostLoggerOptions = {}): Promise<PinoLogger> => {
  const format = options.format ?? 'json';
  const destination =
    format === 'pretty' ? ((await prettyStream(options.destination)) ?? options.destination) : options.destination;
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { req: requestFields },
    },
    destination ?? pino.destination(1),
  );
};

const REQUEST_ID_RE = /^[\w.:-]{1,128}$/;
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A request's id: the one a proxy or load balancer sent in X-Request-ID when it looks
 * like an id (so a request can be followed across them), else a new UUID. Anything
 * else in that header (long, or with characters a log viewer could misread) is ignored.
 */
export const requestIdOf = (req: { headers: Record<string, string | string[] | undefined> }): string => {
  const sent = req.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && REQUEST_ID_RE.test(sent) ? sent : randomUUID();
};

/** The logger of the request being handled, for the library's lines (see `libraryLogger`). */
const requestScope = new AsyncLocalStorage<FastifyBaseLogger>();

/**
 * Runs the rest of each request (its handler and what the handler awaits) with the
 * request's logger in scope. Entered again before the handler because the body is
 * parsed in the socket's async context, not in the request's.
 */
export const registerRequestScope = (app: FastifyInstance): void => {
  const enter = (req: FastifyRequest, _reply: unknown, done: () => void) => requestScope.run(req.log, done);
  app.addHook('onRequest', enter);
  app.addHook('preHandler', enter);
};

/**
 * The library's Logger port over the host's logger: a line written while a request is
 * handled goes through that request's logger, so it carries the request id; others
 * (start-up) through the root logger.
 */
export const libraryLogger = (root: FastifyBaseLogger): Logger => {
  const current = () => requestScope.getStore() ?? root;
  return {
    debug: (fields: LogFields, message: string) => current().debug(fields, message),
    info: (fields: LogFields, message: string) => current().info(fields, message),
    warn: (fields: LogFields, message: string) => current().warn(fields, message),
    error: (fields: LogFields, message: string) => current().error(fields, message),
  };
};
