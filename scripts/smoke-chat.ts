/**
 * One real chat over HTTP against a running host: the demo page, the widget, a question
 * the demo FAQ answers, and a rating. Used by `npm start -- --smoke` and by
 * scripts/package-smoke.ts against `npx web-assistant serve --demo`.
 */
export const chatOnce = async (base: string, line: (s: string) => void): Promise<void> => {
  const page = await fetch(`${base}/`);
  if (!page.ok || !(await page.text()).includes('/widget.js')) throw new Error('demo page not served');
  if (!(await fetch(`${base}/widget.js`)).ok) throw new Error('widget.js not served');
  const start = await fetch(`${base}/api/chat/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ widget_profile: 'default', page_url: `${base}/` }),
  });
  if (!start.ok) throw new Error(`start chat failed: ${start.status} ${await start.text()}`);
  const started = (await start.json()) as { session_uuid: string; visitor_token: string; welcome_message: string };
  line(`smoke: 🤖 ${started.welcome_message}`);
  const headers = { 'content-type': 'application/json', 'x-visitor-token': started.visitor_token };
  const asked = await fetch(`${base}/api/chat/message`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ session_uuid: started.session_uuid, message: 'Как оформить заказ?' }),
  });
  if (!asked.ok) throw new Error(`message failed: ${asked.status} ${await asked.text()}`);
  const reply = (await asked.json()) as { answer: string; source: string };
  line(`smoke: 👤 Как оформить заказ?\nsmoke: 🤖 ${reply.answer} (${reply.source})`);
  if (reply.source !== 'faq') throw new Error('the FAQ did not answer');
  const ended = await fetch(`${base}/api/chat/end`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ session_uuid: started.session_uuid, rating: 5 }),
  });
  if (!ended.ok) throw new Error(`end chat failed: ${ended.status}`);
  line('smoke: chat ended, rating 5');
};
