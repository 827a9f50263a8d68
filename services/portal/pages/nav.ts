import { isSchoolStaffOnly, type PortalRole } from '../roles';

/**
 * The links in every page's header, in order. A link with a role is shown only to people who hold
 * it (or one of `anyOf`); a practitioners' link is not shown to a school's DSL (the route checks
 * too: hiding a link is not access control). A feature with a screen adds its line here.
 */
export type NavLink = Readonly<{ href: string; label: string; role?: PortalRole; anyOf?: readonly PortalRole[]; practitioners?: true }>;

export const navLinks: readonly NavLink[] = [
  { href: '/', label: 'Your digests', practitioners: true },
  { href: '/sessions', label: 'Your sessions' },
  { href: '/team', label: 'Your team', role: 'team-manager' },
  { href: '/reviews', label: 'Reviews', role: 'reviewer' },
  { href: '/urgent', label: 'Urgent alerts', practitioners: true },
  { href: '/encompass', label: 'Operation Encompass', anyOf: ['school-dsl', 'encompass-council'] },
];

export const navFor = (roles: readonly PortalRole[]): readonly NavLink[] =>
  navLinks.filter(
    (link) =>
      (!link.role || roles.includes(link.role)) &&
      (!link.anyOf || link.anyOf.some((role) => roles.includes(role))) &&
      !(link.practitioners && isSchoolStaffOnly(roles)),
  );
