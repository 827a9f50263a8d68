import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Small secrets the portal keeps for a while (a provider's refresh token in the database, a
 * sign-in's PKCE verifier in a cookie), sealed with AES-256-GCM so they are neither readable nor
 * alterable where they wait. The key is derived (HKDF-SHA256) from the portal's OIDC client secret
 * and a purpose, so there is no second secret to manage; rotating the client secret makes old
 * seals unreadable, which ends the sessions holding them at their next check (the safe way round).
 *
 *   sealed = base64url( iv (12 bytes) | ciphertext | tag (16 bytes) )
 *
 * `boundTo` is authenticated but not stored: a seal opens only for the row or cookie it was made for.
 */
export type SealKey = Readonly<{ key: Buffer }>;

export function sealKey(clientSecret: string, purpose: 'refresh-tokens' | 'sign-in-state'): SealKey {
  return { key: Buffer.from(hkdfSync('sha256', clientSecret, 'live-risk portal', `live-risk ${purpose} v1`, 32)) };
}

export function seal({ key }: SealKey, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The plaintext, or undefined when the seal was altered, made for something else, or under another key. */
export function unseal({ key }: SealKey, sealed: string, boundTo: string): string | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < 12 + 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
