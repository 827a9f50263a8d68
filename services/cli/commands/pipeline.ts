import { InvalidArgumentError, type Command } from 'commander';
import { catchUp, catchUpOrder, handlerFor, type CatchUpStep } from '../../../pipelines/catch-up';
import { runOffsetConsumer } from '../../platform/offset-consumer';
import { terminal } from '../../platform/terminal';
import { projections, resetProjection, type ProjectionName } from '../../projector';
import { reconcile } from '../../matcher/reconcile';
import { progressBar, say } from '../progress';
import { withRuntime } from '../with-runtime';

const consumers = catchUpOrder;

function consumerList(value: string, previous: CatchUpStep[] = []): CatchUpStep[] {
  if (!(consumers as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${consumers.join(', ')}`);
  }
  return [...previous, value as CatchUpStep];
}

export function registerPipelineCommands(program: Command): void {
  program
    .command('run')
    .description('run the consumers: bring each up to date with its topics and exit, or keep following with --follow')
    .argument('[consumers...]', `any of ${consumers.join(', ')} (default: all, in dependency order)`)
    .option('--follow', 'keep consuming new messages until interrupted (SIGINT or SIGTERM)')
    .action(async (names: string[], options: { follow?: boolean }) => {
      const chosen = names.length ? names.reduce<CatchUpStep[]>((list, name) => consumerList(name, list), []) : [...consumers];
      await withRuntime(async (runtime) => {
        if (!options.follow) {
          const bars = new Map(chosen.map((step) => [step, progressBar(step)]));
          const applied = await catchUp(runtime, chosen, (step, done, total) => bars.get(step)?.(done, total));
          for (const [step, count] of Object.entries(applied)) console.log(terminal`${step}: applied ${count} messages`);
          return;
        }
        const stop = new AbortController();
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
        say(`following ${chosen.join(', ')}; stop with Ctrl-C`);
        await Promise.all(
          chosen.map((name) =>
            runOffsetConsumer(runtime.kafka, runtime.db, handlerFor(runtime, name), { kind: 'follow', signal: stop.signal }, runtime.log, runtime.config.topicPrefix),
          ),
        );
      });
    });

  program
    .command('rebuild')
    .description('drop a projection and rebuild it from its Kafka topic (the topics are the source of truth)')
    .argument('<projection>', `one of ${['cohort', 'matches', 'digests', 'dead-letters', 'all'].join(', ')}`)
    .action(async (name: string) => {
      await withRuntime(async (runtime) => {
        const all = projections(runtime.topics);
        const names = (name === 'all' ? Object.keys(all) : [name]) as ProjectionName[];
        for (const projectionName of names) {
          const projection = all[projectionName];
          if (!projection) throw new InvalidArgumentError(`unknown projection ${projectionName}`);
          await resetProjection(runtime.db, projection);
          const bar = progressBar(`rebuilding ${projectionName}`);
          const applied = await catchUp(runtime, [projectionName], (_step, done, total) => bar(done, total));
          console.log(terminal`${projectionName}: rebuilt from ${applied[projectionName]} messages`);
        }
      });
    });

  program
    .command('status')
    .description('reconcile the agency topics with what the matcher did: every message linked, unlinked or dead-lettered')
    .option('--format <format>', 'json or text', 'text')
    .action(async (options: { format: string }) => {
      const report = await withRuntime((runtime) => reconcile(runtime));
      if (options.format === 'json') console.log(JSON.stringify(report, null, 2));
      else {
        for (const row of report.topics) {
          console.log(
            terminal`${row.topic.padEnd(28)} messages ${String(row.messages).padStart(7)}  linked ${String(row.linked).padStart(6)}  in review ${String(row.inReview).padStart(5)}  unlinked ${String(row.unlinked).padStart(6)}  dead-lettered ${String(row.deadLettered).padStart(5)}  pending ${String(row.pending).padStart(6)}`,
          );
        }
        console.log(report.reconciled ? 'every message is accounted for' : 'some messages are still pending: run `live-risk run`');
      }
      if (!report.reconciled) process.exitCode = 1;
    });
}
