import { catchUpOrder, dependencyOrder, type ConsumerName } from '../../services/consumers';
import { runOffsetConsumer, type ConsumerObserver } from '../../services/platform/offset-consumer';
import type { Runtime } from '../../services/platform/runtime';
import { consumerDepsOf, handlerFor } from './handlers';

/**
 * `live-risk run` without --follow, for development, tests and the demo: brings each consumer up to
 * date with its topics in dependency order (the cohort first, the matcher next, then what reads the
 * matcher's output) and returns. Where a long-running copy of a consumer holds its writer lock, this
 * waits for that copy to get there instead of reading itself.
 */
export async function catchUp(
  runtime: Runtime,
  names: readonly ConsumerName[] = catchUpOrder,
  onProgress?: (name: ConsumerName, done: bigint, total: bigint) => void,
  observer?: ConsumerObserver,
  onWaiting?: (line: string) => void,
): Promise<Record<ConsumerName, number>> {
  const applied = {} as Record<ConsumerName, number>;
  for (const name of dependencyOrder(names)) {
    applied[name] = await runOffsetConsumer(consumerDepsOf(runtime, observer), handlerFor(runtime, name), {
      kind: 'catch-up',
      onProgress: (done, total) => onProgress?.(name, done, total),
      onWaiting,
    });
  }
  // Anything a consumer decided but did not yet publish (e.g. after an earlier crash) goes out now.
  await runtime.outbox.flush();
  return applied;
}
