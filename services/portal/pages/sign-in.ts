import { escapeHtml } from '../../digest/escape-html';
import { csrfField, page } from './layout';

/**
 * The sign-in form. After a refusal it says the same thing whatever went wrong (unknown id, wrong
 * password, account backing off), so it cannot be used to find out who has an account; it says how to
 * get help instead. The error summary comes first and is linked to the field, as GOV.UK forms do.
 */
export const signInRefusal =
  'The practitioner id or password is not right, or there have been too many wrong attempts: after 5, a browser you have not signed in from before waits up to 15 minutes. Check them and try again, or ask your administrator to reset your password.';

/**
 * Another way to sign in (the council's identity provider): a button that posts the sign-in form's
 * token and `next` to `action`, whose route checks them with fromSignInForm (sign-in-routes.ts).
 */
export type SignInProvider = Readonly<{ label: string; action: string }>;

function providerForms(providers: readonly SignInProvider[], csrfToken: string, next: string | undefined): string {
  return providers
    .map(
      (provider) => `<form method="post" action="${escapeHtml(provider.action)}">
${csrfField(csrfToken)}${next ? `\n<input type="hidden" name="next" value="${escapeHtml(next)}">` : ''}
<button type="submit">${escapeHtml(provider.label)}</button>
</form>\n`,
    )
    .join('');
}

/** `passwords: false` (PORTAL_SIGN_IN=oidc): the provider's button only, no password form. */
export function signInPage(options: Readonly<{ csrfToken: string; refused?: boolean; practitionerId?: string; next?: string; providers?: readonly SignInProvider[]; passwords?: boolean }>): string {
  const error = options.refused
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">You could not be signed in</h2>
<p><a href="#practitioner-id">${escapeHtml(signInRefusal)}</a></p>
</div>\n`
    : '';
  return page(
    options.refused ? 'Error: Sign in' : 'Sign in',
    `<h1>Sign in to Live risk</h1>
${error}${providerForms(options.providers ?? [], options.csrfToken, options.next)}${options.passwords === false ? '' : `<form method="post" action="/sign-in" novalidate>
${csrfField(options.csrfToken)}${options.next ? `\n<input type="hidden" name="next" value="${escapeHtml(options.next)}">` : ''}
<label for="practitioner-id">User id</label>
<p class="hint" id="practitioner-id-hint">Practitioners: your id in the cohort, for example P001. School safeguarding leads and council staff: the id the council gave you with your account.</p>
<input type="text" id="practitioner-id" name="practitionerId" autocomplete="username" spellcheck="false" value="${escapeHtml(options.practitionerId ?? '')}" aria-describedby="practitioner-id-hint${options.refused ? ' error-summary-title' : ''}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<div><button type="submit">Sign in</button></div>
</form>
`}<p>This service shows personal and sensitive information about families. Use it only for your work with them.</p>`,
  );
}
