/**
 * `npm start`: the reference host with the demo seed, i.e. `web-assistant serve --demo`
 * (src/cli/host.ts holds the one implementation).
 *
 *   npm start                                  # sql.js in memory, seeded with the specification's FAQ
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/test npm start
 *   npm start -- --port 4000                   # other arguments go to `serve`
 *   npm start -- --smoke                       # start on a free port, chat once over HTTP, stop (CI)
 *
 * Environment: PORT, HOST, ADMIN_TOKEN, IDENTITY_SECRET, VISITOR_TOKEN_SECRET, CORS_ORIGINS,
 * TRUST_PROXY, NODE_ENV, LOG_LEVEL, LOG_FORMAT, METRICS_PORT, SHUTDOWN_TIMEOUT_MS, RATE_LIMIT_*
 * and the storage variables; see src/cli/host.ts, docs/configuration.md and docs/operations.md.
 */
import { runCli } from '../src/cli/run-cli.js';
import { startHost } from '../src/cli/host.js';
import { chatOnce } from './smoke-chat.js';

const line = (s: string) => void process.stdout.write(`${s}\n`);

const smoke = async (): Promise<number> => {
  const host = await startHost({ env: process.env, demo: true, port: 0, out: line });
  try {
    await chatOnce(host.url, line);
  } finally {
    await host.stop('smoke test done');
  }
  return 0;
};

(process.argv.includes('--smoke')
  ? smoke()
  : runCli(['serve', '--demo', ...process.argv.slice(2)], {
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
    })
).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`web-assistant: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
