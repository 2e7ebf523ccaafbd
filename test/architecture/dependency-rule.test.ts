/**
 * The dependency rule of docs/architecture.md, checked on every import of every
 * source file: domain imports only fp-ts/io-ts; application adds ports; ports import
 * only types of the domain; adapters import ports and domain (never composition);
 * only composition imports inversify and adapters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });

const importsOf = (file: string): string[] =>
  [
    ...readFileSync(file, 'utf8').matchAll(
      /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => (m[1] ?? m[2]) as string);

/** Where an import points: a layer of ours, or a package name. */
const target = (file: string, spec: string): string => {
  if (!spec.startsWith('.'))
    return spec.startsWith('node:')
      ? 'node'
      : spec.split('/')[0]!.startsWith('@')
        ? spec.split('/').slice(0, 2).join('/')
        : spec.split('/')[0]!;
  const rel = relative(root, resolve(file, '..', spec));
  const [top, layer] = rel.split('/');
  return top === 'src' ? `src/${layer}` : (top ?? rel);
};

const rules: Record<string, (t: string) => boolean> = {
  'src/domain': (t) => ['src/domain', 'fp-ts', 'io-ts'].includes(t),
  'src/ports': (t) => ['src/domain', 'src/ports', 'fp-ts'].includes(t),
  'src/application': (t) => ['src/domain', 'src/ports', 'src/application', 'fp-ts', 'io-ts'].includes(t),
  adapters: (t) => t !== 'src/composition' && t !== 'src/application' && t !== 'inversify' && t !== 'src/index.ts',
};

/** The application's input port, which the HTTP host (a driving adapter) may import, type-only (ADR 0014). */
const INPUT_PORT = 'src/application/assistant-port.ts';
const isInputPort = (file: string, spec: string) =>
  relative(root, resolve(file, '..', spec)).replace(/\.js$/, '.ts') === INPUT_PORT;

describe('dependency rule', () => {
  for (const [layer, allowed] of Object.entries(rules)) {
    it(`${layer} imports only what it may`, () => {
      const violations = filesUnder(join(root, layer)).flatMap((file) =>
        importsOf(file)
          .map((spec) => ({ spec, to: target(file, spec) }))
          .filter(({ to, spec }) => !allowed(to) && !(layer === 'adapters' && isInputPort(file, spec)))
          .map(({ spec }) => `${relative(root, file)} -> ${spec}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('text analysis is used only beside its users (embedder, sql.js text index, evaluation, composition)', () => {
    const users = /\/(adapters\/(text|embedding|sqljs)|src\/(evaluation|composition))\//;
    const offenders = [...filesUnder(join(root, 'src')), ...filesUnder(join(root, 'adapters'))]
      .filter((f) => !users.test(f))
      .filter((f) =>
        importsOf(f).some((s) => target(f, s) === 'adapters' && resolve(f, '..', s).includes('/adapters/text/')),
      );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('only the HTTP host imports the input port, and only its types', () => {
    const offenders = filesUnder(join(root, 'adapters')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(import|export)(\s+type)?\s[^'"]*?from\s+['"]([^'"]+)['"]/g)]
        .filter((m) => isInputPort(file, m[3] as string))
        .filter((m) => !file.includes('/adapters/http/') || m[2] === undefined)
        .map(() => relative(root, file)),
    );
    expect(offenders).toEqual([]);
  });

  it('only composition imports inversify', () => {
    const offenders = [...filesUnder(join(root, 'src')), ...filesUnder(join(root, 'adapters'))]
      .filter((f) => !f.includes('/src/composition/'))
      .filter((f) => importsOf(f).some((s) => s === 'inversify'));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('the checker sees imports (guards against a rule that can never fail)', () => {
    const file = join(root, 'src/application/process-message.ts');
    expect(importsOf(file).map((s) => target(file, s))).toEqual(
      expect.arrayContaining(['fp-ts', 'io-ts', 'src/domain', 'src/ports']),
    );
    expect(rules['src/domain']!('slonik')).toBe(false);
  });
});
