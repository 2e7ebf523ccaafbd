/**
 * The package as a shop gets it, following the README word for word: `npm pack`, then in
 * a new folder the README quick start's commands (`npm init -y`, `npm pkg set
 * type=module`, installing the tarball, tsx and typescript), its code, its tsconfig.json
 * and its run commands (`npx tsx quick-start.ts`, `npx tsc`, with no `@types/node`
 * installed); then the installed tree's engines and licences, the `web-assistant`
 * executable, every entry point, and `npx web-assistant serve --demo` on a free port with
 * one chat over HTTP. Run by .ci/run (`npm run test:package`); needs the npm registry for
 * the dependencies, so it is kept out of `npm test`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineProblems, installedPackages, licenseProblems, readPackageJson } from './dependency-audit.js';
import { chatOnce } from './smoke-chat.js';

const root = resolve(import.meta.dirname, '..');
const say = (s: string) => void process.stdout.write(`${s}\n`);

/**
 * The environment of a user's shell: without the `npm_*` variables `npm run` sets (a
 * child npm would read this repository's settings from them), without this repository's
 * `node_modules/.bin` on PATH (its tsc or tsx must not stand in for the project's), and
 * without a database.
 */
const env: Record<string, string | undefined> = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_'))),
  PATH: (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => !dir.startsWith(root))
    .join(':'),
  DATABASE_URL: '',
};

/** Runs a shell script as a user would type it; returns stdout and stderr together. */
const shell = (script: string, cwd: string): string => {
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`in ${cwd}:\n${script}\nexited with ${result.status}:\n${output}`);
  return output;
};

/** The fenced blocks of the README's "Quick start" section, in order. */
const quickStartBlocks = (): ReadonlyArray<{ lang: string; body: string }> => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = /\n## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1];
  if (!section) throw new Error('README has no Quick start section');
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] ?? '', body: m[2] ?? '' }));
};

const blocks = quickStartBlocks();
const [setup, run] = blocks.filter((b) => b.lang === 'bash');
const code = blocks.find((b) => b.lang === 'ts');
const tsconfig = blocks.find((b) => b.lang === 'json');
if (!setup || !run || !code || !tsconfig)
  throw new Error('the Quick start needs two bash blocks, a ts and a json block');
const INSTALL = /^npm install web-assistant-core\b/m;
if (!INSTALL.test(setup.body)) throw new Error('the Quick start does not install web-assistant-core');
if (!/\bquick-start\.ts\b/.test(run.body)) throw new Error('the Quick start does not run quick-start.ts');

/** Waits for `pattern` in `read()`, every 100 ms for at most `ms`. */
const waitFor = async (read: () => string, pattern: RegExp, ms: number): Promise<RegExpExecArray> => {
  for (let waited = 0; waited <= ms; waited += 100) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${String(pattern)} within ${ms} ms:\n${read()}`);
};

/** `npx web-assistant serve --demo` on a free port, one chat over HTTP, then SIGTERM. */
const serveOnce = async (app: string): Promise<void> => {
  const child = spawn('npx', ['web-assistant', 'serve', '--demo'], {
    cwd: app,
    env: { ...env, PORT: '0', ADMIN_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: npx and the node it starts get the signal together
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const group = child.pid;
  if (group === undefined) throw new Error('npx web-assistant serve did not start');
  try {
    const url = (await waitFor(() => output, /Open (http:\/\/127\.0\.0\.1:\d+)\/ to chat/, 60_000))[1] as string;
    await chatOnce(url, say);
    process.kill(-group, 'SIGTERM');
    await Promise.race([exited, waitFor(() => output, /SIGTERM: stopping/, 20_000)]);
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
    if (code === 'hung') throw new Error(`serve did not exit after SIGTERM:\n${output}`);
    if (!output.includes('SIGTERM: stopping')) throw new Error(`serve did not stop cleanly:\n${output}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-group, 'SIGKILL');
  }
};

const work = mkdtempSync(join(tmpdir(), 'web-assistant-package-'));
try {
  const packed = shell(`npm pack --silent --pack-destination ${JSON.stringify(work)}`, root);
  const tarball = join(work, packed.trim().split('\n').pop() ?? '');
  if (!existsSync(tarball)) throw new Error(`npm pack made no tarball:\n${packed}`);
  const app = join(work, 'my-shop');
  mkdirSync(app);

  // the README's commands, with the tarball for the package that is not on the registry yet
  const installed = shell(setup.body.replace(INSTALL, `npm install ${JSON.stringify(tarball)}`), app);
  if (/EBADENGINE/.test(installed)) throw new Error(`npm install warned about engines:\n${installed}`);
  writeFileSync(join(app, 'quick-start.ts'), code.body);
  writeFileSync(join(app, 'tsconfig.json'), tsconfig.body);
  if (existsSync(join(app, 'node_modules', '@types', 'node')))
    throw new Error('@types/node is installed: the type check would not show that the package needs none');
  const output = shell(run.body, app);
  if (!output.includes('Мы принимаем банковские карты') || !output.includes('faq') || !output.includes('chat-history'))
    throw new Error(`the quick start printed something unexpected:\n${output}`);
  say('quick start: ran with tsx and type-checked with tsc, without @types/node');

  const promise = readPackageJson(join(app, 'node_modules', 'web-assistant-core')).engines?.node ?? '';
  const tree = installedPackages(app).filter((p) => !p.dev);
  const problems = [...engineProblems(tree, promise), ...licenseProblems(tree, app)];
  if (problems.length > 0) throw new Error(`the installed tree breaks its promises:\n${problems.join('\n')}`);
  say(`installed tree: ${tree.length} packages, all for node ${promise}, all under permissive licences`);

  const help = shell('npx web-assistant --help', app);
  if (!help.includes('import-faq') || !help.includes('serve'))
    throw new Error(`web-assistant --help printed:\n${help}`);
  const subpaths = shell(
    `node --input-type=module -e "for (const p of ['sqljs','postgres','http','embedding','llm','cli']) await import('web-assistant-core/' + p); console.log('subpaths ok')"`,
    app,
  );
  if (!subpaths.includes('subpaths ok')) throw new Error(subpaths);

  await serveOnce(app);
  say(`package ok: ${tarball.slice(work.length + 1)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
