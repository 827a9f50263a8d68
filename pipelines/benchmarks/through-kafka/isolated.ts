import type { Config } from '../../../services/platform/config';
import { topicNames } from '../../../services/contracts';
import { registerAsAdministrator } from '../../../services/platform/registry';
import { openRuntime, type Runtime } from '../../../services/platform/runtime';
import { disposeRuntime, isolatedConfig } from '../../../test/support/test-stack';
import { deleteGroup } from './raw-consume';

/**
 * The benchmark runs on the real local stack but in topics and a database of its own, as the
 * integration tests do (the same helpers), named `bench-…` and `live_risk_bench_…` so a leftover is
 * recognisable. Whatever happens, topics, consumer groups and the database go afterwards.
 */
export function benchConfig(): Config {
  const config = isolatedConfig();
  const url = new URL(config.databaseUrl);
  url.pathname = url.pathname.replace('live_risk_test_', 'live_risk_bench_');
  return { ...config, topicPrefix: config.topicPrefix.replace(/^test-/, 'bench-'), databaseUrl: url.toString() };
}

export async function withIsolatedRuntime<T>(
  work: (runtime: Runtime, groups: Set<string>) => Promise<T>,
  say: (line: string) => void,
): Promise<T> {
  const config = benchConfig();
  // Fresh topics: registered as an administrator would, then only looked up by the runtime.
  await registerAsAdministrator(config, topicNames(config.topicPrefix));
  const runtime = await openRuntime(config, 'live-risk-bench');
  /** Consumer groups the work joined, deleted with the topics. */
  const groups = new Set<string>();
  try {
    return await work(runtime, groups);
  } finally {
    say('cleaning up: consumer groups, topics and database');
    for (const group of groups) await deleteGroup(runtime.kafka, group);
    await disposeRuntime(runtime).catch((error: unknown) => {
      say(`cleanup failed (${error instanceof Error ? error.message : String(error)}); delete the topics ${runtime.config.topicPrefix}* and database ${new URL(runtime.config.databaseUrl).pathname.slice(1)} by hand`);
    });
  }
}
