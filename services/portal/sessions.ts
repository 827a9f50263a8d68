import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { storedRoles, type PortalRole } from './roles';

/**
 * Signed-in sessions (portal_sessions, migration 006). The cookie holds a random 256-bit token; the
 * table holds only its SHA-256, so a leaked copy of the table signs nobody in. Each session has its
 * own CSRF secret, which goes into every form and never into a cookie. A session ends after 30
 * minutes without a request, and after 8 hours (a working day) whatever happens. A practitioner
 * has at most 10 at once: signing in an eleventh time ends the least recently used.
 */
export const sessionLimits = { idleMinutes: 30, absoluteHours: 8, perPractitioner: 10 } as const;

export type Session = Readonly<{ practitionerId: string; roles: readonly PortalRole[]; csrfToken: string; tokenHash: string }>;

export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

function expiry(createdAt: Date, now: Date): Date {
  const idle = now.getTime() + sessionLimits.idleMinutes * 60_000;
  const absolute = createdAt.getTime() + sessionLimits.absoluteHours * 3_600_000;
  return new Date(Math.min(idle, absolute));
}

/** A new session, always with a new token: a session id from before sign-in is never reused (no fixation). */
export async function createSession(
  db: Knex,
  signedIn: Readonly<{ practitionerId: string; roles: readonly PortalRole[] }>,
  now: Date,
  /** A coarse description of the browser (device-description.ts), shown on the sessions page. */
  device?: string,
): Promise<{ token: string; session: Session }> {
  const token = newToken();
  const session = { practitionerId: signedIn.practitionerId, roles: signedIn.roles, csrfToken: newToken(), tokenHash: hashToken(token) };
  await db('portal_sessions').insert({
    token_hash: session.tokenHash,
    practitioner_id: session.practitionerId,
    roles: [...session.roles],
    csrf_secret: session.csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: expiry(now, now),
    device: device ?? null,
  });
  const surplus = db('portal_sessions').where({ practitioner_id: session.practitionerId }).orderBy('last_seen_at', 'desc').offset(sessionLimits.perPractitioner).select('token_hash');
  await db('portal_sessions').whereIn('token_hash', surplus).delete();
  // Expired sessions of anyone are tidied here, now and then, rather than by a separate job.
  await db('portal_sessions').where('expires_at', '<', now).delete();
  return { token, session };
}

/** The live session for a cookie's token, its idle timer restarted; undefined when unknown or expired. */
export async function findSession(db: Knex, token: string | undefined, now: Date): Promise<Session | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const row: { practitioner_id: string; roles: string[]; csrf_secret: string; created_at: Date; expires_at: Date } | undefined = await db('portal_sessions')
    .where({ token_hash: tokenHash })
    .first('practitioner_id', 'roles', 'csrf_secret', 'created_at', 'expires_at');
  if (!row || row.expires_at <= now) return undefined;
  await db('portal_sessions').where({ token_hash: tokenHash }).update({ last_seen_at: now, expires_at: expiry(row.created_at, now) });
  return { practitionerId: row.practitioner_id, roles: storedRoles(row.roles), csrfToken: row.csrf_secret, tokenHash };
}

export async function endSession(db: Knex, tokenHash: string): Promise<void> {
  await db('portal_sessions').where({ token_hash: tokenHash }).delete();
}

export type SessionListing = Readonly<{ startedAt: Date; lastSeenAt: Date; device: string | null; current: boolean }>;

/** A practitioner's live sessions, most recently used first, marking the one asking. */
export async function sessionsOf(db: Knex, session: Session, now: Date): Promise<SessionListing[]> {
  const rows: Array<{ token_hash: string; created_at: Date; last_seen_at: Date; device: string | null }> = await db('portal_sessions')
    .where({ practitioner_id: session.practitionerId })
    .andWhere('expires_at', '>', now)
    .orderBy([{ column: 'last_seen_at', order: 'desc' }, { column: 'created_at', order: 'desc' }])
    .select('token_hash', 'created_at', 'last_seen_at', 'device');
  return rows.map((row) => ({ startedAt: row.created_at, lastSeenAt: row.last_seen_at, device: row.device, current: row.token_hash === session.tokenHash }));
}

/** Ends every session of the practitioner, this one included. Returns how many ended. */
export async function endAllSessions(db: Knex, practitionerId: string): Promise<number> {
  return db('portal_sessions').where({ practitioner_id: practitionerId }).delete();
}
