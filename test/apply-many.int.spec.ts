import type { Knex } from 'knex';
import { Client } from 'pg';
import type { z } from 'zod';
import { topicNames, type CohortEvent, type DeadLettered, type DigestIssued } from '../services/contracts';
import { digestIssued, digestItem, familyDigest } from '../services/digest/digest-fixture';
import { prepareDatabase } from '../services/platform/database';
import type { ConsumedMessage } from '../services/platform/offset-consumer';
import { projections, type Projection } from '../services/projector';
import { isolatedConfig } from './support/test-stack';

/**
 * `applyMany` is only a faster `apply`: for the same events, in the same order, from the same
 * starting rows, it must leave exactly the rows that applying each event in turn leaves, repeats
 * and conflicts included.
 */
const topics = topicNames('apply-many.');
const message = (offset: number): ConsumedMessage => ({ topic: 't', partition: 0, offset: String(offset), key: null, value: null, timestamp: '0' });

const digest = (practitionerId: string, date: string, digestId: string, matchIds: string[]): DigestIssued =>
  digestIssued([familyDigest(matchIds.map((matchId) => digestItem({ matchId })))], { practitionerId, date, digestId });

const deadLetter = (deadLetterId: string, reason: string): DeadLettered => ({
  type: 'dead-letter', deadLetterId, source: { topic: 'police.incidents.v1', partition: 0, offset: '7' }, key: null, value: null,
  reasonCode: 'NOT_DECODABLE', reason, deadLetteredAt: '2026-11-21T07:00:00+00:00',
});

const at = '2026-03-01T09:00:00Z';
const home = { line1: '7 Lark Rise', postcode: 'BA2 4XY' };
const person = (givenName: string, dateOfBirth: string) => ({ givenName, familyName: 'Testwell', dateOfBirth });
const cohortEvents = {
  enrolled: (eventId: string, familyId: string): CohortEvent => ({ type: 'family.enrolled', eventId, familyId, recordedAt: at, reference: `SF-${familyId}`, address: home }),
  added: (eventId: string, familyId: string, memberId: string, givenName: string): CohortEvent => ({ type: 'member.added', eventId, familyId, recordedAt: at, memberId, details: person(givenName, '2015-01-01') }),
  updated: (eventId: string, familyId: string, memberId: string, givenName: string): CohortEvent => ({ type: 'member.updated', eventId, familyId, recordedAt: at, memberId, details: person(givenName, '2015-01-02') }),
};

/** change_seq comes from a sequence and row ids from serials, which go on counting between runs: compared without them. */
const withoutCounters = (rows: Record<string, unknown[]>) =>
  Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list
    .map((row) => Object.fromEntries(Object.entries(row as object).filter(([column]) => column !== 'change_seq' && column !== 'id')))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))]));

describe('applying a batch at once', () => {
  const config = isolatedConfig();
  let db: Knex;
  beforeAll(async () => {
    db = await prepareDatabase(config.databaseUrl);
  });
  afterAll(async () => {
    await db.destroy();
    const maintenance = new URL(config.databaseUrl);
    const name = maintenance.pathname.slice(1);
    maintenance.pathname = '/postgres';
    const client = new Client({ connectionString: maintenance.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  });

  async function rowsAfter<S extends z.ZodType>(projection: Projection<S>, before: readonly z.output<S>[], batch: readonly z.output<S>[], many: boolean) {
    for (const table of projection.tables) await db(table).delete();
    await db.transaction(async (trx) => {
      for (const event of before) await projection.apply(trx, event, message(0));
    });
    await db.transaction(async (trx) => {
      if (many) await projection.applyMany!(trx, batch.map((event, i) => ({ event, message: message(i) })));
      else for (const [i, event] of batch.entries()) await projection.apply(trx, event, message(i));
    });
    const rows: Record<string, unknown[]> = {};
    for (const table of projection.tables) rows[table] = await db(table).select('*').orderByRaw((await db(table).columnInfo().then(Object.keys)).length > 1 ? '1, 2' : '1');
    return rows;
  }

  it('gives the digests and digest items that applying each digest in turn gives, first digest of a day and first showing of an item winning', async () => {
    const { digests } = projections(topics);
    const before = [digest('P2', '2026-11-22', 'd-before', ['m-9'])];
    const batch = [
      digest('P1', '2026-11-21', 'd-1', ['m-1', 'm-2']),
      digest('P1', '2026-11-21', 'd-1', ['m-1', 'm-2']),
      digest('P1', '2026-11-21', 'd-other', ['m-3']),
      digest('P1', '2026-11-22', 'd-3', ['m-2', 'm-4']),
      digest('P2', '2026-11-21', 'd-4', ['m-1', 'm-9']),
      digest('P2', '2026-11-22', 'd-late', ['m-5']),
    ];
    const oneByOne = await rowsAfter(digests, before, batch, false);
    expect(oneByOne.digests.map((row) => (row as { digest_id: string }).digest_id).sort()).toEqual(['d-1', 'd-3', 'd-4', 'd-before']);
    expect(await rowsAfter(digests, before, batch, true)).toEqual(oneByOne);
  });

  it('gives the cohort that applying each event in turn gives: repeats skipped, the last description of a member winning, moves and removals in their place', async () => {
    const { cohort } = projections(topics);
    const { enrolled, added, updated } = cohortEvents;
    const before = [enrolled('e-1', 'F1'), added('e-2', 'F1', 'M1', 'Ann')];
    const batch: CohortEvent[] = [
      added('e-2', 'F1', 'M1', 'Ann again'), // applied before the batch: skipped
      updated('e-3', 'F1', 'M1', 'Anne'),
      added('e-4', 'F1', 'M2', 'Bo'),
      added('e-4', 'F1', 'M2', 'Bo repeated'), // the same event id again within the batch: skipped
      updated('e-5', 'F1', 'M2', 'Bob'),
      { type: 'family.moved', eventId: 'e-6', familyId: 'F1', recordedAt: at, movedOn: '2026-02-01', address: { line1: '9 Nowhere Street', postcode: 'LS2 9ZZ' } },
      { type: 'member.removed', eventId: 'e-7', familyId: 'F1', recordedAt: at, memberId: 'M2' },
      updated('e-8', 'F1', 'M2', 'Bobby'), // described again after removal: back in the cohort
      { type: 'practitioner.assigned', eventId: 'e-9', familyId: 'F1', recordedAt: at, practitioner: { practitionerId: 'P1', name: 'Pat Tester', email: 'pat@council.example', team: 'North' } },
      { type: 'consent.recorded', eventId: 'e-10', familyId: 'F1', recordedAt: at, purpose: 'live-risk-sharing', basis: 'consent' },
      enrolled('e-11', 'F2'),
      added('e-12', 'F2', 'M3', 'Cy'),
      updated('e-13', 'F2', 'M3', 'Cyrus'), // in the same run of member events as the one before: the later wins
      { type: 'family.closed', eventId: 'e-14', familyId: 'F2', recordedAt: at, reason: 'case closed' },
    ];
    const oneByOne = await rowsAfter(cohort, before, batch, false);
    expect(oneByOne.members.map((row) => (row as { given_name: string }).given_name)).toEqual(['Anne', 'Bobby', 'Cyrus']);
    expect(withoutCounters(await rowsAfter(cohort, before, batch, true))).toEqual(withoutCounters(oneByOne));
  });

  it('gives the cohort that applying each event in turn gives when families interleave: moves, closures, schools, consents, and a practitioner described by two families', async () => {
    const { cohort } = projections(topics);
    const { enrolled, added } = cohortEvents;
    const assigned = (eventId: string, familyId: string, practitionerId: string, name: string, recordedAt: string): CohortEvent => ({
      type: 'practitioner.assigned', eventId, familyId, recordedAt, practitioner: { practitionerId, name, email: `${practitionerId.toLowerCase()}@council.example`, team: 'North' },
    });
    const moved = (eventId: string, familyId: string, movedOn: string, line1: string): CohortEvent => ({ type: 'family.moved', eventId, familyId, recordedAt: at, movedOn, address: { line1, postcode: 'LS2 9ZZ' } });
    const before = [enrolled('i-1', 'F1'), assigned('i-2', 'F1', 'P1', 'Pat Before', '2026-03-01T08:00:00Z')];
    const batch: CohortEvent[] = [
      enrolled('i-3', 'F2'),
      assigned('i-4', 'F2', 'P1', 'Pat Tie First', '2026-03-01T09:00:00Z'),
      added('i-5', 'F2', 'M5', 'Di'),
      moved('i-6', 'F1', '2026-02-01', '2 New Road'),
      // The same instant as i-4, written another way, later on the topic: this description wins.
      assigned('i-7', 'F1', 'P1', 'Pat Tie Second', '2026-03-01T09:00:00+00:00'),
      { type: 'consent.recorded', eventId: 'i-8', familyId: 'F1', recordedAt: at, purpose: 'live-risk-sharing', basis: 'consent' },
      { type: 'member.school-recorded', eventId: 'i-9', familyId: 'F2', recordedAt: at, memberId: 'M5', school: { urn: '100001' }, from: '2026-01-05' },
      { type: 'family.closed', eventId: 'i-10', familyId: 'F2', recordedAt: '2026-03-02T10:00:00Z', reason: 'case closed' },
      // Recorded earlier than P1's description before the batch: P1 keeps that one's successor, P2 is new.
      assigned('i-11', 'F2', 'P2', 'Sam Early', '2026-03-01T07:00:00Z'),
      // An earlier move recorded later: the family still lives where it moved last.
      moved('i-12', 'F1', '2026-01-15', '1 Old Road'),
      { type: 'consent.withdrawn', eventId: 'i-13', familyId: 'F1', recordedAt: '2026-03-03T09:00:00Z', purpose: 'live-risk-sharing' },
      enrolled('i-14', 'F3'),
      added('i-15', 'F3', 'M6', 'Ed'),
      { type: 'member.removed', eventId: 'i-16', familyId: 'F3', recordedAt: at, memberId: 'M6' },
    ];
    const oneByOne = await rowsAfter(cohort, before, batch, false);
    const family = (id: string) => oneByOne.families.find((row) => (row as { family_id: string }).family_id === id) as Record<string, unknown>;
    expect(oneByOne.practitioners.map((row) => (row as { name: string }).name)).toEqual(['Pat Tie Second', 'Sam Early']);
    expect(family('F1')).toMatchObject({ address_line1: '2 New Road', practitioner_id: 'P1', status: 'open' });
    expect(family('F2')).toMatchObject({ status: 'closed', practitioner_id: 'P2' });
    expect(oneByOne.consents).toEqual([expect.objectContaining({ family_id: 'F1', status: 'withdrawn' })]);
    expect(oneByOne.member_schools).toEqual([expect.objectContaining({ member_id: 'M5', school_urn: '100001' })]);
    expect(oneByOne.members.map((row) => [(row as { member_id: string }).member_id, (row as { removed: boolean }).removed])).toEqual([['M5', false], ['M6', true]]);
    expect(withoutCounters(await rowsAfter(cohort, before, batch, true))).toEqual(withoutCounters(oneByOne));
  });

  it('gives the dead letters that applying each in turn gives, the first of a repeated id winning', async () => {
    const projection = projections(topics)['dead-letters'];
    const batch = [deadLetter('dl-1', 'first'), deadLetter('dl-2', 'second'), deadLetter('dl-1', 'repeat')];
    const oneByOne = await rowsAfter(projection, [deadLetter('dl-2', 'already there')], batch, false);
    expect(oneByOne.dead_letters).toHaveLength(2);
    expect(await rowsAfter(projection, [deadLetter('dl-2', 'already there')], batch, true)).toEqual(oneByOne);
  });
});
