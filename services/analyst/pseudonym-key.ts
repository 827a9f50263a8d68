import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LiveRiskError } from '../platform/errors';

/**
 * The pseudonym key lives in a file of its own (LIVE_RISK_PSEUDONYM_KEY_FILE), outside every
 * output, so pseudonyms can be joined across runs but not reversed by whoever reads them. It is
 * created on first use, 32 random bytes as hex, readable by its owner only, and never printed.
 */
export async function loadPseudonymKey(file: string): Promise<Buffer> {
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
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw keyProblem(file, 'cannot be created', error);
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new LiveRiskError('CONFIG_INVALID', `the pseudonym key ${file} can be read by others (mode ${mode.toString(8)})`, {
      hint: `chmod 600 ${file}: whoever reads the key can test guesses against every pseudonym`,
    });
  }
  const text = (await readFile(file, 'utf8')).trim();
  if (!/^[0-9a-f]{32,}$/.test(text)) throw keyProblem(file, 'is not at least 16 bytes of hex');
  return Buffer.from(text, 'hex');
}

function keyProblem(file: string, what: string, cause?: unknown): LiveRiskError {
  return new LiveRiskError('CONFIG_INVALID', `the pseudonym key ${file} ${what}`, {
    cause,
    hint: 'set LIVE_RISK_PSEUDONYM_KEY_FILE to a writable path, or move the broken file away to start a new key (old pseudonyms will no longer join)',
  });
}
