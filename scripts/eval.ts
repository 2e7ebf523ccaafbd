/**
 * `npm run eval -- FILE.json [--json] [--mode hybrid|vector|text] [--threshold N]`: the
 * same as `web-assistant eval` (src/cli/commands/eval.ts).
 */
import { runCli } from '../src/cli/run-cli.js';

process.exitCode = await runCli(['eval', ...process.argv.slice(2)], {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
