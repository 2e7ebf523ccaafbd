/**
 * The SSE reader on its own, fed byte pieces directly: however the network cuts a body
 * (inside a line, inside `\r\n`, inside a UTF-8 character), the events are the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readEventStream, type EventSourceMessage } from '../../adapters/provider-http/event-stream.js';

const bodyOf = (pieces: ReadonlyArray<Uint8Array>): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });

const cutAt = (bytes: Uint8Array, cuts: ReadonlyArray<number>): Uint8Array[] => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const at of [...points, bytes.length]) {
    pieces.push(bytes.slice(from, at));
    from = at;
  }
  return pieces;
};

const readAll = async (pieces: ReadonlyArray<Uint8Array>) => {
  const events: EventSourceMessage[] = [];
  const how = await readEventStream(bodyOf(pieces), (event) => {
    events.push(event);
    return 'continue';
  });
  return { events: events.map((e) => ({ event: e.event, data: e.data })), how };
};

const BODY =
  ': keep-alive\r\n\r\n' +
  'data: {"choices":[{"delta":{"content":"Доставка — 300 ₽ 🚚"}}]}\r\n\r\n' +
  'event: error\ndata: {"error":{"message":"перегрузка"}}\n\n' +
  'data: first line\ndata: second line\r\r' +
  'data: [DONE]\n\n';

const EXPECTED = [
  { event: undefined, data: '{"choices":[{"delta":{"content":"Доставка — 300 ₽ 🚚"}}]}' },
  { event: 'error', data: '{"error":{"message":"перегрузка"}}' },
  { event: undefined, data: 'first line\nsecond line' },
  { event: undefined, data: '[DONE]' },
];

describe('readEventStream', () => {
  it('reads comments, \\r\\n, \\r and \\n line ends, named events and multi-line data', async () => {
    expect(await readAll([new TextEncoder().encode(BODY)])).toEqual({ events: EXPECTED, how: 'ended' });
  });

  it('gives the same events for every way of cutting the bytes', async () => {
    const bytes = new TextEncoder().encode(BODY);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), async (cuts) => {
        expect((await readAll(cutAt(bytes, cuts))).events).toEqual(EXPECTED);
      }),
      { numRuns: 300 },
    );
  });

  it('delivers a last event whose blank line never came, when the body ends', async () => {
    expect((await readAll([new TextEncoder().encode('data: [DONE]')])).events).toEqual([
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('stops reading (and cancels the body) when the consumer says stop', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: 1\n\ndata: 2\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    const how = await readEventStream(body, (event) => {
      seen.push(event.data);
      return 'stop';
    });
    expect({ how, seen, cancelled }).toEqual({ how: 'stopped', seen: ['1'], cancelled: true });
  });

  it('refuses an endless line instead of buffering it', async () => {
    const huge = new TextEncoder().encode(`data: ${'x'.repeat(1_100_000)}`);
    await expect(readAll([huge])).rejects.toThrow(/longer than 1000000 characters/);
  });

  it('passes a read error on (a dropped connection)', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
        controller.error(new TypeError('terminated'));
      },
    });
    await expect(readEventStream(body, () => 'continue')).rejects.toThrow('terminated');
  });
});
