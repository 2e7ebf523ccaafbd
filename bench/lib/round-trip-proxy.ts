import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of PostgreSQL that counts round trips: every Sync ('S',
 * the end of an extended-protocol batch) and every simple Query ('Q') makes the client
 * wait for a ReadyForQuery, so their number is the number of network round trips a
 * call costs, whatever driver or library sent them.
 */
export interface RoundTripProxy {
  readonly port: number;
  /** Round trips since the proxy started. */
  count(): number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

const countingParser = (onRoundTrip: () => void) => {
  let pending: Buffer = Buffer.alloc(0);
  let untyped = true; // the startup packet (and an SSL/GSS request before it) has no type byte
  return (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (untyped) {
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        untyped = code === SSL_REQUEST || code === GSSENC_REQUEST;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const type = pending[0];
      const length = pending.readInt32BE(1);
      if (pending.length < 1 + length) return;
      if (type === 0x53 /* S */ || type === 0x51 /* Q */) onRoundTrip();
      pending = pending.subarray(1 + length);
    }
  };
};

export const startRoundTripProxy = async (target: { host: string; port: number }): Promise<RoundTripProxy> => {
  let roundTrips = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const parse = countingParser(() => {
      roundTrips++;
    });
    client.on('data', (chunk: Buffer) => {
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    port: address.port,
    count: () => roundTrips,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};
