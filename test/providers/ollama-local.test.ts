/**
 * The local, keyless option of docs/providers.md: Ollama on its OpenAI-compatible `/v1`
 * as both embedder (bge-m3, natively 1024-d) and chat model, configured exactly as the
 * documentation says, against one stub that answers like Ollama (openai/openai.go and
 * middleware/openai.go in Ollama's source: `EmbeddingList`, `ChatCompletionChunk`,
 * `ErrorResponse`).
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createOpenAiCompatibleEmbedder } from '../../adapters/embedding/openai-compatible-embedder.js';
import { createAssistant, createAssistantFromEnv } from '../../src/index.js';
import { ollamaChunks } from './chat-stream-formats.js';
import { sseBody, stubServersClosedAfterEach, type RecordedRequest, type StubReply } from './stub-provider-server.js';

const stub = stubServersClosedAfterEach();

const DIMENSIONS = 1024;

/** A one-hot vector per distinct text: equal texts match, different ones do not (no accidental FAQ hits). */
const oneHot = (text: string): number[] => {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  const v = new Array<number>(DIMENSIONS).fill(0);
  v[hash % DIMENSIONS] = 0.7; // not unit length: the adapter normalises
  return v;
};

/** Ollama's `/v1/embeddings` reply, field for field. */
const ollamaEmbeddings = (request: RecordedRequest): StubReply => {
  const { input, model } = request.body as { input: string[]; model: string };
  return {
    body: {
      object: 'list',
      data: input.map((text, index) => ({ object: 'embedding', embedding: oneHot(text), index })),
      model,
      usage: { prompt_tokens: 4 * input.length, total_tokens: 4 * input.length },
    },
  };
};

const REPLY = ['Для игр ', 'подойдут ноутбуки ', 'с RTX 4060.'];

/** What `ollama serve` answers on one port: embeddings and streamed chat completions. */
const ollama = () =>
  stub((request) => {
    if (request.path === '/v1/embeddings') return ollamaEmbeddings(request);
    if (request.path === '/v1/chat/completions')
      return { stream: [sseBody(ollamaChunks(REPLY, { prompt_tokens: 40, completion_tokens: 9, total_tokens: 49 }))] };
    return { status: 404, body: '404 page not found', headers: { 'content-type': 'text/plain' } };
  });

describe('Ollama as the embedder (bge-m3)', () => {
  it('posts model, input, dimensions 1024 and float encoding to /v1/embeddings without a key; 1024-d unit vectors back', async () => {
    const s = await ollama();
    const embedder = createOpenAiCompatibleEmbedder({ baseUrl: `${s.url}/v1`, model: 'bge-m3' });
    expect([embedder.model, embedder.dimensions]).toEqual(['bge-m3@1024', 1024]);
    const result = await embedder.embed(['Как оплатить заказ?', 'Сроки доставки'])();
    if (E.isLeft(result)) throw new Error(result.left.message);
    expect(result.right.map((v) => [v.length, Math.hypot(...v)])).toEqual([
      [1024, 1],
      [1024, 1],
    ]);
    expect(s.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/embeddings',
      body: {
        model: 'bge-m3',
        input: ['Как оплатить заказ?', 'Сроки доставки'],
        dimensions: 1024,
        encoding_format: 'float',
      },
    });
    expect(s.requests[0]!.headers['authorization']).toBeUndefined();
  });

  it('says what to do when the model is not pulled (Ollama’s 404 body)', async () => {
    const s = await stub(() => ({
      status: 404,
      body: {
        error: {
          message: 'model "bge-m3" not found, try pulling it first',
          type: 'not_found_error',
          param: null,
          code: null,
        },
      },
    }));
    const result = await createOpenAiCompatibleEmbedder({ baseUrl: `${s.url}/v1`, model: 'bge-m3' }).embed(['a'])();
    expect(E.isLeft(result) && result.left.message).toMatch(
      /HTTP 404 .*check the base URL and the model name.*model "bge-m3" not found, try pulling it first/,
    );
  });

  it('rejects a model of another size (nomic-embed-text is 768-d) before anything is stored', async () => {
    const s = await stub((request) => ({
      body: {
        object: 'list',
        data: (request.body as { input: string[] }).input.map((_, index) => ({
          object: 'embedding',
          embedding: new Array<number>(768).fill(0.01),
          index,
        })),
        model: 'nomic-embed-text',
      },
    }));
    const result = await createOpenAiCompatibleEmbedder({ baseUrl: `${s.url}/v1`, model: 'nomic-embed-text' }).embed([
      'a',
    ])();
    expect(E.isLeft(result) && result.left.message).toContain('768 dimensions, expected 1024');
  });
});

describe('Ollama as embedder and chat model, configured as docs/providers.md says', () => {
  const exercise = async (
    assistant: Awaited<ReturnType<typeof createAssistant>>,
    s: { requests: RecordedRequest[] },
  ) => {
    try {
      const entry = await assistant.addKnowledge({
        question: 'Какие способы оплаты доступны?',
        answer: 'Карты, СБП и наличные при получении.',
        category: 'payment',
      });
      const chat = await assistant.startChat({});
      const reply = await assistant.processMessage({
        sessionUuid: chat.sessionUuid,
        message: 'Посоветуйте ноутбук для игр',
      });
      expect(reply).toMatchObject({ source: 'ai', answer: REPLY.join(''), tokensUsed: 49 });
      const search = await assistant.searchFaq({ query: 'Какие способы оплаты доступны?' });
      expect(search.hits[0]?.entry.id).toBe(entry.id);
      expect(search.mode).toBe('hybrid');
    } finally {
      await assistant.close();
    }
    const paths = s.requests.map((r) => r.path);
    expect(paths).toContain('/v1/embeddings');
    expect(paths).toContain('/v1/chat/completions');
    const chatRequest = s.requests.find((r) => r.path === '/v1/chat/completions')!;
    expect(chatRequest.body).toMatchObject({ model: 'qwen2.5:7b', stream: true });
    expect(chatRequest.headers['authorization']).toBeUndefined();
  };

  it('from environment variables', async () => {
    const s = await ollama();
    const assistant = await createAssistantFromEnv({
      EMBEDDER: 'openai',
      EMBEDDING_BASE_URL: `${s.url}/v1`,
      EMBEDDING_MODEL: 'bge-m3',
      AI_PROVIDER: 'openai',
      AI_BASE_URL: `${s.url}/v1`,
      AI_MODEL: 'qwen2.5:7b',
      AI_TIMEOUT_MS: '120000',
    });
    await exercise(assistant, s);
  });

  it('from a configuration object', async () => {
    const s = await ollama();
    const assistant = await createAssistant({
      embedder: { kind: 'openai-compatible', baseUrl: `${s.url}/v1`, model: 'bge-m3', dimensions: 1024 },
      answerGenerator: { kind: 'openai-compatible', baseUrl: `${s.url}/v1`, model: 'qwen2.5:7b', timeoutMs: 120_000 },
    });
    await exercise(assistant, s);
  });
});
