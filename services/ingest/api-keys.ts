import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { agencies, type Agency } from '../contracts';
import { LiveRiskError } from '../platform/errors';

/*
 * An agency's API key, as the agency sends it:
 *
 *   Authorization: Bearer lrk_3f9c0a1b2c3d4e5f.VGhpcyBpcyBub3QgYSByZWFsIGtleSwganVzdCBhIHNoYXBl
 *                         ^^^^ ^^^^^^^^^^^^^^^^ ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 *                         kind key id (public)  secret: 32 random bytes, base64url
 *
 * The key id finds the row; only the secret's SHA-256 is stored, compared in constant time. The
 * secret is shown once, by `issueApiKey`, and never logged.
 */
const keyPattern = /^lrk_([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;

export type ApiKeyRow = Readonly<{ keyId: string; agency: Agency; label: string | null; createdAt: Date; revokedAt: Date | null; lastUsedAt: Date | null }>;
export type IssuedApiKey = Readonly<{ keyId: string; agency: Agency; apiKey: string }>;

const sha256 = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

export function isAgency(value: string): value is Agency {
  return (agencies as readonly string[]).includes(value);
}

/** A new key for `agency`; the returned `apiKey` is the only copy of the secret there will ever be. */
export async function issueApiKey(db: Knex, agency: string, label?: string): Promise<IssuedApiKey> {
  if (!isAgency(agency)) {
    throw new LiveRiskError('INPUT_INVALID', `unknown agency "${agency}"`, { hint: `use one of: ${agencies.join(', ')}` });
  }
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db('ingest_api_keys').insert({ key_id: keyId, agency, secret_sha256: sha256(secret), label: label ?? null });
  return { keyId, agency, apiKey: `lrk_${keyId}.${secret}` };
}

/** Revokes a key at once: the next request with it is refused. Revoking twice is not an error. */
export async function revokeApiKey(db: Knex, keyId: string): Promise<ApiKeyRow> {
  const [row] = await db('ingest_api_keys').where({ key_id: keyId }).update({ revoked_at: db.raw('coalesce(revoked_at, now())') }, '*');
  if (!row) throw new LiveRiskError('NOT_FOUND', `no ingest API key ${keyId}`, { hint: 'run `live-risk ingest key list` to see the key ids' });
  return toRow(row);
}

export async function listApiKeys(db: Knex): Promise<ApiKeyRow[]> {
  const rows = await db('ingest_api_keys').orderBy([{ column: 'agency' }, { column: 'created_at' }]).select();
  return rows.map(toRow);
}

/**
 * The agency an `Authorization` header's key publishes as, or undefined for a missing, malformed,
 * unknown, wrong or revoked key (the caller answers all of them alike, 401, so a guesser learns nothing).
 */
export async function authenticateApiKey(db: Knex, authorization: string | undefined): Promise<{ keyId: string; agency: Agency } | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const parts = match ? keyPattern.exec(match[1]) : null;
  if (!parts) return undefined;
  const [, keyId, secret] = parts;
  const row = await db('ingest_api_keys').where({ key_id: keyId }).first('agency', 'secret_sha256', 'revoked_at');
  if (!row || row.revoked_at !== null || !isAgency(row.agency)) return undefined;
  const stored: Buffer = row.secret_sha256;
  const presented = sha256(secret);
  if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return undefined;
  return { keyId, agency: row.agency };
}

/** Remembers when a key was last used, at most once a minute per key, for `ingest key list`. */
export async function touchApiKey(db: Knex, keyId: string): Promise<void> {
  await db('ingest_api_keys')
    .where({ key_id: keyId })
    .andWhere((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', db.raw("now() - interval '1 minute'")))
    .update({ last_used_at: db.fn.now() });
}

function toRow(row: Record<string, unknown>): ApiKeyRow {
  return {
    keyId: String(row.key_id),
    agency: row.agency as Agency,
    label: (row.label as string | null) ?? null,
    createdAt: row.created_at as Date,
    revokedAt: (row.revoked_at as Date | null) ?? null,
    lastUsedAt: (row.last_used_at as Date | null) ?? null,
  };
}
