import { Command, CommanderError } from 'commander';
import { LiveRiskError, describeError } from '../platform/errors';
import { escapeLinesForTerminal, terminal } from '../platform/terminal';
import { registerAuditCommands } from './commands/audit';
import { registerCohortCommands } from './commands/cohort';
import { registerDeadLetterCommands } from './commands/dead-letters';
import { registerDemoCommand } from './commands/demo';
import { registerDigestCommands } from './commands/digest';
import { registerLinkCommand } from './commands/link';
import { registerMailCommands } from './commands/mail';
import { registerLinkEvalCommand } from './commands/link-eval';
import { registerPipelineCommands } from './commands/pipeline';
import { registerPolicyCommands } from './commands/policy';
import { registerPortalCommands } from './commands/portal';
import { registerReplayCommand } from './commands/replay';
import { registerReviewCommands } from './commands/review';
import { registerRulesCommands } from './commands/rules';
import { registerSchedulerCommand } from './commands/scheduler';
import { registerSchemaCommands } from './commands/schemas';
import { registerServeCommand } from './commands/serve';
import { registerStackCommands } from './commands/stack';
import { registerWhatIfCommand } from './commands/what-if';

/**
 * `live-risk`: one command for operators, agencies' IT teams and analysts. Exit codes:
 * 0 done, 1 the work found a problem (bad rows, drift, nothing to show), 2 usage or configuration,
 * 3 a service is unavailable (retrying later can help), 4 an unexpected internal error.
 */
const program = new Command('live-risk')
  .description('Event-sourced daily risk flagging for family-support programmes (Kafka, schema registry, PostgreSQL)')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

registerDemoCommand(program);
registerStackCommands(program);
registerSchemaCommands(program);
registerCohortCommands(program);
registerPipelineCommands(program);
registerDigestCommands(program);
registerSchedulerCommand(program);
registerRulesCommands(program);
registerPolicyCommands(program);
registerDeadLetterCommands(program);
registerLinkCommand(program);
registerReviewCommands(program);
registerMailCommands(program);
registerLinkEvalCommand(program);
registerAuditCommands(program);
registerReplayCommand(program);
registerWhatIfCommand(program);
registerServeCommand(program);
registerPortalCommands(program);

function exitCodeFor(error: unknown): number {
  if (error instanceof LiveRiskError) {
    if (error.code === 'CONFIG_INVALID' || error.code === 'INPUT_INVALID') return 2;
    if (error.code === 'NOT_FOUND' || error.code === 'MAIL_REJECTED') return 1;
    return error.retriable || error.code.startsWith('STACK') ? 3 : 4;
  }
  return 4;
}

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    // Error messages quote what they were given (a file's row, an id, a driver's message), so they are
    // escaped; their own line breaks stay, for the ones that list several problems or a log's tail.
    process.stderr.write('live-risk: ' + escapeLinesForTerminal(describeError(error)) + '\n');
    if (error instanceof LiveRiskError && error.hint) process.stderr.write(terminal`what to do: ${error.hint}\n`);
    if (!(error instanceof LiveRiskError)) {
      // The stack's first lines repeat the message, line breaks and all; print its kind and frames only.
      const frames = ((error as Error)?.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
      process.stderr.write([(error as Error)?.name ?? typeof error, ...frames].map((line) => terminal`${line}\n`).join(''));
    }
    process.exit(exitCodeFor(error));
  },
);
