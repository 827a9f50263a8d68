import { InvalidArgumentError, type Command } from 'commander';
import { catchUp, describeConsumer, followConsumers } from '../../../pipelines/consumers';
import { catchUpOrder, consumerNames, isConsumerName, offsetsKeyOf, projectionNames, resetConsumer, type ConsumerName } from '../../consumers';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { tryWriterLock } from '../../platform/writer-lock';
import { runLongRunning, withLongRunningOptions, type LongRunningOptions } from '../long-running';
import { progressBar, say } from '../progress';
import { withRuntime } from '../with-runtime';

function consumerList(value: string, previous: ConsumerName[] = []): ConsumerName[] {
  if (!isConsumerName(value)) throw new InvalidArgumentError(`expected one of ${consumerNames.join(', ')}`);
  return [...previous, value];
}

const consumerHelp = '\nConsumers, in the order they run:\n' + catchUpOrder.map((name) => `  ${describeConsumer(name)}`).join('\n');

export function registerPipelineCommands(program: Command): void {
  withLongRunningOptions(
    program
      .command('run')
      .description('run the consumers: bring each up to date with its topics and exit (development, tests), or keep following with --follow (production)')
      .argument('[consumers...]', `any of ${consumerNames.join(', ')} (default: all, in dependency order)`)
      .option('--follow', 'keep consuming until SIGTERM or SIGINT: the long-running consumer process; waits out outages, serves health and metrics')
      .addHelpText(
        'after',
        consumerHelp +
          '\n\nEach consumer has one writer at a time (a PostgreSQL advisory lock): a second --follow waits as a standby, and a one-shot run\n' +
          'beside a running one waits for it to catch up instead of reading itself.',
      ),
    'consumers',
  ).action(async (names: string[], options: { follow?: boolean } & LongRunningOptions) => {
    const chosen = names.length ? names.reduce<ConsumerName[]>((list, name) => consumerList(name, list), []) : [...catchUpOrder];
    if (!options.follow) {
      await withRuntime(async (runtime) => {
        const bars = new Map(chosen.map((name) => [name, progressBar(name)]));
        const applied = await catchUp(runtime, chosen, (name, done, total) => bars.get(name)?.(done, total), undefined, say);
        for (const [name, count] of Object.entries(applied)) console.log(terminal`${name}: applied ${count} messages`);
      }, undefined, 'consumers');
      return;
    }
    await runLongRunning('consumers', options, async ({ runtime, signal, health, metrics }) => {
      for (const name of chosen) health.set(name, 'starting');
      say(`following ${chosen.join(', ')}; stop with SIGTERM or Ctrl-C`);
      await followConsumers(runtime, chosen, {
        signal,
        observer: metrics.consumerObserver(health),
        onOutage: (name, error, retryInMs, newOutage) => {
          metrics.consumerOutage(name, health, error.message, newOutage);
          say(`${name}: paused by an outage (${error.message}); resuming in ${Math.round(retryInMs / 1000)} s`);
        },
      });
    });
  });

  program
    .command('rebuild')
    .description('empty a consumer’s tables and offsets and read its topics again from the start (the topics are the source of truth)')
    .argument('<consumer>', `one of ${consumerNames.join(', ')}, or all (every projection; the matcher only when named)`)
    .addHelpText(
      'after',
      consumerHelp +
        '\n\nA projection is replayed from its topic. The matcher re-reads the agency topics and decides again; links it already\n' +
        'published are not published twice. Stop the running consumer first (`run --follow` holds its writer lock); rebuild refuses\n' +
        'while a copy is running, so nothing writes while the tables are emptied.',
    )
    .action(async (name: string) => {
      const names: ConsumerName[] = name === 'all' ? [...projectionNames] : [consumerList(name)[0]];
      await withRuntime(async (runtime) => {
        for (const consumer of names) {
          const lock = await tryWriterLock(runtime.config.databaseUrl, offsetsKeyOf(consumer));
          if (!lock) {
            throw new LiveRiskError('INPUT_INVALID', `${consumer} is running in another process, so it cannot be rebuilt now`, {
              hint: `stop the process running it (\`live-risk run --follow\`, see its /readyz), rebuild, then start it again`,
            });
          }
          try {
            await resetConsumer(runtime.db, consumer);
          } finally {
            await lock.release();
          }
          const bar = progressBar(`rebuilding ${consumer}`);
          const applied = await catchUp(runtime, [consumer], (_name, done, total) => bar(done, total), undefined, say);
          console.log(terminal`${consumer}: rebuilt from ${applied[consumer]} messages`);
        }
      });
    });
}
