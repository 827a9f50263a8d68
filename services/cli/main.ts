import { Command, CommanderError } from 'commander';
import { classifyError } from '../platform/classify-error';
import { loadConfig } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { setDefaultLogLevel } from '../platform/logger';
import { escapeLinesForTerminal, terminal } from '../platform/terminal';
import { commandModulesFor } from './command-modules';

/**
 * `live-risk`: one command for operators, agencies' IT teams and analysts. Exit codes:
 * 0 done, 1 the work found a problem (bad rows, drift, nothing to show), 2 usage or configuration,
 * 3 a service is unavailable (retrying later can help), 4 an unexpected internal error.
 */
const program = new Command('live-risk')
  .description('Event-sourced daily risk flagging for family-support programmes (Kafka, schema registry, PostgreSQL)')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride()
  // Options belong to the command they follow, so `erase hold --family X` is the hold's --family, not erase's.
  .enablePositionalOptions()
  // Before any command runs: the configuration is checked (a wrong variable fails at once, by name,
  // exit 2) and LOG_LEVEL becomes the level of every logger in the process. --help needs neither.
  .hook('preAction', () => setDefaultLogLevel(loadConfig().logLevel));

for (const commands of commandModulesFor(process.argv.slice(2))) commands.register()(program);

function exitCodeFor(error: unknown): number {
  if (error instanceof LiveRiskError) {
    if (error.code === 'CONFIG_INVALID' || error.code === 'INPUT_INVALID' || error.code === 'KAFKA_NOT_AUTHORIZED') return 2;
    if (error.code === 'NOT_FOUND' || error.code === 'MAIL_REJECTED' || error.code === 'OFFSETS_INVALID') return 1;
    return error.retriable || error.code.startsWith('STACK') ? 3 : 4;
  }
  return 4;
}

/**
 * Ends the process once stdout and stderr have taken everything written to them. process.exit()
 * at once would drop what a pipe had no room for yet (past its 64 KB, `live-risk … | jq` got a cut
 * JSON); waiting for the process to end by itself would hang on any handle a client library leaves
 * open. A write's callback runs after every earlier write on that stream has been handed to the OS.
 */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  let open = 2;
  const flushed = () => {
    open -= 1;
    if (open === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) stream.write('', () => flushed());
}

// A reader that went away (`live-risk policy show | head -3`) makes writes fail with EPIPE: there is
// no one left to tell anything, so end quietly instead of with an unhandled error and a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
  });
}

program.parseAsync(process.argv).then(
  () => exitAfterFlush(Number(process.exitCode ?? 0)),
  (thrown: unknown) => {
    if (thrown instanceof CommanderError) return exitAfterFlush(thrown.exitCode === 0 ? 0 : 2);
    // Foreign errors (kafkajs, pg, the registry client) are classified here too: an outage is exit 3, not a stack trace.
    const error = classifyError(thrown);
    // Error messages quote what they were given (a file's row, an id, a driver's message), so they are
    // escaped; their own line breaks stay, for the ones that list several problems or a log's tail.
    process.stderr.write('live-risk: ' + escapeLinesForTerminal(error.message) + '\n');
    if (error.hint) process.stderr.write(terminal`what to do: ${error.hint}\n`);
    if (!(thrown instanceof LiveRiskError) && !error.retriable) {
      // The stack's first lines repeat the message, line breaks and all; print its kind and frames only.
      const frames = ((thrown as Error)?.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
      process.stderr.write([(thrown as Error)?.name ?? typeof thrown, ...frames].map((line) => terminal`${line}\n`).join(''));
    }
    exitAfterFlush(exitCodeFor(error));
  },
);
