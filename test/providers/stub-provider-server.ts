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

/** One step of a streamed body: bytes to write, a pause, or the connection cut without ending the response. */
export type StreamPiece = string | Uint8Array | { readonly waitMs: number } | { readonly drop: true };

export interface StubReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** A string is sent as is (for malformed bodies); anything else as JSON. */
  readonly body?: unknown;
  /** Wait this long before answering (slow provider). */
  readonly delayMs?: number;
  /**
   * A streamed body instead of `body`: the headers go out at once (content-type
   * `text/event-stream` unless `headers` says otherwise), then each piece in order, each
   * in its own write; the response ends after the last one unless a `drop` cut it first.
   */
  readonly stream?: ReadonlyArray<StreamPiece>;
}

/** When the server saw a request's connection close, and whether its response had been sent whole by then. */
export interface ClosedConnection {
  readonly at: number;
  readonly complete: boolean;
}

export type StubHandler = (request: RecordedRequest, index: number) => StubReply;

export interface StubServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Resolves when the connection of request `index` closes (the client went away, or the response ended). */
  closed(index: number): Promise<ClosedConnection>;
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
  const closings: Array<Promise<ClosedConnection>> = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const server = createServer((req, res) => {
    // each write its own packet, so a split the test asks for reaches the client as a split
    req.socket.setNoDelay(true);
    closings.push(
      new Promise((resolve) =>
        res.on('close', () => resolve({ at: performance.now(), complete: res.writableFinished })),
      ),
    );
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
      const writePieces = (pieces: ReadonlyArray<StreamPiece>) => {
        for (let i = 0; i < pieces.length; i++) {
          if (res.destroyed) return;
          const piece = pieces[i]!;
          if (typeof piece === 'string' || piece instanceof Uint8Array) res.write(piece);
          else if ('drop' in piece) return void res.socket?.destroy();
          else return later(piece.waitMs, () => writePieces(pieces.slice(i + 1)));
        }
        res.end();
      };
      const send = () => {
        if (res.destroyed) return;
        if (reply.stream) {
          res.writeHead(reply.status ?? 200, { 'content-type': 'text/event-stream', ...reply.headers });
          res.flushHeaders();
          return writePieces(reply.stream);
        }
        const payload =
          typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(payload);
      };
      if (reply.delayMs) later(reply.delayMs, send);
      else send();
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closed: async (index) => {
      for (let waited = 0; closings[index] === undefined; waited += 5) {
        if (waited > 5_000) throw new Error(`no request ${index} reached the stub`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return closings[index];
    },
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

/** Server-sent events as a provider writes them: one `data:` line per event, a blank line after each. */
export const sseBody = (
  events: ReadonlyArray<unknown>,
  options: { readonly done?: boolean; readonly lineEnd?: '\n' | '\r\n' } = {},
): string => {
  const end = options.lineEnd ?? '\n';
  const lines = events.map((event) => `data: ${typeof event === 'string' ? event : JSON.stringify(event)}${end}${end}`);
  return lines.join('') + ((options.done ?? true) ? `data: [DONE]${end}${end}` : '');
};

/** `text` as UTF-8 cut every `size` bytes (through multi-byte characters too), with a pause between pieces. */
export const inPiecesOf = (text: string, size: number, waitMs = 2): StreamPiece[] => {
  const bytes = new TextEncoder().encode(text);
  const pieces: StreamPiece[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    if (at > 0) pieces.push({ waitMs });
    pieces.push(bytes.slice(at, at + size));
  }
  return pieces;
};
