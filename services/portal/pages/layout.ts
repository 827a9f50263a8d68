import { escapeHtml } from '../../digest/escape-html';
import type { PortalRole } from '../roles';
import { navFor } from './nav';

/**
 * Every portal page: one <h1> inside <main>, a skip link as the first thing a keyboard reaches,
 * a header with the practitioner's name and a sign-out form (a POST with the CSRF token: signing out
 * changes state). No script anywhere: the Content-Security-Policy forbids it.
 */
export type Viewer = Readonly<{ name: string; csrfToken: string; roles?: readonly PortalRole[] }>;

const roleNames: Readonly<Record<PortalRole, string>> = {
  'lead-practitioner': 'lead practitioner',
  'team-manager': 'team manager',
  reviewer: 'reviewer',
  'ig-officer': 'information-governance officer',
  'duty-team': 'duty team',
  'school-dsl': 'designated safeguarding lead',
  'encompass-council': 'council Operation Encompass team',
};

/** Beside the name: roles come from the provider's groups and can change at a check, so a person sees what they hold. */
export const describeRoles = (roles: readonly PortalRole[]): string => roles.map((role) => roleNames[role]).join(', ');

/** `moveOnTo`: a path or URL the browser goes on to at once (a meta refresh: no script needed). */
export function page(title: string, body: string, viewer?: Viewer, moveOnTo?: string): string {
  const header = viewer
    ? `<header class="portal">
<nav aria-label="Portal"><ul>${navFor(viewer.roles ?? [])
        .map((link) => `<li><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></li>`)
        .join('')}</ul></nav>
<form method="post" action="/sign-out">${csrfField(viewer.csrfToken)}<span>Signed in as ${escapeHtml(viewer.name)}${viewer.roles?.length ? ` <span class="roles">(${escapeHtml(describeRoles(viewer.roles))})</span>` : ''}</span> <button type="submit" class="secondary">Sign out</button></form>
</header>`
    : `<header class="portal"><a href="/">Live risk</a></header>`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">${moveOnTo ? `\n<meta http-equiv="refresh" content="0; url=${escapeHtml(moveOnTo)}">` : ''}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Live risk</title>
<link rel="stylesheet" href="/assets/portal.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
${header}
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>
`;
}

export const csrfField = (token: string): string => `<input type="hidden" name="csrf" value="${escapeHtml(token)}">`;

/** The one page for "no such thing" and "not yours": the same status and the same bytes, so a refusal tells nothing. */
export function notFoundPage(): string {
  return page(
    'Page not found',
    `<h1>Page not found</h1>
<p>There is nothing at this address that you can see. If you followed a link from an email, check that you are signed in as the practitioner it was sent to.</p>
<p><a href="/">Go to your digests</a></p>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>\n<p><a href="/">Go to your digests</a></p>`);
}
