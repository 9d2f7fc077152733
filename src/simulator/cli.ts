/**
 * `cloudstack-mcp simulate`: runs the simulator until SIGINT/SIGTERM, prints one JSON line with the
 * URL and the three accounts' keys to stdout, and logs to stderr.
 */
import { parseArgs } from 'node:util';
import { faultsFromEnv } from './faults.ts';
import { startSimulator } from './index.ts';

export const SIMULATE_HELP = `cloudstack-mcp simulate — a CloudStack management server on loopback, for tests and demos

Usage:
  cloudstack-mcp simulate [--port N] [--host 127.0.0.1] [--snapshot FILE] [--job-delay-ms N]

Options:
  --port N            port to listen on (default 0: any free port)
  --host HOST         address to listen on (default 127.0.0.1)
  --snapshot FILE     listApis snapshot to serve; its .meta.json beside it gives roles and
                      sensitivity (default: the generated model of cloudstack-4.20.2.0.json)
  --job-delay-ms N    how long async jobs run (default 200)
  --max-page-size N   CloudStack's default.page.size (default 500)
  -h, --help          show this help

Prints one JSON line to stdout:
  {"url": "http://127.0.0.1:PORT/client/api",
   "accounts": {"admin": {"apiKey", "secretKey"}, "domainadmin": {...}, "user": {...}}}
Logs go to stderr. Stops on SIGINT or SIGTERM.

Fault knobs (environment; a knob is true, false, or a comma list of API names):
  CLOUDSTACK_SIM_LATENCY_MS, CLOUDSTACK_SIM_ERROR_RATE (0..1), CLOUDSTACK_SIM_FAIL_JOBS,
  CLOUDSTACK_SIM_NEVER_FINISH_JOBS, CLOUDSTACK_SIM_MALFORMED_JSON, CLOUDSTACK_SIM_DROP_CONNECTIONS
`;

function nonNegativeInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} needs a non-negative integer, got "${value}"`);
  return Number(value);
}

/** Runs the command; resolves with the exit code once the simulator has stopped. */
export async function runSimulate(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        snapshot: { type: 'string' },
        'job-delay-ms': { type: 'string' },
        'max-page-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`cloudstack-mcp simulate: ${(error as Error).message}\n\n${SIMULATE_HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(SIMULATE_HELP);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`simulator: ${line}\n`);
  let sim;
  try {
    sim = await startSimulator({
      port: nonNegativeInteger('port', values.port as string | undefined),
      host: values.host as string | undefined,
      snapshotPath: values.snapshot as string | undefined,
      jobDelayMs: nonNegativeInteger('job-delay-ms', values['job-delay-ms'] as string | undefined),
      maxPageSize: nonNegativeInteger('max-page-size', values['max-page-size'] as string | undefined),
      faults: faultsFromEnv(process.env),
      log,
    });
  } catch (error) {
    process.stderr.write(`cloudstack-mcp simulate: ${(error as Error).message}\n`);
    return 1;
  }
  const keys = (account: { apiKey: string; secretKey: string }) => ({ apiKey: account.apiKey, secretKey: account.secretKey });
  process.stdout.write(
    JSON.stringify({
      url: sim.url,
      accounts: { admin: keys(sim.accounts.admin), domainadmin: keys(sim.accounts.domainadmin), user: keys(sim.accounts.user) },
    }) + '\n',
  );
  log(`serving CloudStack ${sim.cloudstackVersion} at ${sim.url}`);
  const running = sim;
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: stopping`);
      running.close().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
