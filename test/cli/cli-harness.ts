import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssistantOverrides } from '../../src/composition/create-assistant.js';
import { runCli } from '../../src/cli/run-cli.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp folder with a sql.js database file, and the CLI run in-process against it. */
export const cliSandbox = () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-assistant-cli-'));
  const databaseUrl = `sqlite:///${join(dir, 'x.db')}`;
  const run = async (
    argv: ReadonlyArray<string>,
    env: NodeJS.ProcessEnv = {},
    overrides?: AssistantOverrides,
  ): Promise<CliRun> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      env: { DATABASE_URL: databaseUrl, ...env },
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      ...(overrides ? { overrides } : {}),
    });
    return { code, stdout, stderr };
  };
  return {
    dir,
    databaseUrl,
    file: (name: string) => join(dir, name),
    run,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};
