import type { GroupRole } from '../../platform/config-portal-sign-in';
import { portalRoles, type PortalRole } from '../roles';

/**
 * The portal roles a person's provider groups give them, in the order of `portalRoles`, each once.
 * Groups arrive as the provider writes them: Keycloak's group names (with a leading `/` when the
 * mapper writes full paths), Entra ID's group object ids. Anything not in the map gives nothing.
 */
export function rolesFromGroups(groups: readonly string[], map: readonly GroupRole[]): PortalRole[] {
  const held = new Set(groups.map((group) => group.replace(/^\//, '')));
  const granted = new Set(map.filter((entry) => held.has(entry.group)).map((entry) => entry.role));
  return portalRoles.filter((role) => granted.has(role));
}

/** The groups claim as a list of strings, whatever shape it came in; anything else is no groups. */
export function groupsClaim(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((group): group is string => typeof group === 'string');
}

/**
 * What the groups may give this person: a registered school DSL (school-staff.ts) holds school-dsl
 * and nothing else, whatever other groups they are in; anyone else never holds school-dsl, since
 * the school it would bind them to is the council's registration, not a group.
 */
export const rolesForPerson = (roles: readonly PortalRole[], schoolStaff: boolean): PortalRole[] =>
  roles.filter((role) => (role === 'school-dsl') === schoolStaff);
