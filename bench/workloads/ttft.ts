import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAiCompatibleAnswerGenerator } from '../../adapters/llm/openai-compatible-answer-generator.js';
import type { AnswerRequest } from '../../src/ports/answer-generator.js';
import type { BenchContext } from '../lib/context.js';
import { ratioOf, type BenchResult } from '../lib/result.js';
import { nowMs, summarize } from '../lib/stats.js';

/*
 * Time to first token: from the call to the moment the first piece of the reply's text is
 * in the caller's hands, through the library's streaming answer generator versus a bare
 * `fetch` reading the same loopback stream. The stub answers at once (no model latency),
 * so the figure is the client side's own cost: request building, the SSE parser, the
 * UTF-8 decoder and the chunk reading, everything the library puts between the socket and
 * `onDelta`.
 */

const PIECES = ['Доставка ', 'по Москве ', 'стоит 300 ₽, ', 'бесплатно ', 'от 3000 ₽.'];

const chunk = (content: string, finish: string | null) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_741_569_952,
    model: 'bench',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  })}\n\n`;

const USAGE = `data: ${JSON.stringify({ id: 'chatcmpl-bench', choices: [], usage: { total_tokens: 42 } })}\n\n`;

/** An OpenAI-style stream: the first text in its own write, the rest after the next turn of the loop. */
const startStreamingStub = async (): Promise<{ url: string; server: Server; connections: () => number }> => {
  let connections = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(chunk(PIECES[0]!, null));
      setImmediate(() => {
        if (res.destroyed) return;
        res.end(
          `${PIECES.slice(1)
            .map((p) => chunk(p, null))
            .join('')}${chunk('', 'stop')}${USAGE}data: [DONE]\n\n`,
        );
      });
    });
  });
  server.on('connection', (socket) => {
    connections++;
    socket.setNoDelay(true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    connections: () => connections,
  };
};

const REQUEST: AnswerRequest = {
  systemPrompt: 'Ты помощник интернет-магазина.',
  model: null,
  temperature: null,
  conversation: [{ role: 'user', content: 'Сколько стоит доставка?' }],
};

/** The floor: what a host would write by hand with fetch, stopping the clock at the first `"content":"…"` with text. */
const directFirstToken = async (url: string): Promise<number> => {
  const started = nowMs();
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ model: 'bench', messages: REQUEST.conversation, stream: true }),
  });
  if (!response.body) throw new Error('ttft floor: no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let firstAt: number | null = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstAt === null) {
      text += decoder.decode(value, { stream: true });
      if (/"content":"[^"]/.test(text)) firstAt = nowMs();
    }
  }
  if (firstAt === null) throw new Error('ttft floor: no content in the stream');
  return firstAt - started;
};

export const runTtft = async (ctx: BenchContext): Promise<BenchResult[]> => {
  if (!ctx.wanted('ttft')) return [];
  const stub = await startStreamingStub();
  const generator = createOpenAiCompatibleAnswerGenerator({ baseUrl: stub.url, apiKey: null, maxRetries: 0 });
  const libraryFirstToken = async (): Promise<number> => {
    const started = nowMs();
    let firstAt: number | null = null;
    const result = await generator.generate(REQUEST, {
      onDelta: () => {
        firstAt ??= nowMs();
      },
    })();
    if (result._tag === 'Left') throw new Error(`ttft: ${result.left.message}`);
    if (firstAt === null) throw new Error('ttft: onDelta was never called');
    return firstAt - started;
  };
  const iterations = ctx.quick ? 20 : 1_000;
  const warmup = ctx.quick ? 5 : 100;
  const maxMs = ctx.quick ? 5_000 : 60_000;
  const ours: number[] = [];
  const floor: number[] = [];
  try {
    for (let i = 0; i < warmup; i++) {
      await libraryFirstToken();
      await directFirstToken(stub.url);
    }
    const connectionsBefore = stub.connections();
    const started = nowMs();
    // alternating which goes first, so drift on a shared machine falls on both
    for (let i = 0; i < iterations; i++) {
      if (i % 2 === 0) {
        ours.push(await libraryFirstToken());
        floor.push(await directFirstToken(stub.url));
      } else {
        floor.push(await directFirstToken(stub.url));
        ours.push(await libraryFirstToken());
      }
      if (nowMs() - started > maxMs && i >= 20) break;
    }
    const s = summarize(ours);
    const f = summarize(floor);
    const newConnections = stub.connections() - connectionsBefore;
    ctx.log(
      `ttft: ${s.median.toFixed(3)} ms through the generator, ${f.median.toFixed(3)} ms with fetch alone (${s.count} runs each)`,
    );
    return [
      {
        name: 'ttft',
        median_ms: s.median,
        p99_ms: s.p99,
        floor: 'fetch reading the same loopback stream to its first content chunk',
        floor_median_ms: f.median,
        ratio: ratioOf(s.median, f.median),
        floor_p99_ms: f.p99,
        note: `${s.count} runs each, alternating; +${(s.median - f.median).toFixed(3)} ms per first token; ${newConnections} new connections for ${2 * s.count} requests`,
      },
    ];
  } finally {
    stub.server.closeAllConnections();
    await new Promise<void>((resolve) => stub.server.close(() => resolve()));
  }
};
