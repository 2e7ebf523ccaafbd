/**
 * A scriptable stand-in for a model provider on 127.0.0.1 (ephemeral port): records every
 * request and answers each with whatever the test's handler says, including slow,
 * failing and malformed answers.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly body: unknown;
}

export interface StubReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** A string is sent as is (for malformed bodies); anything else as JSON. */
  readonly body?: unknown;
  /** Wait this long before answering (slow provider). */
  readonly delayMs?: number;
}

export type StubHandler = (request: RecordedRequest, index: number) => StubReply;

export interface StubServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const listen = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

export const startStubServer = async (handler: StubHandler): Promise<StubServer> => {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
      };
      requests.push(recorded);
      const reply = handler(recorded, requests.length - 1);
      const send = () => {
        if (res.destroyed) return;
        const payload =
          typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(payload);
      };
      if (reply.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, reply.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A loopback URL where nothing listens: connections are refused at once. */
export const refusedUrl = async (): Promise<string> => {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
};

/** A deterministic, recognisable vector for a text: not unit length, so normalisation shows. */
export const fakeVector = (text: string, dimensions: number): number[] => {
  const v = new Array<number>(dimensions).fill(0);
  for (let i = 0; i < text.length; i++) v[(text.charCodeAt(i) + i) % dimensions]! += 1 + (i % 3);
  return v;
};

/** An OpenAI-style embeddings reply for the request's inputs, optionally shuffled to test index order. */
export const openAiEmbeddingsReply = (
  request: RecordedRequest,
  dimensions: number,
  options: { reverse?: boolean } = {},
): StubReply => {
  const body = request.body as { input: string[] };
  const data = body.input.map((text, index) => ({
    object: 'embedding',
    index,
    embedding: fakeVector(text, dimensions),
  }));
  return {
    body: {
      object: 'list',
      model: 'stub',
      data: options.reverse ? data.reverse() : data,
      usage: { prompt_tokens: 1, total_tokens: 1 },
    },
  };
};

/** `stub(handler)` for a test file: starts a stub server; every one started is closed after each test. */
export const stubServersClosedAfterEach = (): ((handler: StubHandler) => Promise<StubServer>) => {
  const servers: StubServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startStubServer(handler);
    servers.push(server);
    return server;
  };
};
