/**
 * Streamed chat completions as each provider writes them (`stream: true` with
 * `stream_options.include_usage`), for the stub server. Field for field after the
 * providers' own sources and documentation:
 * - OpenAI: a first chunk with `role` and `refusal: null`, `usage: null` on every chunk,
 *   an `obfuscation` padding field, a last content chunk with an empty `delta` and
 *   `finish_reason`, then a separate chunk with `choices: []` and the usage.
 * - DeepSeek: `: keep-alive` comments while the request waits for a server, `logprobs:
 *   null`, and the usage (with its cache-hit counts) on the chunk that carries
 *   `finish_reason`; `deepseek-reasoner` first streams `reasoning_content` with `content: null`.
 * - Ollama (`/v1`, openai/openai.go and middleware/openai.go): `system_fingerprint
 *   "fp_ollama"`, `role` in every delta, `finish_reason` on the last content chunk, the
 *   usage as a chunk of its own with `choices: []` (only when asked for), each event
 *   written as `data: {...}\n\n`.
 */

export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

const CREATED = 1_741_569_952;

export const openAiChunks = (pieces: ReadonlyArray<string>, usage: Usage | null, finishReason = 'stop'): unknown[] => {
  const base = {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_06737a9306',
  };
  const chunk = (delta: object, finish: string | null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
    obfuscation: 'tY3k',
  });
  return [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...pieces.map((content) => chunk({ content }, null)),
    chunk({}, finishReason),
    ...(usage
      ? [
          {
            ...base,
            choices: [],
            usage: {
              ...usage,
              prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
              completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
            },
          },
        ]
      : []),
  ];
};

export const deepSeekChunks = (
  pieces: ReadonlyArray<string>,
  usage: Usage,
  options: { readonly reasoning?: ReadonlyArray<string>; readonly finishReason?: string } = {},
): unknown[] => {
  const base = {
    id: '2b0c3e4c-9a61-4c6f-a1f8-3f3e0e9d7a11',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: options.reasoning ? 'deepseek-reasoner' : 'deepseek-chat',
    system_fingerprint: 'fp_3a5770e1b4_prod0225',
  };
  const chunk = (delta: object, finish: string | null, extra: object = {}) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  });
  const reasoning = options.reasoning ?? null;
  return [
    chunk(
      reasoning ? { role: 'assistant', content: null, reasoning_content: '' } : { role: 'assistant', content: '' },
      null,
    ),
    ...(reasoning ?? []).map((text) => chunk({ content: null, reasoning_content: text }, null)),
    ...pieces.map((content) => chunk(reasoning ? { content, reasoning_content: null } : { content }, null)),
    chunk({ content: '' }, options.finishReason ?? 'stop', {
      usage: {
        ...usage,
        prompt_tokens_details: { cached_tokens: 0 },
        prompt_cache_hit_tokens: 0,
        prompt_cache_miss_tokens: usage.prompt_tokens,
      },
    }),
  ];
};

export const ollamaChunks = (pieces: ReadonlyArray<string>, usage: Usage | null, model = 'qwen2.5:7b'): unknown[] => {
  const base = {
    id: 'chatcmpl-86',
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    system_fingerprint: 'fp_ollama',
  };
  const chunk = (content: string, finish: string | null) => ({
    ...base,
    choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish }],
  });
  return [
    ...pieces.map((content) => chunk(content, null)),
    chunk('', 'stop'),
    ...(usage ? [{ ...base, choices: [], usage }] : []),
  ];
};

/** The error bodies each provider sends with a non-2xx status (and OpenAI inside a 200 stream). */
export const providerErrors = {
  openAiServerError: {
    error: {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    },
  },
  openAiRateLimit: {
    error: {
      message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    },
  },
  deepSeekOverloaded: {
    error: { message: 'Server overloaded, please try again later', type: 'server_error', param: null, code: null },
  },
  deepSeekBalance: {
    error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' },
  },
  ollamaModelNotFound: {
    error: {
      message: 'model "qwen2.5:7b" not found, try pulling it first',
      type: 'not_found_error',
      param: null,
      code: null,
    },
  },
} as const;
