import type { CliCommand } from './cli-command.js';
import { checkEmbedderCommand } from './commands/check-embedder.js';
import { evalCommand } from './commands/eval.js';
import { importFaqCommand } from './commands/import-faq.js';
import { migrateCommand } from './commands/migrate.js';
import { reembedCommand } from './commands/reembed.js';
import { searchCommand } from './commands/search.js';
import { serveCommand } from './commands/serve.js';
import { seedDemoCommand } from './commands/seed-demo.js';
import { unansweredCommand } from './commands/unanswered.js';

/** Every `web-assistant` command by name: add a file under commands/ and a line here. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  serve: serveCommand,
  migrate: migrateCommand,
  'import-faq': importFaqCommand,
  reembed: reembedCommand,
  'check-embedder': checkEmbedderCommand,
  search: searchCommand,
  unanswered: unansweredCommand,
  'seed-demo': seedDemoCommand,
  eval: evalCommand,
};
