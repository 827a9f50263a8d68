import type { DigestIssued, MatchLinked } from '../contracts';
import { runOffsetConsumer } from '../platform/offset-consumer';
import { publishEvents } from '../platform/publish';
import type { Runtime } from '../platform/runtime';
import { projectionHandler, projections } from '../projector';
import { buildDigest } from './build-digest';
import { digestWindow, type IssueTime } from './window';

export type DigestJobResult = Readonly<{ issued: DigestIssued[]; alreadyIssued: number }>;

/**
 * Issues the digests for one date: for each practitioner without one yet, the matches reported since
 * their previous digest. Publishes to digests.v1, then brings the digests projection up to date so
 * the next date's windows start where these end.
 */
export async function runDigestJob(
  runtime: Runtime,
  options: { date: string; practitionerId?: string; issueTime?: IssueTime; now?: () => Date },
): Promise<DigestJobResult> {
  const { db } = runtime;
  const practitioners: Array<{ practitioner_id: string; name: string }> = await db('practitioners')
    .modify((q) => (options.practitionerId ? q.where('practitioner_id', options.practitionerId) : q))
    .orderBy('practitioner_id')
    .select('practitioner_id', 'name');
  const issued: DigestIssued[] = [];
  let alreadyIssued = 0;
  for (const practitioner of practitioners) {
    const existing = await db('digests').where({ practitioner_id: practitioner.practitioner_id, digest_date: options.date }).first('digest_id');
    if (existing) {
      alreadyIssued += 1;
      continue;
    }
    const previous: { window_to: Date } | undefined = await db('digests')
      .where('practitioner_id', practitioner.practitioner_id)
      .andWhere('digest_date', '<', options.date)
      .orderBy('digest_date', 'desc')
      .first('window_to');
    const window = digestWindow(options.date, previous ? previous.window_to.toISOString() : null, options.issueTime);
    const rows: Array<{ payload: MatchLinked; reference: string }> = await db('matches as m')
      .join('families as f', 'f.family_id', 'm.family_id')
      .where('f.practitioner_id', practitioner.practitioner_id)
      .andWhere('m.reported_at', '>=', window.from)
      .andWhere('m.reported_at', '<', window.to)
      .select('m.payload', 'f.reference');
    issued.push(
      buildDigest({
        practitioner: { practitionerId: practitioner.practitioner_id, name: practitioner.name },
        date: options.date,
        window,
        familyReferences: new Map(rows.map((row) => [row.payload.familyId, row.reference])),
        matches: rows.map((row) => row.payload),
        generatedAt: (options.now?.() ?? new Date()).toISOString(),
      }),
    );
  }
  await publishEvents(runtime, 'digests', issued, (digest) => digest.practitionerId);
  await runOffsetConsumer(
    runtime.kafka,
    db,
    projectionHandler(runtime, projections(runtime.topics).digests),
    { kind: 'catch-up' },
    runtime.log,
    runtime.config.topicPrefix,
  );
  return { issued, alreadyIssued };
}
