import type { Command } from 'commander';

/**
 * Which module registers each top-level command. `live-risk` loads only the module of the command
 * it was asked to run: loading all of them (every service, the portal, the analyst tools) took
 * seconds on every start, and the tests and the scheduler's operators start it hundreds of times.
 * Help without a command, `help`, and a name not listed here load them all, so the command list and
 * "did you mean" stay whole. command-modules.unit.spec.ts checks this table against what each
 * module really registers.
 */
export type CommandModule = Readonly<{ names: readonly string[]; register: () => (program: Command) => void }>;

export const commandModules: readonly CommandModule[] = [
  { names: ['demo'], register: () => require('./commands/demo').registerDemoCommand },
  { names: ['stack'], register: () => require('./commands/stack').registerStackCommands },
  { names: ['schemas'], register: () => require('./commands/schemas').registerSchemaCommands },
  { names: ['cohort'], register: () => require('./commands/cohort').registerCohortCommands },
  { names: ['run', 'rebuild'], register: () => require('./commands/pipeline').registerPipelineCommands },
  { names: ['status'], register: () => require('./commands/status').registerStatusCommand },
  { names: ['data-quality'], register: () => require('./commands/data-quality').registerDataQualityCommand },
  { names: ['digest', 'issue-digests'], register: () => require('./commands/digest').registerDigestCommands },
  { names: ['scheduler'], register: () => require('./commands/scheduler').registerSchedulerCommand },
  { names: ['rules'], register: () => require('./commands/rules').registerRulesCommands },
  { names: ['policy'], register: () => require('./commands/policy').registerPolicyCommands },
  { names: ['retention'], register: () => registerRetention },
  { names: ['dead-letters'], register: () => require('./commands/dead-letters').registerDeadLetterCommands },
  { names: ['urgent'], register: () => require('./commands/urgent').registerUrgentCommands },
  { names: ['link'], register: () => require('./commands/link').registerLinkCommand },
  { names: ['review'], register: () => require('./commands/review').registerReviewCommands },
  { names: ['mail'], register: () => require('./commands/mail').registerMailCommands },
  { names: ['link-eval'], register: () => require('./commands/link-eval').registerLinkEvalCommand },
  { names: ['audit'], register: () => require('./commands/audit').registerAuditCommands },
  { names: ['replay'], register: () => require('./commands/replay').registerReplayCommand },
  { names: ['what-if'], register: () => require('./commands/what-if').registerWhatIfCommand },
  { names: ['transparency'], register: () => require('./commands/transparency').registerTransparencyCommand },
  { names: ['hotspots'], register: () => require('./commands/hotspots').registerHotspotsCommand },
  { names: ['criteria'], register: () => require('./commands/criteria').registerCriteriaCommands },
  { names: ['sharing'], register: () => require('./commands/sharing').registerSharingCommands },
  { names: ['encompass'], register: () => require('./commands/encompass').registerEncompassCommands },
  { names: ['serve'], register: () => require('./commands/serve').registerServeCommand },
  { names: ['portal'], register: () => require('./commands/portal').registerPortalCommands },
  { names: ['ingest'], register: () => require('./commands/ingest').registerIngestCommands },
  { names: ['agency'], register: () => require('./commands/agency').registerAgencyCommands },
  { names: ['kafka-access'], register: () => require('./commands/kafka-access').registerKafkaAccessCommands },
  { names: ['erase'], register: () => require('./commands/erase').registerEraseCommands },
];

/** `retention audit` is a subcommand of its own module: the search is large and `retention run` needs none of it. */
function registerRetention(program: Command): void {
  const retention = require('./commands/retention').registerRetentionCommands(program) as Command;
  require('./commands/retention-audit').registerRetentionAuditCommand(retention);
}

/**
 * The modules `argv` needs: the one whose command is the first word that is not an option, or all
 * of them when there is none or it is not a command's name. Global options before the command
 * (there are none that take a value) do not change which.
 */
export function commandModulesFor(argv: readonly string[]): readonly CommandModule[] {
  const word = argv.find((arg) => !arg.startsWith('-'));
  const named = commandModules.find((module) => word !== undefined && module.names.includes(word));
  return named ? [named] : commandModules;
}
