import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type { EventSourceMessage };

/** What the reader does after an event: read on, or stop (the consumer has what it needs, or gave up). */
export type EventVerdict = 'continue' | 'stop';

/** A line longer than this (or an event of more such lines) is not a chat chunk: the stream is broken. */
const MAX_BUFFERED_CHARS = 1_000_000;

export class EventStreamTooLarge extends Error {
  override readonly name = 'EventStreamTooLarge';
}

/**
 * Reads a `text/event-stream` body and calls `onEvent` with each event in order, until
 * the body ends (`ended`) or `onEvent` says stop (`stopped`; the rest of the body is
 * cancelled). Bytes are decoded as UTF-8 in streaming mode, so a character split between
 * two network chunks survives; `\n`, `\r\n` and `\r` all end lines; comments (`: keep-alive`)
 * and fields the format does not know are skipped, as the EventSource specification says.
 * A last event without its closing blank line is still delivered when the body ends.
 * A read error (connection lost, aborted) rejects.
 */
export const readEventStream = async (
  body: ReadableStream<Uint8Array>,
  onEvent: (event: EventSourceMessage) => EventVerdict,
): Promise<'ended' | 'stopped'> => {
  let stopped = false;
  let overflow = false;
  const parser = createParser({
    maxBufferSize: MAX_BUFFERED_CHARS,
    onEvent: (event) => {
      if (!stopped && onEvent(event) === 'stop') stopped = true;
    },
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
  });
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      parser.feed(done ? `${decoder.decode()}\n\n` : decoder.decode(value, { stream: true }));
      if (overflow) throw new EventStreamTooLarge(`an event longer than ${MAX_BUFFERED_CHARS} characters`);
      if (stopped) return 'stopped';
      if (done) return 'ended';
    }
  } finally {
    // after a stop or a failure the rest of the body is not wanted: let the connection go
    if (stopped || overflow) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
};
