import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  createOpenAiCompatibleAnswerGenerator,
  type OpenAiCompatibleAnswerGeneratorOptions,
} from '../../adapters/llm/openai-compatible-answer-generator.js';
import type { AnswerGenerationFailed } from '../../src/domain/errors.js';
import type { AnswerRequest } from '../../src/ports/answer-generator.js';
import { refusedUrl, stubServersClosedAfterEach, type StubReply } from './stub-provider-server.js';

const KEY = 'sk-deepseek-secret-42';

const stub = stubServersClosedAfterEach();

/** A DeepSeek chat completion as the API returns it. */
/** `usage: null` leaves the field out, as some compatible servers do. */
const completion = (
  content: string | null,
  usage: unknown = { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 },
): StubReply => ({
  body: {
    id: 'cmpl-1',
    object: 'chat.completion',
    created: 1735324512,
    model: 'deepseek-chat',
    choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
    ...(usage === null ? {} : { usage }),
  },
});

const generatorFor = (baseUrl: string, options: Partial<OpenAiCompatibleAnswerGeneratorOptions> = {}) =>
  createOpenAiCompatibleAnswerGenerator({ baseUrl, apiKey: KEY, timeoutMs: 1_000, retryBaseDelayMs: 5, ...options });

const request: AnswerRequest = {
  systemPrompt: 'Ты дружелюбный помощник интернет-магазина.',
  model: 'deepseek-reasoner',
  temperature: 0.3,
  conversation: [
    { role: 'assistant', content: 'Здравствуйте! Чем могу помочь?' },
    { role: 'user', content: 'Посоветуйте ноутбук для игр' },
  ],
};

const bare: AnswerRequest = {
  systemPrompt: null,
  model: null,
  temperature: null,
  conversation: [{ role: 'user', content: 'Привет' }],
};

const failure = async (
  generator: ReturnType<typeof generatorFor>,
  r: AnswerRequest = bare,
): Promise<AnswerGenerationFailed> => {
  const result = await generator.generate(r)();
  if (E.isRight(result)) throw new Error(`expected AnswerGenerationFailed, got ${JSON.stringify(result.right)}`);
  expect(result.left._tag).toBe('AnswerGenerationFailed');
  return result.left;
};

/** These stubs answer with one JSON completion although the generator asks for a stream: the non-streaming path. */
describe('OpenAI-compatible answer generator: DeepSeek chat completions', () => {
  it('sends the system prompt, model, temperature and conversation; reads content and usage.total_tokens', async () => {
    const s = await stub(() => completion('  Рекомендую обратить внимание на модели с RTX 4060.  '));
    const result = await generatorFor(s.url).generate(request)();
    expect(result).toEqual(
      E.right({ content: 'Рекомендую обратить внимание на модели с RTX 4060.', tokensUsed: 52, finishReason: 'stop' }),
    );
    expect(s.requests).toHaveLength(1);
    const sent = s.requests[0]!;
    expect([sent.method, sent.path]).toEqual(['POST', '/chat/completions']);
    expect(sent.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(sent.body).toEqual({
      model: 'deepseek-reasoner',
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'Ты дружелюбный помощник интернет-магазина.' },
        { role: 'assistant', content: 'Здравствуйте! Чем могу помочь?' },
        { role: 'user', content: 'Посоветуйте ноутбук для игр' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('fills model and temperature from its defaults, sends no system message without a prompt, and max_tokens when set', async () => {
    const s = await stub(() => completion('Здравствуйте!'));
    await generatorFor(s.url).generate(bare)();
    await generatorFor(`${s.url}/v1/`, {
      defaultModel: 'gpt-4o-mini',
      defaultTemperature: 0.2,
      maxTokens: 256,
    }).generate(bare)();
    expect(s.requests[0]!.body).toEqual({
      model: 'deepseek-chat',
      temperature: 0.7,
      messages: [{ role: 'user', content: 'Привет' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(s.requests[1]!.path).toBe('/v1/chat/completions');
    expect(s.requests[1]!.body).toEqual({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      messages: [{ role: 'user', content: 'Привет' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 256,
    });
  });

  it('keeps temperature 0 from the agent context (not replaced by the default)', async () => {
    const s = await stub(() => completion('ok'));
    await generatorFor(s.url).generate({ ...bare, temperature: 0 })();
    expect(s.requests[0]!.body).toMatchObject({ temperature: 0 });
  });

  it('takes completion_tokens when total_tokens is missing, and null without usage', async () => {
    const s = await stub((_, i) => (i === 0 ? completion('a', { completion_tokens: 7 }) : completion('b', null)));
    expect(await generatorFor(s.url).generate(bare)()).toEqual(
      E.right({ content: 'a', tokensUsed: 7, finishReason: 'stop' }),
    );
    expect(await generatorFor(s.url).generate(bare)()).toEqual(
      E.right({ content: 'b', tokensUsed: null, finishReason: 'stop' }),
    );
  });

  it("talks to DeepSeek's API by default", async () => {
    const urls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      urls.push(input instanceof Request ? input.url : input.toString());
      return new Response(JSON.stringify(completion('ok').body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const result = await createOpenAiCompatibleAnswerGenerator({ apiKey: KEY, fetch: fakeFetch }).generate(bare)();
    expect(E.isRight(result)).toBe(true);
    expect(urls).toEqual(['https://api.deepseek.com/chat/completions']);
  });

  it('rejects nonsense settings where it is built', () => {
    expect(() => createOpenAiCompatibleAnswerGenerator({ defaultTemperature: 3 })).toThrow(RangeError);
    expect(() => createOpenAiCompatibleAnswerGenerator({ maxTokens: 0 })).toThrow(RangeError);
    expect(() => createOpenAiCompatibleAnswerGenerator({ baseUrl: 'api.deepseek.com' })).toThrow(RangeError);
    expect(() => createOpenAiCompatibleAnswerGenerator({ maxRetries: -1 })).toThrow(RangeError);
  });
});

describe('OpenAI-compatible answer generator: slow and failing providers', () => {
  it('times out, retries maxRetries (2 by default) times, then fails in bounded time', async () => {
    const s = await stub(() => ({ ...completion('late'), delayMs: 2_000 }));
    const started = Date.now();
    const error = await failure(generatorFor(s.url, { timeoutMs: 50 }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(s.requests).toHaveLength(3);
    expect(error.message).toContain(`${s.url}/chat/completions (model deepseek-chat)`);
    expect(error.message).toContain('no response within 50 ms after 3 attempts');
  });

  it('retries a 500 and succeeds', async () => {
    const s = await stub((_, i) => (i === 0 ? { status: 500, body: 'oops' } : completion('ok')));
    expect(await generatorFor(s.url).generate(bare)()).toEqual(
      E.right({ content: 'ok', tokensUsed: 52, finishReason: 'stop' }),
    );
    expect(s.requests).toHaveLength(2);
  });

  it('honours Retry-After on a 429', async () => {
    const s = await stub((_, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '0.25' }, body: { error: { message: 'rate limited' } } }
        : completion('ok'),
    );
    const started = Date.now();
    expect(E.isRight(await generatorFor(s.url, { retryBaseDelayMs: 1 }).generate(bare)())).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(230);
  });

  it('fails at once on a 400 (e.g. an unknown model) without retrying', async () => {
    const s = await stub(() => ({
      status: 400,
      body: { error: { message: 'Model Not Exist', type: 'invalid_request_error' } },
    }));
    const error = await failure(generatorFor(s.url), { ...bare, model: 'deepseek-nope' });
    expect(s.requests).toHaveLength(1);
    expect(error.message).toMatch(/\(model deepseek-nope\) failed: HTTP 400 .*after 1 attempt: Model Not Exist/);
  });

  it('reports a refused connection', async () => {
    const url = await refusedUrl();
    const error = await failure(generatorFor(url, { maxRetries: 1 }));
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('after 2 attempts');
  });
});

describe('OpenAI-compatible answer generator: malformed responses', () => {
  const malformed: Array<[string, StubReply, RegExp]> = [
    ['a body that is not JSON', { body: 'Service Unavailable' }, /not JSON/],
    ['missing choices', { body: { id: 'x', usage: { total_tokens: 3 } } }, /no "choices"/],
    ['empty choices', { body: { choices: [] } }, /no "choices"/],
    [
      'a choice without a message',
      { body: { choices: [{ index: 0, text: 'legacy completion' }] } },
      /choices\[0\] has no "message"/,
    ],
    ['empty content', completion('   '), /content is empty/],
    [
      'null content',
      { body: { choices: [{ message: { role: 'assistant', content: null }, finish_reason: 'length' }] } },
      /not text \(finish_reason length\)/,
    ],
  ];
  for (const [name, reply, expected] of malformed) {
    it(`fails clearly, without retrying, on ${name}`, async () => {
      const s = await stub(() => reply);
      const error = await failure(generatorFor(s.url));
      expect(error.message).toMatch(expected);
      expect(error.message).toContain(`${s.url}/chat/completions`);
      expect(s.requests).toHaveLength(1);
    });
  }
});

describe('OpenAI-compatible answer generator: the key stays secret', () => {
  it('redacts a key echoed back in an error body', async () => {
    const s = await stub(() => ({
      status: 401,
      body: { error: { message: `Authentication Fails, Your api key: ${KEY} is invalid` } },
    }));
    const error = await failure(generatorFor(s.url));
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('check the API key');
  });
});
