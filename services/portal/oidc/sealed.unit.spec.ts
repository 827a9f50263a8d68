import { seal, sealKey, unseal } from './sealed';

describe('sealed secrets', () => {
  const key = sealKey('a client secret', 'refresh-tokens');

  it('opens what it sealed, for the row it was sealed for', () => {
    const sealed = seal(key, 'eyJhbGciOi.refresh.token', 'row-1');
    expect(sealed).not.toContain('refresh');
    expect(unseal(key, sealed, 'row-1')).toBe('eyJhbGciOi.refresh.token');
  });

  it('refuses a seal moved to another row, altered, or made under another client secret or purpose', () => {
    const sealed = seal(key, 'token', 'row-1');
    expect(unseal(key, sealed, 'row-2')).toBeUndefined();
    const altered = Buffer.from(sealed, 'base64url');
    altered[14] ^= 1;
    expect(unseal(key, altered.toString('base64url'), 'row-1')).toBeUndefined();
    expect(unseal(sealKey('the rotated secret', 'refresh-tokens'), sealed, 'row-1')).toBeUndefined();
    expect(unseal(sealKey('a client secret', 'sign-in-state'), sealed, 'row-1')).toBeUndefined();
    expect(unseal(key, 'short', 'row-1')).toBeUndefined();
  });
});
