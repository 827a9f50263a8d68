import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { terminal } from '../../platform/terminal';
import { stackDown, stackReset, stackStatus, stackUp, type ResetReport, type StackStatus } from '../../stack';
import { confirmReset } from '../../stack/reset-plan';
import { say } from '../progress';

function printStatus(status: StackStatus): void {
  for (const component of Object.values(status)) {
    const state = component.running ? `running (${component.startedBy === 'us' ? `started by live-risk, pid ${component.pid}` : 'external'})` : 'not running';
    console.log(terminal`${component.name.padEnd(9)} ${state.padEnd(44)} ${component.address}` + (component.logPath ? terminal`  log: ${component.logPath}` : ''));
    if (component.detail) console.log(terminal`          ${component.detail}`);
  }
}

const resetHelp = `
Why: the projections in PostgreSQL are built from one Kafka's topics, and the consumers keep their
offsets there. Point them at another Kafka (replaced, restored, or its data deleted by hand) and
they read past new events without a word. A reset removes both sides together, so the next
\`live-risk stack up\` starts clean, with an empty Kafka and empty databases.

What it removes: Kafka's data directory in $LIVE_RISK_STATE_DIR, the database in DATABASE_URL and
the registry's database in REGISTRY_DATABASE_URL, after stopping the processes \`stack up\`
started (only those, like \`stack down\`). With --test-databases, also the scratch databases of
interrupted tests and benchmarks (<database>_test_*, <database>_bench_*) that nobody is connected
to. Logs, the mail sink's messages, the pseudonym key and Keycloak's database (clients and their
secrets, nothing built from Kafka) stay.

When it refuses (exit 2, removing nothing): a database URL not on this machine (there is no flag
for that: a reset is for development stacks only); a Kafka or registry running that \`stack up\`
did not start (with docker compose, \`docker compose down -v\` is the reset); a session still
connected to the databases; no --yes when not on a terminal. At a terminal it asks you to type
"reset". Answering anything else removes nothing (exit 1).`;

async function askOnTerminal(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

function printReset(report: ResetReport, stateDir: string): void {
  const { plan } = report;
  if (report.outcome === 'nothing to do') console.log('nothing to reset: no stack of ours running, no Kafka data, no databases');
  if (report.outcome === 'cancelled') {
    console.log('reset cancelled: nothing was removed');
    process.exitCode = 1;
    return;
  }
  if (report.outcome === 'done') {
    for (const component of plan.stop) console.log(terminal`stopped ${component.name}${component.pid ? ` (pid ${component.pid})` : ''}`);
    if (plan.removeDirectory) console.log(terminal`removed Kafka's data: ${plan.removeDirectory}`);
    for (const name of plan.dropDatabases) console.log(terminal`dropped database ${name} on ${plan.server}`);
    for (const name of report.droppedScratch) console.log(terminal`dropped test database ${name}`);
  }
  const connectedSince = plan.dropScratch.filter((name) => !report.droppedScratch.includes(name));
  for (const name of connectedSince) console.log(terminal`kept test database ${name}: someone connected to it meanwhile`);
  for (const kept of plan.keepScratch) console.log(terminal`kept test database ${kept.name}: ${kept.reason}`);
  if (report.outcome === 'done') console.log(terminal`kept: logs, mail sink messages and the pseudonym key in ${stateDir}. Run \`live-risk stack up\` to start clean.`);
}

export function registerStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('start, stop, inspect and reset the local Kafka, Keycloak and schema registry (fetched from Maven Central on first use)');
  stack
    .command('up')
    .description('fetch (first run only) and start Kafka, Keycloak and Apicurio Registry on loopback, apply the live-risk realm and register the schemas as an administrator; harmless when already up')
    .action(async () => {
      printStatus(await stackUp(loadConfig(), say));
    });
  stack
    .command('down')
    .description('stop the Kafka, Keycloak and registry processes this tool started (never anything else)')
    .action(async () => {
      await stackDown(loadConfig(), say);
    });
  stack
    .command('status')
    .description('probe each service and say whether it is running and who started it; exit 1 if any is down')
    .action(async () => {
      const status = await stackStatus(loadConfig());
      printStatus(status);
      if (!Object.values(status).every((component) => component.running)) process.exitCode = 1;
    });
  stack
    .command('reset')
    .description('stop the local stack and delete Kafka\'s data and the project\'s databases, after a confirmation (development only)')
    .option('--yes', 'do not ask: required when not on a terminal')
    .option('--test-databases', 'also drop leftover test and benchmark databases nobody is connected to')
    .addHelpText('after', resetHelp)
    .action(async (options: { yes?: boolean; testDatabases?: boolean }) => {
      const config = loadConfig();
      const report = await stackReset(config, say, {
        scratch: options.testDatabases === true,
        confirm: (lines) =>
          confirmReset(lines, { yes: options.yes === true, interactive: process.stdin.isTTY === true && process.stderr.isTTY === true, ask: askOnTerminal }),
      });
      printReset(report, config.stateDir);
    });
}
