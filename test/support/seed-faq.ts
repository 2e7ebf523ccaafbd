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
