import { escapeHtml } from '../../digest/escape-html';
import type { RefusalReason } from '../oidc/decide';
import { page } from './layout';

/**
 * Pages of the sign-in through the council's identity provider. A refusal says what to ask for and
 * of whom, in words a practitioner can pass to their IT service desk; the id it names is their own.
 */
const askIt = (reason: RefusalReason, practitionerId: string | undefined): string => {
  const id = practitionerId ? `<strong>${escapeHtml(practitionerId)}</strong>` : 'an id';
  switch (reason) {
    case 'no-practitioner-id':
      return 'Your council account does not say which practitioner you are. Ask your IT service desk to set your <em>practitioner id</em> (your id in the family-support cohort) on your account for Live risk.';
    case 'not-in-cohort':
      return `Your council account gives the practitioner id ${id}, and no practitioner has that id in the family-support cohort. Ask your programme's data team which id you have, and your IT service desk to correct it on your account.`;
    case 'linked-to-another-account':
      return `Practitioner ${id} already signs in to Live risk with a different council account. Ask your IT service desk to check the practitioner id on your account; if you have a new account, ask your Live risk administrator to move your access to it.`;
    case 'practitioner-id-changed':
      return `Your council account now gives the practitioner id ${id}, which is not the one you signed in with before. Ask your IT service desk why it changed; your Live risk administrator can move your access if it should have.`;
    case 'no-role':
      return 'Your council account is not in any group that gives access to Live risk. Ask your IT service desk to add you to the group for your role: lead practitioners, team managers, reviewers or information-governance officers.';
  }
};

export function providerRefusedPage(reason: RefusalReason, practitionerId: string | undefined): string {
  return page(
    'You cannot sign in yet',
    `<h1>You cannot sign in to Live risk yet</h1>
<p>${askIt(reason, practitionerId)}</p>
<p>Tell them this code: <code>${escapeHtml(reason)}</code>.</p>
<p><a href="/sign-in">Back to sign in</a></p>`,
  );
}

export function providerSignInFailedPage(kind: 'invalid' | 'cancelled' | 'unavailable'): string {
  const text = {
    invalid: ['This sign-in has expired', 'The sign-in took too long, was finished in another tab, or was already used. Start again.'],
    cancelled: ['You did not finish signing in', 'You left your council\'s sign-in page before finishing. Start again when you are ready.'],
    unavailable: ['Your council\'s sign-in service is not answering', 'Live risk could not reach it. Try again in a few minutes; if it keeps happening, tell your IT service desk.'],
  }[kind];
  return page(text[0], `<h1>${escapeHtml(text[0])}</h1>\n<p>${escapeHtml(text[1])}</p>\n<p><a href="/sign-in">Back to sign in</a></p>`);
}

/**
 * The session cookie is SameSite=Strict, and a browser does not send such a cookie on a redirect
 * chain that began at another site (the provider). So after the callback the browser is moved on
 * by this page itself (a meta refresh needs no script), and the next request is same-site.
 */
export function continuePage(next: string): string {
  return page('Signed in', `<h1>Signed in</h1>\n<p><a href="${escapeHtml(next)}">Continue to Live risk</a></p>`, undefined, next);
}

/**
 * On to the provider's sign-in page. The portal's Content-Security-Policy (form-action 'self') stops
 * a form post being redirected to another origin, so the sign-in button's answer is this page, which
 * moves on by itself; the same holds for signedOutPage below.
 */
export function toProviderPage(url: string): string {
  return page('Signing in', `<h1>Signing in with your council account</h1>\n<p><a href="${escapeHtml(url)}">Continue to your council's sign-in page</a></p>`, undefined, url);
}

export const sessionEndedText = 'You were signed out because your council account could not be confirmed, or no longer gives access to Live risk.';

export function sessionEndedPage(): string {
  return page('You were signed out', `<h1>You were signed out</h1>\n<p>${escapeHtml(sessionEndedText)}</p>\n<p><a href="/sign-in">Sign in again</a>: if that is refused, the page will say what to ask your IT service desk for.</p>`);
}

/**
 * Signing out of the provider too: a GET navigation from this page, because the portal's
 * Content-Security-Policy (form-action 'self') would stop the sign-out form being redirected there.
 */
export function signedOutPage(url: string): string {
  return page('Signed out', `<h1>You have signed out of Live risk</h1>\n<p><a href="${escapeHtml(url)}">Sign out of your council account too</a></p>`, undefined, url);
}
