/**
 * An Embedder over HTTP for every OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama's
 * `/v1`, vLLM, LiteLLM, ...) or Hugging Face Text Embeddings Inference's `/embed`.
 * Vectors come back checked and unit-length; every failure is an EmbeddingFailed whose
 * message names the endpoint and never the key (see docs/providers.md).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { embeddingFailed, type EmbeddingFailed } from '../../src/domain/errors.js';
import type { Embedder } from '../../src/ports/embedder.js';
import { endpointLabel, joinUrl } from '../provider-http/endpoint-label.js';
import { postJsonWithRetry } from '../provider-http/post-json-with-retry.js';
import { describeProviderFailure } from '../provider-http/provider-failure.js';
import { redactSecret } from '../provider-http/redact-secret.js';
import { retryPolicyFrom } from '../provider-http/retry-policy.js';
import { openAiEmbeddings, teiEmbeddings, unitVector } from './embedding-response.js';

export type EmbeddingApiStyle = 'openai' | 'tei';

export interface OpenAiCompatibleEmbedderOptions {
  /** E.g. `https://api.openai.com/v1`, `http://localhost:11434/v1` (Ollama), `http://localhost:8080` (TEI). */
  readonly baseUrl: string;
  /** Null or absent for local servers that need none. */
  readonly apiKey?: string | null;
  readonly model: string;
  /** Length of every vector; 1024 (the schema's `vector(1024)`) by default. */
  readonly dimensions?: number;
  /** Texts per request; 64 by default (32 for TEI, whose default client batch limit is 32). */
  readonly batchSize?: number;
  /** Per request, 10 000 ms by default. */
  readonly timeoutMs?: number;
  /** Extra attempts after a network error, timeout, 408, 429 or 5xx; 3 by default. */
  readonly maxRetries?: number;
  /** First backoff delay, doubled per retry with jitter; 250 ms by default. */
  readonly retryBaseDelayMs?: number;
  /** Cap on any single wait, Retry-After included; 20 000 ms by default. */
  readonly maxRetryDelayMs?: number;
  /** OpenAI style only: false leaves `dimensions` out, for servers that reject the field. */
  readonly sendDimensions?: boolean;
  readonly fetch?: typeof fetch;
  /** `openai`: POST {baseUrl}/embeddings; `tei`: POST {baseUrl}/embed. */
  readonly style?: EmbeddingApiStyle;
}

export const DEFAULT_EMBEDDING_DIMENSIONS = 1024;

/** Stored beside every vector: a change of model or size is then detectable. */
export const httpEmbedderModelId = (model: string, dimensions: number): string => `${model}@${dimensions}`;

const OWNER = 'OpenAI-compatible embedder';

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${OWNER}: ${name} must be a positive integer, got ${String(value)}`);
  return value;
};

export const createOpenAiCompatibleEmbedder = (options: OpenAiCompatibleEmbedderOptions): Embedder => {
  // configuration mistakes fail where the embedder is built, not on the first request
  if (typeof options.baseUrl !== 'string' || !/^https?:\/\/[^/]/i.test(options.baseUrl)) {
    throw new RangeError(`${OWNER}: baseUrl must be an http(s) URL, got ${endpointLabel(String(options.baseUrl))}`);
  }
  if (typeof options.model !== 'string' || options.model.trim() === '')
    throw new RangeError(`${OWNER}: model is required`);
  const style: EmbeddingApiStyle = options.style ?? 'openai';
  if (style !== 'openai' && style !== 'tei')
    throw new RangeError(`${OWNER}: style must be "openai" or "tei", got ${String(style)}`);
  const dimensions = positiveInteger('dimensions', options.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS);
  const batchSize = positiveInteger('batchSize', options.batchSize ?? (style === 'tei' ? 32 : 64));
  const policy = retryPolicyFrom(OWNER, options, { timeoutMs: 10_000, maxRetries: 3, retryBaseDelayMs: 250 });
  const apiKey = options.apiKey ?? null;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const url = joinUrl(options.baseUrl, style === 'tei' ? 'embed' : 'embeddings');
  const endpoint = endpointLabel(url);
  const sendDimensions = options.sendDimensions ?? true;

  const fail = (reason: string): EmbeddingFailed =>
    embeddingFailed(
      redactSecret(`embedding request to ${endpoint} (model ${options.model}) failed: ${reason}`, apiKey),
    );

  const requestBody = (texts: ReadonlyArray<string>): unknown =>
    style === 'tei'
      ? // truncate: an over-long FAQ answer should still get a vector rather than a 413
        { inputs: texts, truncate: true }
      : {
          model: options.model,
          input: texts,
          ...(sendDimensions ? { dimensions } : {}),
          encoding_format: 'float',
        };

  const readVectors = (body: unknown, expected: number): E.Either<string, Float32Array[]> =>
    pipe(
      style === 'tei' ? teiEmbeddings(body, expected) : openAiEmbeddings(body, expected),
      E.flatMap((raw) => {
        const vectors: Float32Array[] = [];
        for (const [position, value] of raw.entries()) {
          const vector = unitVector(value, dimensions, position);
          if (E.isLeft(vector)) return vector;
          vectors.push(vector.right);
        }
        return E.right(vectors);
      }),
    );

  const embedBatch = (texts: ReadonlyArray<string>): TE.TaskEither<EmbeddingFailed, ReadonlyArray<Float32Array>> =>
    pipe(
      postJsonWithRetry({ url, body: requestBody(texts), apiKey, policy, fetch: fetchImpl }),
      TE.mapLeft((failure) => fail(describeProviderFailure(failure))),
      TE.flatMap((body) =>
        pipe(
          readVectors(body, texts.length),
          E.mapLeft((reason) => fail(`unexpected response: ${reason}`)),
          TE.fromEither,
        ),
      ),
    );

  return {
    model: httpEmbedderModelId(options.model, dimensions),
    dimensions,
    embed: (texts) => {
      if (texts.length === 0) return TE.right([]);
      const batches: Array<ReadonlyArray<string>> = [];
      for (let i = 0; i < texts.length; i += batchSize) batches.push(texts.slice(i, i + batchSize));
      // one batch at a time: parallel batches mostly buy 429s from rate-limited providers
      return pipe(
        batches,
        TE.traverseSeqArray(embedBatch),
        TE.map((perBatch) => perBatch.flat()),
      );
    },
  };
};
