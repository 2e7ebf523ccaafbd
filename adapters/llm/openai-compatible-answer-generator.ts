/**
 * An AnswerGenerator over any OpenAI-compatible `/chat/completions` endpoint, DeepSeek's
 * by default. Prompt, model and temperature come with each request (from the agent
 * context); the generator's own defaults fill what the context leaves out. The reply is
 * streamed (`stream: true`) and handed on piece by piece through `onDelta`; a server that
 * answers with one JSON completion instead is read as such. Failures are
 * AnswerGenerationFailed, whose message names the endpoint and never the key; the
 * use-case then hands the visitor over to an operator (see docs/providers.md and ADR 0015).
 */
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { answerGenerationFailed, type AnswerGenerationFailed } from '../../src/domain/errors.js';
import type { AnswerGenerator, AnswerRequest } from '../../src/ports/answer-generator.js';
import { endpointLabel, joinUrl } from '../provider-http/endpoint-label.js';
import { postStreamingWithRetry } from '../provider-http/post-streaming-with-retry.js';
import { describeProviderFailure, type ProviderFailure } from '../provider-http/provider-failure.js';
import { redactSecret } from '../provider-http/redact-secret.js';
import { retryPolicyFrom } from '../provider-http/retry-policy.js';
import { chatCompletionStream } from './chat-completion-stream.js';

export interface OpenAiCompatibleAnswerGeneratorOptions {
  /** `https://api.deepseek.com` by default; e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`. */
  readonly baseUrl?: string;
  readonly apiKey?: string | null;
  /** Used when the agent context names no model; `deepseek-chat` by default. */
  readonly defaultModel?: string;
  /** Used when the agent context sets no temperature; 0.7 by default. */
  readonly defaultTemperature?: number;
  /** Sent as `max_tokens` when set. */
  readonly maxTokens?: number;
  /**
   * The longest wait, 30 000 ms by default: for the response to begin, then for each next
   * piece of a streamed reply (keep-alive comments do not count); a plain JSON reply must
   * arrive whole within it.
   */
  readonly timeoutMs?: number;
  /** Extra attempts after a network error, timeout, 408, 429 or 5xx; 2 by default. */
  readonly maxRetries?: number;
  /** First backoff delay, doubled per retry with jitter; 500 ms by default. */
  readonly retryBaseDelayMs?: number;
  /** Cap on any single wait, Retry-After included; 20 000 ms by default. */
  readonly maxRetryDelayMs?: number;
  readonly fetch?: typeof fetch;
  /** `stream: true` (the default), or false for one JSON completion per request (`onDelta` then gets it whole). */
  readonly stream?: boolean;
  /**
   * Asks for token usage in the stream's last chunk (`stream_options.include_usage`, which
   * OpenAI, DeepSeek and Ollama accept); true by default. A server that rejects the field
   * with a 400 naming it is asked again without it, and not sent it again.
   */
  readonly streamUsage?: boolean;
}

export const DEFAULT_CHAT_BASE_URL = 'https://api.deepseek.com';
export const DEFAULT_CHAT_MODEL = 'deepseek-chat';
export const DEFAULT_CHAT_TEMPERATURE = 0.7;

const OWNER = 'OpenAI-compatible answer generator';

interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

const chatMessages = (request: AnswerRequest): ChatMessage[] => [
  ...(request.systemPrompt && request.systemPrompt.trim() !== ''
    ? [{ role: 'system' as const, content: request.systemPrompt }]
    : []),
  ...request.conversation.map((turn): ChatMessage => ({ role: turn.role, content: turn.content })),
];

export const createOpenAiCompatibleAnswerGenerator = (
  options: OpenAiCompatibleAnswerGeneratorOptions = {},
): AnswerGenerator => {
  const baseUrl = options.baseUrl ?? DEFAULT_CHAT_BASE_URL;
  if (!/^https?:\/\/[^/]/i.test(baseUrl))
    throw new RangeError(`${OWNER}: baseUrl must be an http(s) URL, got ${endpointLabel(baseUrl)}`);
  const defaultModel = options.defaultModel ?? DEFAULT_CHAT_MODEL;
  if (defaultModel.trim() === '') throw new RangeError(`${OWNER}: defaultModel must not be empty`);
  const defaultTemperature = options.defaultTemperature ?? DEFAULT_CHAT_TEMPERATURE;
  if (!(Number.isFinite(defaultTemperature) && defaultTemperature >= 0 && defaultTemperature <= 2)) {
    throw new RangeError(`${OWNER}: defaultTemperature must be between 0 and 2, got ${String(defaultTemperature)}`);
  }
  const maxTokens = options.maxTokens;
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens > 0)) {
    throw new RangeError(`${OWNER}: maxTokens must be a positive integer, got ${String(maxTokens)}`);
  }
  const policy = retryPolicyFrom(OWNER, options, { timeoutMs: 30_000, maxRetries: 2, retryBaseDelayMs: 500 });
  const apiKey = options.apiKey ?? null;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const url = joinUrl(baseUrl, 'chat/completions');
  const endpoint = endpointLabel(url);

  const stream = options.stream ?? true;
  let streamUsage = options.streamUsage ?? true;

  const fail = (model: string, reason: string): AnswerGenerationFailed =>
    answerGenerationFailed(
      redactSecret(`chat completion request to ${endpoint} (model ${model}) failed: ${reason}`, apiKey),
    );

  /** Servers that predate `stream_options` say so with a 400 or 422 that names it. */
  const rejectsStreamOptions = (failure: ProviderFailure): boolean =>
    failure.kind === 'status' &&
    (failure.status === 400 || failure.status === 422) &&
    /stream_options|include_usage/i.test(failure.detail ?? '');

  return {
    generate: (request, generation = {}) => {
      const model = request.model && request.model.trim() !== '' ? request.model : defaultModel;
      const post = (withUsage: boolean) =>
        postStreamingWithRetry(
          {
            url,
            body: {
              model,
              temperature: request.temperature ?? defaultTemperature,
              messages: chatMessages(request),
              stream,
              ...(stream && withUsage ? { stream_options: { include_usage: true } } : {}),
              ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
            },
            apiKey,
            policy,
            fetch: fetchImpl,
            ...(generation.signal ? { signal: generation.signal } : {}),
          },
          () => chatCompletionStream(generation.onDelta),
        );
      return pipe(
        post(stream && streamUsage),
        TE.orElse((failure) => {
          if (!(stream && streamUsage && rejectsStreamOptions(failure))) return TE.left(failure);
          streamUsage = false;
          return post(false);
        }),
        TE.mapLeft((failure) => fail(model, describeProviderFailure(failure))),
      );
    },
  };
};
