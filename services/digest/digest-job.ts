import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { appendAuditEntries } from '../audit';
import type { DigestIssued, MatchLinked } from '../contracts';
import { composeDigestNotification } from '../notify';
import { LiveRiskError } from '../platform/errors';
import { runOffsetConsumer } from '../platform/offset-consumer';
import { addToOutbox } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import type { Policy } from '../policy';
import { projectionHandler, projections } from '../projector';
import type { RuleSet } from '../risk';
import { buildDigest } from './build-digest';
import { disclosuresOf } from './digest-disclosures';
import {
  consentAsAt, familyReferences, historySince, lateFromFor, practitionersToServe, recentHistory, unreportedMatches, type PractitionerRow,
} from './digest-sources';
import { recordVersionsUsed } from './versions-store';
import { digestWindow, toLocalIso, type IssueTime } from './window';

export type DigestJobOptions = Readonly<{
  date: string;
  rules: RuleSet;
  /** The sharing policy every item passes through before it reaches a digest. */
  policy: Policy;
  practitionerId?: string;
  issueTime?: IssueTime;
  /** A late event reported more than this many days before its digest's window is not shown as late. */
  lateHorizonDays?: number;
  now?: () => Date;
}>;

export type DigestJobResult = Readonly<{ issued: DigestIssued[]; alreadyIssued: number }>;

type LedgerRow = { practitioner_id: string; digest_date: string; window_from: Date; window_to: Date; cut_off: Date };

/**
 * Issues the digests for one date, exactly once per practitioner however many schedulers run it:
 * a PostgreSQL advisory lock serialises runs, and the ledger row, the digest for digests.v1 (via the
 * outbox), its notification email and the audit entries of what it discloses are written in one
 * transaction. A crash before commit leaves
 * nothing; after commit, the next run publishes what the outbox still holds.
 */
export async function runDigestJob(runtime: Runtime, options: DigestJobOptions): Promise<DigestJobResult> {
  const { db } = runtime;
  const cutOff = (options.now?.() ?? new Date()).toISOString();
  const issued: DigestIssued[] = [];
  let alreadyIssued = 0;
  await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', ['live-risk.digest-job']);
    await awaitLedgerProjected(trx, runtime);
    const ledger: LedgerRow[] = await trx('digest_ledger').select('practitioner_id', 'digest_date', 'window_from', 'window_to', 'cut_off');
    for (const practitioner of await practitionersToServe(trx, options.practitionerId)) {
      const own = ledger.filter((row) => row.practitioner_id === practitioner.practitionerId);
      if (own.some((row) => row.digest_date === options.date)) {
        alreadyIssued += 1;
        continue;
      }
      const { digest, unreported } = await digestFor(trx, practitioner, own, { ...options, cutOff });
      await recordIssued(trx, runtime, digest, practitioner);
      // The record of what was disclosed commits with the digest, or not at all.
      await appendAuditEntries(trx, disclosuresOf(digest, new Map(unreported.map((match) => [match.matchId, match]))));
      issued.push(digest);
    }
    // The rules and policy each digest names are kept, so `digest --as-of` can rebuild it later.
    if (issued.length) await recordVersionsUsed(trx, options.rules, options.policy, cutOff);
  });
  await bringDigestsUpToDate(runtime);
  return { issued, alreadyIssued };
}

async function digestFor(trx: Knex.Transaction, practitioner: PractitionerRow, ledger: LedgerRow[], options: DigestJobOptions & { cutOff: string }) {
  const earlier = ledger.filter((row) => row.digest_date < options.date).sort((a, b) => +b.window_to - +a.window_to);
  const window = digestWindow(options.date, earlier[0]?.window_to.toISOString() ?? null, options.issueTime);
  const lateFrom = lateFromFor(window, ledger.map((row) => row.window_from), options.lateHorizonDays);
  const unreported = await unreportedMatches(trx, practitioner.practitionerId, { window, cutOff: options.cutOff, lateFrom });
  const references = await familyReferences(trx, practitioner.practitionerId);
  const familyIds = [...new Set(unreported.map((match) => match.familyId))];
  const history: MatchLinked[] = await recentHistory(trx, familyIds, historySince(unreported, window, options.rules), options.cutOff);
  const digest = buildDigest({
    practitioner: { practitionerId: practitioner.practitionerId, name: practitioner.name },
    date: options.date,
    window,
    cutOff: toLocalIso(options.cutOff),
    lateFrom,
    rules: options.rules,
    policy: options.policy,
    // Digests go to each family's lead practitioner; covering and manager digests would pass their role.
    recipientRole: 'lead-practitioner',
    consent: await consentAsAt(trx, familyIds, options.cutOff),
    ...(earlier[0] ? { previousCutOff: toLocalIso(earlier[0].cut_off.toISOString()) } : {}),
    familyReferences: references,
    unreported,
    recentHistory: history,
    generatedAt: options.cutOff,
  });
  return { digest, unreported };
}

async function recordIssued(trx: Knex.Transaction, runtime: Runtime, digest: DigestIssued, practitioner: PractitionerRow) {
  const { config } = runtime;
  await trx('digest_ledger').insert({
    practitioner_id: digest.practitionerId,
    digest_date: digest.date,
    digest_id: digest.digestId,
    window_from: digest.window.from,
    window_to: digest.window.to,
    cut_off: digest.cutOff,
  });
  await addToOutbox(trx, [{ topic: runtime.topics.digests, key: digest.practitionerId, payload: digest }]);
  const email = composeDigestNotification(digest, {
    to: practitioner.email,
    from: config.mailFrom,
    portalUrl: config.portalUrl,
    whenEmpty: config.emptyDigestEmail,
  });
  await trx('notifications').insert({
    digest_id: digest.digestId,
    practitioner_id: digest.practitionerId,
    status: email ? 'pending' : 'skipped',
    email: email ? JSON.stringify(email) : null,
  });
}

/** Publishes queued digests and projects digests.v1, so windows and shown items are current. */
async function bringDigestsUpToDate(runtime: Runtime): Promise<void> {
  await runtime.outbox.flush();
  await runOffsetConsumer(
    runtime.kafka,
    runtime.db,
    projectionHandler(runtime, projections(runtime.topics).digests),
    { kind: 'catch-up' },
    runtime.log,
    runtime.config.topicPrefix,
  );
}

/**
 * Every digest in the ledger must be in the projection, or items could be shown twice. Another
 * scheduler that has just committed may still be publishing its digests (its outbox rows are locked
 * while it does), so wait for them a little before giving up.
 */
async function awaitLedgerProjected(trx: Knex.Transaction, runtime: Runtime, attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await bringDigestsUpToDate(runtime);
    const [{ count }] = await trx('digest_ledger as l')
      .leftJoin('digests as d', 'd.digest_id', 'l.digest_id')
      .whereNull('d.digest_id')
      .count<{ count: string }[]>('* as count');
    if (Number(count) === 0) return;
    if (attempt >= attempts) {
      throw new LiveRiskError('KAFKA_UNAVAILABLE', `${count} issued digests are not yet on digests.v1`, {
        retriable: true,
        hint: 'Kafka may be unavailable; the next run publishes them first (check `live-risk stack status`)',
      });
    }
    await sleep(Math.min(250 * attempt, 2_000));
  }
}
