import { describeDifference, rowDifferences } from './compare-rows';
import { pairedRowsSql, tableSpec } from './compare-tables';
import { createPseudonymiser } from './pseudonymise';

const p = createPseudonymiser(Buffer.alloc(32, 1));
const live = { member_id: 'M1', family_id: 'F1', given_name: 'Rhiannon', removed: false };

describe('comparing a live row with its replay', () => {
  it('finds nothing when they are equal', () => {
    expect(rowDifferences(['member_id'], live, { ...live })).toEqual([]);
  });

  it('names each differing column with both values', () => {
    expect(rowDifferences(['member_id'], live, { ...live, given_name: 'Rhian', removed: true })).toEqual([
      { kind: 'value', key: { member_id: 'M1' }, column: 'given_name', path: 'given_name', field: 'given_name', live: 'Rhiannon', replayed: 'Rhian' },
      { kind: 'value', key: { member_id: 'M1' }, column: 'removed', path: 'removed', field: 'removed', live: false, replayed: true },
    ]);
  });

  it('points into a JSON column at the first field that differs', () => {
    const a = { match_id: 'm-1', payload: { members: [{ memberId: 'M1', score: 0.97 }], type: 'match.linked' } };
    const b = { match_id: 'm-1', payload: { members: [{ memberId: 'M1', score: 0.91 }], type: 'match.linked' } };
    expect(rowDifferences(['match_id'], a, b)).toEqual([
      { kind: 'value', key: { match_id: 'm-1' }, column: 'payload', path: 'payload.members[0].score', field: 'score', live: 0.97, replayed: 0.91 },
    ]);
  });

  it('says when a row is on one side only', () => {
    expect(rowDifferences(['member_id'], live, null)).toEqual([{ kind: 'only-live', key: { member_id: 'M1' } }]);
    expect(rowDifferences(['member_id'], null, live)).toEqual([{ kind: 'only-replayed', key: { member_id: 'M1' } }]);
  });

  it('describes a difference with pseudonyms for the key and the values, never the raw ones', () => {
    const [difference] = rowDifferences(['member_id'], live, { ...live, given_name: 'Rhian' });
    const line = describeDifference('members', difference, p);
    expect(line).toMatch(/^members member_id="member-[0-9a-f]{12}" given_name: live "person-[0-9a-f]{12}", replayed "person-[0-9a-f]{12}"$/);
    expect(line).not.toMatch(/M1|Rhian/);
    expect(describeDifference('members', difference, null)).toBe('members member_id="M1" given_name: live "Rhiannon", replayed "Rhian"');
  });
});

describe('which columns are compared', () => {
  it('compares every column on the primary key by default', () => {
    expect(tableSpec('matches', ['match_id'], ['match_id', 'payload'])).toEqual(expect.objectContaining({ key: ['match_id'], columns: ['match_id', 'payload'] }));
  });

  it('leaves out only the run-dependent columns it names, and pairs surrogate-keyed rows by position within the family', () => {
    const spec = tableSpec('family_addresses', ['id'], ['id', 'family_id', 'valid_from', 'postcode']);
    expect(spec.key).toEqual(['family_id', 'ordinal']);
    expect(spec.columns).toEqual(['family_id', 'valid_from', 'postcode']);
    const sql = pairedRowsSql(spec, 'public', 'replay_x');
    expect(sql).toContain('row_number() over (partition by "family_id" order by "id") as ordinal');
    expect(sql).toContain('from "replay_x"."family_addresses"');
    expect(tableSpec('members', ['member_id'], ['member_id', 'change_seq', 'given_name']).columns).toEqual(['member_id', 'given_name']);
  });
});
