import type { Command } from 'commander';
import { deadLettered, type DeadLettered } from '../../contracts';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { storableReason } from '../../platform/dead-letter';
import { terminal } from '../../platform/terminal';
import { formatOption } from '../options';
import { withRuntime } from '../with-runtime';

export function registerDeadLetterCommands(program: Command): void {
  withWaitOptions(
    program
      .command('dead-letters')
      .description('list rejected messages with where they came from and why, from dead-letter.v1')
      .option('--format <format>', 'json or text', formatOption, 'text')
      .option('--topic <topic>', 'only rejections from this source topic'),
  ).action(async (options: { format: 'json' | 'text'; topic?: string; wait: WaitChoice }) => {
      const records = await withRuntime(async (runtime) => {
        await awaitConsumers(runtime, ['dead-letters'], options.wait);
        const rows: Array<{ payload: DeadLettered }> = await runtime.db('dead_letters')
          .modify((q) => (options.topic ? q.where('source_topic', options.topic) : q))
          .orderBy(['source_topic', 'source_partition', 'source_offset'])
          .select('payload');
        // A dead letter from before reasons were made storable may quote a control character.
        return rows.map((row) => deadLettered.safeParse(row.payload).data ?? deadLettered.parse({ ...row.payload, reason: storableReason(row.payload.reason) }));
      });
      if (options.format === 'json') {
        console.log(JSON.stringify(records, null, 2));
        return;
      }
      if (records.length === 0) console.log('no dead letters');
      for (const record of records) {
        const { topic, partition, offset } = record.source;
        console.log(terminal`${topic}[${partition}]@${offset}  ${record.reasonCode}  ${record.deadLetteredAt}\n  ${record.reason}`);
      }
    });
}
