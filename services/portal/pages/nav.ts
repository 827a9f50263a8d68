import type { PortalRole } from '../roles';

/**
 * The links in every page's header, in order. A link with a role is shown only to people who hold
 * it (the route checks the role too: hiding a link is not access control). A feature with a screen
 * adds its line here.
 */
export type NavLink = Readonly<{ href: string; label: string; role?: PortalRole }>;

export const navLinks: readonly NavLink[] = [
  { href: '/', label: 'Your digests' },
  { href: '/sessions', label: 'Your sessions' },
  { href: '/team', label: 'Your team', role: 'team-manager' },
  { href: '/reviews', label: 'Reviews', role: 'reviewer' },
  { href: '/urgent', label: 'Urgent alerts' },
];

export const navFor = (roles: readonly PortalRole[]): readonly NavLink[] => navLinks.filter((link) => !link.role || roles.includes(link.role));
