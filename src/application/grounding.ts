/**
 * Grounded AI answers: the model gets the best FAQ entries for the question and an
 * instruction to answer only from them, and to say it cannot (one agreed word) otherwise;
 * that word hands the chat to people instead of reaching the visitor.
 */
import { CONTEXT_KEYS } from '../domain/entities/context-entry.js';
import type { FaqHit } from './search-faq.js';
import type { AssistantSettings } from './settings.js';

/** What the model writes, alone, when the entries do not answer the question. */
export const NO_ANSWER = 'NO_ANSWER';

/** An FAQ entry an answer was grounded on, as the API shows it ("from: Доставка и оплата"). */
export interface GroundingEntry {
  readonly id: number;
  readonly question: string;
  readonly category: string | null;
}

/** How many entries, and how relevant, from the agent context (then the settings). */
export interface GroundingRule {
  readonly topK: number;
  readonly minRelevance: number;
}

const numberIn = (raw: string | undefined, min: number, max: number): number | null => {
  if (raw === undefined) return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
};

export const groundingRule = (
  context: Readonly<Record<string, string>>,
  settings: AssistantSettings,
): GroundingRule => ({
  topK: Math.round(numberIn(context[CONTEXT_KEYS.groundingTopK], 1, 10) ?? settings.groundingTopK),
  minRelevance: numberIn(context[CONTEXT_KEYS.groundingMinRelevance], 0, 1) ?? settings.groundingMinRelevance,
});

/** The hits the answer may be grounded on: the best `topK` with at least `minRelevance` confidence. */
export const groundingHits = (hits: ReadonlyArray<FaqHit>, rule: GroundingRule): ReadonlyArray<FaqHit> =>
  hits.filter((hit) => hit.confidence >= rule.minRelevance).slice(0, rule.topK);

/** The system prompt the model gets: the shop's own, then the instruction, then the entries. */
export const groundedSystemPrompt = (shopPrompt: string | null, hits: ReadonlyArray<FaqHit>): string => {
  const entries = hits
    .map(
      (hit, i) =>
        `[${i + 1}]${hit.entry.category ? ` (${hit.entry.category})` : ''}\nВопрос: ${hit.entry.question}\nОтвет: ${hit.entry.answer}`,
    )
    .join('\n\n');
  const instruction = [
    'Отвечай посетителю только по статьям базы знаний магазина ниже, на языке посетителя.',
    'Не придумывай сроков, цен, условий и других фактов, которых нет в статьях.',
    `Если в статьях нет ответа на вопрос, ответь ровно одним словом: ${NO_ANSWER}`,
    'На приветствие или благодарность можно коротко ответить без статей.',
  ].join('\n');
  const knowledge = hits.length === 0 ? 'Статей по этому вопросу нет.' : `Статьи базы знаний:\n\n${entries}`;
  return [shopPrompt?.trim() ? shopPrompt.trim() : null, instruction, knowledge].filter((p) => p !== null).join('\n\n');
};

/** Whether the model said it cannot answer from the entries. */
export const saysNoAnswer = (content: string): boolean => content.includes(NO_ANSWER);

/**
 * Passes the model's text on as it is written, except a reply that is the no-answer word:
 * pieces are held until the text can no longer be that word, so the visitor never sees it.
 */
export const withoutNoAnswerWord = (onDelta: ((text: string) => void) | undefined) => {
  let held = '';
  let passing = false;
  return (piece: string): void => {
    if (!onDelta) return;
    if (passing) {
      onDelta(piece);
      return;
    }
    held += piece;
    const start = held.trimStart();
    if (start.length === 0) return;
    const couldBeTheWord = NO_ANSWER.startsWith(start.slice(0, NO_ANSWER.length));
    if (couldBeTheWord && start.length <= NO_ANSWER.length) return;
    if (start.startsWith(NO_ANSWER)) return;
    passing = true;
    onDelta(held);
    held = '';
  };
};
