/**
 * `web-assistant serve` (and `npm start`, which is `serve --demo`): the reference host
 * from an installed package, configured by the same environment variables.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createAssistantFromEnv } from '../../src/composition/create-assistant.js';
import { chatOnce } from '../../scripts/smoke-chat.js';
import { cliSandbox } from './cli-harness.js';

const root = resolve(import.meta.dirname, '../..');

let box: ReturnType<typeof cliSandbox>;
beforeEach(() => {
  box = cliSandbox();
});
afterEach(() => box.remove());

/** Polls `read()` until `pattern` matches: every 50 ms, for at most `ms`. */
const waitFor = async (read: () => string, pattern: RegExp, ms = 30_000): Promise<RegExpExecArray> => {
  for (let waited = 0; waited <= ms; waited += 50) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${String(pattern)} within ${ms} ms in:\n${read()}`);
};

const OPEN = /Open (http:\/\/127\.0\.0\.1:\d+)\/ to chat/;

/** Runs `web-assistant serve ARGS` in-process until the test stops it. */
const serve = (argv: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>> = {}) => {
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  const exit = runCli(['serve', ...argv], {
    env,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stop: controller.signal,
  });
  return {
    url: async () => (await waitFor(() => stdout, OPEN))[1] as string,
    stop: async () => {
      controller.abort();
      return exit;
    },
    exit,
    stdout: () => stdout,
    stderr: () => stderr,
  };
};

describe('web-assistant serve', () => {
  it('is listed in the help', async () => {
    const help = await box.run(['--help']);
    expect(help.stdout).toMatch(/\n {2}serve +run the reference host/);
    expect((await box.run(['serve', '--help'])).stdout).toContain('--demo');
  });

  it('--demo seeds an empty in-memory store and answers a chat over HTTP; stopping closes it', async () => {
    const host = serve(['--demo', '--port', '0']);
    const url = await host.url();
    const chat: string[] = [];
    await chatOnce(url, (s) => chat.push(s));
    expect(chat.join('\n')).toContain("Выберите товар, нажмите 'Добавить в корзину', оформите заказ (faq)");
    expect(await host.stop()).toBe(0);
    expect(host.stdout()).toContain("sqljs storage, seeded with the specification's FAQ");
    expect(host.stdout()).toContain('data is kept in memory and lost on exit');
    expect(host.stdout()).toMatch(/admin API token \(generated, set ADMIN_TOKEN to choose one\): \S{20,}/);
    expect(host.stdout()).toContain('stopped: stopping');
    expect(host.stderr()).toBe('');
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it('seeds nothing by default, says how to fill the store, and still serves the API', async () => {
    const host = serve([], { DATABASE_URL: box.databaseUrl, PORT: '0', ADMIN_TOKEN: 'a-token-of-the-shop' });
    const url = await host.url();
    expect((await fetch(`${url}/api/admin/faq`, { headers: { authorization: 'Bearer a-token-of-the-shop' } })).ok).toBe(
      true,
    );
    expect(await host.stop()).toBe(0);
    expect(host.stdout()).toMatch(/^web-assistant: sqljs storage\n/);
    expect(host.stdout()).not.toContain('lost on exit');
    expect(host.stdout()).toContain('the FAQ is empty: add entries with `web-assistant import-faq FILE`');
    expect(host.stdout()).toContain("no widget profile 'default'");
    expect(host.stdout()).toContain('admin API token: (from ADMIN_TOKEN)');
    expect(host.stdout()).not.toContain('a-token-of-the-shop');
  });

  it('keeps what it served in the DATABASE_URL file, and a second --demo leaves a filled store alone', async () => {
    const first = serve(['--demo', '--port', '0'], { DATABASE_URL: box.databaseUrl });
    await chatOnce(await first.url(), () => undefined);
    expect(await first.stop()).toBe(0);
    expect(existsSync(join(box.dir, 'x.db'))).toBe(true);

    const second = serve(['--demo', '--port', '0'], { DATABASE_URL: box.databaseUrl });
    await second.url();
    expect(await second.stop()).toBe(0);
    expect(second.stdout()).toMatch(/^web-assistant: sqljs storage\n/);
    expect(second.stdout()).not.toContain('the FAQ is empty');

    const assistant = await createAssistantFromEnv({ DATABASE_URL: box.databaseUrl }, { onEmbedderMismatch: null });
    try {
      expect((await assistant.listKnowledge({ limit: 100 })).length).toBeGreaterThan(5);
      expect((await assistant.listWidgetProfiles()).map((p) => p.name).sort()).toEqual(['default', 'sales', 'support']);
    } finally {
      await assistant.close();
    }
  });

  it('rejects a bad port as usage (2) or configuration (1) before opening anything', async () => {
    const badOption = await box.run(['serve', '--port', 'abc']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('--port must be a port number, got "abc"');
    expect((await box.run(['serve', 'extra'])).code).toBe(2);
    const badEnv = await box.run(['serve'], { PORT: '70000' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('PORT must be a port number, got "70000"');
  });

  it('reports a port in use as a failure', async () => {
    const first = serve(['--port', '0']);
    const port = /:(\d+)$/.exec(await first.url())?.[1] as string;
    const second = await box.run(['serve', '--port', port]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('EADDRINUSE');
    expect(await first.stop()).toBe(0);
  });
});

describe('npm start (scripts/serve.ts) as a process', () => {
  it('serves the demo, chats, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/serve.ts')], {
      cwd: root,
      env: { ...process.env, PORT: '0', DATABASE_URL: '', ADMIN_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = (await waitFor(() => output, OPEN))[1] as string;
      await chatOnce(url, () => undefined);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain("seeded with the specification's FAQ");
      expect(output).toContain('SIGTERM: stopping');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
