import { parseArgs } from 'node:util';
import { isAssistantError } from '../composition/assistant-error.js';
import { createAssistantFromEnv } from '../composition/create-assistant.js';
import { UsageError, type CliCommand, type CliIo, type CommandContext } from './cli-command.js';
import { COMMANDS } from './command-table.js';

export type { CliIo } from './cli-command.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const commandUsage = (name: string, command: CliCommand): string => {
  const lines = [
    `usage: web-assistant ${name}${command.arguments ? ` ${command.arguments}` : ''}${Object.keys(command.options).length ? ' [options]' : ''}`,
    '',
    command.summary,
  ];
  const options = Object.entries(command.options);
  if (options.length > 0) {
    lines.push('', 'options:');
    for (const [option, spec] of options)
      lines.push(`  --${option}${spec.type === 'string' ? ' VALUE' : ''}`.padEnd(24) + spec.description);
  }
  return lines.join('\n');
};

export const helpText = (): string =>
  [
    'usage: web-assistant <command> [arguments] [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(
      ([name, c]) => `  ${`${name}${c.arguments ? ` ${c.arguments}` : ''}`.padEnd(24)}${c.summary}`,
    ),
    '',
    'Configuration comes from the environment: DATABASE_URL (postgres://… or sqlite:///path/file.db;',
    'unset: a throw-away in-memory store), EMBEDDER, FAQ_VECTOR_THRESHOLD, … (see docs/configuration.md).',
    "Run 'web-assistant <command> --help' for a command's options. Exit codes: 0 ok, 1 failure, 2 usage.",
  ].join('\n');

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs `web-assistant` with `argv` (without node and the script) and returns the exit
 * code; never calls process.exit, so tests run it in-process.
 */
export const runCli = async (argv: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  const out = (line: string) => void io.stdout.write(`${line}\n`);
  const err = (line: string) => void io.stderr.write(`${line}\n`);
  const [name, ...rest] = argv;
  if (name === undefined) {
    err(helpText());
    return EXIT_USAGE;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    out(topic && rest[0] ? commandUsage(rest[0], topic) : helpText());
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    err(`web-assistant: unknown command "${name}"\n`);
    err(helpText());
    return EXIT_USAGE;
  }

  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(
          Object.entries(command.options).map(([option, spec]) => [
            option,
            { type: spec.type, ...(spec.short ? { short: spec.short } : {}) },
          ]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err(`web-assistant ${name}: ${describe(e)}\n`);
    err(commandUsage(name, command));
    return EXIT_USAGE;
  }
  if (parsed.values['help']) {
    out(commandUsage(name, command));
    return EXIT_OK;
  }

  if (command.writes && !io.env.DATABASE_URL?.trim() && !io.overrides?.storage) {
    err('warning: DATABASE_URL is not set, so this runs on a throw-away in-memory store and nothing is kept.');
  }
  const context: CommandContext = {
    io,
    args: { positionals: parsed.positionals, options: parsed.values },
    out,
    err,
    openAssistant: (options) =>
      createAssistantFromEnv(io.env, {
        ...io.overrides,
        onEmbedderMismatch: options?.embedderWarning === false ? null : (message) => err(`warning: ${message}`),
      }),
  };
  try {
    return await command.run(context);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`web-assistant ${name}: ${e.message}\n`);
      err(commandUsage(name, command));
      return EXIT_USAGE;
    }
    err(`web-assistant ${name}: ${isAssistantError(e) ? e.message : describe(e)}`);
    return EXIT_FAILURE;
  }
};
