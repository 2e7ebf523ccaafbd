/**
 * Every operation is declared once, in `makeUseCases` (src/application/use-cases.ts): the
 * Promise facade, the host's input port and the API reference are derived from it. These
 * checks fail when that stops being true: a use-case the facade does not offer, or one
 * the generated API reference does not document with its errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/index.js';

const root = resolve(import.meta.dirname, '../..');

/** The API reference's section of one `Assistant` member: from its heading to the next one. */
const facadeMemberDocs = (): Map<string, string> => {
  const reference = readFileSync(resolve(root, 'docs/api/README.md'), 'utf8');
  const start = reference.indexOf('\n### Assistant\n');
  const end = reference.indexOf('\n### ', start + 1);
  const section = reference.slice(start, end);
  const members = new Map<string, string>();
  for (const part of section.split('\n##### ').slice(1)) {
    const name = part.slice(0, part.indexOf('\n')).replace(/\(\)$/, '');
    members.set(name, part);
  }
  return members;
};

describe('one list of operations', () => {
  it('the facade offers every use-case of the list, as a Promise', async () => {
    const assistant = await createAssistant();
    try {
      const names = Object.keys(assistant.useCases);
      expect(names.length).toBeGreaterThan(30);
      for (const name of names) expect(typeof (assistant as unknown as Record<string, unknown>)[name]).toBe('function');
      // a Left becomes a rejection with the same tag
      await expect(assistant.getUser({ userId: -1 })).rejects.toMatchObject({ tag: 'ValidationError', path: 'userId' });
      expect(await assistant.getContext({ key: 'system_prompt' })).toBeNull();
    } finally {
      await assistant.close();
    }
  });

  it('the API reference documents every operation with its errors (npm run docs:api)', async () => {
    const assistant = await createAssistant();
    const names = Object.keys(assistant.useCases);
    await assistant.close();
    const documented = facadeMemberDocs();
    const missing = names.filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
    const withoutErrors = names.filter((name) => !/Errors: `[A-Za-z]+`/.test(documented.get(name) ?? ''));
    expect(withoutErrors).toEqual([]);
  });

  it('docs/architecture.md lists every operation with a link to its file', async () => {
    const assistant = await createAssistant();
    const names = Object.keys(assistant.useCases);
    await assistant.close();
    const doc = readFileSync(resolve(root, 'docs/architecture.md'), 'utf8');
    const listed = new Map(
      [...doc.matchAll(/^\|\s*`(\w+)`\s*\|\s*\[[^\]]+\]\(([^)]+)\)\s*\|/gm)].map((m) => [
        m[1] as string,
        m[2] as string,
      ]),
    );
    expect(names.filter((name) => !listed.has(name))).toEqual([]);
    const broken = [...listed.values()].filter((link) => !existsSync(resolve(root, 'docs', link)));
    expect(broken).toEqual([]);
  });
});
