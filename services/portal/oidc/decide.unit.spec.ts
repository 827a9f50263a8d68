import { defaultGroupRoles } from '../../platform/config-portal-sign-in';
import { claimsFrom, decideSignIn, type KnownToPortal } from './decide';

const issuer = 'https://idp.council.example/realms/staff';
const unknown: KnownToPortal = { linkedPractitionerId: undefined, claimed: undefined };
const inCohort: KnownToPortal = { linkedPractitionerId: undefined, claimed: { inCohort: true, linkedTo: undefined } };

describe('deciding who a provider sign-in is', () => {
  it('links a first sign-in to the practitioner its practitioner_id names, with roles from its groups', () => {
    const claims = claimsFrom(issuer, { sub: 'u-1', practitioner_id: ' P-7 ', groups: ['team-managers', 'lead-practitioners'] });
    expect(decideSignIn(claims, inCohort, defaultGroupRoles)).toEqual({ ok: true, practitionerId: 'P-7', roles: ['lead-practitioner', 'team-manager'], link: true });
  });

  it('uses the existing link on later sign-ins, even without the claim', () => {
    const claims = claimsFrom(issuer, { sub: 'u-1', groups: ['reviewers'] });
    expect(decideSignIn(claims, { linkedPractitionerId: 'P-7', claimed: undefined }, defaultGroupRoles)).toEqual({ ok: true, practitionerId: 'P-7', roles: ['reviewer'], link: false });
  });

  it('refuses someone with no practitioner_id, or one not in the cohort', () => {
    expect(decideSignIn(claimsFrom(issuer, { sub: 'u-2', groups: ['lead-practitioners'] }), unknown, defaultGroupRoles)).toEqual({ ok: false, reason: 'no-practitioner-id', practitionerId: undefined });
    expect(decideSignIn(claimsFrom(issuer, { sub: 'u-2', practitioner_id: 'P-404', groups: ['lead-practitioners'] }), { linkedPractitionerId: undefined, claimed: { inCohort: false, linkedTo: undefined } }, defaultGroupRoles))
      .toEqual({ ok: false, reason: 'not-in-cohort', practitionerId: 'P-404' });
  });

  it('refuses someone in no mapped group, naming whom they would have been', () => {
    expect(decideSignIn(claimsFrom(issuer, { sub: 'u-3', practitioner_id: 'P-7', groups: ['canteen'] }), inCohort, defaultGroupRoles)).toEqual({ ok: false, reason: 'no-role', practitionerId: 'P-7' });
  });

  it("refuses a claim for a practitioner whose account is another provider account's", () => {
    const taken: KnownToPortal = { linkedPractitionerId: undefined, claimed: { inCohort: true, linkedTo: { issuer, subject: 'u-1' } } };
    expect(decideSignIn(claimsFrom(issuer, { sub: 'u-9', practitioner_id: 'P-7', groups: ['lead-practitioners'] }), taken, defaultGroupRoles)).toMatchObject({ ok: false, reason: 'linked-to-another-account' });
  });

  it('refuses a linked person whose practitioner_id now names someone else', () => {
    const claims = claimsFrom(issuer, { sub: 'u-1', practitioner_id: 'P-8', groups: ['lead-practitioners'] });
    expect(decideSignIn(claims, { linkedPractitionerId: 'P-7', claimed: { inCohort: true, linkedTo: undefined } }, defaultGroupRoles)).toMatchObject({ ok: false, reason: 'practitioner-id-changed' });
  });

  it('signs a registered school DSL in with school-dsl alone, and refuses one whose only group is school-dsls but who is not registered', () => {
    const dsl = claimsFrom(issuer, { sub: 'u-5', practitioner_id: 'DSL-100001', groups: ['school-dsls', 'lead-practitioners'] });
    expect(decideSignIn(dsl, { ...inCohort, schoolStaff: true }, defaultGroupRoles)).toEqual({ ok: true, practitionerId: 'DSL-100001', roles: ['school-dsl'], link: true });
    const unregistered = claimsFrom(issuer, { sub: 'u-6', practitioner_id: 'P-7', groups: ['school-dsls'] });
    expect(decideSignIn(unregistered, inCohort, defaultGroupRoles)).toEqual({ ok: false, reason: 'no-role', practitionerId: 'P-7' });
  });
});

