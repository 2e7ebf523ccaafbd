import { normalizeQuestion } from './normalize-question.js';

/**
 * Phrases by which a visitor asks for a person instead of the bot. Matched on the
 * normalised text (lower case, ё as е, punctuation as spaces), as word sequences, so
 * "позовите, пожалуйста, оператора!" and "ОПЕРАТОР" both match while "операторы связи
 * МТС работают?" does not (a bare mention of an operator inside a question is not a
 * request: the patterns need a request verb, or the word on its own).
 */
const PATTERNS: ReadonlyArray<RegExp> = [
  // the word alone, or with a polite word: "оператор", "оператора пожалуйста", "человека!"
  /^(?:(?:пожалуйста|плиз|срочно|хочу|нужен|нужна|дайте)\s+)?(?:оператор[а-я]*|живой человек|живого человека|человек[ау]?|менеджер[а-я]*|консультант[а-я]*|сотрудник[а-я]*)(?:\s+(?:пожалуйста|плиз|срочно))?$/u,
  // a request verb followed (within a few words) by a person
  /(?<![\p{L}\p{N}])(?:позов[а-я]*|позв[аи][а-я]*|соедин[а-я]*|свяж[а-я]*|переключ[а-я]*|подключ[а-я]*|дайте|дай|нуж[а-я]*|хочу|хотел[а-я]*|можно|пригласи[а-я]*|верн[а-я]*)\s+(?:\S+\s+){0,3}?(?:с\s+)?(?:оператор[а-я]*|живым человеком|живого человека|живой человек|человеком|человека|менеджер[а-я]*|консультант[а-я]*|сотрудник[а-я]*|специалист[а-я]*|поддержк[а-я]*)(?![\p{L}\p{N}])/u,
  /(?<![\p{L}\p{N}])(?:поговорить|пообщаться|говорить|общаться|связаться|переписываться)\s+(?:\S+\s+){0,2}?с\s+(?:оператор[а-я]*|живым человеком|человеком|менеджер[а-я]*|консультант[а-я]*|сотрудник[а-я]*|специалист[а-я]*|кем то из сотрудников)(?![\p{L}\p{N}])/u,
  /(?<![\p{L}\p{N}])(?:не\s+(?:хочу|надо|нужен)\s+(?:с\s+)?(?:бот[а-я]*|робот[а-я]*))(?![\p{L}\p{N}])/u,
  /(?<![\p{L}\p{N}])жив(?:ой|ого|ым)\s+человек[а-я]*(?![\p{L}\p{N}])/u,
  // English
  /^(?:(?:a|an)\s+)?(?:human|person|agent|operator|representative|real person|live agent)(?:\s+please)?$/u,
  /(?<![\p{L}\p{N}])(?:talk|speak|chat|connect|transfer)\s+(?:me\s+)?(?:\S+\s+){0,2}?(?:to|with)\s+(?:a\s+|an\s+|the\s+|some\s+)?(?:human|person|real person|agent|live agent|operator|representative|someone|somebody|manager)(?![\p{L}\p{N}])/u,
  /(?<![\p{L}\p{N}])(?:get|need|want)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:human|real person|live agent|operator|representative)(?![\p{L}\p{N}])/u,
];

/** Whether the visitor's message asks for a person (an operator) rather than an answer. */
export const asksForPerson = (message: string): boolean => {
  const text = normalizeQuestion(message);
  if (text.length === 0 || text.length > 200) return false;
  return PATTERNS.some((pattern) => pattern.test(text));
};
