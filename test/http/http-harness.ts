import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createHttpServer, type HttpServerOptions } from '../../adapters/http/index.js';
import { seedSpecificationData } from '../../scripts/demo/spec-seed.js';
import { createAssistant, type Assistant } from '../../src/index.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface Host {
  readonly base: string;
  readonly assistant: Assistant;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** A fresh in-memory assistant, seeded with the specification's data, behind the HTTP host on a loopback port. */
export const startHost = async (options: Partial<HttpServerOptions> = {}): Promise<Host> => {
  const assistant = await createAssistant();
  await seedSpecificationData(assistant);
  const app = await createHttpServer({ assistant, adminToken: ADMIN_TOKEN, rateLimit: false, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    base: `http://127.0.0.1:${address.port}`,
    assistant,
    app,
    close: async () => {
      await app.close();
      await assistant.close();
    },
  };
};

/** One host for the enclosing `describe`, started before its tests and closed after them. */
export const hostForSuite = (
  options: Partial<HttpServerOptions> = {},
): { readonly host: Host; readonly base: string } => {
  let started: Host | undefined;
  beforeAll(async () => {
    started = await startHost(options);
  });
  afterAll(() => started?.close());
  const current = (): Host => {
    if (!started) throw new Error('the host starts in beforeAll');
    return started;
  };
  return {
    get host() {
      return current();
    },
    get base() {
      return current().base;
    },
  };
};

export interface Json {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** fetch with a JSON body, returning the parsed JSON answer. */
export const call = async (
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Json> => {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, headers: res.headers, body: parsed as Record<string, unknown> };
};

export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

export interface Chat {
  readonly sessionUuid: string;
  readonly visitorId: string;
  readonly token: string;
  readonly headers: Record<string, string>;
}

/** Starts a chat as a new visitor; `headers` carry that visitor's token. */
export const startChat = async (
  base: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Chat> => {
  const res = await call(base, 'POST', '/api/chat/start', { body, headers });
  if (res.status !== 200) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token = String(res.body.visitor_token);
  return {
    sessionUuid: String(res.body.session_uuid),
    visitorId: String(res.body.visitor_id),
    token,
    headers: { 'x-visitor-token': token },
  };
};

/** The error object of an error answer. */
export const errorOf = (res: Json): { code?: unknown; message?: unknown; path?: unknown } => {
  const error = res.body.error;
  return typeof error === 'object' && error !== null ? error : {};
};
