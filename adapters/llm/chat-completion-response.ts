import * as E from 'fp-ts/lib/Either.js';
import type { FailureWithoutAttempts } from '../provider-http/http-failure.js';
import { isRecord } from '../provider-http/http-failure.js';
import type { GeneratedAnswer } from '../../src/ports/answer-generator.js';

const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

/** Tokens spent, from an OpenAI-style `usage` object: total, else completion, else unknown. */
export const tokensFrom = (usage: unknown): number | null =>
  isRecord(usage) ? (count(usage['total_tokens']) ?? count(usage['completion_tokens'])) : null;

/**
 * Finish reasons after which the text is no reply to store: a content filter (OpenAI,
 * DeepSeek, Azure), DeepSeek's `insufficient_system_resource` (it cut the reply short),
 * and the `error`/`abort` some self-hosted servers report.
 */
const UNUSABLE = new Set(['content_filter', 'insufficient_system_resource', 'error', 'abort']);

export type FinishOutcome =
  | { readonly usable: true; readonly finishReason: 'stop' | 'length' | null }
  | { readonly usable: false; readonly finishReason: string };

/**
 * `length` is kept (the reply is cut but real); the unusable reasons above are failures;
 * every other value (`stop`, and the `eos_token`, `stop_sequence` or `tool_calls` of other
 * servers) means the model finished. Null when the provider gave none.
 */
export const finishOutcome = (reason: unknown): FinishOutcome => {
  if (typeof reason !== 'string' || reason === '') return { usable: true, finishReason: null };
  if (UNUSABLE.has(reason)) return { usable: false, finishReason: reason };
  return { usable: true, finishReason: reason === 'length' ? 'length' : 'stop' };
};

const malformed = (detail: string): E.Either<FailureWithoutAttempts, never> => E.left({ kind: 'malformed', detail });

/**
 * The answer from an OpenAI-compatible chat completion: `choices[0].message.content`,
 * which must hold text (a visitor must never get an empty bubble), the tokens spent from
 * `usage`, and the finish reason (a content-filter stop is a failure, not a reply).
 */
export const readChatCompletion = (body: unknown): E.Either<FailureWithoutAttempts, GeneratedAnswer> => {
  const choices = isRecord(body) ? body['choices'] : undefined;
  if (!Array.isArray(choices) || choices.length === 0) return malformed('no "choices" in the response');
  const first: unknown = choices[0];
  const message = isRecord(first) ? first['message'] : undefined;
  if (!isRecord(message)) return malformed('choices[0] has no "message"');
  const reason = isRecord(first) ? first['finish_reason'] : undefined;
  const finish = finishOutcome(reason);
  if (!finish.usable) return E.left({ kind: 'stopped', finishReason: finish.finishReason });
  const content = message['content'];
  if (typeof message['refusal'] === 'string' && message['refusal'].trim() !== '')
    return E.left({ kind: 'stopped', finishReason: 'refusal' });
  if (typeof content !== 'string') {
    return malformed(
      `choices[0].message.content is not text${typeof reason === 'string' ? ` (finish_reason ${reason})` : ''}`,
    );
  }
  const trimmed = content.trim();
  if (trimmed === '') return malformed('choices[0].message.content is empty');
  const tokensUsed = tokensFrom(isRecord(body) ? body['usage'] : undefined);
  return E.right({ content: trimmed, tokensUsed, finishReason: finish.finishReason });
};
