import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LiveRiskError } from './errors';

/** Where `stack up` writes a development client's secret (mode 0600), and where processes look for it. */
export const registryClientSecretFile = (stateDir: string, clientId: string): string => join(stateDir, 'registry-clients', `${clientId}.secret`);

/**
 * A key kept in a file of its own, outside every output: 32 random bytes as hex, created on first
 * use, readable by its owner only, never printed. `what` names it in errors ("the pseudonym key");
 * `hint` says what to do when the file is broken.
 */
export async function loadKeyFile(file: string, what: string, hint: string): Promise<Buffer> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': two commands starting at once never overwrite each other's key.
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(`${randomBytes(32).toString('hex')}\n`);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw keyProblem(file, what, 'cannot be created', hint, error);
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new LiveRiskError('CONFIG_INVALID', `${what} ${file} can be read by others (mode ${mode.toString(8)})`, {
      hint: `chmod 600 ${file}: whoever reads ${what} can use it`,
    });
  }
  const text = (await readFile(file, 'utf8')).trim();
  if (!/^[0-9a-f]{32,}$/.test(text)) throw keyProblem(file, what, 'is not at least 16 bytes of hex', hint);
  return Buffer.from(text, 'hex');
}

function keyProblem(file: string, what: string, problem: string, hint: string, cause?: unknown): LiveRiskError {
  return new LiveRiskError('CONFIG_INVALID', `${what} ${file} ${problem}`, { cause, hint });
}
