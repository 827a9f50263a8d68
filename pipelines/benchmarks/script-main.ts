import { writeFileSync } from 'node:fs';
import { loadConfig } from '../../services/platform/config';
import { LiveRiskError, describeError } from '../../services/platform/errors';
import { setDefaultLogLevel } from '../../services/platform/logger';

/**
 * The main of a benchmark script run on its own (`npx tsx pipelines/benchmarks/<name>/index.ts`):
 * checks the configuration first (a wrong variable fails at once, by name), prints the Markdown
 * (and writes it to --out), and turns a failure into one line with its hint and exit code 1.
 */
export function runBenchmarkScript(name: string, produce: () => Promise<{ markdown: string; out?: string }>): void {
  Promise.resolve()
    .then(() => setDefaultLogLevel(loadConfig().logLevel))
    .then(produce)
    .then(
      ({ markdown, out }) => {
        process.stdout.write(markdown);
        if (out) writeFileSync(out, markdown);
        process.exit(0);
      },
      (error: unknown) => {
        const hint = error instanceof LiveRiskError && error.hint ? `\n  ${error.hint}` : '';
        process.stderr.write(`${name}: ${describeError(error)}${hint}\n`);
        process.exit(1);
      },
    );
}
