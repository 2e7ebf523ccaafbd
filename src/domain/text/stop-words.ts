/**
 * Words too common to tell FAQ entries apart, dropped before stemming.
 *
 * Based on the Snowball Russian list and a short English function-word list, with three
 * deliberate omissions, because in a help-desk question they carry the meaning:
 * - negations (не, нет, ни, никогда, нельзя, без; not, no, nor, never, without):
 *   "карта не работает" must not look like "карта работает";
 * - question words of time, place, cause and amount (где, когда, куда, почему, зачем,
 *   сколько; where, when, why, how much/many via "much"/"many"): "когда придет заказ"
 *   and "как оформить заказ" are different questions. "как"/"how" and "что"/"what" stay
 *   stop words: they open almost every question and so say nothing about which one;
 * - English particles of phrasal verbs (up, down, out, off, over, back): "top up",
 *   "cash out" and "log in" name whole operations.
 */

export const RUSSIAN_STOP_WORDS: ReadonlySet<string> = new Set([
  'и', 'в', 'во', 'что', 'он', 'на', 'я', 'с', 'со', 'как', 'а', 'то', 'все', 'она', 'так', 'его', 'но', 'да', 'ты',
  'к', 'у', 'же', 'вы', 'за', 'бы', 'по', 'только', 'ее', 'мне', 'было', 'вот', 'от', 'меня', 'еще', 'о', 'из', 'ему',
  'теперь', 'даже', 'ну', 'вдруг', 'ли', 'если', 'уже', 'или', 'быть', 'был', 'него', 'до', 'вас', 'нибудь', 'опять',
  'уж', 'вам', 'ведь', 'там', 'потом', 'себя', 'ей', 'может', 'они', 'тут', 'есть', 'надо', 'ней', 'для', 'мы',
  'тебя', 'их', 'чем', 'была', 'сам', 'чтоб', 'будто', 'чего', 'раз', 'тоже', 'себе', 'под', 'будет', 'ж', 'тогда',
  'кто', 'этот', 'того', 'потому', 'этого', 'какой', 'какие', 'какая', 'какое', 'каким', 'совсем', 'ним', 'здесь',
  'этом', 'почти', 'мой', 'мою', 'моя', 'мое', 'мои', 'моего', 'моей', 'моих', 'тем', 'чтобы', 'нее', 'сейчас',
  'были', 'всех', 'можно', 'при', 'наконец', 'об', 'обо', 'хоть', 'после', 'над', 'тот', 'через', 'эти', 'нас',
  'про', 'всего', 'них', 'много', 'разве', 'эту', 'впрочем', 'свою', 'свой', 'своя', 'свое', 'свои', 'этой', 'перед',
  'иногда', 'чуть', 'том', 'такой', 'им', 'всегда', 'конечно', 'всю', 'между', 'это', 'ваш', 'ваша', 'ваше',
  'ваши', 'вашего', 'вашей', 'наш', 'наша', 'наше', 'наши', 'нашего', 'нашей', 'вами', 'нами', 'мной', 'тебе',
  'ли', 'либо', 'лишь', 'также', 'пожалуйста', 'здравствуйте', 'привет',
]);

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'so', 'as', 'of', 'at', 'by', 'for', 'with', 'about', 'to',
  'from', 'in', 'on', 'into', 'onto', 'i', 'me', 'my', 'myself', 'we', 'us', 'our', 'ours', 'you', 'your', 'yours',
  'he', 'him', 'his', 'she', 'her', 'hers', 'it', 'its', 'they', 'them', 'their', 'theirs', 'this', 'that',
  'these', 'those', 'what', 'which', 'who', 'whom', 'how', 'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being',
  'have', 'has', 'had', 'having', 'do', 'does', 'did', 'doing', 'will', 'would', 'shall', 'should', 'can', 'could',
  'may', 'might', 'must', 'there', 'here', 'just', 'also', 'too', 'very', 'some', 'any', 'please', 'hi', 'hello',
  'thanks', 'thank', 'im', 'ive',
]);

export const isStopWord = (word: string): boolean => RUSSIAN_STOP_WORDS.has(word) || ENGLISH_STOP_WORDS.has(word);
