import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { Limit, NonNegativeInt, struct } from '../domain/codecs.js';
import type { UnansweredQuestion } from '../domain/entities/unanswered-question.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import { normalizeQuestion } from '../domain/normalize-question.js';
import type { Clock } from '../ports/clock.js';
import type { Repositories } from '../ports/repositories.js';
import type { UnansweredQuestions } from '../ports/unanswered-questions.js';
import { decodeInput } from './decode-input.js';

/** Longest raw wording kept as the example; the normalised key has its own cap. */
const EXAMPLE_MAX = 1_000;

const cap = (text: string, max: number): string => {
  const points = Array.from(text.trim());
  return points.length <= max ? text.trim() : `${points.slice(0, max - 1).join('')}…`;
};

/**
 * Counts a question the FAQ had no confident answer for. Called from ProcessMessage,
 * so it never fails the chat: a storage error is swallowed (a missed count is harmless,
 * a lost reply is not). Text with nothing but punctuation is not counted.
 */
export const recordUnansweredQuestion =
  (repositories: Repositories, clock: Clock) =>
  (text: string): TE.TaskEither<never, void> => {
    const normalized = normalizeQuestion(text);
    if (normalized === '') return TE.right(undefined);
    return pipe(
      repositories.unanswered.record(normalized, cap(text, EXAMPLE_MAX), clock.now()),
      TE.map(() => undefined),
      TE.orElseW(() => TE.right(undefined)),
    );
  };

export const ListUnansweredQuestionsInput = struct(
  'ListUnansweredQuestionsInput',
  {},
  { limit: Limit, offset: NonNegativeInt },
);
export type ListUnansweredQuestionsInput = t.TypeOf<typeof ListUnansweredQuestionsInput>;

const DEFAULT_LIMIT = 50;

/** The questions the FAQ could not answer, most asked first: the FAQ entries a shop owner should write next. */
export const makeListUnansweredQuestions =
  (deps: { unanswered: UnansweredQuestions }) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, ReadonlyArray<UnansweredQuestion>> =>
    pipe(
      decodeInput(ListUnansweredQuestionsInput, input ?? {}),
      TE.flatMap((i) => deps.unanswered.list({ limit: i.limit ?? DEFAULT_LIMIT, offset: i.offset ?? 0 })),
    );
