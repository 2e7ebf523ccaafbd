/**
 * The package as a user gets it: `npm pack`, install the tarball into a new project in a
 * temporary folder, run the README's quick start against it, and call the `web-assistant`
 * executable. Run by .ci/run (`npm run test:package`); needs the npm registry for the
 * dependencies, so it is kept out of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });

const work = mkdtempSync(join(tmpdir(), 'web-assistant-package-'));
try {
  run('npm', ['run', 'build'], root);
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work], root).trim().split('\n').pop() ?? '';
  const app = join(work, 'app');
  run('mkdir', ['-p', app], work);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'quick-start-check', private: true, type: 'module' }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(work, tarball)], app);

  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const quickStart = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!quickStart) throw new Error('README has no quick start block');
  writeFileSync(join(app, 'quick-start.mjs'), quickStart);
  const output = run(process.execPath, ['quick-start.mjs'], app);
  if (!output.includes('faq') || !output.includes('<div class="chat-history">')) {
    throw new Error(`the quick start printed something unexpected:\n${output}`);
  }
  const help = run(join(app, 'node_modules', '.bin', 'web-assistant'), ['--help'], app);
  if (!help.includes('import-faq')) throw new Error(`web-assistant --help printed:\n${help}`);
  const subpaths = run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "for (const p of ['sqljs','postgres','http','embedding','llm','cli']) await import('web-assistant-core/' + p); console.log('subpaths ok')",
    ],
    app,
  );
  process.stdout.write(`package ok: ${tarball}\n${subpaths}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
