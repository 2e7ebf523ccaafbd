import { describe, expect, it } from 'vitest';
import { asksForPerson } from '../../../src/domain/asks-for-person.js';

describe('asksForPerson', () => {
  it.each([
    'позовите оператора',
    'Позовите, пожалуйста, оператора!',
    'хочу поговорить с человеком',
    'Хочу поговорить с живым человеком',
    'соедините с оператором',
    'Свяжите меня с менеджером',
    'можно оператора?',
    'ОПЕРАТОР',
    'оператора пожалуйста',
    'человека!',
    'нужен живой человек',
    'не хочу с ботом',
    'переключите на оператора',
    'дайте консультанта',
    'можно поговорить с сотрудником',
    'talk to a human',
    'Can I speak to a real person?',
    'connect me with an agent please',
    'human',
    'I need a live agent',
  ])('%s → a person', (message) => {
    expect(asksForPerson(message)).toBe(true);
  });

  it.each([
    'Когда придет мой заказ?',
    'Какие операторы связи работают в вашем регионе?',
    'Как оформить заказ?',
    'Сколько человек работает в магазине?',
    'человеческий язык поддерживается?',
    'Нужен ли паспорт для получения заказа?',
    'Can I pay with a human readable invoice number?',
    'Who is the operator of this website?',
    '',
    '???',
  ])('%s → not a request for a person', (message) => {
    expect(asksForPerson(message)).toBe(false);
  });
});
