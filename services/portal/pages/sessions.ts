import { escapeHtml } from '../../digest/escape-html';
import { readableInstant } from '../../digest/readable-time';
import type { SessionListing } from '../sessions';
import { csrfField, page, type Viewer } from './layout';

/**
 * "Your sessions": where this practitioner is signed in now, and one button that ends all of it.
 * For someone who left a session open on a shared computer, or suspects someone else is using it.
 */
export function sessionsPage(viewer: Viewer, sessions: readonly SessionListing[]): string {
  const time = (at: Date) => `<time datetime="${escapeHtml(at.toISOString())}">${escapeHtml(readableInstant(at.toISOString()))}</time>`;
  const rows = sessions
    .map(
      (session) =>
        `<tr><td class="text">${escapeHtml(session.device ?? 'an unknown browser')}${session.current ? ' <strong>(this one)</strong>' : ''}</td><td class="text">${time(session.startedAt)}</td><td class="text">${time(session.lastSeenAt)}</td></tr>`,
    )
    .join('\n');
  return page(
    'Your sessions',
    `<h1>Your sessions</h1>
<p>You are signed in to the portal in these places. A session ends after 30 minutes without use, or 8 hours after you signed in.</p>
<table>
<caption>Where you are signed in, most recently used first</caption>
<thead><tr><th scope="col">Browser</th><th scope="col">Signed in</th><th scope="col">Last used</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Sign out everywhere</h2>
<p>If you do not recognise a session, or left one open on a shared computer, sign out everywhere, then tell your administrator and ask them to reset your password.</p>
<form method="post" action="/sessions/sign-out-everywhere">
${csrfField(viewer.csrfToken)}<button type="submit">Sign out everywhere</button>
</form>`,
    viewer,
  );
}
