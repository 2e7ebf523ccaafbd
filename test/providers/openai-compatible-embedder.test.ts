import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  createOpenAiCompatibleEmbedder,
  type OpenAiCompatibleEmbedderOptions,
} from '../../adapters/embedding/openai-compatible-embedder.js';
import type { EmbeddingFailed } from '../../src/domain/errors.js';
import {
  fakeVector,
  openAiEmbeddingsReply,
  refusedUrl,
  stubServersClosedAfterEach,
  type StubHandler,
} from './stub-provider-server.js';

const KEY = 'sk-test-0123456789abcdef';
const DIMS = 8;

const stub = stubServersClosedAfterEach();

/** Small timeouts and delays so failure paths finish in milliseconds. */
const embedderFor = (baseUrl: string, options: Partial<OpenAiCompatibleEmbedderOptions> = {}) =>
  createOpenAiCompatibleEmbedder({
    baseUrl,
    apiKey: KEY,
    model: 'text-embedding-3-small',
    dimensions: DIMS,
    timeoutMs: 1_000,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    ...options,
  });

const embed = (embedder: ReturnType<typeof embedderFor>, texts: string[]) => embedder.embed(texts)();

const failure = async (
  embedder: ReturnType<typeof embedderFor>,
  texts: string[] = ['hello'],
): Promise<EmbeddingFailed> => {
  const result = await embed(embedder, texts);
  if (E.isRight(result)) throw new Error('expected EmbeddingFailed, got vectors');
  expect(result.left._tag).toBe('EmbeddingFailed');
  return result.left;
};

const norm = (v: Float32Array) => Math.hypot(...v);
const unit = (values: number[]) => {
  const n = Math.hypot(...values);
  return values.map((x) => x / n);
};

describe('OpenAI-compatible embedder: happy path', () => {
  it('posts model, input, dimensions and float encoding with the bearer key, in ceil(n/batchSize) requests', async () => {
    const s = await stub((req) => openAiEmbeddingsReply(req, DIMS, { reverse: true }));
    const texts = ['как оплатить', 'доставка', 'возврат товара', 'гарантия', 'скидки'];
    const embedder = embedderFor(`${s.url}/v1/`, { batchSize: 2 });
    const result = await embed(embedder, texts);
    expect(E.isRight(result)).toBe(true);
    const vectors = E.isRight(result) ? result.right : [];

    expect(s.requests).toHaveLength(3);
    expect(s.requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/v1/embeddings'],
      ['POST', '/v1/embeddings'],
      ['POST', '/v1/embeddings'],
    ]);
    expect(s.requests[0]!.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(s.requests[0]!.headers['content-type']).toBe('application/json');
    expect(s.requests.map((r) => r.body)).toEqual([
      { model: 'text-embedding-3-small', input: texts.slice(0, 2), dimensions: DIMS, encoding_format: 'float' },
      { model: 'text-embedding-3-small', input: texts.slice(2, 4), dimensions: DIMS, encoding_format: 'float' },
      { model: 'text-embedding-3-small', input: texts.slice(4), dimensions: DIMS, encoding_format: 'float' },
    ]);

    // the stub answered each batch in reverse: the adapter must restore input order by `index`
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(DIMS);
      expect(norm(v)).toBeCloseTo(1, 5);
      expect([...v].map((x) => Number(x.toFixed(5)))).toEqual(
        unit(fakeVector(texts[i]!, DIMS)).map((x) => Number(x.toFixed(5))),
      );
    });
  });

  it('names its model with the dimensions, defaults to 1024 and sends no Authorization without a key', async () => {
    const s = await stub((req) => openAiEmbeddingsReply(req, 1024));
    const embedder = createOpenAiCompatibleEmbedder({ baseUrl: s.url, model: 'bge-m3' });
    expect(embedder.model).toBe('bge-m3@1024');
    expect(embedder.dimensions).toBe(1024);
    const result = await embed(embedder, ['a']);
    expect(E.isRight(result) && result.right[0]!.length).toBe(1024);
    expect(s.requests[0]!.headers['authorization']).toBeUndefined();
    expect(s.requests[0]!.body).toMatchObject({ dimensions: 1024 });
  });

  it('makes no request for no texts', async () => {
    const s = await stub((req) => openAiEmbeddingsReply(req, DIMS));
    expect(await embed(embedderFor(s.url), [])).toEqual(E.right([]));
    expect(s.requests).toHaveLength(0);
  });

  it('leaves dimensions out when sendDimensions is false (servers that reject the field)', async () => {
    const s = await stub((req) => openAiEmbeddingsReply(req, DIMS));
    await embed(embedderFor(s.url, { sendDimensions: false }), ['a']);
    expect(s.requests[0]!.body).toEqual({ model: 'text-embedding-3-small', input: ['a'], encoding_format: 'float' });
  });

  it('accepts items without index in array order (some compatible servers omit it)', async () => {
    const s = await stub(() => ({
      body: { data: [{ embedding: fakeVector('x', DIMS) }, { embedding: fakeVector('y', DIMS) }] },
    }));
    const result = await embed(embedderFor(s.url), ['x', 'y']);
    expect(E.isRight(result) && result.right[1]![0]).toBeCloseTo(unit(fakeVector('y', DIMS))[0]!, 5);
  });

  it('speaks TEI: {inputs} to /embed, a bare number[][] back, 32 texts per request by default', async () => {
    const s = await stub((req) => ({
      body: (req.body as { inputs: string[] }).inputs.map((t) => fakeVector(t, DIMS)),
    }));
    const texts = Array.from({ length: 40 }, (_, i) => `вопрос ${i}`);
    const result = await embed(embedderFor(s.url, { style: 'tei', apiKey: null }), texts);
    expect(E.isRight(result) && result.right.length).toBe(40);
    expect(s.requests.map((r) => r.path)).toEqual(['/embed', '/embed']);
    expect(s.requests[0]!.body).toEqual({ inputs: texts.slice(0, 32), truncate: true });
    expect(s.requests[1]!.body).toEqual({ inputs: texts.slice(32), truncate: true });
    expect(E.isRight(result) && norm(result.right[39]!)).toBeCloseTo(1, 5);
  });

  it('rejects nonsense settings where it is built', () => {
    expect(() => createOpenAiCompatibleEmbedder({ baseUrl: 'http://x', model: 'm', dimensions: 0 })).toThrow(
      RangeError,
    );
    expect(() => createOpenAiCompatibleEmbedder({ baseUrl: 'http://x', model: 'm', batchSize: 1.5 })).toThrow(
      RangeError,
    );
    expect(() => createOpenAiCompatibleEmbedder({ baseUrl: 'ftp://x', model: 'm' })).toThrow(RangeError);
    expect(() => createOpenAiCompatibleEmbedder({ baseUrl: 'http://x', model: ' ' })).toThrow(RangeError);
    expect(() => createOpenAiCompatibleEmbedder({ baseUrl: 'http://x', model: 'm', timeoutMs: 0 })).toThrow(RangeError);
  });
});

describe('OpenAI-compatible embedder: slow and failing providers', () => {
  it('times out each attempt, retries, and gives up with EmbeddingFailed in bounded time', async () => {
    const s = await stub((req) => ({ ...openAiEmbeddingsReply(req, DIMS), delayMs: 2_000 }));
    const started = Date.now();
    const error = await failure(embedderFor(s.url, { timeoutMs: 60, maxRetries: 2 }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(s.requests).toHaveLength(3);
    expect(error.message).toContain(`${s.url}/embeddings`);
    expect(error.message).toContain('no response within 60 ms after 3 attempts');
  });

  it('recovers when only the first attempt is slow', async () => {
    const s = await stub((req, i) => ({ ...openAiEmbeddingsReply(req, DIMS), delayMs: i === 0 ? 1_000 : 0 }));
    const result = await embed(embedderFor(s.url, { timeoutMs: 100 }), ['a']);
    expect(E.isRight(result)).toBe(true);
    expect(s.requests).toHaveLength(2);
  });

  it('retries a 500 and succeeds', async () => {
    const s = await stub((req, i) =>
      i === 0 ? { status: 500, body: { error: { message: 'overloaded' } } } : openAiEmbeddingsReply(req, DIMS),
    );
    expect(E.isRight(await embed(embedderFor(s.url), ['a']))).toBe(true);
    expect(s.requests).toHaveLength(2);
  });

  it('fails at once on a 400, with the provider explanation, without retrying', async () => {
    const s = await stub(() => ({
      status: 400,
      body: { error: { message: 'This model does not support specifying dimensions.', type: 'invalid_request_error' } },
    }));
    const error = await failure(embedderFor(s.url, { maxRetries: 3 }));
    expect(s.requests).toHaveLength(1);
    expect(error.message).toContain(`${s.url}/embeddings`);
    expect(error.message).toContain('HTTP 400');
    expect(error.message).toContain('after 1 attempt:');
    expect(error.message).toContain('does not support specifying dimensions');
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const s = await stub((req, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '0.3' }, body: {} } : openAiEmbeddingsReply(req, DIMS),
    );
    const started = Date.now();
    const result = await embed(embedderFor(s.url, { retryBaseDelayMs: 1 }), ['a']);
    expect(E.isRight(result)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(s.requests).toHaveLength(2);
  });

  it('caps a long Retry-After', async () => {
    const s = await stub((req, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '120' }, body: {} } : openAiEmbeddingsReply(req, DIMS),
    );
    const started = Date.now();
    const result = await embed(embedderFor(s.url, { maxRetryDelayMs: 50 }), ['a']);
    expect(E.isRight(result)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up after maxRetries on a provider that keeps failing', async () => {
    const s = await stub(() => ({ status: 503, body: 'upstream unavailable' }));
    const error = await failure(embedderFor(s.url, { maxRetries: 3 }));
    expect(s.requests).toHaveLength(4);
    expect(error.message).toMatch(/HTTP 503 .*after 4 attempts: upstream unavailable/);
  });

  it('reports a refused connection with its cause', async () => {
    const url = await refusedUrl();
    const error = await failure(embedderFor(url, { maxRetries: 1 }));
    expect(error.message).toContain(`${url}/embeddings`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('after 2 attempts');
  });
});

describe('OpenAI-compatible embedder: malformed responses', () => {
  const malformed: Array<[string, StubHandler, RegExp]> = [
    ['a body that is not JSON', () => ({ body: '<html>502 Bad Gateway</html>' }), /not JSON \(starts with "<html>502/],
    ['an empty body', () => ({ body: '' }), /not JSON \(empty\)/],
    ['no data array', () => ({ body: { embeddings: [] } }), /"data" array/],
    [
      'fewer vectors than texts',
      () => ({ body: { data: [{ index: 0, embedding: fakeVector('a', DIMS) }] } }),
      /expected 2 embeddings, got 1/,
    ],
    [
      'a provider that ignores dimensions',
      (req) => openAiEmbeddingsReply(req, 1536),
      /embedding 0 has 1536 dimensions, expected 8: the model ignores the "dimensions" parameter/,
    ],
    [
      'a non-number in a vector',
      () => ({ body: { data: [0, 1].map((index) => ({ index, embedding: [...fakeVector('a', DIMS - 1), 'x'] })) } }),
      /embedding 0 has a non-finite value at 7/,
    ],
    [
      'an overflowing number (Infinity after parsing)',
      () => ({
        body: `{"data":[{"index":0,"embedding":[1e999${',0'.repeat(DIMS - 1)}]},{"index":1,"embedding":[1${',0'.repeat(DIMS - 1)}]}]}`,
      }),
      /non-finite value at 0/,
    ],
    [
      'a null vector',
      () => ({
        body: {
          data: [
            { index: 0, embedding: null },
            { index: 1, embedding: null },
          ],
        },
      }),
      /embedding 0 is null/,
    ],
    [
      'base64 instead of floats',
      () => ({ body: { data: [0, 1].map((index) => ({ index, embedding: 'AAAA' })) } }),
      /a string \(base64\?\)/,
    ],
    [
      'a zero vector',
      () => ({ body: { data: [0, 1].map((index) => ({ index, embedding: new Array(DIMS).fill(0) })) } }),
      /zero length/,
    ],
    [
      'duplicate indexes',
      () => ({ body: { data: [0, 0].map((index) => ({ index, embedding: fakeVector('a', DIMS) })) } }),
      /indexes must be 0\.\.1, each once/,
    ],
  ];

  for (const [name, handler, expected] of malformed) {
    it(`fails clearly, without retrying, on ${name}`, async () => {
      const s = await stub(handler);
      const error = await failure(embedderFor(s.url), ['a', 'b']);
      expect(error.message).toMatch(expected);
      expect(error.message).toContain(`${s.url}/embeddings`);
      expect(s.requests).toHaveLength(1);
    });
  }

  it('fails on a TEI reply that is not an array', async () => {
    const s = await stub(() => ({ body: { error: 'no' } }));
    const error = await failure(embedderFor(s.url, { style: 'tei' }));
    expect(error.message).toMatch(/\/embed .*expected an array of vectors/);
  });
});

describe('OpenAI-compatible embedder: the key stays secret', () => {
  it('redacts a key the provider echoes back, and hints at the key on 401', async () => {
    const s = await stub((req) => ({
      status: 401,
      body: {
        error: { message: `Incorrect API key provided: ${KEY}. Header was ${String(req.headers['authorization'])}` },
      },
    }));
    const error = await failure(embedderFor(s.url));
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('[redacted]');
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('check the API key');
  });

  it('never repeats the key or URL credentials in network errors', async () => {
    const url = await refusedUrl();
    const withCredentials = url.replace('http://', `http://user:${KEY}@`);
    const error = await failure(embedderFor(`${withCredentials}/v1?api_key=${KEY}`, { maxRetries: 0 }));
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain(`${url}/v1`);
  });
});
