import type { Knex } from 'knex';
import { appendAuditEntries } from '../audit';
import type { DigestIssued, MatchLinked } from '../contracts';
import { composeDigestNotification, queueNotification } from '../notify';
import { waitForConsumers } from '../consumers/progress';
import { LiveRiskError } from '../platform/errors';
import { addToOutbox } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import type { Policy } from '../policy';
import type { RuleSet } from '../risk';
import { buildDigest } from './build-digest';
import { disclosuresOf } from './digest-disclosures';
import {
  consentAsAt, familyReferences, historySince, lateFromFor, practitionersToServe, recentHistory, unreportedMatches, type PractitionerRow,
} from './digest-sources';
import { recordVersionsUsed } from './versions-store';
import { describeDue, digestWindow, localInstant, toLocalIso, type IssueTime } from './window';

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
  /** How long to wait for the digests projection to apply digests issued before (run by `live-risk run --follow`). */
  projectionWaitMs?: number;
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
  refuseBeforeCutOff(options.date, options.issueTime, new Date(cutOff));
  const issued: DigestIssued[] = [];
  let alreadyIssued = 0;
  await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', ['live-risk.digest-job']);
    await awaitLedgerProjected(trx, runtime, options.projectionWaitMs ?? 60_000);
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
  // Published now, so the digests projection (run by the consumers) can show them.
  await runtime.outbox.flush();
  return { issued, alreadyIssued };
}

/**
 * A digest's window ends at its issue time: issued earlier, events reported later in the window
 * would never be in any digest (the next one starts where this one ends).
 */
export function refuseBeforeCutOff(date: string, issueTime: IssueTime | undefined, now: Date): void {
  const due = localInstant(date, issueTime);
  if (now.getTime() < due.getTime()) {
    throw new LiveRiskError('INPUT_INVALID', `the digests for ${date} are not due yet: their window runs to ${describeDue(due)}, and it is ${describeDue(now)}`, {
      hint: `issue them at or after ${describeDue(due)} (\`live-risk scheduler\` does so by itself); events reported until then belong in them`,
    });
  }
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
  await queueNotification(trx, { kind: 'digest', id: digest.digestId, practitionerId: digest.practitionerId, email });
}

/**
 * Every digest in the ledger must be in the projection, or items could be shown twice. Digests an
 * earlier run issued are published first (if a crash left them in the outbox), then the digests
 * projection, run by the consumers, must have applied them. The job never runs that consumer itself.
 */
async function awaitLedgerProjected(trx: Knex.Transaction, runtime: Runtime, waitMs: number): Promise<void> {
  const [{ count }] = await unprojected(trx);
  if (Number(count) === 0) return;
  const [{ count: parked }] = await trx('digest_ledger as l')
    .joinRaw(`join outbox o on o.topic = ? and o.payload->>'digestId' = l.digest_id`, [runtime.topics.digests])
    .whereNotNull('o.failed_at')
    .whereNull('o.published_at')
    .count<{ count: string }[]>('* as count');
  if (Number(parked) > 0) {
    throw new LiveRiskError('INTERNAL', `${parked} digests issued earlier could never be published (parked in the outbox), so the items they showed are not known to the digests projection`, {
      hint: 'issuing more would show those items again: see the parked rows in `live-risk status` and README, "Operating live-risk"',
    });
  }
  await runtime.outbox.flush();
  await waitForConsumers(runtime, ['digests'], { timeoutMs: waitMs });
  const [{ count: still }] = await unprojected(trx);
  if (Number(still) > 0) {
    throw new LiveRiskError('CONSUMERS_LAGGING', `${still} digests issued earlier are not in the digests projection yet`, {
      retriable: true,
      hint: 'the digests consumer (`live-risk run --follow`) applies them; check it is running and can reach Kafka (`live-risk status`)',
    });
  }
}

const unprojected = (trx: Knex.Transaction) =>
  trx('digest_ledger as l').leftJoin('digests as d', 'd.digest_id', 'l.digest_id').whereNull('d.digest_id').count<{ count: string }[]>('* as count');
