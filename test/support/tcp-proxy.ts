/**
 * A loopback TCP proxy in front of PostgreSQL, to inject network faults the server
 * itself cannot: the server vanishing (connections reset, new ones refused), a server
 * that accepts but never answers, and a connection cut right after a given client
 * message was forwarded (the statement ran, the client never heard back).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** `postgres://...` with the host and port replaced by the proxy's. */
  url(connectionString: string): string;
  /** Resets every open connection and refuses new ones (the listener closes). */
  goDown(): Promise<void>;
  /** Listens again on the same port. */
  comeBack(): Promise<void>;
  /** While on, new connections are accepted but nothing is forwarded either way. */
  setSilent(silent: boolean): void;
  /**
   * The next client chunk that `matches` is forwarded, then the client's connection is
   * cut at once and the server's side is closed gracefully (the server still runs what
   * it received). Resolves when that happened.
   */
  cutAfter(matches: (chunk: Buffer) => boolean): Promise<void>;
  /** How many client connections were accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });

export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  const open = new Set<Socket>();
  let silent = false;
  let accepted = 0;
  let pendingCut: { matches: (chunk: Buffer) => boolean; done: () => void } | null = null;

  const handle = (client: Socket) => {
    accepted++;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (silent) return;
    const upstream = connect(target.port, target.host);
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.end());
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('data', (chunk: Buffer) => {
      const cut = pendingCut;
      if (cut && cut.matches(chunk)) {
        pendingCut = null;
        upstream.end(chunk);
        client.destroy();
        cut.done();
        return;
      }
      upstream.write(chunk);
    });
  };

  let server = createServer(handle);
  const port = await listen(server, 0);

  const closeServer = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));
  const resetAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };

  return {
    port,
    url: (connectionString) => {
      const url = new URL(connectionString);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    goDown: async () => {
      const closing = closeServer(server);
      resetAll();
      await closing;
    },
    comeBack: async () => {
      server = createServer(handle);
      await listen(server, port);
    },
    setSilent: (value) => {
      silent = value;
    },
    cutAfter: (matches) =>
      new Promise<void>((resolve) => {
        pendingCut = { matches, done: resolve };
      }),
    connections: () => accepted,
    close: async () => {
      const closing = server.listening ? closeServer(server) : Promise.resolve();
      resetAll();
      await closing;
    },
  };
};

/** True when a frontend message chunk carries this SQL text (simple or extended query protocol). */
export const carriesSql =
  (text: string) =>
  (chunk: Buffer): boolean =>
    chunk.includes(Buffer.from(text, 'utf8'));
