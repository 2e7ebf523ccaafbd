/**
 * Reads a streamed OpenAI-compatible chat completion (`stream: true`): `data:` events of
 * `chat.completion.chunk` JSON ending with `data: [DONE]`, as OpenAI, DeepSeek and
 * Ollama's `/v1` send them. Text goes to `onDelta` as it arrives; what it is handed joined
 * is exactly the final `content`, which is trimmed like a non-streamed reply (leading
 * whitespace is dropped, trailing whitespace is held back until more text follows it).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { GeneratedAnswer } from '../../src/ports/answer-generator.js';
import type { EventSourceMessage } from '../provider-http/event-stream.js';
import { errorDetailOf, isRecord, oneLine, type FailureWithoutAttempts } from '../provider-http/http-failure.js';
import type { StreamConsumer, StreamStep } from '../provider-http/post-streaming-with-retry.js';
import { finishOutcome, readChatCompletion, tokensFrom } from './chat-completion-response.js';

const CONTINUE: StreamStep = { kind: 'continue' };

/** Not retried: a provider that sends a broken chunk once will most likely do it again. */
const malformed = (detail: string): StreamStep => ({
  kind: 'failed',
  failure: { kind: 'malformed', detail },
  retryable: false,
});

export const chatCompletionStream = (
  onDelta: ((text: string) => void) | undefined,
): StreamConsumer<GeneratedAnswer> => {
  let content = '';
  let heldBack = '';
  let delivered = false;
  let tokensUsed: number | null = null;
  let finishReason: 'stop' | 'length' | null = null;
  let finished = false;

  /** Hands on `piece` minus leading whitespace of the reply and whitespace that might turn out to be trailing. */
  const append = (piece: string): StreamStep => {
    const text = content === '' ? (heldBack + piece).trimStart() : heldBack + piece;
    const shown = text.trimEnd();
    heldBack = text.slice(shown.length);
    if (shown === '') return CONTINUE;
    content += shown;
    const failure = handOn(shown);
    return failure ? { kind: 'failed', failure, retryable: false } : CONTINUE;
  };

  /** A callback that throws ends the generation: the caller can no longer follow the reply. */
  const handOn = (text: string): FailureWithoutAttempts | null => {
    if (!onDelta) return null;
    delivered = true;
    try {
      onDelta(text);
      return null;
    } catch (error) {
      const detail = `onDelta threw: ${oneLine(error instanceof Error ? error.message : String(error))}`;
      return { kind: 'interrupted', detail, delivered: true };
    }
  };

  const chunk = (parsed: Record<string, unknown>): StreamStep => {
    if (isRecord(parsed['usage'])) tokensUsed = tokensFrom(parsed['usage']) ?? tokensUsed;
    const choices = parsed['choices'];
    // a usage-only chunk (`choices: []`), Azure's prompt-filter results, other metadata: nothing to read
    if (!Array.isArray(choices) || choices.length === 0) return CONTINUE;
    const choice: unknown = choices[0];
    if (!isRecord(choice)) return malformed('choices[0] of a chunk is not an object');
    // a few servers send the last chunk as a whole `message` rather than a `delta`
    const delta = isRecord(choice['delta']) ? choice['delta'] : isRecord(choice['message']) ? choice['message'] : {};
    if (typeof delta['refusal'] === 'string' && delta['refusal'] !== '')
      return { kind: 'failed', failure: { kind: 'stopped', finishReason: 'refusal' }, retryable: false };
    // `reasoning_content` (DeepSeek) and `reasoning` (Ollama) are the model's thinking, not the reply
    const step = typeof delta['content'] === 'string' && delta['content'] !== '' ? append(delta['content']) : CONTINUE;
    if (step.kind !== 'continue') return step;
    const finish = finishOutcome(choice['finish_reason']);
    if (!finish.usable)
      return { kind: 'failed', failure: { kind: 'stopped', finishReason: finish.finishReason }, retryable: false };
    if (finish.finishReason !== null) {
      finishReason = finish.finishReason;
      finished = true;
    }
    return CONTINUE;
  };

  return {
    event: (message: EventSourceMessage): StreamStep => {
      const data = message.data.trim();
      if (data === '[DONE]') return { kind: 'done' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return malformed(`a stream event is not JSON (starts with "${oneLine(data).slice(0, 60)}")`);
      }
      if (
        message.event === 'error' ||
        (isRecord(parsed) && parsed['error'] !== undefined && parsed['error'] !== null)
      ) {
        // like a 5xx: worth another attempt while nothing has been handed on
        return { kind: 'failed', failure: { kind: 'stream-error', detail: errorDetailOf(parsed) }, retryable: true };
      }
      if (!isRecord(parsed)) return malformed('a stream event is not a JSON object');
      return chunk(parsed);
    },
    end: (how): E.Either<FailureWithoutAttempts, GeneratedAnswer> => {
      // without [DONE] the reply counts only if the model said it had finished
      if (how === 'eof' && !finished)
        return E.left({
          kind: 'interrupted',
          detail: 'the stream ended before the reply was complete (no finish_reason, no [DONE])',
          delivered,
        });
      if (content === '')
        return E.left({
          kind: 'malformed',
          detail: `the streamed reply is empty${finishReason ? ` (finish_reason ${finishReason})` : ''}`,
        });
      return E.right({ content, tokensUsed, finishReason });
    },
    json: (body) => {
      // a server that ignores `stream: true`: the whole reply at once, handed on as one piece
      const answer = readChatCompletion(body);
      const failure = E.isRight(answer) ? handOn(answer.right.content) : null;
      return failure ? E.left(failure) : answer;
    },
    delivered: () => delivered,
  };
};
