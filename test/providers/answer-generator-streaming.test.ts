/**
 * The answer generator reading streamed replies (`stream: true`) from loopback stubs that
 * write each provider's own chunks, split and paced the way networks deliver them.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import {
  createOpenAiCompatibleAnswerGenerator,
  type OpenAiCompatibleAnswerGeneratorOptions,
} from '../../adapters/llm/openai-compatible-answer-generator.js';
import type { AnswerRequest, GeneratedAnswer, GenerationOptions } from '../../src/ports/answer-generator.js';
import { deepSeekChunks, ollamaChunks, openAiChunks, providerErrors } from './chat-stream-formats.js';
import { inPiecesOf, sseBody, stubServersClosedAfterEach, type StreamPiece } from './stub-provider-server.js';

const stub = stubServersClosedAfterEach();

const question: AnswerRequest = {
  systemPrompt: 'Ты помощник интернет-магазина.',
  model: null,
  temperature: null,
  conversation: [{ role: 'user', content: 'Сколько стоит доставка?' }],
};

const generatorFor = (baseUrl: string, options: Partial<OpenAiCompatibleAnswerGeneratorOptions> = {}) =>
  createOpenAiCompatibleAnswerGenerator({
    baseUrl,
    apiKey: 'sk-stream-secret',
    timeoutMs: 1_000,
    retryBaseDelayMs: 5,
    ...options,
  });

/** Runs one generation and keeps what onDelta was handed, with the time of each piece. */
const generate = async (
  generator: ReturnType<typeof generatorFor>,
  options: Omit<GenerationOptions, 'onDelta'> = {},
) => {
  const deltas: string[] = [];
  const deltaTimes: number[] = [];
  const result = await generator.generate(question, {
    ...options,
    onDelta: (text) => {
      deltas.push(text);
      deltaTimes.push(performance.now());
    },
  })();
  return { result, deltas, deltaTimes, finishedAt: performance.now() };
};

const right = (result: E.Either<{ message: string }, GeneratedAnswer>): GeneratedAnswer => {
  if (E.isLeft(result)) throw new Error(`expected an answer, got: ${result.left.message}`);
  return result.right;
};

const leftMessage = (result: E.Either<{ _tag: string; message: string }, GeneratedAnswer>): string => {
  if (E.isRight(result)) throw new Error(`expected AnswerGenerationFailed, got ${JSON.stringify(result.right)}`);
  expect(result.left._tag).toBe('AnswerGenerationFailed');
  return result.left.message;
};

/** Each event in its own write, `waitMs` apart. */
const paced = (events: ReadonlyArray<unknown>, waitMs = 5, done = true): StreamPiece[] =>
  sseBody(events, { done })
    .split(/(?<=\n\n)/)
    .flatMap((text, i): StreamPiece[] => (i === 0 ? [text] : [{ waitMs }, text]));

const USAGE = { prompt_tokens: 31, completion_tokens: 12, total_tokens: 43 };
const PIECES = ['Доставка ', 'по Москве ', 'стоит 300 ₽, ', 'бесплатно от 3000 ₽.'];
const ANSWER = PIECES.join('').trim();

describe('streamed replies in each provider’s format', () => {
  it('OpenAI: asks for a stream with usage; hands on every piece in order; usage from the choices:[] chunk', async () => {
    const s = await stub(() => ({ stream: paced(openAiChunks(PIECES, USAGE)) }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(right(result)).toEqual({ content: ANSWER, tokensUsed: 43, finishReason: 'stop' });
    expect(deltas).toEqual(['Доставка', ' по Москве', ' стоит 300 ₽,', ' бесплатно от 3000 ₽.']);
    expect(deltas.join('')).toBe(ANSWER);
    const sent = s.requests[0]!;
    expect(sent.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(sent.headers['accept']).toContain('text/event-stream');
  });

  it('hands the first piece on as soon as it arrives, long before the reply ends', async () => {
    const events = openAiChunks(PIECES, USAGE);
    const [role, first, ...rest] = sseBody(events).split(/(?<=\n\n)/);
    const s = await stub(() => ({ stream: [role!, first!, { waitMs: 300 }, ...rest] }));
    const { result, deltaTimes, finishedAt } = await generate(generatorFor(s.url));
    expect(E.isRight(result)).toBe(true);
    expect(finishedAt - deltaTimes[0]!).toBeGreaterThanOrEqual(250);
  });

  it('DeepSeek: skips `: keep-alive` comments and the reasoner’s reasoning_content; usage from the finish chunk', async () => {
    const events = deepSeekChunks(PIECES, USAGE, { reasoning: ['Пользователь ', 'спрашивает о доставке.'] });
    const body = `: keep-alive\n\n: keep-alive\n\n${sseBody(events.slice(0, 3))}`.replace(/data: \[DONE\]\n\n$/, '');
    const s = await stub(() => ({
      stream: [': keep-alive\n\n', { waitMs: 20 }, body, ': keep-alive\n\n', sseBody(events.slice(3))],
    }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(right(result)).toEqual({ content: ANSWER, tokensUsed: 43, finishReason: 'stop' });
    expect(deltas.join('')).toBe(ANSWER);
    expect(deltas.join('')).not.toContain('Пользователь');
  });

  it('DeepSeek through a relaying proxy: `data:` without a space, `retry:` lines, a charset in the content type', async () => {
    const body = deepSeekChunks(PIECES, USAGE)
      .map((event) => `data:${JSON.stringify(event)}\nretry:0\n\n`)
      .join('');
    const s = await stub(() => ({
      headers: { 'content-type': 'text/event-stream; charset=utf-8' },
      stream: [body, 'data:[DONE]\n\n'],
    }));
    expect(right((await generate(generatorFor(s.url))).result)).toEqual({
      content: ANSWER,
      tokensUsed: 43,
      finishReason: 'stop',
    });
  });

  it('Ollama: `fp_ollama` chunks with the role in every delta; usage as a chunk of its own', async () => {
    const s = await stub(() => ({ stream: paced(ollamaChunks(PIECES, USAGE)) }));
    const { result, deltas } = await generate(
      generatorFor(`${s.url}/v1`, { apiKey: null, defaultModel: 'qwen2.5:7b' }),
    );
    expect(right(result)).toEqual({ content: ANSWER, tokensUsed: 43, finishReason: 'stop' });
    expect(deltas.join('')).toBe(ANSWER);
    expect(s.requests[0]!.path).toBe('/v1/chat/completions');
    expect(s.requests[0]!.headers['authorization']).toBeUndefined();
  });

  it('Ollama without usage in the stream (versions before stream_options): tokensUsed is null', async () => {
    const s = await stub(() => ({ stream: paced(ollamaChunks(PIECES, null)) }));
    expect(right((await generate(generatorFor(s.url))).result)).toEqual({
      content: ANSWER,
      tokensUsed: null,
      finishReason: 'stop',
    });
  });

  it('Ollama: a model that is not pulled is a 404 with its message, not retried', async () => {
    const s = await stub(() => ({ status: 404, body: providerErrors.ollamaModelNotFound }));
    const message = leftMessage((await generate(generatorFor(s.url))).result);
    expect(message).toContain('HTTP 404');
    expect(message).toContain('check the base URL and the model name');
    expect(message).toContain('model "qwen2.5:7b" not found, try pulling it first');
    expect(s.requests).toHaveLength(1);
  });
});

describe('what the network does to a stream', () => {
  for (const [name, lineEnd] of [
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
  ] as const) {
    it(`reassembles events and Cyrillic characters cut every 3 bytes (${name} line endings)`, async () => {
      const text = sseBody(deepSeekChunks(PIECES, USAGE), { lineEnd });
      const pieces = inPiecesOf(text, 3, 0);
      expect(pieces.length).toBeGreaterThan(300);
      const s = await stub(() => ({ stream: pieces }));
      const { result, deltas } = await generate(generatorFor(s.url));
      expect(right(result)).toEqual({ content: ANSWER, tokensUsed: 43, finishReason: 'stop' });
      expect(deltas.join('')).toBe(ANSWER);
      expect(deltas.join('')).not.toContain('\uFFFD');
    });
  }

  it('drops the reply’s leading and trailing whitespace, and the pieces still join to the content', async () => {
    const s = await stub(() => ({ stream: paced(openAiChunks(['\n\n', ' Да', ', ', '\n', 'конечно.', ' \n'], null)) }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(right(result).content).toBe('Да, \nконечно.');
    expect(deltas.join('')).toBe('Да, \nконечно.');
  });

  it('a connection dropped mid-reply is a Left; onDelta got only a prefix; nothing is retried', async () => {
    const [role, first, second] = sseBody(openAiChunks(PIECES, USAGE)).split(/(?<=\n\n)/);
    const s = await stub(() => ({ stream: [role!, first!, { waitMs: 5 }, second!, { waitMs: 5 }, { drop: true }] }));
    const { result, deltas } = await generate(generatorFor(s.url));
    const message = leftMessage(result);
    expect(message).toContain('the reply stream broke off after part of the reply had been delivered');
    expect(deltas).toEqual(['Доставка', ' по Москве']);
    expect(s.requests).toHaveLength(1);
  });

  it('a connection dropped before any text is retried like a network error', async () => {
    const [role] = sseBody(openAiChunks(PIECES, USAGE)).split(/(?<=\n\n)/);
    const s = await stub((_, i) => ({
      stream: i === 0 ? [role!, { waitMs: 5 }, { drop: true }] : paced(openAiChunks(PIECES, USAGE)),
    }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(right(result).content).toBe(ANSWER);
    expect(deltas.join('')).toBe(ANSWER);
    expect(s.requests).toHaveLength(2);
  });

  it('a stream that just ends after the finish chunk, without [DONE], is a whole reply', async () => {
    const s = await stub(() => ({ stream: paced(ollamaChunks(PIECES, USAGE), 2, false) }));
    expect(right((await generate(generatorFor(s.url))).result).content).toBe(ANSWER);
  });

  it('a stream that ends with neither finish_reason nor [DONE] is cut short: a Left, not retried after text', async () => {
    const events = openAiChunks(PIECES, USAGE).slice(0, 3);
    const s = await stub(() => ({ stream: paced(events, 2, false) }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(leftMessage(result)).toContain('the stream ended before the reply was complete');
    expect(deltas).toEqual(['Доставка', ' по Москве']);
    expect(s.requests).toHaveLength(1);
  });

  it('a `data:` line that is not JSON fails the reply (no guessing at a corrupted stream), not retried', async () => {
    const events = openAiChunks(PIECES, USAGE);
    const s = await stub(() => ({ stream: paced([events[0], events[1], '{"choices":[{"delta":{"content":"обре']) }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(leftMessage(result)).toMatch(/unexpected response: a stream event is not JSON \(starts with "\{"choices/);
    expect(deltas).toEqual(['Доставка']);
    expect(s.requests).toHaveLength(1);
  });

  it('ignores lines that are not SSE fields and events of other names without data', async () => {
    const body = `retry: 1000\nid: 7\nnonsense line\n\n${sseBody(openAiChunks(PIECES, USAGE))}`;
    const s = await stub(() => ({ stream: [body] }));
    expect(right((await generate(generatorFor(s.url))).result).content).toBe(ANSWER);
  });

  it('waits out keep-alive comments only up to timeoutMs: they are not progress', async () => {
    const keepAlives: StreamPiece[] = Array.from(
      { length: 40 },
      () => [': keep-alive\n\n', { waitMs: 10 }] as const,
    ).flat();
    const s = await stub(() => ({ stream: keepAlives }));
    const started = performance.now();
    const { result } = await generate(generatorFor(s.url, { timeoutMs: 150, maxRetries: 0 }));
    expect(leftMessage(result)).toContain('no data for 150 ms');
    expect(performance.now() - started).toBeLessThan(350);
  });

  it('a plain JSON completion despite stream: true is read whole and handed on once', async () => {
    const s = await stub(() => ({
      body: {
        choices: [{ index: 0, message: { role: 'assistant', content: ` ${ANSWER}\n` }, finish_reason: 'stop' }],
        usage: USAGE,
      },
    }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(right(result)).toEqual({ content: ANSWER, tokensUsed: 43, finishReason: 'stop' });
    expect(deltas).toEqual([ANSWER]);
  });
});

describe('errors before and inside a stream', () => {
  it('an error object inside the stream after text is a Left with the provider’s message, not retried', async () => {
    const events = openAiChunks(PIECES, USAGE);
    const s = await stub(() => ({ stream: paced([events[0], events[1], providerErrors.openAiServerError], 2, false) }));
    const { result, deltas } = await generate(generatorFor(s.url));
    const message = leftMessage(result);
    expect(message).toContain('the provider reported an error inside the stream');
    expect(message).toContain('The server had an error while processing your request');
    expect(deltas).toEqual(['Доставка']);
    expect(s.requests).toHaveLength(1);
  });

  it('an error inside the stream before any text is retried like a 5xx', async () => {
    const s = await stub((_, i) => ({
      stream: i === 0 ? paced([providerErrors.deepSeekOverloaded], 2, false) : paced(deepSeekChunks(PIECES, USAGE)),
    }));
    expect(right((await generate(generatorFor(s.url))).result).content).toBe(ANSWER);
    expect(s.requests).toHaveLength(2);
  });

  it('an `event: error` event counts as an error too', async () => {
    const s = await stub(() => ({
      stream: [`event: error\ndata: ${JSON.stringify(providerErrors.openAiServerError)}\n\n`],
    }));
    const message = leftMessage((await generate(generatorFor(s.url, { maxRetries: 0 }))).result);
    expect(message).toContain('The server had an error while processing your request');
  });

  it('a 429 (OpenAI body, Retry-After) and a 500 before the stream are retried per policy', async () => {
    const s = await stub((_, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '0.1' }, body: providerErrors.openAiRateLimit }
        : i === 1
          ? { status: 500, body: providerErrors.openAiServerError }
          : { stream: paced(openAiChunks(PIECES, USAGE)) },
    );
    const started = performance.now();
    const { result } = await generate(generatorFor(s.url));
    expect(right(result).content).toBe(ANSWER);
    expect(s.requests).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('gives up after maxRetries with the last status and the provider’s message', async () => {
    const s = await stub(() => ({ status: 503, body: providerErrors.deepSeekOverloaded }));
    const message = leftMessage((await generate(generatorFor(s.url))).result);
    expect(message).toMatch(/HTTP 503 .*after 3 attempts: Server overloaded, please try again later/);
    expect(s.requests).toHaveLength(3);
  });

  it('DeepSeek’s 402 (no balance) fails at once', async () => {
    const s = await stub(() => ({ status: 402, body: providerErrors.deepSeekBalance }));
    expect(leftMessage((await generate(generatorFor(s.url))).result)).toContain('HTTP 402');
    expect(s.requests).toHaveLength(1);
  });

  it('asks again without stream_options when a server rejects the field, and stops sending it', async () => {
    const s = await stub((request) =>
      (request.body as { stream_options?: unknown }).stream_options
        ? {
            status: 400,
            body: {
              error: {
                message: 'Unrecognized request argument supplied: stream_options',
                type: 'invalid_request_error',
              },
            },
          }
        : { stream: paced(ollamaChunks(PIECES, null)) },
    );
    const generator = generatorFor(s.url);
    expect(right((await generate(generator)).result).content).toBe(ANSWER);
    expect(right((await generate(generator)).result).content).toBe(ANSWER);
    expect(s.requests.map((r) => 'stream_options' in (r.body as object))).toEqual([true, false, false]);
  });
});

describe('how the model stopped', () => {
  it('content_filter is a Left (the use-case hands off), even after text was handed on', async () => {
    const s = await stub(() => ({ stream: paced(openAiChunks(PIECES.slice(0, 2), null, 'content_filter')) }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(leftMessage(result)).toContain("the provider's content filter stopped the reply");
    expect(deltas).toEqual(['Доставка', ' по Москве']);
    expect(s.requests).toHaveLength(1);
  });

  it('content_filter in a JSON completion is a Left too', async () => {
    const s = await stub(() => ({
      body: {
        choices: [{ index: 0, message: { role: 'assistant', content: 'Я не могу' }, finish_reason: 'content_filter' }],
      },
    }));
    expect(leftMessage((await generate(generatorFor(s.url))).result)).toContain('content filter');
  });

  it('an OpenAI `refusal` is a Left', async () => {
    const events = openAiChunks([], null);
    const refusal = {
      ...(events[0] as object),
      choices: [{ index: 0, delta: { refusal: 'I can’t help with that.' }, finish_reason: null }],
    };
    const s = await stub(() => ({ stream: paced([events[0], refusal, ...events.slice(1)]) }));
    expect(leftMessage((await generate(generatorFor(s.url))).result)).toContain('refused');
  });

  it('DeepSeek’s insufficient_system_resource is a Left', async () => {
    const s = await stub(() => ({
      stream: paced(deepSeekChunks(PIECES.slice(0, 1), USAGE, { finishReason: 'insufficient_system_resource' })),
    }));
    expect(leftMessage((await generate(generatorFor(s.url))).result)).toContain('insufficient_system_resource');
  });

  it('length keeps the reply and says it was cut', async () => {
    const s = await stub(() => ({ stream: paced(openAiChunks(PIECES, USAGE, 'length')) }));
    expect(right((await generate(generatorFor(s.url))).result).finishReason).toBe('length');
  });

  it('a stream with no text at all is a Left, and onDelta is never called', async () => {
    const s = await stub(() => ({ stream: paced(openAiChunks(['  ', '\n'], USAGE)) }));
    const { result, deltas } = await generate(generatorFor(s.url));
    expect(leftMessage(result)).toContain('the streamed reply is empty');
    expect(deltas).toEqual([]);
  });
});

describe('cancellation', () => {
  it('an abort mid-stream ends the generation at once as cancelled, and the server sees the client go away', async () => {
    const [role, first, ...rest] = sseBody(openAiChunks(PIECES, USAGE)).split(/(?<=\n\n)/);
    const s = await stub(() => ({ stream: [role!, first!, { waitMs: 5_000 }, ...rest] }));
    const controller = new AbortController();
    let abortedAt = 0;
    const generation = createOpenAiCompatibleAnswerGenerator({ baseUrl: s.url, timeoutMs: 10_000 }).generate(question, {
      signal: controller.signal,
      onDelta: () => {
        abortedAt = performance.now();
        controller.abort();
      },
    })();
    const closed = await s.closed(0);
    const result = await generation;
    const settledAt = performance.now();
    expect(leftMessage(result)).toContain('cancelled by the caller');
    expect(closed.complete).toBe(false);
    expect(closed.at - abortedAt).toBeLessThan(100);
    expect(settledAt - abortedAt).toBeLessThan(100);
    expect(s.requests).toHaveLength(1);
  });

  it('an abort while waiting for the response (before any byte) cancels the request too', async () => {
    const s = await stub(() => ({ stream: paced(openAiChunks(PIECES, USAGE)), delayMs: 5_000 }));
    const controller = new AbortController();
    const generation = generatorFor(s.url, { timeoutMs: 10_000 }).generate(question, { signal: controller.signal })();
    while (s.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const abortedAt = performance.now();
    controller.abort();
    const [closed, result] = await Promise.all([s.closed(0), generation]);
    expect(leftMessage(result)).toContain('cancelled by the caller');
    expect(closed.at - abortedAt).toBeLessThan(100);
    expect(s.requests).toHaveLength(1);
  });

  it('an abort during the backoff after a 500 sends no further request', async () => {
    const s = await stub(() => ({ status: 500, body: providerErrors.openAiServerError }));
    const controller = new AbortController();
    const generation = generatorFor(s.url, { retryBaseDelayMs: 2_000 }).generate(question, {
      signal: controller.signal,
    })();
    while (s.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const abortedAt = performance.now();
    controller.abort();
    expect(leftMessage(await generation)).toContain('cancelled by the caller');
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(s.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const s = await stub(() => ({ stream: paced(openAiChunks(PIECES, USAGE)) }));
    const { result } = await generate(generatorFor(s.url), { signal: AbortSignal.abort() });
    expect(leftMessage(result)).toContain('cancelled by the caller before the request was sent');
    expect(s.requests).toHaveLength(0);
  });

  it('an onDelta that throws ends the generation as a Left and lets the connection go', async () => {
    const [role, first, ...rest] = sseBody(openAiChunks(PIECES, USAGE)).split(/(?<=\n\n)/);
    const s = await stub(() => ({ stream: [role!, first!, { waitMs: 5_000 }, ...rest] }));
    const result = await generatorFor(s.url).generate(question, {
      onDelta: () => {
        throw new Error('the visitor’s socket is gone');
      },
    })();
    expect(leftMessage(result)).toContain('onDelta threw: the visitor’s socket is gone');
    expect((await s.closed(0)).complete).toBe(false);
    expect(s.requests).toHaveLength(1);
  });
});

describe('settings', () => {
  it('stream: false asks for one JSON completion and hands it on once', async () => {
    const s = await stub(() => ({
      body: { choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }] },
    }));
    const { result, deltas } = await generate(generatorFor(s.url, { stream: false }));
    expect(right(result).content).toBe(ANSWER);
    expect(deltas).toEqual([ANSWER]);
    expect(s.requests[0]!.body).toMatchObject({ stream: false });
    expect(s.requests[0]!.body).not.toHaveProperty('stream_options');
  });

  it('streamUsage: false leaves stream_options out', async () => {
    const s = await stub(() => ({ stream: paced(ollamaChunks(PIECES, null)) }));
    await generate(generatorFor(s.url, { streamUsage: false }));
    expect(s.requests[0]!.body).toMatchObject({ stream: true });
    expect(s.requests[0]!.body).not.toHaveProperty('stream_options');
  });

  it('works without onDelta (the JSON API): the Right still holds the whole reply', async () => {
    const s = await stub(() => ({ stream: paced(openAiChunks(PIECES, USAGE)) }));
    expect(right(await generatorFor(s.url).generate(question)())).toEqual({
      content: ANSWER,
      tokensUsed: 43,
      finishReason: 'stop',
    });
  });

  it('the "no AI" generator takes the same options and declines without calling onDelta', async () => {
    const deltas: string[] = [];
    const result = await noAnswerGenerator.generate(question, {
      signal: new AbortController().signal,
      onDelta: (text) => deltas.push(text),
    })();
    expect(E.isLeft(result)).toBe(true);
    expect(deltas).toEqual([]);
  });
});
