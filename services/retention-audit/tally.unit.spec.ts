import { topicIds } from '../contracts';
import { needlesFor } from './needles';
import { parsePerson } from './person';
import { ownedTopics } from './search-kafka';
import { notSearched, PlaceTally, verdictOf } from './tally';

const needles = needlesFor(parsePerson({ givenName: 'Ada', familyName: 'Quarrington', dateOfBirth: '2012-11-30', identifiers: { postcode: 'LS1 4AP' } }, 'test'));

describe('a place’s tally says where and which attribute, never what', () => {
  it('counts found and partial records, and names the fields that matched when no location is given', () => {
    const tally = new PlaceTally(needles, 'database', 'table public.members', 'rows');
    tally.record({ id: '1', given_name: 'Ada', family_name: 'QUARRINGTON', note: null });
    tally.record({ id: '2', given_name: 'Bea', family_name: 'Quarrington', postcode: 'LS14AP' });
    tally.record({ id: '3', given_name: 'Cy', family_name: 'Other' });
    const report = tally.report();
    expect(report).toMatchObject({ status: 'searched', records: 3, found: 1, partial: 1, attributes: { familyName: 2, givenName: 1, postcode: 1 } });
    expect(report.locations).toEqual(['given_name', 'family_name', 'postcode']);
    expect(JSON.stringify(report)).not.toMatch(/ada|quarrington|ls1/i);
  });

  it('uses the location given (an offset, a line) for each record found', () => {
    const tally = new PlaceTally(needles, 'logs', '/var/log/app.log', 'lines');
    tally.record({ line: '{"msg":"matched","name":"Ada Quarrington"}' }, 'line 7');
    tally.record({ line: 'nothing' }, 'line 8');
    expect(tally.report()).toMatchObject({ records: 2, found: 1, locations: ['line 7'] });
  });
});

describe('the verdict a script acts on', () => {
  const clean = new PlaceTally(needles, 'mail', 'mail sink', 'emails').report();
  const found = { ...clean, found: 1 };
  const missing = notSearched('logs', 'process logs', 'not configured');

  it('is 0 only when every place was searched and none identifies the person', () => {
    expect(verdictOf([clean, clean])).toEqual({ verdict: 'not-found', exitCode: 0 });
  });

  it('is 2 when a place could not be searched, even though nothing was found elsewhere', () => {
    expect(verdictOf([clean, missing])).toEqual({ verdict: 'incomplete', exitCode: 2 });
  });

  it('is 1 when anything identifies the person, whatever else could not be searched', () => {
    expect(verdictOf([found, missing])).toEqual({ verdict: 'found', exitCode: 1 });
  });

  it('does not count partial matches as found', () => {
    expect(verdictOf([{ ...clean, partial: 3 }]).exitCode).toBe(0);
  });
});

describe('the topics live-risk owns', () => {
  it('are the contracts’ topics under the prefix and other versions of them, not other prefixes’ topics', () => {
    const topics = ownedTopics('p.', ['p.police.incidents.v1', 'p.police.incidents.v2', 'q.police.incidents.v1', 'p.unrelated.v1', '__consumer_offsets']);
    expect(topics).toContain('p.police.incidents.v2');
    expect(topics).toContain('p.dead-letter.v1');
    expect(topics).not.toContain('q.police.incidents.v1');
    expect(topics).not.toContain('p.unrelated.v1');
    // Every contract topic under the prefix, and the other version found.
    expect(topics).toHaveLength(topicIds.length + 1);
  });
});
