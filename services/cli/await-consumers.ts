import type { Command } from 'commander';
import { consumerLag, waitForConsumers, type PartitionLag, type ProgressRuntime } from '../consumers/progress';
import type { ConsumerName } from '../consumers';
import { positiveIntegerOption } from './options';
import { say } from './progress';

/**
 * How a read command gets current data without running a consumer: it waits (up to `--wait`
 * seconds, 30 by default) for the consumers it reads from to reach the end of their topics as they
 * were when it started, or with `--no-wait` says how far behind they are and shows what there is.
 */
export type WaitChoice = number | false;

export function withWaitOptions(command: Command, defaultSeconds = 30): Command {
  return command
    .option('--wait <seconds>', `how long to wait for the consumers this reads from to catch up (default ${defaultSeconds})`, positiveIntegerOption, defaultSeconds)
    .option('--no-wait', 'do not wait: say how far behind the consumers are, and show what is there now');
}

const totalBehind = (lags: readonly PartitionLag[]) => lags.reduce((sum, lag) => sum + lag.behind, 0n);

export async function awaitConsumers(runtime: ProgressRuntime, names: readonly ConsumerName[], wait: WaitChoice, options: { upstream?: boolean } = {}): Promise<void> {
  if (wait === false) {
    const behind = (await consumerLag(runtime, names)).filter((lag) => lag.behind > 0n);
    for (const name of names) {
      const mine = behind.filter((lag) => lag.consumer === name);
      if (mine.length) say(`note: ${name} is ${totalBehind(mine)} messages behind its topics; showing what it has applied so far`);
    }
    return;
  }
  await waitForConsumers(runtime, names, {
    timeoutMs: wait * 1000,
    upstream: options.upstream,
    onWaiting: (behind) => {
      const who = [...new Set(behind.map((lag) => lag.consumer))];
      say(`waiting up to ${wait} s for ${who.length ? who.join(', ') : 'the outbox'} to catch up${behind.length ? ` (${totalBehind(behind)} messages behind)` : ''}…`);
    },
  });
}
