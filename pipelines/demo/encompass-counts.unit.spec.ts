import { describeEncompass } from './encompass-counts';

describe("the demo's Operation Encompass line", () => {
  it('says how many notifications went to which school and to the council team, with what was withheld, and nothing when nothing changed', () => {
    const before = new Map([['school 990101', 2]]);
    const after = new Map([['school 990101', 4], ['school 990103', 1], ['the council team (home-educated)', 1], ['withheld', 1]]);
    expect(describeEncompass(before, after, (urn) => (urn === '990101' ? 'Avonford Primary School' : undefined))).toBe(
      '4 Operation Encompass notifications: 2 to school 990101 (Avonford Primary School), 1 to school 990103, 1 to the council team (home-educated); 1 withheld',
    );
    expect(describeEncompass(after, after)).toBeUndefined();
  });
});
