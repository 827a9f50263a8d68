import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LiveRiskError } from '../platform/errors';
import { runToCompletion } from './processes';

/**
 * Finds a Java runtime for a JVM the stack starts. Kafka and Apicurio run on the `java` on PATH
 * (17 is enough); Keycloak 26 supports OpenJDK 17, 21 and 25 and recommends the newest, so for it
 * we look further: JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm (Debian's and
 * Temurin's packages install there) and /opt/java, and take the newest supported one.
 */
export type JavaRuntime = Readonly<{ executable: string; major: number }>;

const jvmDirectories = ['/usr/lib/jvm', '/opt/java'];

function candidates(): string[] {
  const found: string[] = [];
  if (process.env.JAVA_HOME) found.push(join(process.env.JAVA_HOME, 'bin', 'java'));
  found.push('java');
  for (const directory of jvmDirectories) {
    if (!existsSync(directory)) continue;
    for (const entry of readdirSync(directory).sort()) {
      const executable = join(directory, entry, 'bin', 'java');
      if (existsSync(executable)) found.push(executable);
    }
  }
  return found;
}

/** `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_402" before 9) on stderr. */
export function parseJavaMajor(output: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

async function majorOf(executable: string): Promise<number | null> {
  try {
    const { code, output } = await runToCompletion(executable, ['-version'], { timeoutMs: 15_000 });
    return code === 0 ? parseJavaMajor(output) : null;
  } catch {
    return null;
  }
}

/** The newest runtime whose major version is one of `supported`. */
export async function findJava(what: string, supported: readonly number[]): Promise<JavaRuntime> {
  let best: JavaRuntime | null = null;
  const seen = new Set<number>();
  for (const executable of candidates()) {
    const major = await majorOf(executable);
    if (major === null) continue;
    seen.add(major);
    if (supported.includes(major) && (best === null || major > best.major)) best = { executable, major };
  }
  if (best !== null) return best;
  throw new LiveRiskError('STACK_START_FAILED', `${what} needs Java ${supported.join(', ')}; found ${seen.size === 0 ? 'no Java at all' : `only Java ${[...seen].join(', ')}`}`, {
    hint: `install OpenJDK ${supported[supported.length - 1]} (apt-get install openjdk-${supported[supported.length - 1]}-jre-headless, or Temurin), or set JAVA_HOME to one`,
  });
}
