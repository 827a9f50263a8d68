import type { Knex } from 'knex';
import { Client } from 'pg';
import type { z } from 'zod';
import { topicNames, type DeadLettered, type DigestIssued } from '../services/contracts';
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
    for (const table of projection.tables) rows[table] = await db(table).select('*').orderByRaw('1, 2');
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

  it('gives the dead letters that applying each in turn gives, the first of a repeated id winning', async () => {
    const projection = projections(topics)['dead-letters'];
    const batch = [deadLetter('dl-1', 'first'), deadLetter('dl-2', 'second'), deadLetter('dl-1', 'repeat')];
    const oneByOne = await rowsAfter(projection, [deadLetter('dl-2', 'already there')], batch, false);
    expect(oneByOne.dead_letters).toHaveLength(2);
    expect(await rowsAfter(projection, [deadLetter('dl-2', 'already there')], batch, true)).toEqual(oneByOne);
  });
});
