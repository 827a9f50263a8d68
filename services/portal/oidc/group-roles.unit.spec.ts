import { defaultGroupRoles, parseGroupRoles } from '../../platform/config-portal-sign-in';
import { groupsClaim, rolesForPerson, rolesFromGroups } from './group-roles';

describe('portal roles from the provider\'s groups', () => {
  it('gives a member of team-managers the team-manager role, and nothing for groups not in the map', () => {
    expect(rolesFromGroups(['team-managers', 'registry-administrators', 'canteen'], defaultGroupRoles)).toEqual(['team-manager']);
  });

  it('reads Keycloak full group paths as names, and returns each role once, in the portal\'s order', () => {
    expect(rolesFromGroups(['/reviewers', 'lead-practitioners', 'reviewers'], defaultGroupRoles)).toEqual(['lead-practitioner', 'reviewer']);
  });

  it('gives no role to someone in no mapped group', () => {
    expect(rolesFromGroups([], defaultGroupRoles)).toEqual([]);
    expect(rolesFromGroups(['Lead-Practitioners'], defaultGroupRoles)).toEqual([]);
  });

  it('maps Entra ID group object ids, one group giving two roles', () => {
    const map = parseGroupRoles('0b7c3f4e-1111-4d2a-9c1e-5a6b7c8d9e0f=team-manager, 0b7c3f4e-1111-4d2a-9c1e-5a6b7c8d9e0f=reviewer,9a8b7c6d-2222-4e3f-8a1b-0c9d8e7f6a5b=lead-practitioner');
    if (typeof map === 'string') throw new Error(map);
    expect(rolesFromGroups(['0b7c3f4e-1111-4d2a-9c1e-5a6b7c8d9e0f'], map)).toEqual(['team-manager', 'reviewer']);
  });

  it('takes a groups claim that is a list or a single string, and treats anything else as no groups', () => {
    expect(groupsClaim(['a', 3, 'b'])).toEqual(['a', 'b']);
    expect(groupsClaim('a')).toEqual(['a']);
    expect(groupsClaim(undefined)).toEqual([]);
    expect(groupsClaim({ a: 1 })).toEqual([]);
  });

  it('gives a registered school DSL only school-dsl, and school-dsl to nobody else, whatever their groups', () => {
    const groups = rolesFromGroups(['school-dsls', 'lead-practitioners', 'encompass-team'], defaultGroupRoles);
    expect(groups).toEqual(['lead-practitioner', 'school-dsl', 'encompass-council']);
    expect(rolesForPerson(groups, true)).toEqual(['school-dsl']);
    expect(rolesForPerson(groups, false)).toEqual(['lead-practitioner', 'encompass-council']);
  });
});
