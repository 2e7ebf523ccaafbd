import type { Assistant } from '../composition/assistant-facade.js';
import type { AssistantOverrides } from '../composition/create-assistant.js';

export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** The process's surroundings, passed in so tests run the CLI in-process. */
export interface CliIo {
  /** Environment variables (a plain record, so the published types need no `@types/node`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Adapters to use instead of those the environment selects (tests, custom hosts). */
  readonly overrides?: AssistantOverrides;
  /** Ends a command that runs until stopped (`serve`), besides SIGINT and SIGTERM. */
  readonly stop?: AbortSignal;
}

export type OptionSpec = { readonly type: 'string' | 'boolean'; readonly description: string; readonly short?: string };

export interface CommandArgs {
  readonly positionals: ReadonlyArray<string>;
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
}

export interface CommandContext {
  readonly io: CliIo;
  readonly args: CommandArgs;
  /** Writes a line to stdout. */
  out(line: string): void;
  /** Writes a line to stderr. */
  err(line: string): void;
  /**
   * Opens the assistant the environment configures (schema migrated). `embedderWarning:
   * false` for commands that deal with the embedder themselves.
   */
  openAssistant(options?: { readonly embedderWarning?: boolean }): Promise<Assistant>;
}

/** One `web-assistant <name>` command; registered in command-table.ts. */
export interface CliCommand {
  /** Arguments after the name, for the help text: `FILE`, `QUERY`. */
  readonly arguments: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Writes to the database: warn when DATABASE_URL is unset (the store would be thrown away). */
  readonly writes: boolean;
  /** The exit code: 0 ok, 1 failure (2, usage, is thrown as UsageError). */
  run(context: CommandContext): Promise<number>;
}

/** Wrong arguments: the CLI prints the message and the command's usage and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Runs `work` on an opened assistant and always closes it (a sql.js file is written out on close). */
export const withAssistant = async <A>(
  context: CommandContext,
  work: (assistant: Assistant) => Promise<A>,
  options?: { readonly embedderWarning?: boolean },
): Promise<A> => {
  const assistant = await context.openAssistant(options);
  try {
    return await work(assistant);
  } finally {
    await assistant.close();
  }
};
