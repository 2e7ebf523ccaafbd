import * as E from 'fp-ts/lib/Either.js';
import type { GeneratedAnswer } from '../../src/ports/answer-generator.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

/**
 * The answer from an OpenAI-compatible chat completion: `choices[0].message.content`,
 * which must hold text (a visitor must never get an empty bubble), and the tokens
 * spent from `usage` (total, else completion, else unknown).
 */
export const readChatCompletion = (body: unknown): E.Either<string, GeneratedAnswer> => {
  const choices = isRecord(body) ? body['choices'] : undefined;
  if (!Array.isArray(choices) || choices.length === 0) return E.left('no "choices" in the response');
  const first: unknown = choices[0];
  const message = isRecord(first) ? first['message'] : undefined;
  if (!isRecord(message)) return E.left('choices[0] has no "message"');
  const content = message['content'];
  if (typeof content !== 'string') {
    const reason =
      isRecord(first) && typeof first['finish_reason'] === 'string' ? ` (finish_reason ${first['finish_reason']})` : '';
    return E.left(`choices[0].message.content is not text${reason}`);
  }
  const trimmed = content.trim();
  if (trimmed === '') return E.left('choices[0].message.content is empty');
  const usage = isRecord(body) ? body['usage'] : undefined;
  const tokensUsed = isRecord(usage) ? (count(usage['total_tokens']) ?? count(usage['completion_tokens'])) : null;
  return E.right({ content: trimmed, tokensUsed });
};
