import type { GroupRole } from '../../platform/config-portal-sign-in';
import type { PortalRole } from '../roles';
import { groupsClaim, rolesForPerson, rolesFromGroups } from './group-roles';

/**
 * Who a provider's sign-in is in the portal, decided from what the provider said and what the
 * portal already knows, with no I/O. A person is the practitioner their (issuer, subject) is linked
 * to; the first time, the link is made by the practitioner_id claim, to a practitioner in the
 * cohort (or a school DSL the council registered) whose account is not linked to someone else.
 * Roles come from groups, every time.
 */
export type ProviderClaims = Readonly<{ issuer: string; subject: string; practitionerId: string | undefined; groups: readonly string[] }>;

export type KnownToPortal = Readonly<{
  /** The practitioner (issuer, subject) is already linked to, if any. */
  linkedPractitionerId: string | undefined;
  /** For the claimed practitioner id: in the cohort projection, and whom their account is linked to. */
  claimed: Readonly<{ inCohort: boolean; linkedTo: Readonly<{ issuer: string; subject: string }> | undefined }> | undefined;
  /** The person signing in is a registered school DSL (school-staff.ts): the linked one, else the claimed one. */
  schoolStaff?: boolean;
}>;

export const refusalReasons = ['no-practitioner-id', 'not-in-cohort', 'linked-to-another-account', 'practitioner-id-changed', 'no-role'] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export type SignInDecision =
  | Readonly<{ ok: true; practitionerId: string; roles: readonly PortalRole[]; link: boolean }>
  | Readonly<{ ok: false; reason: RefusalReason; practitionerId: string | undefined }>;

export function claimsFrom(issuer: string, claims: Readonly<Record<string, unknown>>): ProviderClaims {
  const claimed = typeof claims.practitioner_id === 'string' ? claims.practitioner_id.trim() : '';
  return {
    issuer,
    subject: String(claims.sub),
    practitionerId: claimed === '' || claimed.length > 100 ? undefined : claimed,
    groups: groupsClaim(claims.groups),
  };
}

export function decideSignIn(claims: ProviderClaims, known: KnownToPortal, groupRoles: readonly GroupRole[]): SignInDecision {
  const refuse = (reason: RefusalReason, practitionerId = claims.practitionerId): SignInDecision => ({ ok: false, reason, practitionerId });
  let practitionerId: string;
  let link = false;
  if (known.linkedPractitionerId !== undefined) {
    // The link decides; a claim that now names someone else is IT's mistake or worse, not a transfer.
    if (claims.practitionerId !== undefined && claims.practitionerId !== known.linkedPractitionerId) return refuse('practitioner-id-changed');
    practitionerId = known.linkedPractitionerId;
  } else {
    if (claims.practitionerId === undefined) return refuse('no-practitioner-id');
    if (!known.claimed?.inCohort) return refuse('not-in-cohort');
    const other = known.claimed.linkedTo;
    if (other !== undefined && (other.issuer !== claims.issuer || other.subject !== claims.subject)) return refuse('linked-to-another-account');
    practitionerId = claims.practitionerId;
    link = true;
  }
  const roles = rolesForPerson(rolesFromGroups(claims.groups, groupRoles), known.schoolStaff === true);
  if (roles.length === 0) return refuse('no-role', practitionerId);
  return { ok: true, practitionerId, roles, link };
}
