/**
 * What a signed-in person may do in the portal, beyond seeing their own families. A person holds
 * one or more roles: from their local account (`live-risk portal account roles`), or from their
 * groups at the council's identity provider, mapped when they sign in. The roles are copied into the
 * session, so a change takes effect at the next sign-in (or the next check with the provider).
 *
 * - lead-practitioner: their digests and the families they lead or cover (everyone signed in).
 * - team-manager: their team's families, unacknowledged high-risk items, assigning and ending cover.
 * - reviewer: the review queue of likely-but-uncertain matches.
 * - ig-officer: information governance (audit, subject access).
 * - duty-team: the out-of-hours duty team: urgent alerts raised inside the quiet hours (services/urgent).
 * - school-dsl: a school's designated safeguarding lead, bound to ONE school (school-staff.ts): that
 *   school's Operation Encompass notifications, nothing else. Not a practitioner: no digests, no
 *   family pages, no other school.
 * - encompass-council: the council's team for home-educated children, who receive the Operation
 *   Encompass notifications no school can.
 */
export const portalRoles = ['lead-practitioner', 'team-manager', 'reviewer', 'ig-officer', 'school-dsl', 'encompass-council', 'duty-team'] as const;
export type PortalRole = (typeof portalRoles)[number];

export const defaultRoles: readonly PortalRole[] = ['lead-practitioner'];

export const isPortalRole = (value: string): value is PortalRole => (portalRoles as readonly string[]).includes(value);

/** Roles as stored (text[]): unknown names, e.g. from a later version, are dropped rather than trusted. */
export const storedRoles = (values: readonly string[] | null | undefined): readonly PortalRole[] => (values ?? []).filter(isPortalRole);

export const hasRole = (holder: Readonly<{ roles: readonly PortalRole[] }>, role: PortalRole): boolean => holder.roles.includes(role);

/**
 * A school's DSL holds no other role (the school-dsl command gives exactly this one): such a session
 * is refused every practitioner page, whatever a family or digest id it names.
 */
export const isSchoolStaffOnly = (roles: readonly PortalRole[]): boolean => roles.length > 0 && roles.every((role) => role === 'school-dsl');
