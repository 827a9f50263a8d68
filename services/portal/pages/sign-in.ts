import { escapeHtml } from '../../digest/escape-html';
import { csrfField, page } from './layout';

/**
 * The sign-in form. After a refusal it says the same thing whatever went wrong (unknown id, wrong
 * password, locked account), so it cannot be used to find out who has an account; it says how to
 * get help instead. The error summary comes first and is linked to the field, as GOV.UK forms do.
 */
export const signInRefusal =
  'The practitioner id or password is not right, or the account is locked for 15 minutes after 5 failed attempts. Check them and try again, or ask your administrator to reset your password.';

/** Which ways in PORTAL_SIGN_IN offers: the council's identity provider, local passwords, or both. */
export type SignInMethods = Readonly<{ password: boolean; provider: boolean }>;

export const providerButtonText = 'Sign in with your council account';
export const sessionEndedNotice = 'You were signed out because your council account could not be confirmed, or no longer gives access to Live risk. Sign in again; if that is refused, the page will say what to ask for.';

export function signInPage(options: Readonly<{ csrfToken: string; refused?: boolean; practitionerId?: string; next?: string; methods?: SignInMethods; ended?: boolean }>): string {
  const methods = options.methods ?? { password: true, provider: false };
  const provider = methods.provider
    ? `<p><a class="button" href="${escapeHtml(`/sign-in/oidc${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}`)}">${providerButtonText}</a></p>
${methods.password ? '<p>Or, if your administrator gave you a Live risk password:</p>\n' : ''}`
    : '';
  const notice = options.ended ? `<div class="notice" role="status"><p>${escapeHtml(sessionEndedNotice)}</p></div>\n` : '';
  const error = options.refused
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">You could not be signed in</h2>
<p><a href="#practitioner-id">${escapeHtml(signInRefusal)}</a></p>
</div>\n`
    : '';
  return page(
    options.refused ? 'Error: Sign in' : 'Sign in',
    `<h1>Sign in to read your digests</h1>
${notice}${error}${provider}${methods.password ? `<form method="post" action="/sign-in" novalidate>
${csrfField(options.csrfToken)}${options.next ? `\n<input type="hidden" name="next" value="${escapeHtml(options.next)}">` : ''}
<label for="practitioner-id">Practitioner id</label>
<input type="text" id="practitioner-id" name="practitionerId" autocomplete="username" spellcheck="false" value="${escapeHtml(options.practitionerId ?? '')}"${options.refused ? ' aria-describedby="error-summary-title"' : ''}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<div><button type="submit">Sign in</button></div>
</form>
` : ''}<p>This service shows personal and sensitive information about families. Use it only for your work with them.</p>`,
  );
}
