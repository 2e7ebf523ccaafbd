/**
 * The reference host (JSON API, widget, demo shop page) started from environment
 * variables: the one implementation behind `web-assistant serve` and `npm start`
 * (scripts/serve.ts).
 *
 * Environment: PORT (3000), HOST (127.0.0.1), ADMIN_TOKEN (random and printed when unset),
 * IDENTITY_SECRET (turns on user_hash checks for /api/chat/register), VISITOR_TOKEN_SECRET
 * (keeps visitor tokens valid across restarts; random per process when unset),
 * CORS_ORIGINS (comma-separated), TRUST_PROXY (1 behind a reverse proxy), LOG (1 for request
 * logs), plus the storage, embedder and AI variables of docs/configuration.md.
 */
import { randomBytes } from 'node:crypto';
import { createHttpServer } from '../../adapters/http/index.js';
import { seedSpecificationData } from '../../scripts/demo/spec-seed.js';
import type { Assistant } from '../composition/assistant-facade.js';
import { createAssistantFromEnv } from '../composition/create-assistant.js';

export interface HostOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Load the specification's demo FAQ, widget profiles and agent context into an empty store. */
  readonly demo: boolean;
  /** Instead of PORT; 0 takes any free port (the address is printed). */
  readonly port?: number;
  /** Instead of HOST. */
  readonly host?: string;
  /** Where the start-up lines go (stdout). */
  readonly out: (line: string) => void;
  /** How to open the store; `createAssistantFromEnv(env)` when absent. */
  readonly openAssistant?: () => Promise<Assistant>;
}

export interface RunningHost {
  /** Where it listens, without a trailing slash: `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly storageKind: string;
  /** Closes the server, then the store (a sql.js file is written out); a second call does nothing. */
  stop(reason: string): Promise<void>;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/** A TCP port number from PORT or `--port`; empty means the default. */
export const portFrom = (raw: string | undefined, name = 'PORT'): number => {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
};

const flag = (raw: string | undefined) => raw === '1' || raw === 'true';

/** Opens the store, seeds it when asked, and listens; the server is up when this resolves. */
export const startHost = async (options: HostOptions): Promise<RunningHost> => {
  const { env, out } = options;
  const port = options.port ?? portFrom(env.PORT);
  const host = options.host ?? (env.HOST?.trim() || DEFAULT_HOST);
  const generatedAdminToken = !env.ADMIN_TOKEN;
  const adminToken = env.ADMIN_TOKEN || randomBytes(24).toString('base64url');
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

  const assistant = await (options.openAssistant ?? (() => createAssistantFromEnv(env)))();
  let stopping: Promise<void> | null = null;
  let close = () => assistant.close();
  try {
    const seeded = options.demo && (await seedSpecificationData(assistant)).seeded;
    const emptyFaq = (await assistant.listKnowledge({ limit: 1, includeInactive: true })).length === 0;
    const noDefaultProfile = (await assistant.getWidgetSettings({ name: 'default' })) === null;
    const server = await createHttpServer({
      assistant,
      adminToken,
      identitySecret: env.IDENTITY_SECRET || null,
      ...(env.VISITOR_TOKEN_SECRET ? { visitorTokenSecret: env.VISITOR_TOKEN_SECRET } : {}),
      corsOrigins,
      trustProxy: flag(env.TRUST_PROXY),
      logger: env.LOG === '1',
    });
    close = async () => {
      try {
        await server.close();
      } finally {
        await assistant.close();
      }
    };
    await server.listen({ port, host });
    const address = server.server.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

    out(
      `web-assistant: ${assistant.storageKind} storage${seeded ? ", seeded with the specification's FAQ and the default, sales and support profiles" : ''}`,
    );
    if (assistant.storageKind === 'sqljs' && !env.DATABASE_URL?.trim())
      out('web-assistant: data is kept in memory and lost on exit (set DATABASE_URL to keep it)');
    if (emptyFaq)
      out(
        'web-assistant: the FAQ is empty: add entries with `web-assistant import-faq FILE` or the admin API, or start with --demo',
      );
    if (noDefaultProfile)
      out(
        "web-assistant: no widget profile 'default': create it with PUT /api/admin/widget/default (docs/http-api.md), or start with --demo",
      );
    out(
      `web-assistant: admin API token${generatedAdminToken ? ' (generated, set ADMIN_TOKEN to choose one)' : ''}: ${generatedAdminToken ? adminToken : '(from ADMIN_TOKEN)'}`,
    );
    if (!env.VISITOR_TOKEN_SECRET)
      out(
        'web-assistant: visitor tokens use a per-process key (set VISITOR_TOKEN_SECRET to keep chats across restarts)',
      );
    out(`Open ${url}/ to chat`);

    return {
      url,
      storageKind: assistant.storageKind,
      stop: (reason) => {
        stopping ??= (async () => {
          out(`${reason}: stopping`);
          await close();
        })();
        return stopping;
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
};

/**
 * Resolves once `stop` aborts, or SIGINT or SIGTERM arrives, and the host has stopped;
 * the signal handlers are removed again.
 */
export const serveUntilStopped = (host: RunningHost, stop?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const onSignal = (reason: string) => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      stop?.removeEventListener('abort', onAbort);
      host.stop(reason).then(resolve, reject);
    };
    const onSigint = () => onSignal('SIGINT');
    const onSigterm = () => onSignal('SIGTERM');
    const onAbort = () => onSignal('stopped');
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    if (stop?.aborted) onAbort();
    else stop?.addEventListener('abort', onAbort, { once: true });
  });
