/** The README's quick start is code a newcomer will paste: run it as written. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it, vi } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

it('runs the README quick start against the library', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const code = (block as string).replace(
    "from 'web-assistant-core'",
    `from ${JSON.stringify(join(root, 'src/index.ts'))}`,
  );
  const dir = join(root, 'test-output');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'readme-quick-start.ts');
  writeFileSync(file, `${code}\nexport {};\n`);
  const logged: unknown[][] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  try {
    await import(pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
  }
  expect(logged[0]).toEqual(['Мы принимаем банковские карты Visa/MasterCard, PayPal, наличные при получении', 'faq']);
  expect(String(logged[logged.length - 1]?.[0])).toContain('<div class="chat-history">');
});
