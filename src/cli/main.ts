#!/usr/bin/env node
/** The `web-assistant` executable (package.json `bin`); everything else is in run-cli.ts. */
import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`web-assistant: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
