import { matcherHandler } from '../../services/matcher/matcher-handler';
import { runOffsetConsumer, type BatchHandler } from '../../services/platform/offset-consumer';
import type { Runtime } from '../../services/platform/runtime';
import { projectionHandler, projections } from '../../services/projector';

/**
 * Brings every consumer up to date with its topics, in dependency order: the cohort first (the matcher
 * reads it), then the matcher, then the review queue (a confirmation publishes a match), then the
 * projections of what they published. Acknowledgements come last: practitioners acknowledge items
 * of digests, and nothing else reads them.
 */
export type CatchUpStep = 'cohort' | 'matcher' | 'reviews' | 'matches' | 'dead-letters' | 'digests' | 'acknowledgements';
export const catchUpOrder: readonly CatchUpStep[] = ['cohort', 'matcher', 'reviews', 'matches', 'dead-letters', 'digests', 'acknowledgements'];
/** Everything a digest reads, brought up to a cut-off before the digest job runs. */
export const stepsBeforeDigests: readonly CatchUpStep[] = ['cohort', 'matcher', 'reviews', 'matches', 'dead-letters'];

export function handlerFor(runtime: Runtime, step: CatchUpStep): BatchHandler {
  const all = projections(runtime.topics);
  switch (step) {
    case 'matcher':
      return matcherHandler(runtime);
    case 'cohort':
      return projectionHandler(runtime, all.cohort);
    case 'reviews':
      return projectionHandler(runtime, all.reviews);
    case 'matches':
      return projectionHandler(runtime, all.matches);
    case 'digests':
      return projectionHandler(runtime, all.digests);
    case 'dead-letters':
      return projectionHandler(runtime, all['dead-letters']);
    case 'acknowledgements':
      return projectionHandler(runtime, all.acknowledgements);
  }
}

export async function catchUp(
  runtime: Runtime,
  steps: readonly CatchUpStep[] = catchUpOrder,
  onProgress?: (step: CatchUpStep, done: bigint, total: bigint) => void,
): Promise<Record<CatchUpStep, number>> {
  const applied = {} as Record<CatchUpStep, number>;
  for (const step of steps) {
    applied[step] = await runOffsetConsumer(
      runtime.kafka,
      runtime.db,
      handlerFor(runtime, step),
      { kind: 'catch-up', onProgress: (done, total) => onProgress?.(step, done, total) },
      runtime.log,
      runtime.config.topicPrefix,
    );
  }
  // Anything a step decided but did not yet publish (e.g. after an earlier crash) goes out now.
  await runtime.outbox.flush();
  return applied;
}
