import type { ConsumerName } from '../consumers/registry';
import { waitForConsumers } from '../consumers/progress';
import type { PortalContext } from './context';

/** How long a page waits for a consumer before showing what it has anyway. */
export const projectionWaitMs = 3_000;

/**
 * After a form has put an event on Kafka, waits a moment for the consumers that project it (long
 * running processes, never run here), so the page the browser is sent back to usually shows it.
 * If Kafka or a consumer is slow or down, the event is still safe on the topic and appears on the
 * page once it has been applied.
 */
export async function waitToShow(context: Pick<PortalContext, 'runtime' | 'log'>, consumers: readonly ConsumerName[], what: string): Promise<void> {
  try {
    await waitForConsumers(context.runtime, consumers, { timeoutMs: projectionWaitMs });
  } catch (error) {
    context.log.warn(`${what} recorded but not yet shown`, { error: (error as Error).message });
  }
}
