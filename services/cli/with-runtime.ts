import { loadConfig, type Config } from '../platform/config';
import { openRuntime, type Runtime } from '../platform/runtime';

/** Opens the runtime for one command and always closes it, whatever the command does. */
export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>, config: Config = loadConfig()): Promise<T> {
  const runtime = await openRuntime(config);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
