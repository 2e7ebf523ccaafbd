/** The specification's own FAQ examples (delivery, payment, returns), the first acceptance data. */
export const SPEC_FAQ = [
  {
    question: 'Как оформить заказ?',
    answer: "Выберите товар, нажмите 'Добавить в корзину', оформите заказ",
  },
  {
    question: 'Какие способы оплаты доступны?',
    answer: 'Мы принимаем банковские карты Visa/MasterCard, PayPal, наличные при получении',
    category: 'Оплата',
    keywords: 'оплата, карта, деньги, paypal, visa, mastercard',
  },
  {
    question: 'Как отследить заказ?',
    answer: 'После отправки вы получите трек-номер на email',
    category: 'Доставка',
    keywords: 'трек, отследить, где заказ',
  },
  {
    question: 'Можно ли вернуть товар?',
    answer: 'Да, возврат возможен в течение 14 дней',
    category: 'Возвраты',
    keywords: 'возврат, вернуть, обмен',
  },
  {
    question: 'Есть ли доставка в регионы?',
    answer: 'Да, доставляем по всей России',
    category: 'Доставка',
    keywords: 'регионы, россия, доставка',
  },
  {
    question: 'Сколько времени занимает доставка?',
    answer: 'Доставка по Москве - 1-2 дня, по России - 3-7 дней',
    category: 'Доставка',
    keywords: 'доставка, сроки, сколько ждать',
  },
  {
    question: 'Когда придет мой заказ?',
    answer: 'После отправки мы пришлем трек-номер',
    category: 'Доставка',
    keywords: 'когда придет, отправка, ожидание',
  },
] as const;

/**
 * The specification's three widget profiles. The bot answers around the clock; the
 * default profile's hours are when people (operators) work, and its offline message says
 * so instead of the specification's "Мы сейчас offline", which read as if no one would
 * answer while the bot did. All three speak Russian, like their texts.
 */
export const SPEC_WIDGET_PROFILES = [
  {
    name: 'default',
    welcomeMessage: 'Здравствуйте! Чем могу помочь?',
    placeholderText: 'Напишите ваш вопрос...',
    botName: 'Помощник',
    primaryColor: '#4CAF50',
    position: 'bottom-right',
    autoOpenDelay: 10,
    offlineMessage:
      'Операторы сейчас не в сети, но бот ответит сразу: спросите о заказе, доставке, оплате или возврате.',
    isActive: true,
    language: 'ru',
    businessHours: {
      timezone: 'Europe/Moscow',
      monday: { start: '09:00', end: '18:00' },
      tuesday: { start: '09:00', end: '18:00' },
      wednesday: { start: '09:00', end: '18:00' },
      thursday: { start: '09:00', end: '18:00' },
      friday: { start: '09:00', end: '18:00' },
    },
  },
  {
    name: 'sales',
    botName: 'Менеджер продаж',
    welcomeMessage: 'Здравствуйте! Помогу выбрать товар!',
    primaryColor: '#FF5722',
    language: 'ru',
  },
  {
    name: 'support',
    botName: 'Техподдержка',
    welcomeMessage: 'Здравствуйте! Опишите вашу проблему',
    primaryColor: '#607D8B',
    language: 'ru',
  },
] as const;

/** The specification's agent context. */
export const SPEC_CONTEXT = [
  {
    key: 'system_prompt',
    value: 'Ты дружелюбный помощник интернет-магазина. Отвечай кратко и по делу.',
    category: 'system',
  },
  { key: 'ai_model', value: 'deepseek-chat', category: 'config' },
  { key: 'ai_temperature', value: '0.7', category: 'config' },
  { key: 'shop_name', value: 'Мой Магазин', category: 'branding' },
] as const;

interface Seedable {
  listKnowledge(input?: { limit?: number; includeInactive?: boolean }): Promise<ReadonlyArray<unknown>>;
  addKnowledgeBulk(input: { entries: Array<(typeof SPEC_FAQ)[number]> }): Promise<unknown>;
  getWidgetSettings(input?: { name?: string }): Promise<unknown>;
  updateWidgetSettings(input: (typeof SPEC_WIDGET_PROFILES)[number]): Promise<unknown>;
  getContext(input: { key: string }): Promise<string | null>;
  setContext(input: (typeof SPEC_CONTEXT)[number]): Promise<unknown>;
}

export interface SeedOptions {
  /**
   * Runs the seed so that no other process seeds the same store meanwhile (the host
   * passes a PostgreSQL advisory lock): "is the FAQ empty?" and the insert are two steps,
   * and two hosts starting together would both find it empty and insert it twice.
   */
  readonly exclusive?: <A>(work: () => Promise<A>) => Promise<A>;
}

/**
 * Loads the specification's FAQ, profiles and context into an empty store; leaves
 * existing data alone. Safe when several processes start at once only with
 * `options.exclusive` (one process, such as sql.js, needs none).
 */
export const seedSpecificationData = (assistant: Seedable, options: SeedOptions = {}): Promise<{ seeded: boolean }> =>
  options.exclusive ? options.exclusive(() => seedOnce(assistant)) : seedOnce(assistant);

const seedOnce = async (assistant: Seedable): Promise<{ seeded: boolean }> => {
  if ((await assistant.listKnowledge({ limit: 1, includeInactive: true })).length > 0) return { seeded: false };
  await assistant.addKnowledgeBulk({ entries: [...SPEC_FAQ] });
  for (const profile of SPEC_WIDGET_PROFILES) {
    if (!(await assistant.getWidgetSettings({ name: profile.name }))) await assistant.updateWidgetSettings(profile);
  }
  for (const entry of SPEC_CONTEXT) {
    if ((await assistant.getContext({ key: entry.key })) === null) await assistant.setContext(entry);
  }
  return { seeded: true };
};
