/** Behaviour the host can tune; defaults follow the specification's examples. */
export interface AssistantSettings {
  /** Widget profile whose welcome message StartChat uses when none is named. */
  readonly defaultWidgetProfile: string;
  /** Welcome text when the profile does not exist or has none ("Здравствуйте!" in the specification). */
  readonly defaultWelcomeMessage: string;
  /** Reply stored when no FAQ entry is confident enough and the AI model cannot answer. */
  readonly handoffMessage: string;
  /**
   * Reply stored (with source `search_failed`) when the FAQ search itself failed, e.g. the
   * database timed out: it tells the visitor so instead of passing the failure off as a
   * question the FAQ cannot answer.
   */
  readonly searchFailedMessage: string;
  /** Reply when the visitor asked for a person and one will join (the chat waits in the operators' queue). */
  readonly connectingMessage: string;
  /**
   * Reply when the bot has no answer, or the visitor asked for a person, and no one can
   * come now (no operator online, or outside the widget profile's business hours): the
   * widget then offers to leave an e-mail.
   */
  readonly unavailableMessage: string;
  /** How many FAQ entries an AI answer is grounded on, by default (agent context `grounding_k` overrides it). */
  readonly groundingTopK: number;
  /** The lowest FAQ confidence an entry needs to ground an AI answer (agent context `grounding_min_relevance`). */
  readonly groundingMinRelevance: number;
  /** Minimum hybrid confidence (see `hybridConfidence`) for a hit to be answered from the FAQ. */
  readonly hybridConfidenceThreshold: number;
  /** Minimum cosine similarity for a vector-search hit to be answered from the FAQ. */
  readonly vectorConfidenceThreshold: number;
  /** Minimum share of the question's words found in an entry for a text-search hit to be answered from the FAQ. */
  readonly textConfidenceThreshold: number;
  /** How many earlier messages of the dialogue the AI model sees. */
  readonly conversationWindow: number;
}

/**
 * The settings used when the host gives none: the specification's texts, and confidence thresholds measured on the
 * evaluation set.
 */
export const DEFAULT_SETTINGS: AssistantSettings = {
  defaultWidgetProfile: 'default',
  defaultWelcomeMessage: 'Здравствуйте! Чем могу помочь?',
  handoffMessage: 'К сожалению, я не нашел точного ответа. Давайте свяжем вас с оператором.',
  searchFailedMessage:
    'Извините, сейчас я не могу выполнить поиск по базе ответов. Попробуйте спросить чуть позже или дождитесь оператора.',
  connectingMessage: 'Соединяю вас с оператором — он ответит прямо здесь, в чате.',
  unavailableMessage:
    'Сейчас операторов нет на связи. Оставьте e-mail — мы ответим, как только сможем. А я пока постараюсь помочь.',
  groundingTopK: 3,
  groundingMinRelevance: 0.15,
  // measured on eval/ru-ecommerce.json with the offline embedder: the lowest thresholds
  // that reject at least 80 % of out-of-scope questions (docs/search-quality.md)
  hybridConfidenceThreshold: 0.36,
  vectorConfidenceThreshold: 0.33,
  textConfidenceThreshold: 0.34,
  conversationWindow: 20,
};
