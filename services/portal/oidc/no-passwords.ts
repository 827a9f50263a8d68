import type { Authenticator } from '../authenticator';

/**
 * PORTAL_SIGN_IN=oidc: the council's provider is the only way in. The sign-in page shows no password
 * form, and a password posted anyway (an old bookmark, a script) is refused like a wrong one.
 */
export const refuseAllPasswords: Authenticator = {
  method: 'password',
  signIn: async () => ({ ok: false }),
};
