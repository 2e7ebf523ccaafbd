import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { HttpUrl, nullable, ProfileName, text } from '../domain/codecs.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import type { Visitor } from '../domain/entities/visitor.js';
import type {
  SessionEnded,
  SessionNotFound,
  StorageUnavailable,
  UserNotFound,
  ValidationError,
  VisitorNotFound,
} from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Repositories, UnitOfWork } from '../ports/repositories.js';
import { CreateOrGetVisitorInput } from './create-or-get-visitor.js';
import { decodeInput } from './decode-input.js';
import type { AssistantSettings } from './settings.js';

export const StartChatInput = t.exact(
  t.intersection([
    CreateOrGetVisitorInput.type,
    t.partial({ pageUrl: nullable(HttpUrl), title: nullable(text(255)), widgetProfile: ProfileName }),
  ]),
  'StartChatInput',
);
export type StartChatInput = t.TypeOf<typeof StartChatInput>;

/**
 * StartChat's result: the visitor, the new session with the UUID to hand to the browser, and the welcome text stored as
 * its first message.
 */
export interface StartedChat {
  readonly visitor: Visitor;
  readonly session: ChatSession;
  readonly sessionUuid: string;
  readonly welcomeMessage: string;
}

export type StartChatError =
  ValidationError | VisitorNotFound | UserNotFound | SessionNotFound | SessionEnded | StorageUnavailable;

interface Deps {
  readonly repositories: Repositories;
  readonly unitOfWork: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: AssistantSettings;
}

/**
 * The specification's `start_chat` endpoint: create or refresh the visitor, open a
 * session, and store the widget profile's welcome message as its first message
 * (the default text when the profile or its message is missing). The session and its
 * welcome message are written in one transaction, so a chat never starts half-made.
 */
export const makeStartChat =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<StartChatError, StartedChat> =>
    pipe(
      decodeInput(StartChatInput, input),
      TE.flatMap((i) => {
        const now = deps.clock.now();
        return pipe(
          TE.Do,
          TE.bindW('visitor', () =>
            deps.repositories.visitors.upsert(
              {
                visitorId: (i.visitorId ?? deps.ids.uuid()).toLowerCase(),
                ipAddress: i.ipAddress ?? null,
                userAgent: i.userAgent ?? null,
                deviceType: i.deviceType ?? null,
                browser: i.browser ?? null,
              },
              now,
            ),
          ),
          TE.bindW('profile', () =>
            deps.repositories.widgets.findByName(i.widgetProfile ?? deps.settings.defaultWidgetProfile),
          ),
          TE.flatMap(({ visitor, profile }) => {
            const welcomeMessage = profile?.welcomeMessage ?? deps.settings.defaultWelcomeMessage;
            return pipe(
              deps.unitOfWork.transaction((repos) =>
                pipe(
                  repos.sessions.create(
                    {
                      visitorId: visitor.id,
                      userId: null,
                      sessionUuid: deps.ids.uuid(),
                      title: i.title ?? null,
                      pageUrl: i.pageUrl ?? null,
                      // whose business hours say whether people can take the chat over
                      widgetProfile: profile?.name ?? i.widgetProfile ?? deps.settings.defaultWidgetProfile,
                    },
                    now,
                  ),
                  TE.tap((session) =>
                    repos.messages.add(
                      {
                        sessionId: session.id,
                        role: 'assistant',
                        content: welcomeMessage,
                        tokensUsed: null,
                        source: 'welcome',
                        knowledgeId: null,
                        clientMessageId: null,
                      },
                      now,
                    ),
                  ),
                ),
              ),
              TE.map((session) => ({ visitor, session, sessionUuid: session.sessionUuid, welcomeMessage })),
            );
          }),
        );
      }),
    );
