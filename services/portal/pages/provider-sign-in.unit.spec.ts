import { refusalReasons } from '../oidc/decide';
import { continuePage, providerRefusedPage, toProviderPage } from './provider-sign-in';
import { signInPage } from './sign-in';

describe('the pages of signing in through the council\'s identity provider', () => {
  it('says for every refusal what to ask the IT service desk, with its code', () => {
    for (const reason of refusalReasons) {
      const html = providerRefusedPage(reason, 'P-7');
      expect(html).toMatch(/Ask your (IT service desk|programme's data team)/);
      expect(html).toContain(`<code>${reason}</code>`);
    }
  });

  it('shows back the practitioner id the provider gave as text, never as markup', () => {
    const html = providerRefusedPage('not-in-cohort', '<img src=x>');
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).not.toContain('<img');
  });

  it('moves the browser on with a meta refresh (no script), escaping the address', () => {
    expect(continuePage('/digests/D-1')).toContain('<meta http-equiv="refresh" content="0; url=/digests/D-1">');
    expect(toProviderPage('https://idp.example/auth?a=1&b="2"')).toContain('content="0; url=https://idp.example/auth?a=1&amp;b=&quot;2&quot;"');
  });

  it('offers only the council account button when PORTAL_SIGN_IN is oidc', () => {
    const providers = [{ label: 'Sign in with your council account', action: '/sign-in/oidc' }];
    const oidcOnly = signInPage({ csrfToken: 't', providers, passwords: false });
    expect(oidcOnly).toContain('action="/sign-in/oidc"');
    expect(oidcOnly).not.toContain('type="password"');
    expect(signInPage({ csrfToken: 't', providers })).toContain('type="password"');
  });
});
