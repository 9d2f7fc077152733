/**
 * Tests that need a program this repository does not ship (Debian's redis-server, python3-cs):
 * CI installs it (.ci/run), and there a missing one fails the run. On a machine with only Node
 * (the README's `npm test`) the tests do not run, and say so loudly, with how to install it: a
 * skipped test must never pass for a run one.
 */
import { existsSync } from 'node:fs';

export interface RequiredTool {
  /** Whether the tests should run: installed, or CI (where a missing tool must fail them). */
  run: boolean;
  installed: boolean;
  /** Why the tool is missing and how to install it, for the failure message. */
  missing: string;
}

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * @param what the tool's name in messages, e.g. "redis-server".
 * @param testFile the test file that needs it, named in the warning.
 * @param install how to install it, e.g. "apt-get install -y redis-server".
 */
export function requiredTool(what: string, path: string, testFile: string, install: string, installed = existsSync(path)): RequiredTool {
  const missing = `${what} is not installed (${path}): ${install} (Debian/Ubuntu), then npm test`;
  if (!installed && !IN_CI) {
    process.stderr.write(`\n*** ${what} is not installed: the tests of ${testFile} DID NOT RUN.\n*** To run them: ${install} (Debian/Ubuntu), then npm test. CI requires them.\n\n`);
  }
  return { run: installed || IN_CI, installed, missing };
}
