import type { Knex } from 'knex';
import type { PortalRole } from '../roles';
import type { KnownToPortal, ProviderClaims } from './decide';

/**
 * portal_accounts as the provider sees it: identity_provider (the issuer) and subject link a
 * provider account to a practitioner (migration 006 made the pair unique).
 */
export async function knownToPortal(db: Knex, claims: ProviderClaims): Promise<KnownToPortal> {
  const linked: { practitioner_id: string } | undefined = await db('portal_accounts')
    .where({ identity_provider: claims.issuer, subject: claims.subject })
    .first('practitioner_id');
  const person = linked?.practitioner_id ?? claims.practitionerId;
  const schoolStaff = person !== undefined && (await db('portal_school_staff').where({ staff_id: person }).first('staff_id')) !== undefined;
  if (claims.practitionerId === undefined) return { linkedPractitionerId: linked?.practitioner_id, claimed: undefined, schoolStaff };
  const [practitioner, account] = await Promise.all([
    db('practitioners').where({ practitioner_id: claims.practitionerId }).first('practitioner_id'),
    db('portal_accounts').where({ practitioner_id: claims.practitionerId }).first('identity_provider', 'subject') as Promise<{ identity_provider: string | null; subject: string | null } | undefined>,
  ]);
  return {
    linkedPractitionerId: linked?.practitioner_id,
    claimed: {
      // A registered school DSL is known to the portal too, though not in the cohort.
      inCohort: practitioner !== undefined || (schoolStaff && person === claims.practitionerId),
      linkedTo: account?.identity_provider && account.subject ? { issuer: account.identity_provider, subject: account.subject } : undefined,
    },
    schoolStaff,
  };
}

/**
 * Records a provider sign-in on the practitioner's account: links it the first time and keeps the
 * roles the groups gave. Linking removes a local password: from then on the provider decides who
 * this is, so a leaver disabled there cannot come back in through a password the portal kept.
 * False when, between deciding and linking, the account was linked to someone else.
 */
export async function recordProviderSignIn(
  db: Knex,
  signedIn: Readonly<{ practitionerId: string; roles: readonly PortalRole[]; issuer: string; subject: string; link: boolean }>,
  now: Date,
): Promise<boolean> {
  const roles = [...signedIn.roles];
  if (!signedIn.link) {
    const updated = await db('portal_accounts')
      .where({ practitioner_id: signedIn.practitionerId, identity_provider: signedIn.issuer, subject: signedIn.subject })
      .update({ roles, last_signed_in_at: now });
    return updated === 1;
  }
  try {
    const rows = await db('portal_accounts')
      .insert({ practitioner_id: signedIn.practitionerId, identity_provider: signedIn.issuer, subject: signedIn.subject, roles, last_signed_in_at: now })
      .onConflict('practitioner_id')
      .merge({ identity_provider: signedIn.issuer, subject: signedIn.subject, password_hash: null, failed_attempts: 0, locked_until: null, roles, last_signed_in_at: now })
      .where(function unlinkedOrSame() {
        this.whereNull('portal_accounts.identity_provider').orWhere({ 'portal_accounts.identity_provider': signedIn.issuer, 'portal_accounts.subject': signedIn.subject });
      })
      .returning('practitioner_id');
    if (rows.length === 1) {
      // A password's sessions end with the password.
      await db('portal_sessions').where({ practitioner_id: signedIn.practitionerId }).whereNull('identity_provider').delete();
    }
    return rows.length === 1;
  } catch (error) {
    // The same (issuer, subject) linked to another practitioner meanwhile: unique violation.
    if ((error as { code?: string }).code === '23505') return false;
    throw error;
  }
}
