import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { struct } from '../domain/codecs.js';
import { ProfileName } from '../domain/codecs.js';
import { isWithinBusinessHours } from '../domain/business-hours.js';
import { onlineSince } from '../domain/conversation.js';
import type { StorageUnavailable, ValidationError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Repositories } from '../ports/repositories.js';
import { decodeInput } from './decode-input.js';
import type { AssistantSettings } from './settings.js';

/** Whether a person can take a chat over now: someone is online and it is within the profile's hours. */
export interface PeopleAvailability {
  /** Operators whose inbox beat within the presence window. */
  readonly operatorsOnline: number;
  /** Within the widget profile's business hours (always, when it has none). */
  readonly withinHours: boolean;
  /** Both: a hand-off now reaches a person. */
  readonly available: boolean;
}

export const PeopleAvailabilityInput = struct('PeopleAvailabilityInput', {}, { widgetProfile: ProfileName });

interface Deps {
  readonly repositories: Pick<Repositories, 'conversations'>;
  readonly clock: Clock;
  readonly settings: AssistantSettings;
}

/** The availability of people for chats of `widgetProfile` (the default profile when null). */
export const peopleAvailability = (
  deps: Deps,
  widgetProfile: string | null,
): TE.TaskEither<StorageUnavailable, PeopleAvailability> => {
  const now = deps.clock.now();
  return pipe(
    // one read (one round trip on PostgreSQL): who is online, and the profile's hours
    deps.repositories.conversations.availability(widgetProfile ?? deps.settings.defaultWidgetProfile, onlineSince(now)),
    TE.map(({ operatorsOnline, businessHours }) => {
      const withinHours = isWithinBusinessHours(businessHours, now);
      return { operatorsOnline, withinHours, available: operatorsOnline > 0 && withinHours };
    }),
  );
};

/** Whether a person can take a chat of the widget profile over now (default profile when none is named). */
export const makePeopleAvailability =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ValidationError | StorageUnavailable, PeopleAvailability> =>
    pipe(
      decodeInput(PeopleAvailabilityInput, input ?? {}),
      TE.flatMap((i) => peopleAvailability(deps, i.widgetProfile ?? null)),
    );
