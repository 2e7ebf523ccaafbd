/** Helpers of the operations tests: captured log lines, a fake OpenAI-compatible provider. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly reqId?: string;
  readonly [field: string]: unknown;
}

/** A log destination that keeps every JSON line the host writes. */
export const logCapture = () => {
  const text: string[] = [];
  return {
    destination: { write: (chunk: string) => void text.push(chunk), isTTY: false },
    text: () => text.join(''),
    lines: (): LogLine[] =>
      text
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as LogLine),
  };
};

export interface FakeProvider {
  readonly baseUrl: string;
  /** Requests received so far (their Authorization header included, to check what was sent). */
  readonly requests: Array<{ url: string; authorization: string | undefined }>;
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat endpoint on loopback: `fail` answers 500 with a body, `hang`
 * never answers (until the client goes away).
 */
export const startFakeProvider = async (behaviour: 'fail' | 'hang'): Promise<FakeProvider> => {
  const requests: FakeProvider['requests'] = [];
  let waiting: Array<() => void> = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    for (const resolve of waiting.splice(0)) resolve();
    req.resume();
    if (behaviour === 'fail') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'the model is overloaded' } }));
      return;
    }
    open.add(res);
    res.on('close', () => open.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    nextRequest: () => new Promise((resolve) => void waiting.push(resolve)),
    close: async () => {
      waiting = [];
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
