import { loadConfig, type Config } from '../platform/config';
import type { ProcessRole } from '../platform/kafka-credentials';
import { openRuntime, type Runtime } from '../platform/runtime';

/**
 * Opens the runtime for one command and always closes it, whatever the command does. Commands are
 * the operator's, so Kafka sees the administrator unless the command is a one-shot run of a
 * long-running process's work (`run`, `scheduler --once`), which logs in as that process.
 */
export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>, config: Config = loadConfig(), role: ProcessRole = 'admin'): Promise<T> {
  const runtime = await openRuntime(config, 'live-risk', role);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
