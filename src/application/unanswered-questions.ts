import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { Limit, NonNegativeInt, struct } from '../domain/codecs.js';
import type { UnansweredQuestion } from '../domain/entities/unanswered-question.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import { normalizeQuestion } from '../domain/normalize-question.js';
import type { UnansweredQuestionCount } from '../ports/messages.js';
import type { UnansweredQuestions } from '../ports/unanswered-questions.js';
import { decodeInput } from './decode-input.js';

/** Longest raw wording kept as the example; the normalised key has its own cap. */
const EXAMPLE_MAX = 1_000;

const cap = (text: string, max: number): string => {
  const points = Array.from(text.trim());
  return points.length <= max ? text.trim() : `${points.slice(0, max - 1).join('')}…`;
};

/**
 * How a question the FAQ had no confident answer for is counted: its normalised text
 * (the key repeats are counted under) and the wording kept as the example. Null for text
 * with nothing but punctuation, which is not counted. ProcessMessage passes it to the
 * write that stores its reply, so counting costs no storage call of its own.
 */
export const unansweredQuestionOf = (text: string): UnansweredQuestionCount | null => {
  const normalizedText = normalizeQuestion(text);
  return normalizedText === '' ? null : { normalizedText, exampleText: cap(text, EXAMPLE_MAX) };
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
