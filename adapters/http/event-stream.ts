import type { FastifyReply, FastifyRequest } from 'fastify';

/** One server-sent event: `id` lets a reconnecting client resume (`Last-Event-ID`). */
export interface ServerSentEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data: unknown;
}

export interface EventStream {
  /** Writes one event; false once the stream is closed. */
  send(event: ServerSentEvent): boolean;
  /** Ends the stream (the client reconnects after the `retry` hint unless told otherwise). */
  close(): void;
  readonly closed: () => boolean;
  /** Called once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void;
}

export interface EventStreamOptions {
  /** Comment lines this often keep proxies from closing an idle stream (default 15 s). */
  readonly heartbeatMs?: number;
  /** How long a client waits before reconnecting (the `retry:` field; default 3 s). */
  readonly retryMs?: number;
}

/** Every open stream of a host: closed together at shutdown, counted for metrics. */
export interface EventStreamRegistry {
  readonly open: () => number;
  /** Ends every stream, each told to reconnect after `retryMs`. */
  closeAll(retryMs?: number): void;
  add(stream: EventStream): void;
}

export const createEventStreamRegistry = (): EventStreamRegistry => {
  const streams = new Set<EventStream>();
  return {
    open: () => streams.size,
    add: (stream) => {
      streams.add(stream);
      stream.onClose(() => streams.delete(stream));
    },
    closeAll: (retryMs) => {
      for (const stream of [...streams]) {
        if (retryMs !== undefined) stream.send({ event: 'reconnect', data: { retry_ms: retryMs } });
        stream.close();
      }
    },
  };
};

/** `data:` lines of one event: each line of the JSON text gets its own field, so no newline can end it early. */
const format = (event: ServerSentEvent): string => {
  const lines: string[] = [];
  if (event.id !== undefined) lines.push(`id: ${event.id.replace(/[\r\n]/g, '')}`);
  if (event.event !== undefined) lines.push(`event: ${event.event.replace(/[\r\n]/g, '')}`);
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  for (const line of data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`;
};

/**
 * Turns the request into a `text/event-stream` response written by hand (Fastify's reply
 * is hijacked, so the headers its hooks set, CORS and security headers among them, are
 * copied first). A heartbeat comment keeps proxies from closing it, `retry:` tells the
 * browser when to come back, and nothing is buffered by nginx (`X-Accel-Buffering: no`).
 */
export const openEventStream = (
  req: FastifyRequest,
  reply: FastifyReply,
  options: EventStreamOptions = {},
): EventStream => {
  const raw = reply.raw;
  reply.hijack();
  const headers: Record<string, string | number | ReadonlyArray<string>> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(`retry: ${options.retryMs ?? 3_000}\n\n`);
  let closed = false;
  const listeners: Array<() => void> = [];
  const heartbeat = setInterval(() => {
    if (!closed) raw.write(': ping\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners.splice(0)) {
      try {
        listener();
      } catch {
        // a listener's failure must not keep the others from cleaning up
      }
    }
  };
  req.raw.on('close', finish);
  raw.on('close', finish);
  raw.on('error', finish);
  return {
    send: (event) => {
      if (closed) return false;
      raw.write(format(event));
      return true;
    },
    close: () => {
      if (closed) return;
      raw.end();
      finish();
    },
    closed: () => closed,
    onClose: (listener) => {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
};
