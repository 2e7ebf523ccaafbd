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
  // measured on eval/ru-ecommerce.json with the offline embedder: the lowest thresholds
  // that reject at least 80 % of out-of-scope questions (docs/search-quality.md)
  hybridConfidenceThreshold: 0.36,
  vectorConfidenceThreshold: 0.33,
  textConfidenceThreshold: 0.34,
  conversationWindow: 20,
};
