import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes with scrypt, a memory-hard function, from node:crypto. The stored form carries
 * its own parameters and salt, so the cost can be raised later without breaking existing hashes:
 *
 *   scrypt$<log2 N>$<r>$<p>$<salt, base64url>$<hash, base64url>
 *   scrypt$17$8$1$yq3v...$Zk9...
 *
 * The default, N = 2^17, r = 8, p = 1, is OWASP's recommended minimum for scrypt (128 MiB, about a
 * second on our machines). scrypt runs on libuv's thread pool, so hashing never blocks the server.
 */
export type ScryptParameters = Readonly<{ log2N: number; r: number; p: number }>;
export const defaultScrypt: ScryptParameters = { log2N: 17, r: 8, p: 1 };

const keyLength = 32;
const saltLength = 16;

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** parameters.log2N,
    r: parameters.r,
    p: parameters.p,
    // scrypt needs 128 * N * r bytes; node's default ceiling (32 MiB) is below our default cost.
    maxmem: 256 * 2 ** parameters.log2N * parameters.r,
  };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string, parameters: ScryptParameters = defaultScrypt): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, parameters);
  return ['scrypt', parameters.log2N, parameters.r, parameters.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

type Parsed = Readonly<{ parameters: ScryptParameters; salt: Buffer; key: Buffer }>;

export function parseHash(stored: string): Parsed | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [log2N, r, p] = parts.slice(1, 4).map(Number);
  // Bounds keep a tampered row from asking for gigabytes of memory.
  if (![log2N, r, p].every(Number.isInteger) || log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return { parameters: { log2N, r, p }, salt: Buffer.from(parts[4], 'base64url'), key: Buffer.from(parts[5], 'base64url') };
}

/** True when `password` matches `stored`; compared in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length !== keyLength) return false;
  const key = await derive(password, parsed.salt, parsed.parameters);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a hash was made with weaker parameters than `parameters`, so it is re-hashed at the next sign-in. */
export function needsRehash(stored: string, parameters: ScryptParameters = defaultScrypt): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.parameters.log2N < parameters.log2N || parsed.parameters.r < parameters.r;
}

export { passwordProblem } from './password-rule';
